import ICAL from "ical.js";
import type { Attachment, ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDueEmails } from "~emails/deliver.server";
import { smtpTransport, type MailTransport } from "~emails/transport.server";
import { registerForFestival } from "~/models/festival-registration.server";
import {
  cancelWebinarRegistration,
  registerForWebinar,
  type RegistrationContext,
} from "~/models/registration.server";
import {
  createAttendee,
  createFestival,
  createUser,
  createWebinar,
  type FestivalRow,
  type WebinarRow,
} from "~tests/factories";
import { parseCalendar } from "~tests/helpers/ical";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";
import { withTestDatabase } from "~tests/helpers/test-database";

/**
 * Registration emails end to end with real parts: the models write outbox
 * rows, the delivery worker sends them through nodemailer to a real SMTP
 * server, and what arrives is parsed back by mailparser and ical.js.
 */
const testDb = withTestDatabase();
const appUrl = "https://fest.example.org";
const host = "fest.example.org";
const contactEmail = "hello@fest.example.org";
/** The scenario's clock: a month before the webinars below. */
const start = new Date("2030-11-01T09:00:00Z");
/** Tuesday 3 December 2030, 14:00 UTC: 14:00 in London, 09:00 in New York (EST, UTC−5). */
const startsAt = new Date("2030-12-03T14:00:00Z");

let smtp: TestSmtp;
let transport: MailTransport;
let festival: FestivalRow;
/** Every webinar made here, so the last test can prove no join link ever left in a message. */
const webinars: WebinarRow[] = [];
let minutes = 0;

beforeAll(async () => {
  smtp = await startTestSmtp();
  transport = smtpTransport(smtp.url, "Festival <festival@fest.example.org>");
  festival = await createFestival(testDb.handle.db, {
    name: "Networks Festival",
    timeZone: "Europe/London",
    startsOn: "2030-12-02",
    endsOn: "2030-12-06",
    contactEmail,
  });
});
afterAll(async () => {
  transport.close();
  await smtp.close();
});

/** A fresh "now" for each step, a minute after the last, so every change is its own event. */
function tick(): Date {
  minutes += 1;
  return new Date(start.getTime() + minutes * 60_000);
}

function ctxAt(now: Date): RegistrationContext {
  return { festival, appUrl, now };
}

async function webinarFor(overrides: Parameters<typeof createWebinar>[2] = {}) {
  const row = await createWebinar(testDb.handle.db, festival, {
    title: "Growing a regional network",
    startsAt,
    durationMinutes: 30,
    ...overrides,
  });
  expect(row.startsAt.getTime()).toBeGreaterThan(start.getTime() + 86_400_000);
  webinars.push(row);
  return row;
}

/**
 * Runs the delivery worker once and gives back the messages that arrived.
 * Rows are queued on the real clock, so delivery runs at whichever is later.
 */
async function deliver(now: Date): Promise<ParsedMail[]> {
  const before = smtp.messages.length;
  const result = await deliverDueEmails(testDb.handle.db, transport, {
    now: new Date(Math.max(now.getTime(), Date.now() + 1_000)),
  });
  expect(result).toMatchObject({ retrying: 0, failed: 0 });
  expect(result.sent).toBe(result.claimed);
  const arrived = smtp.messages.slice(before);
  expect(arrived).toHaveLength(result.sent);
  return arrived;
}

function recipients(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((a) => a.value.map((v) => v.address ?? ""));
}

function only(messages: ParsedMail[], email: string): ParsedMail {
  const mine = messages.filter((m) => recipients(m).includes(email));
  expect(mine, `messages to ${email}`).toHaveLength(1);
  return mine[0]!;
}

/** Calendar data in a message, wherever nodemailer put it: the text/calendar alternative, the .ics attachment. */
function calendarParts(mail: ParsedMail): Attachment[] {
  return mail.attachments.filter(
    (a) =>
      a.contentType.startsWith("text/calendar") ||
      a.contentType === "application/ics" ||
      (a.filename ?? "").toLowerCase().endsWith(".ics"),
  );
}

const mailto = (uri: string) => uri.replace(/^mailto:/i, "mailto:");

const unfold = (ics: string) => ics.replace(/\r?\n[ \t]/g, "");

function mimeMethod(part: Attachment): string | undefined {
  const header = part.headers.get("content-type") as
    { value: string; params?: Record<string, string> } | undefined;
  return header?.params?.method;
}

