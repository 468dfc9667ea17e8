import { and, eq, sql } from "drizzle-orm";
import { db } from "~db/client.server";
import { webinar } from "~db/schema";
import { scheduleChanged } from "~/lib/schedule-events.server";
import { isWebinarId, plural, seatsByWebinar, type EditContext } from "./admin-webinars.server";
import { recordAudit } from "./audit.server";

export type StatusResult =
  | { status: "changed"; notes: string[] }
  | { status: "unchanged" }
  | { status: "refused"; error: string }
  | { status: "not-found" };

/**
 * Draft to published (or back). Publishing shows it on every public page and
 * feed; unpublishing is refused while anyone holds a seat or a waitlist
 * place, because they would see it vanish without a word: cancelling tells
 * them. Either raises the SEQUENCE, as every change of status does.
 */
export async function setPublished(
  id: string,
  publish: boolean,
  ctx: Omit<EditContext, "appUrl">,
): Promise<StatusResult> {
  if (!isWebinarId(id)) return { status: "not-found" };
  const now = ctx.now ?? new Date();
  const result = await (
    await db()
  ).transaction(async (tx): Promise<StatusResult> => {
    const [w] = await tx
      .select()
      .from(webinar)
      .where(and(eq(webinar.id, id), eq(webinar.festivalId, ctx.festival.id)))
      .for("update");
    if (!w) return { status: "not-found" };
    if (w.status === "cancelled") {
      return {
        status: "refused",
        error:
          "This webinar was cancelled. It stays on the schedule, marked cancelled, so nobody is left wondering.",
      };
    }
    if (w.status === (publish ? "published" : "draft")) return { status: "unchanged" };
    const notes: string[] = [];
    if (!publish) {
      const seats = (await seatsByWebinar(tx, [id])).get(id);
      const holding = (seats?.confirmed ?? 0) + (seats?.waitlisted ?? 0);
      if (holding > 0) {
        return {
          status: "refused",
          error:
            `${plural(holding, "person holds", "people hold")} a seat or a waitlist place. Unpublishing would make ` +
            "the webinar vanish without telling them: cancel it instead, which emails each of them.",
        };
      }
    } else {
      if (!w.joinUrl) notes.push("It has no join link yet: add one before it starts.");
      if (w.startsAt < now) notes.push("Its start time has already passed.");
    }
    await tx
      .update(webinar)
      .set({
        status: publish ? "published" : "draft",
        sequence: sql`${webinar.sequence} + 1`,
        updatedAt: now,
      })
      .where(eq(webinar.id, id));
    await recordAudit(
      tx,
      ctx.actor,
      {
        festivalId: ctx.festival.id,
        action: publish ? "webinar.publish" : "webinar.unpublish",
        subjectType: "webinar",
        subjectId: id,
        summary: publish
          ? `Published "${w.title}": it is now on the public schedule`
          : `Unpublished "${w.title}": it is a draft again, hidden from the public`,
        before: { status: w.status },
        after: { status: publish ? "published" : "draft" },
      },
      now,
    );
    return { status: "changed", notes };
  });
  if (result.status === "changed") scheduleChanged();
  return result;
}
