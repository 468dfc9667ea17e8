import { and, eq, isNull } from "drizzle-orm";
import { db } from "~db/client.server";
import { webinar, webinarRegistration } from "~db/schema";
import { isSlug } from "~/lib/slug";
import { endOf } from "~/lib/time";

/** The join link opens this long before the start. */
export const JOIN_OPENS_MINUTES = 15;

export type JoinResult =
  | { status: "go"; url: string }
  | { status: "not-found" }
  | { status: "not-registered"; title: string }
  | { status: "waitlisted"; title: string }
  | { status: "cancelled"; title: string }
  | { status: "too-early"; title: string; opensAt: Date; startsAt: Date }
  | { status: "finished"; title: string; recordingUrl: string | null }
  | { status: "no-link"; title: string };

/**
 * Decides whether a person may join now. Only a confirmed registrant, from
 * 15 minutes before the start until the end, is given the join link; the
 * first time they are, their attendance is recorded.
 */
export async function joinWebinar(
  userId: string,
  festivalId: string,
  slug: string,
  now = new Date(),
): Promise<JoinResult> {
  if (!isSlug(slug)) return { status: "not-found" };
  const conn = await db();
  const [row] = await conn
    .select({
      id: webinar.id,
      title: webinar.title,
      status: webinar.status,
      startsAt: webinar.startsAt,
      durationMinutes: webinar.durationMinutes,
      joinUrl: webinar.joinUrl,
      recordingUrl: webinar.recordingUrl,
      registrationId: webinarRegistration.id,
      registration: webinarRegistration.status,
      joinedAt: webinarRegistration.joinedAt,
    })
    .from(webinar)
    .leftJoin(
      webinarRegistration,
      and(eq(webinarRegistration.webinarId, webinar.id), eq(webinarRegistration.userId, userId)),
    )
    .where(and(eq(webinar.festivalId, festivalId), eq(webinar.slug, slug)));
  if (!row || row.status === "draft") return { status: "not-found" };
  const { title } = row;
  if (row.status === "cancelled") return { status: "cancelled", title };
  if (endOf(row.startsAt, row.durationMinutes) <= now) {
    return { status: "finished", title, recordingUrl: row.recordingUrl };
  }
  if (row.registration === "waitlisted") return { status: "waitlisted", title };
  if (row.registration !== "confirmed") return { status: "not-registered", title };
  const opensAt = new Date(row.startsAt.getTime() - JOIN_OPENS_MINUTES * 60_000);
  if (now < opensAt) return { status: "too-early", title, opensAt, startsAt: row.startsAt };
  if (!row.joinUrl) return { status: "no-link", title };
  if (!row.joinedAt) {
    await conn
      .update(webinarRegistration)
      .set({ joinedAt: now })
      .where(
        and(eq(webinarRegistration.id, row.registrationId!), isNull(webinarRegistration.joinedAt)),
      );
  }
  return { status: "go", url: row.joinUrl };
}
