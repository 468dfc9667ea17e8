import { randomUUID } from "node:crypto";
import { and, asc, count, eq, inArray, lte, sql } from "drizzle-orm";
import { db, type Db, type Tx } from "~db/client.server";
import { festivalRegistration, user, webinar, webinarRegistration } from "~db/schema";
import { enqueueEmails } from "~emails/outbox.server";
import {
  waitlistLeftEmail,
  webinarCancelledByAttendeeEmail,
  webinarConfirmedEmail,
  webinarPromotedEmail,
  webinarWaitlistedEmail,
  type WebinarEmailData,
} from "~emails/registration";
import { isSlug } from "~/lib/slug";
import { cachedForSchedule } from "~/lib/schedule-cache.server";
import { endOf } from "~/lib/time";
import type { SeatView } from "~/lib/seat-view";
import {
  registrationCancelledByOrganiserEmail,
  waitlistPlaceCancelledByOrganiserEmail,
} from "~emails/organiser-seat-change";
import { recordAudit, type Actor } from "./audit.server";
import { webinarEmailData } from "./email-data.server";
import type { Festival } from "./festival.server";
import { dropPlannedReminders, reminderEmails } from "./reminders.server";

export type RegistrationStatus = (typeof webinarRegistration.$inferSelect)["status"];

export interface RegistrationContext {
  festival: Festival;
  appUrl: string;
  now?: Date;
}

export type RegisterResult =
  | { status: "confirmed"; already: boolean }
  | { status: "waitlisted"; position: number; already: boolean }
  | { status: "needs-festival-registration" }
  | { status: "unavailable"; message: string }
  | { status: "not-found" };

export type CancelResult =
  | { status: "cancelled"; was: "confirmed" | "waitlisted" }
  | { status: "not-registered" }
  | { status: "unavailable"; message: string }
  | { status: "not-found" };

/** Who and what a message is about, due at the moment of the change. */
const about = (userId: string, webinarId: string, now: Date) => ({
  userId,
  webinarId,
  sendAfter: now,
});

const lockedColumns = {
  id: webinar.id,
  slug: webinar.slug,
  title: webinar.title,
  abstract: webinar.abstract,
  startsAt: webinar.startsAt,
  durationMinutes: webinar.durationMinutes,
  capacity: webinar.capacity,
  status: webinar.status,
  calendarUid: webinar.calendarUid,
  sequence: webinar.sequence,
};
type LockedWebinar = Pick<typeof webinar.$inferSelect, keyof typeof lockedColumns>;

/**
 * Takes the webinar's row lock. Every change to who holds a seat goes
 * through here first, so for one webinar they happen one at a time and the
 * seat count read after the lock is the truth: capacity holds under any
 * number of simultaneous requests, in any number of processes.
 */
async function lockWebinar(tx: Tx, festivalId: string, slug: string) {
  if (!isSlug(slug)) return null;
  const [row] = await tx
    .select(lockedColumns)
    .from(webinar)
    .where(and(eq(webinar.festivalId, festivalId), eq(webinar.slug, slug)))
    .for("update");
  return row && row.status !== "draft" ? row : null;
}

function whyClosed(w: LockedWebinar, festival: Festival, now: Date): string | null {
  if (w.status === "cancelled") return "This webinar has been cancelled, so it cannot be joined.";
  if (endOf(w.startsAt, w.durationMinutes) <= now)
    return "This webinar has finished, so it cannot be joined. The recording will be on its page.";
  if (!festival.registrationOpen) return "Registration for the festival is closed.";
  return null;
}

/** Registrations of one webinar in one status. */
const inStatus = (webinarId: string, status: RegistrationStatus) =>
  and(eq(webinarRegistration.webinarId, webinarId), eq(webinarRegistration.status, status));

async function confirmedCount(tx: Tx, webinarId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(webinarRegistration)
    .where(inStatus(webinarId, "confirmed"));
  return row?.n ?? 0;
}

