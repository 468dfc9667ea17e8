import { describe, expect, it } from "vitest";
import {
  timeLines,
  webinarCancelledByAttendeeEmail,
  webinarConfirmedEmail,
  type WebinarEmailData,
} from "~emails/registration";
import { parseCalendar } from "~tests/helpers/ical";

/** 12:30 London on Tuesday 27 October 2026: after London left BST, before New York did. */
const data = (zone: string | null): WebinarEmailData => ({
  appUrl: "https://fest.example.org",
  festival: {
    name: "Autumn Networks Week",
    timeZone: "Europe/London",
    contactEmail: "hello@fest.example.org",
  },
  recipient: { email: "ann@example.org", name: "Ann Smith", timeZone: zone },
  webinar: {
    slug: "after-the-change",
    title: "After the clocks change",
    summary: "Bold ideas.",
    startsAt: new Date("2026-10-27T12:30:00Z"),
    durationMinutes: 30,
    calendarUid: "0f8fad5b-d9cb-469f-a165-70867728950e",
    sequence: 2,
  },
});

describe("the time in a registration email", () => {
  it("is in the recipient's zone, named, with the festival's time beside it, across the DST week", () => {
    expect(timeLines(data("America/New_York"))).toEqual({
      local: "Tue 27 Oct, 08:30–09:00 New York time (UTC−4)",
      festival: "Festival time: Tue 27 Oct, 12:30–13:00 London time (UTC)",
    });
    expect(timeLines(data("Australia/Melbourne")).local).toBe(
      "Tue 27 Oct, 23:30–00:00 (next day) Melbourne time (UTC+11)",
    );
  });

  it("says it once for someone in festival time, and uses festival time when no zone is known", () => {
    expect(timeLines(data("Europe/London")).festival).toBeNull();
    expect(timeLines(data(null))).toEqual({
      local: "Tue 27 Oct, 12:30–13:00 London time (UTC)",
      festival: null,
    });
  });
});

describe("the invitation", () => {
  it("names the registrant and the festival mailbox, in UTC, with the webinar's UID and SEQUENCE", () => {
    const message = webinarConfirmedEmail(data("America/New_York"));
    expect(message.calendar?.method).toBe("REQUEST");
    const calendar = message.calendar!.content;
    expect(calendar).toMatch(/^METHOD:REQUEST$/m);
    const [event] = parseCalendar(calendar).events;
    expect(event).toMatchObject({
      uid: "0f8fad5b-d9cb-469f-a165-70867728950e@fest.example.org",
      sequence: 2,
      startIsUtc: true,
      status: "CONFIRMED",
    });
    expect(event!.start.toISOString()).toBe("2026-10-27T12:30:00.000Z");
    expect(event!.attendees.map((a) => a.toLowerCase())).toEqual(["mailto:ann@example.org"]);
    expect(calendar).toMatch(/ORGANIZER;CN="Autumn Networks Week":mailto:hello@fest\.example\.org/);
    expect(message.text).toContain("New York time (UTC−4)");
    expect(message.html).toContain("New York time (UTC−4)");
  });

  it("cancels with METHOD:CANCEL and STATUS:CANCELLED and no alarm", () => {
    const message = webinarCancelledByAttendeeEmail({
      ...data("Europe/London"),
      webinar: { ...data(null).webinar, sequence: 3 },
    });
    const calendar = message.calendar!.content;
    expect(calendar).toMatch(/^METHOD:CANCEL$/m);
    const [event] = parseCalendar(calendar).events;
    expect(event).toMatchObject({ sequence: 3, status: "CANCELLED", alarmTriggers: [] });
  });

  it("escapes what people type into names and titles in the HTML part", () => {
    const hostile = data("Europe/London");
    hostile.recipient.name = "<script>x</script>";
    hostile.webinar.title = 'Tea & "talk" <b>';
    const message = webinarConfirmedEmail(hostile);
    expect(message.html).not.toContain("<script>");
    expect(message.html).toContain("Tea &amp; &quot;talk&quot; &lt;b&gt;");
  });
});
