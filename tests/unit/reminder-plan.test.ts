import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { planReminders } from "~/lib/reminder-plan";

/** 12:30 London on Tuesday 27 October 2026, two days after London left summer time. */
const startsAt = new Date("2026-10-27T12:30:00Z");
const now = new Date("2026-10-20T09:00:00Z");
const local = (d: Date, zone: string) =>
  DateTime.fromJSDate(d, { zone }).toFormat("yyyy-MM-dd HH:mm");
const plan = (zone: string, over: Partial<Parameters<typeof planReminders>[0]> = {}) =>
  planReminders({
    startsAt,
    offsetsMinutes: [1440, 15],
    zone,
    reminders: true,
    digest: false,
    now,
    ...over,
  });

describe("planning reminders across zones and the DST week", () => {
  it("sends a London attendee's reminders a day and 15 minutes before", () => {
    expect(plan("Europe/London").map((r) => local(r.sendAt, "Europe/London"))).toEqual([
      "2026-10-26 12:30",
      "2026-10-27 12:15",
    ]);
  });

  it("moves a Melbourne attendee's day-before reminder from 23:30 to 21:00 local", () => {
    const [dayBefore, soon] = plan("Australia/Melbourne");
    // The webinar is at 23:30 on the 27th in Melbourne (UTC+11); a day before is 23:30 on the 26th.
    expect(local(dayBefore!.sendAt, "Australia/Melbourne")).toBe("2026-10-26 21:00");
    expect(dayBefore!.moved).toBe(true);
    // The 15-minute reminder is never moved: it is the one that gets people in.
    expect(local(soon!.sendAt, "Australia/Melbourne")).toBe("2026-10-27 23:15");
    expect(soon!.moved).toBe(false);
  });

  it("moves a reminder that would land after midnight to 21:00 the evening before", () => {
    const early = new Date("2026-10-27T15:00:00Z"); // 04:00 on the 28th in Auckland
    const [dayBefore] = planReminders({
      startsAt: early,
      offsetsMinutes: [1440],
      zone: "Pacific/Auckland",
      reminders: true,
      digest: false,
      now,
    });
    expect(local(dayBefore!.sendAt, "Pacific/Auckland")).toBe("2026-10-26 21:00");
  });

  it("keeps New York's reminder at the same wall-clock offset across London's change", () => {
    // New York is still on summer time (UTC-4) on the 26th and 27th.
    expect(plan("America/New_York").map((r) => local(r.sendAt, "America/New_York"))).toEqual([
      "2026-10-26 08:30",
      "2026-10-27 08:15",
    ]);
  });

  it("leaves out day-before reminders for digest readers, and everything for people who said no", () => {
    expect(plan("Europe/London", { digest: true }).map((r) => r.offsetMinutes)).toEqual([15]);
    expect(plan("Europe/London", { reminders: false })).toEqual([]);
  });

  it("does not plan reminders that are already past", () => {
    const late = new Date("2026-10-27T12:00:00Z");
    expect(plan("Europe/London", { now: late }).map((r) => r.offsetMinutes)).toEqual([15]);
    expect(plan("Europe/London", { now: new Date("2026-10-27T12:20:00Z") })).toEqual([]);
  });

  it("follows the festival's own offsets, ignoring nonsense ones", () => {
    const r = plan("Europe/London", { offsetsMinutes: [60, 2880, 60, -5, 0, 1.5] });
    expect(r.map((x) => x.offsetMinutes)).toEqual([2880, 60]);
  });
});