/** The one calendar object the message carries, checked to be the same in every part. */
function inviteIn(mail: ParsedMail, method: "REQUEST" | "CANCEL") {
  const parts = calendarParts(mail);
  expect(parts.length).toBeGreaterThan(0);
  const contents = new Set(parts.map((p) => p.content.toString("utf8")));
  expect(contents.size).toBe(1);
  const ics = [...contents][0]!;
  // RFC 6047: the text/calendar part names the iTIP method in its Content-Type.
  const alternatives = parts.filter((p) => p.contentType.startsWith("text/calendar"));
  expect(alternatives).toHaveLength(1);
  expect(mimeMethod(alternatives[0]!)).toBe(method);
  const calendar = parseCalendar(ics);
  expect(calendar.method).toBe(method);
  expect(calendar.events).toHaveLength(1);
  const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!;
  return {
    ics,
    event: calendar.events[0]!,
    organizer: String(vevent.getFirstPropertyValue("organizer")),
    organizerCount: vevent.getAllProperties("organizer").length,
  };
}

function expectInviteFor(
  mail: ParsedMail,
  method: "REQUEST" | "CANCEL",
  w: WebinarRow,
  email: string,
) {
  const invite = inviteIn(mail, method);
  const { event } = invite;
  expect(event.uid).toBe(`${w.calendarUid}@${host}`);
  // The URI scheme is case-insensitive (ical-generator writes MAILTO:).
  expect(event.attendees.map(mailto)).toEqual([`mailto:${email}`]);
  expect(invite.organizerCount).toBe(1);
  expect(mailto(invite.organizer)).toBe(`mailto:${contactEmail}`);
  expect(event.startIsUtc).toBe(true);
  expect(event.start.toISOString()).toBe(w.startsAt.toISOString());
  expect(event.end.getTime() - event.start.getTime()).toBe(w.durationMinutes * 60_000);
  expect(unfold(invite.ics)).toMatch(/^DTSTART:\d{8}T\d{6}Z\r?$/m);
  return invite;
}

function expectTextAndHtml(mail: ParsedMail) {
  expect(mail.text?.trim()).toBeTruthy();
  expect(typeof mail.html === "string" && mail.html.includes("<")).toBe(true);
}

describe("the confirmation email", () => {
  it("carries a REQUEST invitation for this registrant alone, with the time in their zone and the festival's", async () => {
    const w = await webinarFor({ sequence: 3 });
    const ada = await createAttendee(testDb.handle.db, festival, {
      email: "ada@example.org",
      name: "Ada Lovelace",
      timeZone: "America/New_York",
    });
    const now = tick();
    expect(await registerForWebinar(ada.id, w.slug, ctxAt(now))).toEqual({
      status: "confirmed",
      already: false,
    });
    const mail = only(await deliver(now), ada.email);
    expect(recipients(mail)).toEqual([ada.email]);
    expect(mail.subject).toBe(`Confirmed: ${w.title}`);
    expectTextAndHtml(mail);

    const invite = expectInviteFor(mail, "REQUEST", w, ada.email);
    expect(invite.event.sequence).toBe(3);
    expect(invite.event.status).toBe("CONFIRMED");
    expect(invite.event.summary).toBe(w.title);
    expect(unfold(invite.ics)).toContain("DTSTART:20301203T140000Z");

    // Their own time, zone named (with the real minus sign), and the festival's beside it.
    expect(mail.text).toContain("Tue 3 Dec, 09:00–09:30 New York time (UTC\u22125)");
    expect(mail.text).toContain("Festival time: Tue 3 Dec, 14:00–14:30 London time (UTC)");
    expect(mail.html).toContain("New York time (UTC\u22125)");
    expect(mail.html).toContain("Festival time: Tue 3 Dec, 14:00–14:30 London time (UTC)");
  });

  it("shows festival time once for someone in the festival's zone", async () => {
    const w = await webinarFor();
    const person = await createAttendee(testDb.handle.db, festival, {
      email: "london@example.org",
      timeZone: "Europe/London",
    });
    const now = tick();
    await registerForWebinar(person.id, w.slug, ctxAt(now));
    const mail = only(await deliver(now), person.email);
    expect(mail.text).toContain("Tue 3 Dec, 14:00–14:30 London time (UTC)");
    expect(mail.text).not.toContain("Festival time:");
  });

  it("is sent once: registering twice is harmless", async () => {
    const w = await webinarFor();
    const person = await createAttendee(testDb.handle.db, festival, { email: "twice@example.org" });
    const first = tick();
    await registerForWebinar(person.id, w.slug, ctxAt(first));
    const second = tick();
    expect(await registerForWebinar(person.id, w.slug, ctxAt(second))).toEqual({
      status: "confirmed",
      already: true,
    });
    const arrived = await deliver(second);
    expect(arrived.filter((m) => recipients(m).includes(person.email))).toHaveLength(1);
  });
});

