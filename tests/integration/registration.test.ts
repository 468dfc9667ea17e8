import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { outbox, webinar, webinarRegistration } from "~db/schema";
import {
  cancelWebinarRegistration,
  myRegistrations,
  registerForWebinar,
  type RegistrationContext,
} from "~/models/registration.server";
import {
  createAttendee,
  createFestival,
  createRegistration,
  createUser,
  createWebinar,
  type FestivalRow,
} from "~tests/factories";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
const appUrl = "https://fest.example.org";
/** "Now" for these tests: the webinars below are a few days later. */
const now = new Date("2026-11-20T10:00:00Z");
let festival: FestivalRow;
let ctx: RegistrationContext;

beforeEach(async () => {
  festival = await createFestival(testDb.handle.db, {
    startsOn: "2026-11-23",
    endsOn: "2026-11-27",
  });
  ctx = { festival, appUrl, now };
});

const future = (over: Parameters<typeof createWebinar>[2] = {}) =>
  createWebinar(testDb.handle.db, festival, { localStart: "2026-11-24T12:30", ...over });

async function statuses(webinarId: string) {
  const rows = await testDb.handle.db
    .select({ userId: webinarRegistration.userId, status: webinarRegistration.status })
    .from(webinarRegistration)
    .where(eq(webinarRegistration.webinarId, webinarId));
  return new Map(rows.map((r) => [r.userId, r.status]));
}

/** Messages queued for someone, reminders aside (they have tests of their own below). */
async function mailTo(email: string) {
  const rows = await testDb.handle.db.select().from(outbox).where(eq(outbox.recipient, email));
  return rows.filter((r) => r.kind !== "reminder");
}

async function remindersFor(email: string) {
  const rows = await testDb.handle.db.select().from(outbox).where(eq(outbox.recipient, email));
  return rows
    .filter((r) => r.kind === "reminder" && r.status === "pending")
    .map((r) => r.sendAfter.toISOString())
    .sort();
}

describe("registering for a webinar", () => {
  it("gives a seat and queues a confirmation with a calendar invitation, in one transaction", async () => {
    const w = await future();
    const ann = await createAttendee(testDb.handle.db, festival);
    expect(await registerForWebinar(ann.id, w.slug, ctx)).toEqual({
      status: "confirmed",
      already: false,
    });
    expect((await statuses(w.id)).get(ann.id)).toBe("confirmed");
    const mail = await mailTo(ann.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.kind).toBe("webinar-confirmed");
    expect(mail[0]!.message.calendar?.method).toBe("REQUEST");
  });

  it("is harmless twice: the same answer, one row, one email", async () => {
    const w = await future();
    const ann = await createAttendee(testDb.handle.db, festival);
    await registerForWebinar(ann.id, w.slug, ctx);
    expect(await registerForWebinar(ann.id, w.slug, ctx)).toEqual({
      status: "confirmed",
      already: true,
    });
    expect((await statuses(w.id)).size).toBe(1);
    expect(await mailTo(ann.email)).toHaveLength(1);
  });

  it("gives one registration for a double submit sent at the same moment", async () => {
    const w = await future({ capacity: 10 });
    const ann = await createAttendee(testDb.handle.db, festival);
    const results = await Promise.all([
      registerForWebinar(ann.id, w.slug, ctx),
      registerForWebinar(ann.id, w.slug, ctx),
      registerForWebinar(ann.id, w.slug, ctx),
    ]);
    expect(results.map((r) => r.status)).toEqual(["confirmed", "confirmed", "confirmed"]);
    expect(results.filter((r) => r.status === "confirmed" && !r.already)).toHaveLength(1);
    expect((await statuses(w.id)).size).toBe(1);
    expect(await mailTo(ann.email)).toHaveLength(1);
  });

  it("offers the waitlist when full, in order, with positions", async () => {
    const w = await future({ capacity: 1 });
    const [a, b, c] = [
      await createAttendee(testDb.handle.db, festival),
      await createAttendee(testDb.handle.db, festival),
      await createAttendee(testDb.handle.db, festival),
    ];
    expect((await registerForWebinar(a!.id, w.slug, ctx)).status).toBe("confirmed");
    expect(await registerForWebinar(b!.id, w.slug, ctx)).toEqual({
      status: "waitlisted",
      position: 1,
      already: false,
    });
    const later = { ...ctx, now: new Date(now.getTime() + 1000) };
    expect(await registerForWebinar(c!.id, w.slug, later)).toMatchObject({ position: 2 });
    expect((await mailTo(b!.email))[0]!.kind).toBe("webinar-waitlisted");
    // Their calendar holds the time as tentative, never as a seat they do not have.
    const held = (await mailTo(b!.email))[0]!.message.calendar;
    expect(held?.method).toBe("REQUEST");
    expect(held?.content).toContain("STATUS:TENTATIVE");
    expect(held?.content).not.toContain("STATUS:CONFIRMED");
    expect(await myRegistrations(c!.id, festival.id)).toMatchObject([
      { status: "waitlisted", position: 2 },
    ]);
  });

  it("asks people new to the festival for the festival form first", async () => {
    const w = await future();
    const stranger = await createUser(testDb.handle.db);
    expect(await registerForWebinar(stranger.id, w.slug, ctx)).toEqual({
      status: "needs-festival-registration",
    });
    expect((await statuses(w.id)).size).toBe(0);
  });

  it("refuses cancelled, finished, draft and unknown webinars with a clear reason", async () => {
    const ann = await createAttendee(testDb.handle.db, festival);
    const cancelled = await future({ status: "cancelled" });
    const finished = await future({ localStart: "2026-11-19T12:30" });
    const draft = await future({ status: "draft" });
    expect(await registerForWebinar(ann.id, cancelled.slug, ctx)).toEqual({
      status: "unavailable",
      message: "This webinar has been cancelled, so it cannot be joined.",
    });
    expect(await registerForWebinar(ann.id, finished.slug, ctx)).toMatchObject({
      status: "unavailable",
      message: expect.stringContaining("finished") as string,
    });
    expect(await registerForWebinar(ann.id, draft.slug, ctx)).toEqual({ status: "not-found" });
    expect(await registerForWebinar(ann.id, "no-such-webinar", ctx)).toEqual({
      status: "not-found",
    });
    expect(await registerForWebinar(ann.id, "../../etc/passwd", ctx)).toEqual({
      status: "not-found",
    });
    expect(await mailTo(ann.email)).toHaveLength(0);
  });

  it("refuses new registrations once the festival closes registration", async () => {
    const w = await future();
    const ann = await createAttendee(testDb.handle.db, festival);
    const closed = { ...ctx, festival: { ...festival, registrationOpen: false } };
    expect(await registerForWebinar(ann.id, w.slug, closed)).toEqual({
      status: "unavailable",
      message: "Registration for the festival is closed.",
    });
  });

  it("lets people join until the end, not after", async () => {
    const w = await future({ localStart: "2026-11-20T09:45" }); // live at 10:00
    const ann = await createAttendee(testDb.handle.db, festival);
    expect((await registerForWebinar(ann.id, w.slug, ctx)).status).toBe("confirmed");
    const afterEnd = { ...ctx, now: new Date("2026-11-20T10:15:00Z") };
    const bob = await createAttendee(testDb.handle.db, festival);
    expect((await registerForWebinar(bob.id, w.slug, afterEnd)).status).toBe("unavailable");
  });
});

