import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { outbox, webinar } from "~db/schema";
import { deliverDueEmails } from "~emails/deliver.server";
import { smtpTransport } from "~emails/transport.server";
import { registerForWebinar } from "~/models/registration.server";
import {
  cancelWebinar,
  rescheduleWebinar,
  updateWebinarDetails,
} from "~/models/schedule-changes.server";
import { createAttendee, createFestival, createWebinar, type FestivalRow } from "~tests/factories";
import { parseCalendar } from "~tests/helpers/ical";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";
import { withTestDatabase } from "~tests/helpers/test-database";

/** The DST test week: London leaves summer time on Sunday 25 October 2026. */
const testDb = withTestDatabase();
const appUrl = "https://fest.example.org";
const now = new Date("2026-10-20T09:00:00Z");
let festival: FestivalRow;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
  festival = await createFestival(testDb.handle.db, {
    startsOn: "2026-10-21",
    endsOn: "2026-10-28",
  });
});
afterAll(() => smtp.close());
beforeEach(() => {
  smtp.messages.length = 0;
});

const ctx = () => ({ festival, appUrl, now });

async function deliver() {
  const transport = smtpTransport(smtp.url, "Festival <f@fest.example.org>");
  await deliverDueEmails(testDb.handle.db, transport, { now, limit: 500 });
  transport.close();
}

function calendarOf(message: (typeof smtp.messages)[number]) {
  const part = message.attachments.find((a) => a.contentType === "text/calendar");
  return part ? part.content.toString("utf8") : null;
}

async function scene(capacity = 1) {
  const w = await createWebinar(testDb.handle.db, festival, {
    localStart: "2026-10-23T12:30", // Friday, London on BST: 11:30 UTC
    capacity,
  });
  const seat = await createAttendee(testDb.handle.db, festival, {
    timeZone: "Australia/Melbourne",
  });
  const waiting = await createAttendee(testDb.handle.db, festival, {
    timeZone: "America/New_York",
  });
  await registerForWebinar(seat.id, w.slug, ctx());
  await registerForWebinar(waiting.id, w.slug, ctx());
  await deliver();
  smtp.messages.length = 0;
  return { w, seat, waiting };
}

describe("moving a webinar across the clock change", () => {
  it("sends every registrant an update with the same UID, SEQUENCE up by one, and the new time", async () => {
    const { w, seat, waiting } = await scene();
    // From Friday 23rd (BST) to Tuesday 27th 12:30, after London's change: 12:30 UTC.
    const result = await rescheduleWebinar(
      w.id,
      { startsAt: new Date("2026-10-27T12:30:00Z"), durationMinutes: 45 },
      ctx(),
    );
    expect(result).toEqual({ status: "changed", sequence: w.sequence + 1, notified: 2 });
    await deliver();

    const toSeat = smtp.messages.find((m) => m.to && JSON.stringify(m.to).includes(seat.email))!;
    expect(toSeat.subject).toBe(`New time: ${w.title}`);
    // Old and new time, in Melbourne, zone named: the 23rd was 22:30 AEDT; the 27th is 23:30.
    expect(toSeat.text).toContain("Was: Fri 23 Oct, 22:30–23:00 Melbourne time (UTC+11)");
    expect(toSeat.text).toContain(
      "Now: Tue 27 Oct, 23:30–00:15 (next day) Melbourne time (UTC+11)",
    );
    const ics = calendarOf(toSeat)!;
    expect(ics).toMatch(/^METHOD:REQUEST$/m);
    const [event] = parseCalendar(ics).events;
    expect(event).toMatchObject({
      uid: `${w.calendarUid}@fest.example.org`,
      sequence: w.sequence + 1,
      status: "CONFIRMED",
      startIsUtc: true,
    });
    expect(event!.start.toISOString()).toBe("2026-10-27T12:30:00.000Z");
    expect(event!.end.toISOString()).toBe("2026-10-27T13:15:00.000Z");

    const toWaiting = smtp.messages.find((m) => JSON.stringify(m.to).includes(waiting.email))!;
    expect(toWaiting.text).toContain("Now: Tue 27 Oct, 08:30–09:15 New York time (UTC−4)");
    expect(toWaiting.text).toContain("still on the waitlist");
    // The waitlist's tentative event moves too: same UID, same SEQUENCE, still tentative.
    const waitingIcs = calendarOf(toWaiting)!;
    expect(waitingIcs).toMatch(/^METHOD:REQUEST$/m);
    const [held] = parseCalendar(waitingIcs).events;
    expect(held).toMatchObject({
      uid: `${w.calendarUid}@fest.example.org`,
      sequence: w.sequence + 1,
      status: "TENTATIVE",
    });
    expect(held!.start.toISOString()).toBe("2026-10-27T12:30:00.000Z");
    expect(held!.end.toISOString()).toBe("2026-10-27T13:15:00.000Z");
  });

  it("re-plans pending reminders for the new time", async () => {
    const { w, seat } = await scene();
    await rescheduleWebinar(
      w.id,
      { startsAt: new Date("2026-10-27T12:30:00Z"), durationMinutes: 30 },
      ctx(),
    );
    const rows = await testDb.handle.db
      .select()
      .from(outbox)
      .where(
        and(eq(outbox.userId, seat.id), eq(outbox.kind, "reminder"), eq(outbox.status, "pending")),
      );
    // Melbourne: a day before is 23:30 on the 26th, moved to 21:00 (10:00 UTC); then 15 minutes before.
    expect(rows.map((r) => r.sendAfter.toISOString()).sort()).toEqual([
      "2026-10-26T10:00:00.000Z",
      "2026-10-27T12:15:00.000Z",
    ]);
  });

  it("does nothing for no change, and refuses nonsense", async () => {
    const { w } = await scene();
    expect(
      await rescheduleWebinar(w.id, { startsAt: w.startsAt, durationMinutes: 30 }, ctx()),
    ).toEqual({ status: "unchanged" });
    expect(
      await rescheduleWebinar(w.id, { startsAt: new Date("nope"), durationMinutes: 30 }, ctx()),
    ).toMatchObject({ status: "invalid" });
    expect(
      await rescheduleWebinar(w.id, { startsAt: w.startsAt, durationMinutes: 0 }, ctx()),
    ).toMatchObject({ status: "invalid" });
    expect(
      await rescheduleWebinar(
        "00000000-0000-4000-8000-000000000000",
        { startsAt: w.startsAt, durationMinutes: 30 },
        ctx(),
      ),
    ).toEqual({ status: "not-found" });
    for (const id of ["not-a-uuid", "'; drop table webinar; --", ""]) {
      expect(
        await rescheduleWebinar(id, { startsAt: w.startsAt, durationMinutes: 45 }, ctx()),
      ).toEqual({ status: "not-found" });
      expect(await cancelWebinar(id, ctx())).toEqual({ status: "not-found" });
      expect(await updateWebinarDetails(id, { title: "x" }, ctx())).toEqual({
        status: "not-found",
      });
    }
    await deliver();
    expect(smtp.messages).toHaveLength(0);
  });
});

