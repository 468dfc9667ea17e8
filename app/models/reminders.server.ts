import { and, eq, gt, inArray, type SQL } from "drizzle-orm";
import type { Db, Tx } from "~db/client.server";
import { festival, outbox, user, webinar, webinarRegistration } from "~db/schema";
import type { QueuedEmail } from "~emails/outbox.server";
import { reminderEmail } from "~emails/reminder";
import type { WebinarEmailData } from "~emails/registration";
import { planReminders } from "~/lib/reminder-plan";
import { unsubscribeHeaders } from "~/lib/unsubscribe.server";
import { webinarEmailData, type EmailWebinar } from "./email-data.server";
import type { Festival } from "./festival.server";

export const REMINDER_KIND = "reminder";

export interface ReminderTarget {
  registrationId: string;
  userId: string;
  recipient: WebinarEmailData["recipient"];
  reminders: boolean;
  digest: boolean;
}

export interface ReminderContext {
  festival: Festival;
  appUrl: string;
  now: Date;
}

/**
 * The reminder emails for one seat, ready to queue in the same transaction
 * as the seat. Keys name the registration, the offset and the webinar's
 * SEQUENCE, so each is sent once, and a re-plan after a change makes new ones.
 */
export function reminderEmails(
  target: ReminderTarget,
  w: EmailWebinar & { id: string },
  ctx: ReminderContext,
): QueuedEmail[] {
  const plan = planReminders({
    startsAt: w.startsAt,
    offsetsMinutes: ctx.festival.reminderOffsetsMinutes,
    zone: target.recipient.timeZone ?? ctx.festival.timeZone,
    reminders: target.reminders,
    digest: target.digest,
    now: ctx.now,
  });
  if (plan.length === 0) return [];
  const data = webinarEmailData(w, target.recipient, ctx);
  const { url, headers } = unsubscribeHeaders(ctx.appUrl, target.userId, "reminders");
  return plan.map((r) => ({
    kind: REMINDER_KIND,
    to: target.recipient.email,
    dedupeKey: `reminder:${target.registrationId}:${r.offsetMinutes}:seq${w.sequence}`,
    sendAfter: r.sendAt,
    userId: target.userId,
    webinarId: w.id,
    message: reminderEmail({
      ...data,
      offsetMinutes: r.offsetMinutes,
      unsubscribeUrl: url,
      headers,
    }),
  }));
}

/** Removes reminders not yet sent: for a webinar, a person, or one person at one webinar. */
export async function dropPlannedReminders(
  tx: Db | Tx,
  where: { webinarId?: string; userId?: string },
): Promise<number> {
  const conditions: SQL[] = [eq(outbox.status, "pending"), eq(outbox.kind, REMINDER_KIND)];
  if (where.webinarId) conditions.push(eq(outbox.webinarId, where.webinarId));
  if (where.userId) conditions.push(eq(outbox.userId, where.userId));
  if (!where.webinarId && !where.userId) throw new Error("dropPlannedReminders needs a scope");
  const rows = await tx
    .delete(outbox)
    .where(and(...conditions))
    .returning({ id: outbox.id });
  return rows.length;
}

/** The people holding a seat at a webinar, as reminder targets. */
export async function seatHolders(tx: Db | Tx, webinarId: string): Promise<ReminderTarget[]> {
  const rows = await tx
    .select({
      registrationId: webinarRegistration.id,
      userId: user.id,
      email: user.email,
      name: user.name,
      timeZone: user.timeZone,
      reminders: user.emailReminders,
      digest: user.emailDigest,
    })
    .from(webinarRegistration)
    .innerJoin(user, eq(user.id, webinarRegistration.userId))
    .where(
      and(
        eq(webinarRegistration.webinarId, webinarId),
        inArray(webinarRegistration.status, ["confirmed"]),
      ),
    );
  return rows.map((r) => ({
    registrationId: r.registrationId,
    userId: r.userId,
    recipient: { email: r.email, name: r.name, timeZone: r.timeZone },
    reminders: r.reminders,
    digest: r.digest,
  }));
}

/** Re-plans every seat holder's reminders for a webinar, e.g. after its time changed. */
export async function replanWebinarReminders(
  tx: Tx,
  w: EmailWebinar & { id: string },
  ctx: ReminderContext,
): Promise<QueuedEmail[]> {
  await dropPlannedReminders(tx, { webinarId: w.id });
  const holders = await seatHolders(tx, w.id);
  return holders.flatMap((h) => reminderEmails(h, w, ctx));
}

/**
 * Re-plans one person's reminders after they changed their preferences:
 * everything not yet sent goes, and what their new choice asks for is queued.
 */
export async function replanUserReminders(
  tx: Tx,
  userId: string,
  appUrl: string,
  now: Date,
): Promise<QueuedEmail[]> {
  await dropPlannedReminders(tx, { userId });
  const rows = await tx
    .select({
      registrationId: webinarRegistration.id,
      email: user.email,
      name: user.name,
      timeZone: user.timeZone,
      reminders: user.emailReminders,
      digest: user.emailDigest,
      webinar,
      festival,
    })
    .from(webinarRegistration)
    .innerJoin(user, eq(user.id, webinarRegistration.userId))
    .innerJoin(webinar, eq(webinar.id, webinarRegistration.webinarId))
    .innerJoin(festival, eq(festival.id, webinar.festivalId))
    .where(
      and(
        eq(webinarRegistration.userId, userId),
        eq(webinarRegistration.status, "confirmed"),
        eq(webinar.status, "published"),
        gt(webinar.startsAt, now),
      ),
    );
  return rows.flatMap((r) =>
    reminderEmails(
      {
        registrationId: r.registrationId,
        userId,
        recipient: { email: r.email, name: r.name, timeZone: r.timeZone },
        reminders: r.reminders,
        digest: r.digest,
      },
      r.webinar,
      { festival: r.festival, appUrl, now },
    ),
  );
}