describe("cancelling and registering again", () => {
  it("sends CANCEL with a higher SEQUENCE, then a REQUEST newer still", async () => {
    const w = await webinarFor({ sequence: 2 });
    const grace = await createAttendee(testDb.handle.db, festival, {
      email: "grace@example.org",
      name: "Grace Hopper",
      timeZone: "America/New_York",
    });

    const t1 = tick();
    await registerForWebinar(grace.id, w.slug, ctxAt(t1));
    const confirmed = expectInviteFor(
      only(await deliver(t1), grace.email),
      "REQUEST",
      w,
      grace.email,
    );
    expect(confirmed.event.sequence).toBe(2);

    const t2 = tick();
    expect(await cancelWebinarRegistration(grace.id, w.slug, ctxAt(t2))).toEqual({
      status: "cancelled",
      was: "confirmed",
    });
    const cancelMail = only(await deliver(t2), grace.email);
    expect(cancelMail.subject).toBe(`Cancelled: ${w.title}`);
    expectTextAndHtml(cancelMail);
    const cancelled = expectInviteFor(cancelMail, "CANCEL", w, grace.email);
    expect(cancelled.event.uid).toBe(confirmed.event.uid);
    expect(cancelled.event.status).toBe("CANCELLED");
    expect(cancelled.event.sequence).toBeGreaterThan(confirmed.event.sequence);

    const t3 = tick();
    expect(await registerForWebinar(grace.id, w.slug, ctxAt(t3))).toEqual({
      status: "confirmed",
      already: false,
    });
    const again = expectInviteFor(only(await deliver(t3), grace.email), "REQUEST", w, grace.email);
    expect(again.event.uid).toBe(confirmed.event.uid);
    expect(again.event.status).toBe("CONFIRMED");
    // Same SEQUENCE as the CANCEL would leave their calendar free to ignore it.
    expect(again.event.sequence).toBeGreaterThan(cancelled.event.sequence);
  });
});