describe("cancelling a webinar", () => {
  it("sends METHOD:CANCEL with STATUS:CANCELLED and a higher SEQUENCE, drops reminders, explains kindly", async () => {
    const { w, seat, waiting } = await scene();
    const result = await cancelWebinar(w.id, { ...ctx(), reason: "Our speaker is unwell." });
    expect(result).toMatchObject({ status: "changed", sequence: w.sequence + 1 });
    await deliver();
    const toSeat = smtp.messages.find((m) => JSON.stringify(m.to).includes(seat.email))!;
    expect(toSeat.subject).toBe(`Cancelled: ${w.title}`);
    expect(toSeat.text).toContain("We are sorry");
    expect(toSeat.text).toContain("Our speaker is unwell.");
    const ics = calendarOf(toSeat)!;
    expect(ics).toMatch(/^METHOD:CANCEL$/m);
    const [event] = parseCalendar(ics).events;
    expect(event).toMatchObject({
      uid: `${w.calendarUid}@fest.example.org`,
      sequence: w.sequence + 1,
      status: "CANCELLED",
    });
    const toWaiting = smtp.messages.find((m) => JSON.stringify(m.to).includes(waiting.email))!;
    expect(toWaiting.text).toContain("You were on its waitlist");
    const waitingIcs = calendarOf(toWaiting)!;
    expect(waitingIcs).toMatch(/^METHOD:CANCEL$/m);
    expect(parseCalendar(waitingIcs).events[0]).toMatchObject({
      uid: `${w.calendarUid}@fest.example.org`,
      sequence: w.sequence + 1,
      status: "CANCELLED",
    });
    const reminders = await testDb.handle.db
      .select()
      .from(outbox)
      .where(
        and(eq(outbox.webinarId, w.id), eq(outbox.kind, "reminder"), eq(outbox.status, "pending")),
      );
    expect(reminders).toEqual([]);
    // Cancelling twice tells nobody twice.
    expect(await cancelWebinar(w.id, ctx())).toEqual({ status: "unchanged" });
  });
});

describe("changing the words", () => {
  it("updates the webinar without emailing anyone or raising the SEQUENCE", async () => {
    const { w } = await scene();
    expect(
      await updateWebinarDetails(w.id, { title: "A better title", abstract: "New words." }, ctx()),
    ).toEqual({ status: "changed", sequence: w.sequence, notified: 0 });
    const [row] = await testDb.handle.db.select().from(webinar).where(eq(webinar.id, w.id));
    expect(row!.title).toBe("A better title");
    await deliver();
    expect(smtp.messages).toHaveLength(0);
    expect(await updateWebinarDetails(w.id, { title: "  " }, ctx())).toMatchObject({
      status: "invalid",
    });
  });
});