describe("cancelling", () => {
  it("gives the seat to the first person waiting in the same transaction, and tells them", async () => {
    const w = await future({ capacity: 1 });
    const [a, b, c] = [
      await createAttendee(testDb.handle.db, festival),
      await createAttendee(testDb.handle.db, festival),
      await createAttendee(testDb.handle.db, festival),
    ];
    await registerForWebinar(a!.id, w.slug, ctx);
    await registerForWebinar(b!.id, w.slug, { ...ctx, now: new Date(now.getTime() + 1) });
    await registerForWebinar(c!.id, w.slug, { ...ctx, now: new Date(now.getTime() + 2) });
    const [before] = await testDb.handle.db.select().from(webinar).where(eq(webinar.id, w.id));

    expect(await cancelWebinarRegistration(a!.id, w.slug, ctx)).toEqual({
      status: "cancelled",
      was: "confirmed",
    });
    const after = await statuses(w.id);
    expect(after.get(a!.id)).toBe("cancelled");
    expect(after.get(b!.id)).toBe("confirmed");
    expect(after.get(c!.id)).toBe("waitlisted");
    const promoted = (await mailTo(b!.email)).find((m) => m.kind === "webinar-promoted");
    expect(promoted?.message.calendar?.method).toBe("REQUEST");
    const cancelMail = (await mailTo(a!.email)).find(
      (m) => m.kind === "webinar-cancelled-by-attendee",
    );
    expect(cancelMail?.message.calendar?.method).toBe("CANCEL");
    const [bumped] = await testDb.handle.db.select().from(webinar).where(eq(webinar.id, w.id));
    expect(bumped!.sequence).toBeGreaterThan(before!.sequence);
    expect(await myRegistrations(c!.id, festival.id)).toMatchObject([{ position: 1 }]);
  });

  it("takes someone off the waitlist without touching seats, withdrawing their tentative event", async () => {
    const w = await future({ capacity: 1 });
    const [a, b] = [
      await createAttendee(testDb.handle.db, festival),
      await createAttendee(testDb.handle.db, festival),
    ];
    await registerForWebinar(a!.id, w.slug, ctx);
    await registerForWebinar(b!.id, w.slug, ctx);
    expect(await cancelWebinarRegistration(b!.id, w.slug, ctx)).toEqual({
      status: "cancelled",
      was: "waitlisted",
    });
    expect((await statuses(w.id)).get(a!.id)).toBe("confirmed");
    const mail = await mailTo(b!.email);
    const held = mail.find((m) => m.kind === "webinar-waitlisted")!.message.calendar!;
    const left = mail.find((m) => m.kind === "waitlist-left")!.message.calendar!;
    expect(left.method).toBe("CANCEL");
    const sequenceOf = (ics: string) => Number(/SEQUENCE:(\d+)/.exec(ics)![1]);
    expect(sequenceOf(left.content)).toBeGreaterThan(sequenceOf(held.content));
  });

  it("answers plainly when there is nothing to cancel, and never touches others' registrations", async () => {
    const w = await future();
    const [a, b] = [
      await createAttendee(testDb.handle.db, festival),
      await createAttendee(testDb.handle.db, festival),
    ];
    await registerForWebinar(a!.id, w.slug, ctx);
    expect(await cancelWebinarRegistration(b!.id, w.slug, ctx)).toEqual({
      status: "not-registered",
    });
    expect((await statuses(w.id)).get(a!.id)).toBe("confirmed");
    await cancelWebinarRegistration(a!.id, w.slug, ctx);
    expect(await cancelWebinarRegistration(a!.id, w.slug, ctx)).toEqual({
      status: "not-registered",
    });
  });

  it("lets someone who cancelled register again, at the back of any queue", async () => {
    const w = await future({ capacity: 1 });
    const [a, b] = [
      await createAttendee(testDb.handle.db, festival),
      await createAttendee(testDb.handle.db, festival),
    ];
    await registerForWebinar(a!.id, w.slug, ctx);
    await cancelWebinarRegistration(a!.id, w.slug, ctx);
    await registerForWebinar(b!.id, w.slug, ctx);
    expect(await registerForWebinar(a!.id, w.slug, ctx)).toMatchObject({
      status: "waitlisted",
      position: 1,
    });
    expect((await statuses(w.id)).size).toBe(2);
  });

  it("cannot cancel a webinar that has finished", async () => {
    const w = await future({ localStart: "2026-11-19T12:30" });
    const ann = await createAttendee(testDb.handle.db, festival);
    await createRegistration(testDb.handle.db, w, ann, "confirmed");
    expect(await cancelWebinarRegistration(ann.id, w.slug, ctx)).toMatchObject({
      status: "unavailable",
    });
    const rows = await testDb.handle.db
      .select()
      .from(webinarRegistration)
      .where(and(eq(webinarRegistration.webinarId, w.id), eq(webinarRegistration.userId, ann.id)));
    expect(rows[0]!.status).toBe("confirmed");
  });
});