async function waitlistOrder(tx: Tx, webinarId: string) {
  return tx
    .select({
      id: webinarRegistration.id,
      userId: webinarRegistration.userId,
      number: webinarRegistration.waitlistNumber,
    })
    .from(webinarRegistration)
    .where(inStatus(webinarId, "waitlisted"))
    .orderBy(asc(webinarRegistration.waitlistNumber));
}

/** 1 for the first in the queue: how many are waiting up to and including this number. */
async function waitlistPosition(tx: Db | Tx, webinarId: string, waitlistNumber: number | null) {
  if (waitlistNumber === null) return 0;
  const [row] = await tx
    .select({ n: count() })
    .from(webinarRegistration)
    .where(
      and(
        inStatus(webinarId, "waitlisted"),
        lte(webinarRegistration.waitlistNumber, waitlistNumber),
      ),
    );
  return row?.n ?? 0;
}

type Recipient = WebinarEmailData["recipient"];

/**
 * The registrant's address and zone, whether they are registered for the
 * festival, and any place they already hold at the webinar: one read, before
 * any lock.
 */
async function registrant(conn: Db | Tx, userId: string, festivalId: string, slug: string) {
  const [row] = await conn
    .select({
      email: user.email,
      name: user.name,
      timeZone: user.timeZone,
      reminders: user.emailReminders,
      digest: user.emailDigest,
      festivalRegistrationId: festivalRegistration.id,
      webinarId: webinar.id,
      held: webinarRegistration.status,
      number: webinarRegistration.waitlistNumber,
    })
    .from(user)
    .leftJoin(
      festivalRegistration,
      and(
        eq(festivalRegistration.userId, user.id),
        eq(festivalRegistration.festivalId, festivalId),
      ),
    )
    .leftJoin(webinar, and(eq(webinar.festivalId, festivalId), eq(webinar.slug, slug)))
    .leftJoin(
      webinarRegistration,
      and(eq(webinarRegistration.webinarId, webinar.id), eq(webinarRegistration.userId, user.id)),
    )
    .where(eq(user.id, userId));
  if (!row) return null;
  const { festivalRegistrationId, webinarId, held, number, reminders, digest, ...recipient } = row;
  return {
    recipient,
    reminders,
    digest,
    inFestival: festivalRegistrationId !== null,
    webinarId,
    held: held === "cancelled" ? null : held,
    number,
  };
}

type Registrant = NonNullable<Awaited<ReturnType<typeof registrant>>>;

async function emailData(
  tx: Tx,
  userId: string,
  w: LockedWebinar,
  ctx: RegistrationContext,
  known?: Recipient,
): Promise<WebinarEmailData> {
  const [person] = known
    ? [known]
    : await tx
        .select({ email: user.email, name: user.name, timeZone: user.timeZone })
        .from(user)
        .where(eq(user.id, userId));
  return webinarEmailData(w, person!, ctx);
}

/**
 * A new version of the webinar's calendar event for someone's calendar (a
 * seat given, a place given up): SEQUENCE orders the versions, so each such
 * message carries a higher one than anything that person was sent before.
 */
async function raiseSequence<W extends LockedWebinar>(tx: Tx, w: W): Promise<W> {
  const [bumped] = await tx
    .update(webinar)
    .set({ sequence: sql`${webinar.sequence} + 1` })
    .where(eq(webinar.id, w.id))
    .returning({ sequence: webinar.sequence });
  return { ...w, sequence: bumped!.sequence };
}

type QueuedRegistration = Awaited<ReturnType<typeof waitlistOrder>>[number];

/**
 * Turns waitlist places into seats and tells each person: the promotion email
 * (a confirmed event replacing their tentative one) and their reminders. The
 * caller holds the webinar's lock and has raised its SEQUENCE.
 */
