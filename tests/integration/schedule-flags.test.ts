import { beforeAll, describe, expect, it } from "vitest";
import { weekView } from "~/models/admin-schedule.server";
import { previewWhoIsTold } from "~/models/change-preview.server";
import { audiencesFrom, displayZones, festivalAudiences } from "~/models/schedule-flags.server";
import {
  createAttendee,
  createFestival,
  createFestivalRegistration,
  createRegistration,
  createUser,
  createWebinar,
  type FestivalRow,
  type WebinarRow,
} from "~tests/factories";
import { withTestDatabase } from "~tests/helpers/test-database";

/**
 * The week view's flags, on a London festival in the week the clocks go back
 * (25 October 2026), with registrants in Melbourne (AEDT, UTC+11 all week),
 * London, New York (EDT all week) and one in Tokyo.
 */
const testDb = withTestDatabase();
let festival: FestivalRow;
const w: Record<string, WebinarRow> = {};

beforeAll(async () => {
  const db = testDb.handle.db;
  festival = await createFestival(db, {
    timeZone: "Europe/London",
    startsOn: "2026-10-21",
    endsOn: "2026-10-28",
  });
  const zones = [
    ...Array<string>(4).fill("Australia/Melbourne"),
    ...Array<string>(4).fill("Europe/London"),
    ...Array<string>(2).fill("America/New_York"),
    "Asia/Tokyo",
  ];
  for (const timeZone of zones) await createAttendee(db, festival, { timeZone });
  // Someone whose zone we do not know counts as a registrant, not as an audience.
  await createFestivalRegistration(db, festival, await createUser(db, { timeZone: null }));

  const at = (localStart: string, more: Parameters<typeof createWebinar>[2] = {}) =>
    createWebinar(db, festival, { localStart, durationMinutes: 30, ...more });
  // Tuesday 27th, after the change: London is UTC, so 12:30 is 23:30 in Melbourne.
  w.a = await at("2026-10-27T12:30", { title: "A" });
  w.b = await at("2026-10-27T12:45", { title: "B" });
  w.c = await at("2026-10-27T13:00", { title: "C" });
  w.cancelled = await at("2026-10-27T12:30", { title: "Called off", status: "cancelled" });
  // Friday 23rd, before the change: 12:30 BST is 22:30 in Melbourne, 07:30 in New York.
  w.friday = await at("2026-10-23T12:30", { title: "Friday" });
  // Thursday 22nd, 09:00 BST: 04:00 in New York, 19:00 in Melbourne.
  w.early = await at("2026-10-22T09:00", { title: "Early" });
  // A draft at 06:30 London time on Saturday: night in London itself, and 01:30 in New York.
  w.dawn = await at("2026-10-24T06:30", { title: "Dawn draft", status: "draft" });
  // Wednesday 21st, 21:00 BST: the one half hour that is daytime for all three major
  // audiences (07:00 in Melbourne, 16:00 in New York).
  w.fine = await at("2026-10-21T21:00", { title: "Fine" });
});

describe("major audiences", () => {
  it("are the zones of at least 10% of registrants whose zone is known", async () => {
    const audiences = await festivalAudiences(festival.id, festival.timeZone);
    expect(audiences.total).toBe(12);
    expect(audiences.known).toBe(11);
    expect(audiences.major.map((z) => [z.zone, z.registrants])).toEqual([
      ["Australia/Melbourne", 4],
      ["Europe/London", 4],
      ["America/New_York", 2],
    ]);
    // Tokyo, 1 in 11 (9%), is not one.
    expect(audiences.zones.find((z) => z.zone === "Asia/Tokyo")!.share).toBeCloseTo(1 / 11);
    // Times are shown in the three biggest zones other than the festival's own.
    expect(displayZones(audiences, festival.timeZone)).toEqual([
      "Australia/Melbourne",
      "America/New_York",
      "Asia/Tokyo",
    ]);
  });

  it("fall back to the festival's own zone before anyone registers, and defaults fill the zones shown", () => {
    const none = audiencesFrom([], 0, "Europe/London");
    expect(none.major.map((z) => z.zone)).toEqual(["Europe/London"]);
    expect(displayZones(none, "Europe/London")).toEqual([
      "America/New_York",
      "Asia/Kolkata",
      "Australia/Melbourne",
    ]);
  });
});