describe("reminders planned with a seat", () => {
  it("queues the day-before and 15-minute reminders with the seat, in the person's zone", async () => {
    const w = await future(); // 12:30 London on 24 November: 23:30 in Melbourne
    const ann = await createAttendee(testDb.handle.db, festival, {
      timeZone: "Australia/Melbourne",
    });
    await registerForWebinar(ann.id, w.slug, ctx);
    expect(await remindersFor(ann.email)).toEqual([
      // 23:30 the day before would be night in Melbourne: 21:00 local (10:00 UTC) instead.
      "2026-11-23T10:00:00.000Z",
      "2026-11-24T12:15:00.000Z",
    ]);
  });

  it("plans none for the waitlist, and plans them for whoever is promoted; drops them on cancel", async () => {
    const w = await future({ capacity: 1 });
    const [a, b] = [
      await createAttendee(testDb.handle.db, festival),
      await createAttendee(testDb.handle.db, festival),
    ];
    await registerForWebinar(a!.id, w.slug, ctx);
    await registerForWebinar(b!.id, w.slug, ctx);
    expect(await remindersFor(b!.email)).toEqual([]);
    await cancelWebinarRegistration(a!.id, w.slug, ctx);
    expect(await remindersFor(a!.email)).toEqual([]);
    expect(await remindersFor(b!.email)).toHaveLength(2);
  });

  it("respects people who want no reminders or read the digest instead", async () => {
    const w = await future();
    const none = await createAttendee(testDb.handle.db, festival, { emailReminders: false });
    const digest = await createAttendee(testDb.handle.db, festival, { emailDigest: true });
    await registerForWebinar(none.id, w.slug, ctx);
    await registerForWebinar(digest.id, w.slug, ctx);
    expect(await remindersFor(none.email)).toEqual([]);
    expect(await remindersFor(digest.email)).toEqual(["2026-11-24T12:15:00.000Z"]);
  });
});
