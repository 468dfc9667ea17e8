import { and, eq, inArray, sql } from "drizzle-orm";
import { db, type Tx } from "~db/client.server";
import { user, webinar, webinarRegistration } from "~db/schema";
import { enqueueEmails, type QueuedEmail } from "~emails/outbox.server";
import { webinarCancelledEmail, webinarRescheduledEmail } from "~emails/schedule-change";
import { scheduleChanged } from "~/lib/schedule-events.server";
import { formatRange } from "~/lib/time";
import { recordAudit, type Actor } from "./audit.server";
import { webinarEmailData } from "./email-data.server";
import type { Festival } from "./festival.server";
import { dropPlannedReminders, replanWebinarReminders } from "./reminders.server";

/**
 * Changes organisers make to a webinar, and what follows from each: a change
 * of time or a cancellation raises the SEQUENCE in the same transaction and
 * tells everyone registered; a change of words updates pages and feeds only.
 * The organiser screens call these; permission is checked there.
 */
export interface ChangeContext {
  festival: Festival;
  appUrl: string;
  now?: Date;
  /** The organiser making the change: an audit row is written in the change's transaction. */
  actor?: Actor;
}

const howMany = (n: number) => (n === 1 ? "1 person" : `${n} people`);

export type ChangeResult =
  | { status: "changed"; sequence: number; notified: number }
  | { status: "unchanged" }
  | { status: "not-found" }
  | { status: "invalid"; error: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function lockForChange(tx: Tx, festivalId: string, webinarId: string) {
  // Anything that is not a uuid names no webinar (and would make PostgreSQL refuse the query).
  if (!UUID.test(webinarId)) return null;
  const [row] = await tx
    .select()
    .from(webinar)
    .where(and(eq(webinar.id, webinarId), eq(webinar.festivalId, festivalId)))
    .for("update");
  return row ?? null;
}

async function registrants(tx: Tx, webinarId: string) {
  return tx
    .select({
      registrationId: webinarRegistration.id,
      status: webinarRegistration.status,
      userId: user.id,
      email: user.email,
      name: user.name,
      timeZone: user.timeZone,
    })
    .from(webinarRegistration)
    .innerJoin(user, eq(user.id, webinarRegistration.userId))
    .where(
      and(
        eq(webinarRegistration.webinarId, webinarId),
        inArray(webinarRegistration.status, ["confirmed", "waitlisted"]),
      ),
    );
}

/** Moves a webinar: new SEQUENCE, an update to every registrant, reminders re-planned. */
export async function rescheduleWebinar(
  webinarId: string,
  change: { startsAt: Date; durationMinutes: number },
  ctx: ChangeContext,
): Promise<ChangeResult> {
  const now = ctx.now ?? new Date();
  if (Number.isNaN(change.startsAt.getTime()))
    return { status: "invalid", error: "Enter a valid start time." };
  if (
    !Number.isInteger(change.durationMinutes) ||
    change.durationMinutes < 5 ||
    change.durationMinutes > 600
  ) {
    return { status: "invalid", error: "A webinar lasts between 5 and 600 minutes." };
  }
  const result = await (
    await db()
  ).transaction(async (tx): Promise<ChangeResult> => {
    const w = await lockForChange(tx, ctx.festival.id, webinarId);
    if (!w) return { status: "not-found" };
    if (w.status === "cancelled") {
      return { status: "invalid", error: "This webinar was cancelled; it cannot be moved." };
    }
    if (
      w.startsAt.getTime() === change.startsAt.getTime() &&
      w.durationMinutes === change.durationMinutes
    ) {
      return { status: "unchanged" };
    }
    const [updated] = await tx
      .update(webinar)
      .set({
        startsAt: change.startsAt,
        durationMinutes: change.durationMinutes,
        sequence: sql`${webinar.sequence} + 1`,
        updatedAt: now,
      })
      .where(eq(webinar.id, w.id))
      .returning();
    const moved = updated!;
    const audit = async (notified: number) => {
      if (!ctx.actor) return;
      const zone = ctx.festival.timeZone;
      await recordAudit(
        tx,
        ctx.actor,
        {
          festivalId: ctx.festival.id,
          action: "webinar.reschedule",
          subjectType: "webinar",
          subjectId: w.id,
          summary:
            `Moved "${w.title}" from ${formatRange(w.startsAt, w.durationMinutes, zone).text} ` +
            `to ${formatRange(moved.startsAt, moved.durationMinutes, zone).text}; ${howMany(notified)} told`,
          before: { startsAt: w.startsAt, durationMinutes: w.durationMinutes },
          after: { startsAt: moved.startsAt, durationMinutes: moved.durationMinutes },
        },
        now,
      );
    };
    if (moved.status !== "published") {
      await audit(0);
      return { status: "changed", sequence: moved.sequence, notified: 0 };
    }
    const people = await registrants(tx, w.id);
    const emails: QueuedEmail[] = people.map((p) => ({
      kind: "webinar-rescheduled",
      to: p.email,
      userId: p.userId,
      webinarId: w.id,
      sendAfter: now,
      dedupeKey: `webinar-rescheduled:${p.registrationId}:seq${moved.sequence}`,
      message: webinarRescheduledEmail({
        ...webinarEmailData(moved, { email: p.email, name: p.name, timeZone: p.timeZone }, ctx),
        waitlisted: p.status === "waitlisted",
        previous: { startsAt: w.startsAt, durationMinutes: w.durationMinutes },
      }),
    }));
    emails.push(...(await replanWebinarReminders(tx, moved, { ...ctx, now })));
    await enqueueEmails(tx, emails);
    await audit(people.length);
    return { status: "changed", sequence: moved.sequence, notified: people.length };
  });
  if (result.status === "changed") scheduleChanged();
  return result;
}

/** Calls a webinar off: METHOD:CANCEL to seat holders, word to the waitlist, reminders dropped. */
export async function cancelWebinar(
  webinarId: string,
  ctx: ChangeContext & { reason?: string },
): Promise<ChangeResult> {
  const now = ctx.now ?? new Date();
  const reason = ctx.reason?.trim().slice(0, 1000);
  const result = await (
    await db()
  ).transaction(async (tx): Promise<ChangeResult> => {
    const w = await lockForChange(tx, ctx.festival.id, webinarId);
    if (!w) return { status: "not-found" };
    if (w.status === "cancelled") return { status: "unchanged" };
    const [updated] = await tx
      .update(webinar)
      .set({ status: "cancelled", sequence: sql`${webinar.sequence} + 1`, updatedAt: now })
      .where(eq(webinar.id, w.id))
      .returning();
    const cancelled = updated!;
    await dropPlannedReminders(tx, { webinarId: w.id });
    // A draft nobody could register for has nobody to tell.
    const people = w.status === "published" ? await registrants(tx, w.id) : [];
    await enqueueEmails(
      tx,
      people.map((p) => ({
        kind: "webinar-cancelled",
        to: p.email,
        userId: p.userId,
        webinarId: w.id,
        sendAfter: now,
        dedupeKey: `webinar-cancelled:${p.registrationId}:seq${cancelled.sequence}`,
        message: webinarCancelledEmail({
          ...webinarEmailData(
            cancelled,
            { email: p.email, name: p.name, timeZone: p.timeZone },
            ctx,
          ),
          waitlisted: p.status === "waitlisted",
          reason,
        }),
      })),
    );
    if (ctx.actor) {
      const when = formatRange(w.startsAt, w.durationMinutes, ctx.festival.timeZone).text;
      await recordAudit(
        tx,
        ctx.actor,
        {
          festivalId: ctx.festival.id,
          action: "webinar.cancel",
          subjectType: "webinar",
          subjectId: w.id,
          summary: `Cancelled "${w.title}" (${when}); ${howMany(people.length)} told${reason ? `. Reason: ${reason}` : ""}`,
          before: { status: w.status },
          after: { status: "cancelled", reason: reason ?? null },
        },
        now,
      );
    }
    return { status: "changed", sequence: cancelled.sequence, notified: people.length };
  });
  if (result.status === "changed") scheduleChanged();
  return result;
}

/**
 * Changes the words (title, abstract, topic): pages and feeds show them at
 * once; nobody is emailed, and the SEQUENCE stays, since calendars need no
 * reply for a new description.
 */
export async function updateWebinarDetails(
  webinarId: string,
  change: { title?: string; abstract?: string; topic?: string },
  ctx: ChangeContext,
): Promise<ChangeResult> {
  const title = change.title?.trim();
  if (!UUID.test(webinarId)) return { status: "not-found" };
  if (title !== undefined && (title.length === 0 || title.length > 200)) {
    return { status: "invalid", error: "A title has 1 to 200 characters." };
  }
  const [row] = await (
    await db()
  )
    .update(webinar)
    .set({
      ...(title !== undefined ? { title } : {}),
      ...(change.abstract !== undefined ? { abstract: change.abstract.slice(0, 20_000) } : {}),
      ...(change.topic !== undefined ? { topic: change.topic.trim().slice(0, 100) } : {}),
      updatedAt: ctx.now ?? new Date(),
    })
    .where(and(eq(webinar.id, webinarId), eq(webinar.festivalId, ctx.festival.id)))
    .returning({ sequence: webinar.sequence });
  if (!row) return { status: "not-found" };
  scheduleChanged();
  return { status: "changed", sequence: row.sequence, notified: 0 };
}