async function giveSeats(
  tx: Tx,
  current: LockedWebinar,
  promoted: readonly QueuedRegistration[],
  ctx: RegistrationContext,
  now: Date,
) {
  for (const reg of promoted) {
    await tx
      .update(webinarRegistration)
      .set({ status: "confirmed", confirmedAt: now, updatedAt: now })
      .where(eq(webinarRegistration.id, reg.id));
    if (!reg.userId) continue;
    const [person] = await tx
      .select({
        email: user.email,
        name: user.name,
        timeZone: user.timeZone,
        reminders: user.emailReminders,
        digest: user.emailDigest,
      })
      .from(user)
      .where(eq(user.id, reg.userId));
    if (!person) continue;
    const { reminders, digest, ...recipient } = person;
    const data = webinarEmailData(current, recipient, ctx);
    await enqueueEmails(tx, [
      {
        kind: "webinar-promoted",
        ...about(reg.userId, current.id, now),
        to: data.recipient.email,
        dedupeKey: `webinar-promoted:${reg.id}:q${reg.number}`,
        message: webinarPromotedEmail(data),
      },
      ...reminderEmails(
        { registrationId: reg.id, userId: reg.userId, recipient, reminders, digest },
        current,
        { ...ctx, now },
      ),
    ]);
  }
}

/**
 * Gives free seats to the waitlist, first come first served, and tells each
 * person promoted. Runs under the webinar's lock, in the caller's transaction.
 */