describe("the week view's flags", () => {
  async function flagsOf(id: string) {
    const week = await weekView(festival);
    const found = week.days.flatMap((d) => d.webinars).find((x) => x.id === id);
    if (!found) throw new Error(`webinar ${id} not in the week`);
    return { week, found };
  }

  it("marks overlapping webinars as clashes, but not back-to-back or cancelled ones", async () => {
    const titles = async (id: string) =>
      (await flagsOf(id)).found.clashesWith.map((c) => c.title).sort();
    expect(await titles(w.a!.id)).toEqual(["B"]);
    expect(await titles(w.b!.id)).toEqual(["A", "C"]);
    // C starts as A ends: no clash with A.
    expect(await titles(w.c!.id)).toEqual(["B"]);
    expect(await titles(w.cancelled!.id)).toEqual([]);
    expect(await titles(w.fine!.id)).toEqual([]);
  });

  it("marks night-time for a major audience, in their own time, across the clock change", async () => {
    const night = async (id: string) =>
      (await flagsOf(id)).found.nightFor.map((n) => [n.zone, n.local]);
    expect(await night(w.a!.id)).toEqual([
      ["Australia/Melbourne", "Tue 27 Oct, 23:30–00:00 (next day) Melbourne time (UTC+11)"],
    ]);
    expect(await night(w.friday!.id)).toEqual([
      ["Australia/Melbourne", "Fri 23 Oct, 22:30–23:00 Melbourne time (UTC+11)"],
    ]);
    expect(await night(w.early!.id)).toEqual([
      ["America/New_York", "Thu 22 Oct, 04:00–04:30 New York time (UTC−4)"],
    ]);
    expect(await night(w.dawn!.id)).toEqual([
      ["Europe/London", "Sat 24 Oct, 06:30–07:00 London time (UTC+1)"],
      ["America/New_York", "Sat 24 Oct, 01:30–02:00 New York time (UTC−4)"],
    ]);
    expect(await night(w.fine!.id)).toEqual([]);
    // Cancelled webinars are not flagged.
    expect(await night(w.cancelled!.id)).toEqual([]);
  });

  it("lays the week out by festival day, with the zone's offset of that day", async () => {
    const { week } = await flagsOf(w.a!.id);
    expect(week.days.map((d) => d.date)).toEqual([
      "2026-10-21",
      "2026-10-22",
      "2026-10-23",
      "2026-10-24",
      "2026-10-25",
      "2026-10-26",
      "2026-10-27",
      "2026-10-28",
    ]);
    const friday = week.days.find((d) => d.date === "2026-10-23")!;
    const tuesday = week.days.find((d) => d.date === "2026-10-27")!;
    expect(friday.zone).toBe("London time (UTC+1)");
    expect(tuesday.zone).toBe("London time (UTC)");
    expect(tuesday.label).toBe("Tuesday 27 October");
    expect(tuesday.webinars.map((x) => [x.title, x.clock, x.utc, x.status])).toEqual([
      ["A", "12:30–13:00", "12:30–13:00", "published"],
      ["Called off", "12:30–13:00", "12:30–13:00", "cancelled"],
      ["B", "12:45–13:15", "12:45–13:15", "published"],
      ["C", "13:00–13:30", "13:00–13:30", "published"],
    ]);
    expect(friday.webinars[0]!.utc).toBe("11:30–12:00");
    expect(week.counts).toEqual({ drafts: 1, clashes: 3, night: 6 });
  });
});

describe("who will be told", () => {
  it("counts seats and the waitlist, leaves out deleted accounts, and shows five in their zones", async () => {
    const db = testDb.handle.db;
    const target = await createWebinar(db, festival, { localStart: "2026-10-26T12:30" });
    const seated = [];
    for (let i = 0; i < 4; i++) {
      const p = await createAttendee(db, festival, {
        name: `Seat ${i}`,
        timeZone: i === 0 ? "Australia/Melbourne" : null,
      });
      await createRegistration(db, target, p, "confirmed");
      seated.push(p);
    }
    const waiting = [];
    for (let i = 0; i < 3; i++) {
      const p = await createAttendee(db, festival, { name: `Wait ${i}` });
      await createRegistration(db, target, p, "waitlisted");
      waiting.push(p);
    }
    await createRegistration(db, target, await createAttendee(db, festival), "cancelled");
    const gone = await createRegistration(db, target, await createAttendee(db, festival));
    await db.execute(`update webinar_registration set user_id = null where id = '${gone.id}'`);

    const move = { startsAt: new Date("2026-10-27T12:30:00Z"), durationMinutes: 30 };
    const result = await previewWhoIsTold(festival, target.id, move);
    expect(result.status).toBe("ok");
    if (result.status !== "ok") return;
    expect(result.told).toMatchObject({ confirmed: 4, waitlisted: 3, total: 7 });
    expect(result.told.sample.map((s) => s.name)).toEqual([
      "Seat 0",
      "Seat 1",
      "Seat 2",
      "Seat 3",
      "Wait 0",
    ]);
    // The new time as each will read it: their zone, or the festival's when they chose none.
    expect(result.told.sample[0]!.when).toBe(
      "Tue 27 Oct, 23:30–00:00 (next day) Melbourne time (UTC+11)",
    );
    expect(result.told.sample[1]!.when).toBe("Tue 27 Oct, 12:30–13:00 London time (UTC)");
    // For a cancellation, the time being called off.
    const cancel = await previewWhoIsTold(festival, target.id);
    if (cancel.status !== "ok") throw new Error("expected ok");
    expect(cancel.told.sample[1]!.when).toBe("Mon 26 Oct, 12:30–13:00 London time (UTC)");
    expect(await previewWhoIsTold(festival, "nope")).toEqual({ status: "not-found" });
  });
});
