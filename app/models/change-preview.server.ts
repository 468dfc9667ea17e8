import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { db } from "~db/client.server";
import { user, webinar, webinarRegistration } from "~db/schema";
import { formatRange, isValidZone } from "~/lib/time";
import { isWebinarId } from "./admin-webinars.server";
import type { Festival } from "./festival.server";

/**
 * "Who will be told" before a webinar is moved or cancelled: the same people
 * rescheduleWebinar and cancelWebinar write to (confirmed and waitlisted
 * registrants with an account, of a published webinar), counted, with a few
 * of them and the time as each will read it in their own zone.
 */
export const SAMPLE_SIZE = 5;

export interface ToldPerson {
  name: string;
  email: string;
  status: "confirmed" | "waitlisted";
  /** The time they will read, in their zone (the festival's if they never chose one). */
  when: string;
}

export interface WhoIsTold {
  confirmed: number;
  waitlisted: number;
  total: number;
  sample: ToldPerson[];
  /** Why nobody is emailed, when nobody is (a draft). */
  nobodyBecause: string | null;
}

export type PreviewResult =
  | { status: "ok"; told: WhoIsTold }
  | { status: "refused"; error: string }
  | { status: "not-found" };

/**
 * For a move, `change` is the new time: the sample shows it in each
 * person's zone. For a cancellation, leave it out: they see the time that
 * is being called off.
 */
export async function previewWhoIsTold(
  festival: Festival,
  webinarId: string,
  change?: { startsAt: Date; durationMinutes: number },
): Promise<PreviewResult> {
  if (!isWebinarId(webinarId)) return { status: "not-found" };
  const conn = await db();
  const [w] = await conn
    .select({
      status: webinar.status,
      startsAt: webinar.startsAt,
      durationMinutes: webinar.durationMinutes,
    })
    .from(webinar)
    .where(and(eq(webinar.id, webinarId), eq(webinar.festivalId, festival.id)));
  if (!w) return { status: "not-found" };
  if (w.status === "cancelled") {
    return {
      status: "refused",
      error: "This webinar was cancelled; it cannot be moved or cancelled again.",
    };
  }
  if (w.status === "draft") {
    return {
      status: "ok",
      told: {
        confirmed: 0,
        waitlisted: 0,
        total: 0,
        sample: [],
        nobodyBecause: "It is a draft, so nobody can have registered: nobody is emailed.",
      },
    };
  }
  const holders = and(
    eq(webinarRegistration.webinarId, webinarId),
    inArray(webinarRegistration.status, ["confirmed", "waitlisted"]),
  );
  const [counts, sample] = await Promise.all([
    conn
      .select({ status: webinarRegistration.status, n: count() })
      .from(webinarRegistration)
      .innerJoin(user, eq(user.id, webinarRegistration.userId))
      .where(holders)
      .groupBy(webinarRegistration.status),
    conn
      .select({
        name: user.name,
        email: user.email,
        timeZone: user.timeZone,
        status: webinarRegistration.status,
      })
      .from(webinarRegistration)
      .innerJoin(user, eq(user.id, webinarRegistration.userId))
      .where(holders)
      // Seat holders first, then the waitlist in its order.
      .orderBy(
        sql`case when ${webinarRegistration.status} = 'confirmed' then 0 else 1 end`,
        asc(webinarRegistration.waitlistNumber),
        asc(webinarRegistration.createdAt),
      )
      .limit(SAMPLE_SIZE),
  ]);
  const n = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
  const at = change ?? w;
  const told: WhoIsTold = {
    confirmed: n("confirmed"),
    waitlisted: n("waitlisted"),
    total: n("confirmed") + n("waitlisted"),
    sample: sample.map((p) => ({
      name: p.name,
      email: p.email,
      status: p.status === "confirmed" ? "confirmed" : "waitlisted",
      when: formatRange(
        at.startsAt,
        at.durationMinutes,
        isValidZone(p.timeZone) ? p.timeZone : festival.timeZone,
      ).text,
    })),
    nobodyBecause: null,
  };
  return { status: "ok", told };
}