export async function fillFreeSeats(tx: Tx, w: LockedWebinar, ctx: RegistrationContext) {
  const now = ctx.now ?? new Date();
  if (w.status !== "published" || endOf(w.startsAt, w.durationMinutes) <= now) return 0;
  const waiting = await waitlistOrder(tx, w.id);
  const free =
    w.capacity === null
      ? waiting.length
      : Math.max(w.capacity - (await confirmedCount(tx, w.id)), 0);
  const promoted = waiting.slice(0, free);
  if (promoted.length === 0) return 0;
  // Their calendars hold a tentative event at the current SEQUENCE; the
  // confirmed one must be newer to replace it in every calendar app.
  await giveSeats(tx, await raiseSequence(tx, w), promoted, ctx, now);
  return promoted.length;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type GiveSeatResult =
  | { status: "promoted"; confirmed: number; capacity: number | null }
  | { status: "full"; confirmed: number; capacity: number }
  | { status: "not-waitlisted" }
  | { status: "unavailable"; message: string }
  | { status: "not-found" };

/**
 * An organiser gives someone on the waitlist a seat, ahead of the queue.
 * When the webinar is full this goes beyond its capacity, so it is done only
 * when the organiser said so (`beyondCapacity`); otherwise the answer is
 * "full", with the numbers to show. The person gets the usual promotion
 * email and reminders; the audit row is written in the same transaction.
 */
export async function giveSeatFromWaitlist(
  tx: Tx,
  webinarId: string,
  registrationId: string,
  ctx: RegistrationContext & { actor: Actor; beyondCapacity: boolean },
): Promise<GiveSeatResult> {
  const now = ctx.now ?? new Date();
  if (!UUID.test(webinarId) || !UUID.test(registrationId)) return { status: "not-found" };
  const [w] = await tx
    .select(lockedColumns)
    .from(webinar)
    .where(and(eq(webinar.id, webinarId), eq(webinar.festivalId, ctx.festival.id)))
    .for("update");
  if (!w) return { status: "not-found" };
  const [reg] = await tx
    .select({
      id: webinarRegistration.id,
      userId: webinarRegistration.userId,
      number: webinarRegistration.waitlistNumber,
      status: webinarRegistration.status,
      name: user.name,
      email: user.email,
    })
    .from(webinarRegistration)
    .innerJoin(user, eq(user.id, webinarRegistration.userId))
    .where(
      and(eq(webinarRegistration.id, registrationId), eq(webinarRegistration.webinarId, w.id)),
    );
  if (!reg) return { status: "not-found" };
  if (reg.status !== "waitlisted") return { status: "not-waitlisted" };
  if (w.status !== "published") {
    return { status: "unavailable", message: "This webinar is not open: it was cancelled." };
  }
  if (endOf(w.startsAt, w.durationMinutes) <= now) {
    return { status: "unavailable", message: "This webinar has finished." };
  }
  const confirmed = await confirmedCount(tx, w.id);
  if (w.capacity !== null && confirmed >= w.capacity && !ctx.beyondCapacity) {
    return { status: "full", confirmed, capacity: w.capacity };
  }
  await giveSeats(tx, await raiseSequence(tx, w), [reg], ctx, now);
  const over = w.capacity !== null && confirmed + 1 > w.capacity;
  const seats =
    w.capacity === null
      ? `${confirmed + 1} seats taken`
      : `${confirmed + 1} of ${w.capacity} seats`;
  await recordAudit(
    tx,
    ctx.actor,
    {
      festivalId: ctx.festival.id,
      action: "registration.promote",
      subjectType: "webinar_registration",
      subjectId: reg.id,
      summary: `Gave ${who(reg)} a seat at "${w.title}" from the waitlist (${seats}${over ? ", beyond capacity" : ""})`,
      before: { status: "waitlisted", waitlistNumber: reg.number },
      after: { status: "confirmed", beyondCapacity: over },
    },
    now,
  );
  return { status: "promoted", confirmed: confirmed + 1, capacity: w.capacity };
}

/** "Ann Lee <ann@x.org>" for audit lines. */
const who = (p: { name: string; email: string }) => (p.name ? `${p.name} <${p.email}>` : p.email);

/** Registers inside an open transaction (the festival form registers for a webinar in the same one). */
export async function registerInTransaction(
  tx: Tx,
  userId: string,
  slug: string,
  ctx: RegistrationContext,
  known?: Registrant,
): Promise<RegisterResult> {
  const now = ctx.now ?? new Date();
  if (!isSlug(slug)) return { status: "not-found" };
  // What does not need the lock is read before taking it: the lock is held until commit.
  const person = known ?? (await registrant(tx, userId, ctx.festival.id, slug));
  if (!person) return { status: "not-found" };
  if (!person.webinarId) return { status: "not-found" };
  // The lock and the read of seats are sent together (postgres.js pipelines
  // them in one write); PostgreSQL runs the read only once the lock is held,
  // with a fresh snapshot, so the count it sees is the truth.
  const wr = webinarRegistration;
  const mine = sql`${wr.userId} = ${userId}`;
  const [locked, [state]] = await Promise.all([
    tx
      .select(lockedColumns)
      .from(webinar)
      .where(and(eq(webinar.id, person.webinarId), eq(webinar.festivalId, ctx.festival.id)))
      .for("update"),
    tx
      .select({
        confirmed: sql<number>`count(*) filter (where ${wr.status} = 'confirmed')`.mapWith(Number),
        waitlisted: sql<number>`count(*) filter (where ${wr.status} = 'waitlisted')`.mapWith(
          Number,
        ),
        id: sql<string | null>`max(${wr.id}::text) filter (where ${mine})`,
        status: sql<RegistrationStatus | null>`max(${wr.status}::text) filter (where ${mine})`,
        number: sql<string | null>`max(${wr.waitlistNumber}) filter (where ${mine})`,
      })
      .from(wr)
      .where(eq(wr.webinarId, person.webinarId)),
  ]);
  const w = locked[0];
  if (!w || w.status === "draft") return { status: "not-found" };
  const existing = state?.id
    ? {
        id: state.id,
        status: state.status!,
        waitlistNumber: state.number === null ? null : Number(state.number),
      }
    : undefined;
  // Registering twice is harmless: the same answer, nothing sent again.
  if (existing?.status === "confirmed") return { status: "confirmed", already: true };
  if (existing?.status === "waitlisted") {
    return {
      status: "waitlisted",
      position: await waitlistPosition(tx, w.id, existing.waitlistNumber),
      already: true,
    };
  }
  const closed = whyClosed(w, ctx.festival, now);
  if (closed) return { status: "unavailable", message: closed };
  if (!person.inFestival) return { status: "needs-festival-registration" };

  const seat = w.capacity === null || (state?.confirmed ?? 0) < w.capacity;
  const values = seat
    ? {
        status: "confirmed" as const,
        confirmedAt: now,
        waitlistedAt: null,
        waitlistNumber: null,
        cancelledAt: null,
      }
    : {
        status: "waitlisted" as const,
        waitlistedAt: now,
        // Taken under the webinar's lock, so numbers follow the order people arrived.
        waitlistNumber: sql<number>`nextval('waitlist_queue')`,
        confirmedAt: null,
        cancelledAt: null,
      };

  // Coming back after cancelling: their calendar may hold a CANCEL at the
  // current SEQUENCE, so the new invitation (seat or waitlist) must be newer
  // or it is ignored.
  const current = existing?.status === "cancelled" ? await raiseSequence(tx, w) : w;

  // The row's id is chosen here so the email can name it, and both writes go together.
  const regId = existing?.id ?? randomUUID();
  const data = await emailData(tx, userId, current, ctx, person.recipient);
  const position = (state?.waitlisted ?? 0) + 1;
  const email = seat
    ? {
        kind: "webinar-confirmed",
        ...about(userId, w.id, now),
        to: data.recipient.email,
        // Dedupe keys name the event: a new row, or a re-registration (which raised the sequence).
        dedupeKey: `webinar-confirmed:${regId}:seq${current.sequence}`,
        message: webinarConfirmedEmail(data),
      }
    : {
        kind: "webinar-waitlisted",
        ...about(userId, w.id, now),
        to: data.recipient.email,
        // Each waitlisting is its own event: the transaction makes it happen once.
        dedupeKey: `webinar-waitlisted:${regId}:${randomUUID()}`,
        // Under the lock, the newcomer's place is everyone already waiting plus one.
        message: webinarWaitlistedEmail({ ...data, position }),
      };
  await Promise.all([
    existing
      ? tx
          .update(webinarRegistration)
          .set({ ...values, updatedAt: now })
          .where(eq(webinarRegistration.id, existing.id))
      : tx.insert(webinarRegistration).values({
          id: regId,
          webinarId: w.id,
          userId,
          ...values,
          createdAt: now,
          updatedAt: now,
        }),
    enqueueEmails(tx, [
      email,
      ...(seat
        ? reminderEmails(
            {
              registrationId: regId,
              userId,
              recipient: person.recipient,
              reminders: person.reminders,
              digest: person.digest,
            },
            current,
            { ...ctx, now },
          )
        : []),
    ]),
  ]);
  return seat
    ? { status: "confirmed", already: false }
    : { status: "waitlisted", position, already: false };
}

/**
 * One click: a seat if there is one, else a place on the waitlist, with the
 * email (and calendar invitation) queued in the same transaction.
 */
export async function registerForWebinar(
  userId: string,
  slug: string,
  ctx: RegistrationContext,
): Promise<RegisterResult> {
  if (!isSlug(slug)) return { status: "not-found" };
  const conn = await db();
  const person = await registrant(conn, userId, ctx.festival.id, slug);
  if (!person || !person.webinarId) return { status: "not-found" };
  // Someone already holding a place gets their answer without queueing for the lock.
  if (person.held === "confirmed") return { status: "confirmed", already: true };
  if (person.held === "waitlisted") {
    const position = await waitlistPosition(conn, person.webinarId, person.number);
    return { status: "waitlisted", position, already: true };
  }
  return conn.transaction((tx) => registerInTransaction(tx, userId, slug, ctx, person));
}

/**
 * Gives up one's own seat or waitlist place. A seat given up goes to the
 * first person waiting in the same transaction; the canceller's calendar
 * gets a METHOD:CANCEL with a higher SEQUENCE, so a later re-registration's
 * invitation is newer still and is not ignored by their calendar.
 */
export async function cancelWebinarRegistration(
  userId: string,
  slug: string,
  ctx: RegistrationContext,
): Promise<CancelResult> {
  return (await db()).transaction((tx) => cancelInTransaction(tx, userId, slug, ctx));
}

export interface CancelOptions {
  /** false: nobody is written to (deleting an account). */
  notify?: boolean;
  /**
   * An organiser cancelling on the person's behalf: the email says so, and
   * the change is written to the audit log in this transaction.
   */
  actor?: Actor;
}

/** Cancels inside an open transaction; deleting an account cancels without writing to the person. */
export async function cancelInTransaction(
  tx: Tx,
  userId: string,
  slug: string,
  ctx: RegistrationContext,
  { notify = true, actor }: CancelOptions = {},
): Promise<CancelResult> {
  const now = ctx.now ?? new Date();
  const w = await lockWebinar(tx, ctx.festival.id, slug);
  if (!w) return { status: "not-found" };
  const [reg] = await tx
    .select()
    .from(webinarRegistration)
    .where(and(eq(webinarRegistration.webinarId, w.id), eq(webinarRegistration.userId, userId)));
  if (!reg || reg.status === "cancelled") return { status: "not-registered" };
  if (endOf(w.startsAt, w.durationMinutes) <= now) {
    return {
      status: "unavailable",
      message: "This webinar has finished, so there is nothing to cancel.",
    };
  }
  await tx
    .update(webinarRegistration)
    .set({ status: "cancelled", cancelledAt: now, updatedAt: now })
    .where(eq(webinarRegistration.id, reg.id));

  const audit = async (data: WebinarEmailData, promoted: number) => {
    if (!actor) return;
    const place =
      reg.status === "waitlisted"
        ? `took ${who(data.recipient)} off the waitlist for "${w.title}"`
        : `cancelled ${who(data.recipient)}'s seat at "${w.title}"`;
    const after = promoted > 0 ? `; the seat went to the next person waiting` : "";
    await recordAudit(
      tx,
      actor,
      {
        festivalId: ctx.festival.id,
        action: "registration.cancel",
        subjectType: "webinar_registration",
        subjectId: reg.id,
        summary: `${place.charAt(0).toUpperCase()}${place.slice(1)}${notify ? "; they were emailed" : ""}${after}`,
        before: { status: reg.status, waitlistNumber: reg.waitlistNumber },
        after: { status: "cancelled", promotedFromWaitlist: promoted },
      },
      now,
    );
  };

  if (reg.status === "waitlisted") {
    if (notify || actor) {
      // The tentative event in their calendar is withdrawn with a newer SEQUENCE.
      const data = await emailData(tx, userId, await raiseSequence(tx, w), ctx);
      if (notify) {
        await enqueueEmails(tx, [
          actor
            ? {
                kind: "waitlist-removed-by-organiser",
                ...about(userId, w.id, now),
                to: data.recipient.email,
                dedupeKey: `waitlist-removed-by-organiser:${reg.id}:q${reg.waitlistNumber}`,
                message: waitlistPlaceCancelledByOrganiserEmail(data),
              }
            : {
                kind: "waitlist-left",
                ...about(userId, w.id, now),
                to: data.recipient.email,
                dedupeKey: `waitlist-left:${reg.id}:q${reg.waitlistNumber}`,
                message: waitlistLeftEmail(data),
              },
        ]);
      }
      await audit(data, 0);
    }
    return { status: "cancelled", was: "waitlisted" };
  }

  const current = await raiseSequence(tx, w);
  await dropPlannedReminders(tx, { webinarId: w.id, userId });
  const data = notify || actor ? await emailData(tx, userId, current, ctx) : null;
  if (notify && data) {
    await enqueueEmails(tx, [
      actor
        ? {
            kind: "webinar-cancelled-by-organiser",
            ...about(userId, w.id, now),
            to: data.recipient.email,
            dedupeKey: `webinar-cancelled-by-organiser:${reg.id}:seq${current.sequence}`,
            message: registrationCancelledByOrganiserEmail(data),
          }
        : {
            kind: "webinar-cancelled-by-attendee",
            ...about(userId, w.id, now),
            to: data.recipient.email,
            dedupeKey: `webinar-cancelled-by-attendee:${reg.id}:seq${current.sequence}`,
            message: webinarCancelledByAttendeeEmail(data),
          },
    ]);
  }
  const promoted = await fillFreeSeats(tx, current, ctx);
  if (data) await audit(data, promoted);
  return { status: "cancelled", was: "confirmed" };
}

export interface SeatCount {
  confirmed: number;
  waitlisted: number;
}

/** Seats taken per webinar, for "places left" on public pages (a few seconds stale at most). */
export function seatCounts(festivalId: string): Promise<Map<string, SeatCount>> {
  return cachedForSchedule(`seats:${festivalId}`, async () => {
    const rows = await (
      await db()
    )
      .select({
        webinarId: webinarRegistration.webinarId,
        status: webinarRegistration.status,
        n: count(),
      })
      .from(webinarRegistration)
      .innerJoin(webinar, eq(webinar.id, webinarRegistration.webinarId))
      .where(
        and(
          eq(webinar.festivalId, festivalId),
          inArray(webinarRegistration.status, ["confirmed", "waitlisted"]),
        ),
      )
      .groupBy(webinarRegistration.webinarId, webinarRegistration.status);
    const counts = new Map<string, SeatCount>();
    for (const row of rows) {
      const entry = counts.get(row.webinarId) ?? { confirmed: 0, waitlisted: 0 };
      if (row.status === "confirmed") entry.confirmed = row.n;
      if (row.status === "waitlisted") entry.waitlisted = row.n;
      counts.set(row.webinarId, entry);
    }
    return counts;
  });
}

export interface MyRegistration {
  webinarId: string;
  slug: string;
  status: Exclude<RegistrationStatus, "cancelled">;
  position: number | null;
  joinedAt: Date | null;
}

/** The viewer's live registrations in a festival, with their waitlist positions. */
export async function myRegistrations(
  userId: string,
  festivalId: string,
): Promise<MyRegistration[]> {
  const conn = await db();
  const rows = await conn
    .select({
      id: webinarRegistration.id,
      webinarId: webinarRegistration.webinarId,
      slug: webinar.slug,
      status: webinarRegistration.status,
      joinedAt: webinarRegistration.joinedAt,
      waitlistNumber: webinarRegistration.waitlistNumber,
    })
    .from(webinarRegistration)
    .innerJoin(webinar, eq(webinar.id, webinarRegistration.webinarId))
    .where(
      and(
        eq(webinarRegistration.userId, userId),
        eq(webinar.festivalId, festivalId),
        inArray(webinarRegistration.status, ["confirmed", "waitlisted"]),
      ),
    );
  const result: MyRegistration[] = [];
  for (const row of rows) {
    const position =
      row.status === "waitlisted"
        ? await waitlistPosition(conn, row.webinarId, row.waitlistNumber)
        : null;
    result.push({
      webinarId: row.webinarId,
      slug: row.slug,
      status: row.status === "confirmed" ? "confirmed" : "waitlisted",
      position,
      joinedAt: row.joinedAt,
    });
  }
  return result;
}

/**
 * Where someone goes once signed in. If a webinar's Register button sent
 * them to sign in, the registration is completed now (or, for someone new
 * to the festival, after the short festival form).
 */
export async function continueAfterSignIn(
  userId: string,
  registerFor: string | null,
  redirectTo: string,
  ctx: RegistrationContext,
): Promise<string> {
  if (!registerFor) return redirectTo;
  const result = await registerForWebinar(userId, registerFor, ctx);
  if (result.status === "needs-festival-registration") return `/register?webinar=${registerFor}`;
  if (result.status === "not-found") return redirectTo;
  return `/webinars/${registerFor}?registration=${result.status}`;
}

/**
 * Places left per webinar and the viewer's own registrations, keyed by slug:
 * what the schedule and webinar pages need to draw their buttons.
 */
export async function seatViews(
  webinars: readonly { id: string; slug: string; capacity: number | null }[],
  festivalId: string,
  userId: string | null,
): Promise<Record<string, SeatView>> {
  const [counts, mine] = await Promise.all([
    seatCounts(festivalId),
    userId ? myRegistrations(userId, festivalId) : Promise.resolve([]),
  ]);
  const mineById = new Map(mine.map((r) => [r.webinarId, r]));
  const views: Record<string, SeatView> = {};
  for (const w of webinars) {
    const taken = counts.get(w.id)?.confirmed ?? 0;
    const own = mineById.get(w.id);
    views[w.slug] = {
      placesLeft: w.capacity === null ? null : Math.max(w.capacity - taken, 0),
      mine: own?.status ?? null,
      position: own?.position ?? null,
    };
  }
  return views;
}