describe("the waitlist", () => {
  it("holds the time as tentative for a waitlisted person, then confirms it when a place opens", async () => {
    const w = await webinarFor({ capacity: 1, title: "A very small room" });
    const first = await createAttendee(testDb.handle.db, festival, {
      email: "first@example.org",
      name: "First Person",
    });
    const second = await createAttendee(testDb.handle.db, festival, {
      email: "second@example.org",
      name: "Second Person",
      timeZone: "America/New_York",
    });

    const t1 = tick();
    await registerForWebinar(first.id, w.slug, ctxAt(t1));
    const firstInvite = expectInviteFor(
      only(await deliver(t1), first.email),
      "REQUEST",
      w,
      first.email,
    );

    const t2 = tick();
    expect(await registerForWebinar(second.id, w.slug, ctxAt(t2))).toEqual({
      status: "waitlisted",
      position: 1,
      already: false,
    });
    const waitMail = only(await deliver(t2), second.email);
    expect(waitMail.subject).toBe(`Waitlist: ${w.title}`);
    expectTextAndHtml(waitMail);
    const held = expectInviteFor(waitMail, "REQUEST", w, second.email);
    expect(held.event.uid).toBe(firstInvite.event.uid);
    expect(held.event.status).toBe("TENTATIVE");
    expect(held.event.summary).toBe(`Waitlist: ${w.title}`);
    // No alarm: a reminder to join a webinar they have no seat at would mislead.
    expect(held.ics).not.toContain("BEGIN:VALARM");
    expect(waitMail.text).toContain("number 1 on the waitlist");
    expect(waitMail.text).toContain("New York time (UTC\u22125)");

    const t3 = tick();
    expect(await cancelWebinarRegistration(first.id, w.slug, ctxAt(t3))).toEqual({
      status: "cancelled",
      was: "confirmed",
    });
    const arrived = await deliver(t3);
    expect(arrived).toHaveLength(2);

    const cancelled = expectInviteFor(only(arrived, first.email), "CANCEL", w, first.email);
    expect(cancelled.event.sequence).toBeGreaterThan(firstInvite.event.sequence);

    const promoted = only(arrived, second.email);
    expect(promoted.subject).toBe(`A place opened up: ${w.title}`);
    expect(promoted.text).toContain("A place opened up");
    expectTextAndHtml(promoted);
    const invite = expectInviteFor(promoted, "REQUEST", w, second.email);
    expect(invite.event.status).toBe("CONFIRMED");
    expect(invite.event.summary).toBe(w.title);
    // Newer than the tentative copy, or their calendar would keep it.
    expect(invite.event.sequence).toBeGreaterThan(held.event.sequence);
    expect(invite.event.sequence).toBeGreaterThanOrEqual(cancelled.event.sequence);
  });

  it("withdraws the tentative event when someone leaves the waitlist, and holds it again if they rejoin", async () => {
    const w = await webinarFor({ capacity: 1, title: "Standing room only" });
    const seated = await createAttendee(testDb.handle.db, festival, {
      email: "seated@example.org",
    });
    const waiting = await createAttendee(testDb.handle.db, festival, {
      email: "waiting@example.org",
    });
    const t1 = tick();
    await registerForWebinar(seated.id, w.slug, ctxAt(t1));
    await registerForWebinar(waiting.id, w.slug, ctxAt(t1));
    const held = expectInviteFor(
      only(await deliver(t1), waiting.email),
      "REQUEST",
      w,
      waiting.email,
    );

    const t2 = tick();
    await cancelWebinarRegistration(waiting.id, w.slug, ctxAt(t2));
    const leftMail = only(await deliver(t2), waiting.email);
    expect(leftMail.subject).toBe(`You left the waitlist: ${w.title}`);
    const left = expectInviteFor(leftMail, "CANCEL", w, waiting.email);
    expect(left.event.status).toBe("CANCELLED");
    expect(left.event.sequence).toBeGreaterThan(held.event.sequence);

    const t3 = tick();
    expect(await registerForWebinar(waiting.id, w.slug, ctxAt(t3))).toMatchObject({
      status: "waitlisted",
    });
    const again = expectInviteFor(
      only(await deliver(t3), waiting.email),
      "REQUEST",
      w,
      waiting.email,
    );
    expect(again.event.status).toBe("TENTATIVE");
    expect(again.event.sequence).toBeGreaterThan(left.event.sequence);
  });
});

describe("the festival registration email", () => {
  it("arrives once, however many times the form is sent", async () => {
    const person = await createUser(testDb.handle.db, { email: "newcomer@example.org" });
    const form = () => {
      const data = new FormData();
      data.set("name", "New Comer");
      data.set("organisation", "Northern Network");
      data.set("network", "Northern Network");
      data.set("timeZone", "America/New_York");
      data.set("privacy", "on");
      return data;
    };
    const t1 = tick();
    expect(await registerForFestival(person.id, form(), ctxAt(t1))).toMatchObject({
      status: "registered",
      already: false,
    });
    const t2 = tick();
    expect(await registerForFestival(person.id, form(), ctxAt(t2))).toMatchObject({
      status: "registered",
      already: true,
    });
    const arrived = await deliver(t2);
    const welcome = only(arrived, person.email);
    expect(welcome.subject).toBe("You are registered for Networks Festival");
    expectTextAndHtml(welcome);
    expect(calendarParts(welcome)).toEqual([]);
    expect(welcome.text).toContain(`${appUrl}/schedule`);
    // Nothing more is waiting for them.
    expect(await deliver(tick())).toEqual([]);
  });
});

describe("every message sent", () => {
  it("never carries a webinar's join link, in text, HTML, headers or calendar", async () => {
    expect(smtp.messages.length).toBeGreaterThan(5);
    expect(webinars.length).toBeGreaterThan(0);
    for (const mail of smtp.messages) {
      const everything = [
        mail.subject ?? "",
        mail.text ?? "",
        typeof mail.html === "string" ? mail.html : "",
        mail.headerLines.map((h) => h.line).join("\n"),
        ...mail.attachments.map((a) => unfold(a.content.toString("utf8"))),
      ].join("\n");
      for (const w of webinars) {
        expect(w.joinUrl).toBeTruthy();
        expect(everything).not.toContain(w.joinUrl!);
      }
      expect(everything).not.toContain("meet.example.test");
    }
  });
});
