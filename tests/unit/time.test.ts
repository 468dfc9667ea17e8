import { describe, expect, it } from "vitest";
import {
  formatClock,
  formatRange,
  instantFromLocal,
  isAtNight,
  isValidZone,
  liveState,
  localDate,
  utcOffsetLabel,
  zoneLabel,
} from "~/lib/time";
import { groupByLocalDay, type WebinarView } from "~/lib/webinar-view";

const LONDON = "Europe/London";
const NEW_YORK = "America/New_York";
const MELBOURNE = "Australia/Melbourne";

describe("the daylight-saving week of 21–28 October 2026", () => {
  // London leaves BST on Sunday 25 October; New York on 1 November.
  const beforeChange = instantFromLocal("2026-10-23", "12:30", LONDON);
  const afterChange = instantFromLocal("2026-10-27", "12:30", LONDON);

  it("stores the London lunchtime webinars as the right UTC instants", () => {
    expect(beforeChange.toISOString()).toBe("2026-10-23T11:30:00.000Z");
    expect(afterChange.toISOString()).toBe("2026-10-27T12:30:00.000Z");
  });

  it("shows 12:30 London on 27 October as 08:30 in New York and 23:30 in Melbourne", () => {
    expect(formatClock(afterChange, LONDON)).toBe("12:30");
    expect(formatClock(afterChange, NEW_YORK)).toBe("08:30");
    expect(formatClock(afterChange, MELBOURNE)).toBe("23:30");
  });

  it("shows 12:30 London on 23 October as 07:30 in New York and 22:30 in Melbourne", () => {
    expect(formatClock(beforeChange, NEW_YORK)).toBe("07:30");
    expect(formatClock(beforeChange, MELBOURNE)).toBe("22:30");
  });

  it("names each zone with the offset in force on the day", () => {
    expect(zoneLabel(beforeChange, LONDON)).toBe("London time (UTC+1)");
    expect(zoneLabel(afterChange, LONDON)).toBe("London time (UTC)");
    expect(zoneLabel(afterChange, NEW_YORK)).toBe("New York time (UTC−4)");
    expect(zoneLabel(afterChange, MELBOURNE)).toBe("Melbourne time (UTC+11)");
    expect(utcOffsetLabel(afterChange, "Asia/Kolkata")).toBe("UTC+5:30");
  });

  it("formats a range that ends after midnight with the next day marked", () => {
    const range = formatRange(afterChange, 30, MELBOURNE);
    expect(range.day).toBe("Tue 27 Oct");
    expect(range.clock).toBe("23:30–00:00");
    expect(range.endsNextDay).toBe(true);
    expect(range.text).toBe("Tue 27 Oct, 23:30–00:00 (next day) Melbourne time (UTC+11)");
  });

  it("marks night-time for the viewer, not for the festival", () => {
    expect(isAtNight(afterChange, 30, LONDON)).toBe(false);
    expect(isAtNight(afterChange, 30, NEW_YORK)).toBe(false);
    expect(isAtNight(afterChange, 30, MELBOURNE)).toBe(true);
    // 21:45–22:15 touches the night; 07:00–07:30 does not.
    expect(isAtNight(instantFromLocal("2026-10-27", "21:45", LONDON), 30, LONDON)).toBe(true);
    expect(isAtNight(instantFromLocal("2026-10-27", "07:00", LONDON), 30, LONDON)).toBe(false);
    expect(isAtNight(instantFromLocal("2026-10-27", "06:45", LONDON), 30, LONDON)).toBe(true);
  });

  it("puts a webinar on the viewer's own calendar day", () => {
    const late = instantFromLocal("2026-10-27", "19:00", LONDON);
    expect(localDate(late, LONDON)).toBe("2026-10-27");
    expect(localDate(late, MELBOURNE)).toBe("2026-10-28");
    expect(localDate(instantFromLocal("2026-10-27", "01:00", LONDON), "America/Los_Angeles")).toBe(
      "2026-10-26",
    );
  });
});

describe("entering times in a zone", () => {
  it("moves a time in the spring-forward gap to the first valid instant", () => {
    // 01:30 on 29 March 2026 does not exist in London; luxon moves it forward an hour.
    expect(instantFromLocal("2026-03-29", "01:30", LONDON).toISOString()).toBe(
      "2026-03-29T01:30:00.000Z",
    );
  });

  it("refuses a malformed time", () => {
    expect(() => instantFromLocal("2026-13-40", "12:30", LONDON)).toThrow(RangeError);
  });
});

describe("zones from visitors", () => {
  it("accepts IANA names and refuses everything else", () => {
    expect(isValidZone("Europe/London")).toBe(true);
    expect(isValidZone("UTC")).toBe(true);
    expect(isValidZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidZone("")).toBe(false);
    expect(isValidZone(42)).toBe(false);
    expect(isValidZone("x".repeat(500))).toBe(false);
  });
});

describe("past, live and upcoming", () => {
  const start = new Date("2026-10-27T12:30:00Z");
  it("is upcoming before the start, live during, past from the end", () => {
    expect(liveState(start, 30, new Date("2026-10-27T12:29:59Z"))).toBe("upcoming");
    expect(liveState(start, 30, new Date("2026-10-27T12:30:00Z"))).toBe("live");
    expect(liveState(start, 30, new Date("2026-10-27T12:59:59Z"))).toBe("live");
    expect(liveState(start, 30, new Date("2026-10-27T13:00:00Z"))).toBe("past");
  });
});

describe("the schedule grouped by the viewer's days", () => {
  const view = (slug: string, startsAt: string): WebinarView => ({
    slug,
    title: slug,
    topic: "",
    startsAt,
    endsAt: startsAt,
    durationMinutes: 30,
    status: "published",
    hasRecording: false,
    hosts: [],
    speakers: [],
  });

  it("moves an evening London webinar to the next morning in Melbourne", () => {
    const webinars = [
      view("lunch-tue", "2026-10-27T12:30:00.000Z"),
      view("evening-tue", "2026-10-27T19:00:00.000Z"),
      view("lunch-wed", "2026-10-28T12:30:00.000Z"),
    ];
    const london = groupByLocalDay(webinars, LONDON);
    expect(london.map((d) => [d.date, d.webinars.map((w) => w.slug)])).toEqual([
      ["2026-10-27", ["lunch-tue", "evening-tue"]],
      ["2026-10-28", ["lunch-wed"]],
    ]);
    const melbourne = groupByLocalDay(webinars, MELBOURNE);
    expect(melbourne.map((d) => [d.date, d.webinars.map((w) => w.slug)])).toEqual([
      ["2026-10-27", ["lunch-tue"]],
      ["2026-10-28", ["evening-tue", "lunch-wed"]],
    ]);
  });
});
