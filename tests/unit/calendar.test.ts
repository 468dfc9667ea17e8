import { describe, expect, it } from "vitest";
import {
  buildPublishCalendar,
  googleCalendarLink,
  outlookCalendarLink,
  type CalendarWebinar,
} from "~/lib/calendar.server";
import { parseCalendar } from "~tests/helpers/ical";

const base: CalendarWebinar = {
  calendarUid: "0b1c6f1e-8c8e-4b5e-9a57-0d6c1b0b7a11",
  sequence: 0,
  title: "After the clocks change",
  summary: "What networks are for.",
  startsAt: new Date("2026-10-27T12:30:00Z"),
  durationMinutes: 30,
  status: "published",
  url: "https://fest.example.org/webinars/after-the-change",
  updatedAt: new Date("2026-10-01T09:00:00Z"),
  hosts: ["Amara Okafor", "Daniel Reyes"],
};

const options = { name: "Autumn Networks Week", appUrl: "https://fest.example.org" };

describe("the published calendar", () => {
  const text = buildPublishCalendar(
    [
      base,
      {
        ...base,
        calendarUid: "11111111-2222-4333-8444-555555555555",
        title: "Called off",
        status: "cancelled",
        sequence: 3,
      },
      {
        ...base,
        calendarUid: "99999999-2222-4333-8444-555555555555",
        title: "Secret draft",
        status: "draft",
      },
    ],
    options,
  );
  const parsed = parseCalendar(text);

  it("is METHOD:PUBLISH with the festival's name and a refresh hint", () => {
    expect(parsed.method).toBe("PUBLISH");
    expect(parsed.name).toBe("Autumn Networks Week");
    expect(text).toMatch(/^REFRESH-INTERVAL;VALUE=DURATION:PT1H\r?$/m);
    expect(text).toMatch(/^X-PUBLISHED-TTL:PT1H\r?$/m);
  });

  it("writes every instant in UTC, DTSTAMP included", () => {
    const [event] = parsed.events;
    expect(event!.startIsUtc).toBe(true);
    expect(event!.start.toISOString()).toBe("2026-10-27T12:30:00.000Z");
    expect(event!.end.toISOString()).toBe("2026-10-27T13:00:00.000Z");
    expect(event!.dtstamp).toMatch(/^\d{8}T\d{6}Z$/);
    expect(text).not.toMatch(/TZID/);
  });

  it("gives each webinar a UID that is stable and scoped to the site", () => {
    expect(parsed.events[0]!.uid).toBe(`${base.calendarUid}@fest.example.org`);
    const again = parseCalendar(buildPublishCalendar([base], options));
    expect(again.events[0]!.uid).toBe(parsed.events[0]!.uid);
  });

  it("keeps cancelled webinars as STATUS:CANCELLED with their sequence, and leaves out drafts", () => {
    expect(parsed.events.map((e) => e.summary)).toEqual([
      "After the clocks change",
      "Cancelled: Called off",
    ]);
    const cancelled = parsed.events[1]!;
    expect(cancelled.status).toBe("CANCELLED");
    expect(cancelled.sequence).toBe(3);
    expect(cancelled.alarmTriggers).toEqual([]);
    expect(text).not.toContain("Secret draft");
  });

  it("reminds 15 minutes before, and names no attendee", () => {
    expect(parsed.events[0]!.alarmTriggers).toEqual(["-PT15M"]);
    expect(parsed.events[0]!.status).toBe("CONFIRMED");
    expect(parsed.events.flatMap((e) => e.attendees)).toEqual([]);
    expect(text).not.toMatch(/^ATTENDEE/m);
  });

  it("links back to the webinar page and names the hosts", () => {
    expect(parsed.events[0]!.url).toBe(base.url);
    expect(parsed.events[0]!.description).toContain("With Amara Okafor, Daniel Reyes.");
  });
});

describe("add-to-calendar links", () => {
  const input = {
    title: base.title,
    startsAt: base.startsAt,
    durationMinutes: 30,
    details: "Details",
    url: base.url,
  };

  it("gives Google the UTC start and end", () => {
    const url = new URL(googleCalendarLink(input));
    expect(url.origin).toBe("https://calendar.google.com");
    expect(url.searchParams.get("action")).toBe("TEMPLATE");
    expect(url.searchParams.get("dates")).toBe("20261027T123000Z/20261027T130000Z");
    expect(url.searchParams.get("text")).toBe(base.title);
  });

  it("gives Outlook.com and Microsoft 365 ISO instants", () => {
    const live = new URL(outlookCalendarLink(input, "live"));
    const office = new URL(outlookCalendarLink(input, "office"));
    expect(live.host).toBe("outlook.live.com");
    expect(office.host).toBe("outlook.office.com");
    expect(live.searchParams.get("startdt")).toBe("2026-10-27T12:30:00Z");
    expect(live.searchParams.get("enddt")).toBe("2026-10-27T13:00:00Z");
    expect(live.searchParams.get("subject")).toBe(base.title);
  });
});
