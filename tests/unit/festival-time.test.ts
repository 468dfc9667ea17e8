import { describe, expect, it } from "vitest";
import { festivalInputs, instantFromFestivalTime, timesElsewhere } from "~/lib/festival-time";

describe("a start entered in the festival's zone", () => {
  it("is converted to UTC with the offset of that day", () => {
    // London is on BST (UTC+1) on the 23rd and on GMT from the 25th.
    expect(instantFromFestivalTime("2026-10-23", "12:30", "Europe/London")).toEqual({
      ok: true,
      instant: new Date("2026-10-23T11:30:00Z"),
      note: null,
    });
    expect(instantFromFestivalTime("2026-10-27", "12:30", "Europe/London")).toEqual({
      ok: true,
      instant: new Date("2026-10-27T12:30:00Z"),
      note: null,
    });
    expect(instantFromFestivalTime("2026-10-27", "12:30", "Asia/Kolkata")).toMatchObject({
      instant: new Date("2026-10-27T07:00:00Z"),
    });
  });

  it("takes the first of a repeated autumn time, and says so", () => {
    const result = instantFromFestivalTime("2026-10-25", "01:30", "Europe/London");
    expect(result).toEqual({
      ok: true,
      instant: new Date("2026-10-25T00:30:00Z"),
      note:
        "01:30 happens twice on Sunday 25 October 2026 in London time (the clocks go back). " +
        "We use the first, 01:30 UTC+1 (00:30 UTC), not the second, 01:30 UTC (01:30 UTC).",
    });
  });

  it("refuses a spring time that does not exist, naming the gap", () => {
    expect(instantFromFestivalTime("2026-03-29", "01:30", "Europe/London")).toEqual({
      ok: false,
      field: "startTime",
      error:
        "01:30 does not exist on Sunday 29 March 2026 in London time: the clocks go forward " +
        "from 01:00 to 02:00. Choose a time before 01:00 or from 02:00.",
    });
    // Just either side of the gap is fine.
    expect(instantFromFestivalTime("2026-03-29", "00:59", "Europe/London")).toMatchObject({
      instant: new Date("2026-03-29T00:59:00Z"),
    });
    expect(instantFromFestivalTime("2026-03-29", "02:00", "Europe/London")).toMatchObject({
      instant: new Date("2026-03-29T01:00:00Z"),
    });
    // New York jumps from 02:00 to 03:00 on 8 March 2026.
    expect(instantFromFestivalTime("2026-03-08", "02:15", "America/New_York")).toMatchObject({
      ok: false,
      error: expect.stringContaining("from 02:00 to 03:00"),
    });
  });

  it("refuses dates and times that are not", () => {
    for (const [date, time, field] of [
      ["2026-02-30", "12:00", "startDate"],
      ["27/10/2026", "12:00", "startDate"],
      ["", "12:00", "startDate"],
      ["2026-10-27", "24:00", "startTime"],
      ["2026-10-27", "12", "startTime"],
      ["2026-10-27", "", "startTime"],
    ] as const) {
      expect(instantFromFestivalTime(date, time, "Europe/London"), `${date} ${time}`).toMatchObject(
        { ok: false, field },
      );
    }
  });

  it("gives back the inputs' values, and the time in other zones with night marked", () => {
    expect(festivalInputs(new Date("2026-10-25T00:30:00Z"), "Europe/London")).toEqual({
      date: "2026-10-25",
      time: "01:30",
    });
    const at = new Date("2026-10-27T12:30:00Z");
    expect(timesElsewhere(at, 30, ["America/New_York", "Australia/Melbourne"])).toEqual([
      {
        zone: "America/New_York",
        text: "Tue 27 Oct, 08:30–09:00 New York time (UTC−4)",
        night: false,
      },
      {
        zone: "Australia/Melbourne",
        text: "Tue 27 Oct, 23:30–00:00 (next day) Melbourne time (UTC+11)",
        night: true,
      },
    ]);
  });
});
