import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, user, webinar, webinarRegistration } from "~db/schema";
import { deliverDueEmails } from "~emails/deliver.server";
import { smtpTransport, type MailTransport } from "~emails/transport.server";
import { scheduleVersion } from "~/lib/schedule-events.server";
import {
  publishRecording,
  RECORDING_URL_MAX_LENGTH,
  type RecordingContext,
} from "~/models/recording.server";
import {
  createAttendee,
  createFaculty,
  createFestival,
  createRegistration,
  createWebinar,
  type FacultyRow,
  type FestivalRow,
  type WebinarRow,
} from "~tests/factories";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";
import { withTestDatabase } from "~tests/helpers/test-database";

/**
 * After the webinar: publishing its recording queues one message per
 * confirmed registrant in the same transaction, the worker delivers them
 * through nodemailer to a real SMTP server, and mailparser reads them back.
 */
const testDb = withTestDatabase();
const appUrl = "https://fest.example.org";
const contactEmail = "hello@fest.example.org";
/** Tuesday 3 December 2030, 14:00 UTC: 14:00 in London, 09:00 in New York (EST, UTC−5). */
const startsAt = new Date("2030-12-03T14:00:00Z");
/** Two hours later: the webinar is over. */
const after = new Date("2030-12-03T16:00:00Z");

let smtp: TestSmtp;
let transport: MailTransport;
let festival: FestivalRow;
let hosts: FacultyRow[];
/** Every webinar made here, so the last test can prove no join link ever left in a message. */
const webinars: WebinarRow[] = [];

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
  hosts = [
    await createFaculty(testDb.handle.db, festival, {
      name: "Amara Okafor",
      slug: "amara-okafor",
    }),
    await createFaculty(testDb.handle.db, festival, {
      name: "Daniel Reyes",
      slug: "daniel-reyes",
    }),
  ];
});
afterAll(async () => {
  transport.close();
  await smtp.close();
});

const ctx = (now = after): RecordingContext => ({ festival, appUrl, now });

async function webinarFor(overrides: Parameters<typeof createWebinar>[2] = {}) {
  const row = await createWebinar(testDb.handle.db, festival, {
    title: "Growing a regional network",
    startsAt,
    durationMinutes: 30,
    hosts,
    ...overrides,
  });
  webinars.push(row);
  return row;
}

/** Runs the delivery worker once and gives back the messages that arrived. */
async function deliver(): Promise<ParsedMail[]> {
  const before = smtp.messages.length;
  // Rows are queued on the real clock; deliver a moment later than that.
  const result = await deliverDueEmails(testDb.handle.db, transport, {
    now: new Date(Date.now() + 1_000),
    limit: 200,
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

const htmlOf = (mail: ParsedMail) => (typeof mail.html === "string" ? mail.html : "");

/** Both parts are there, and both carry the link. */
function expectBothParts(mail: ParsedMail, link: string) {
  expect(mail.text?.trim()).toBeTruthy();
  expect(htmlOf(mail)).toContain("<");
  expect(mail.text).toContain(link);
  // In HTML the address sits in an href, escaped (& becomes &amp;).
  expect(htmlOf(mail)).toContain(`href="${link.replace(/&/g, "&amp;")}"`);
}

async function recordingUrlOf(w: WebinarRow) {
  const [row] = await testDb.handle.db
    .select({ url: webinar.recordingUrl })
    .from(webinar)
    .where(eq(webinar.id, w.id));
  return row!.url;
}

async function outboxCount() {
  const [row] = await testDb.handle.db.select({ n: count() }).from(outbox);
  return row!.n;
}

async function markJoined(registrationId: string, at: Date) {
  await testDb.handle.db
    .update(webinarRegistration)
    .set({ joinedAt: at })
    .where(eq(webinarRegistration.id, registrationId));
}

/** A webinar that has happened, with one registrant of every kind. */
async function scene(title: string) {
  const db = testDb.handle.db;
  const w = await webinarFor({ title });
  const tag = w.slug;
  const joined = await createAttendee(db, festival, {
    email: `joined-${tag}@example.org`,
    name: "Ada Lovelace",
    timeZone: "America/New_York",
  });
  const missed = await createAttendee(db, festival, {
    email: `missed-${tag}@example.org`,
    name: "Grace Hopper",
    timeZone: "Europe/London",
  });
  const waitlisted = await createAttendee(db, festival, { email: `waiting-${tag}@example.org` });
  const cancelled = await createAttendee(db, festival, { email: `gone-${tag}@example.org` });
  const deleted = await createAttendee(db, festival, { email: `deleted-${tag}@example.org` });
  const otherWebinarOnly = await createAttendee(db, festival, {
    email: `elsewhere-${tag}@example.org`,
  });

  const joinedReg = await createRegistration(db, w, joined, "confirmed");
  await markJoined(joinedReg.id, new Date(startsAt.getTime() + 60_000));
  await createRegistration(db, w, missed, "confirmed");
  await createRegistration(db, w, waitlisted, "waitlisted");
  const cancelledReg = await createRegistration(db, w, cancelled, "cancelled");
  // Even someone who joined and then cancelled holds no confirmed place: nothing for them.
  await markJoined(cancelledReg.id, new Date(startsAt.getTime() + 60_000));
  const deletedReg = await createRegistration(db, w, deleted, "confirmed");
  await markJoined(deletedReg.id, new Date(startsAt.getTime() + 60_000));
  // Deleting the account keeps the registration as an anonymous row (user_id null).
  await db.delete(user).where(eq(user.id, deleted.id));
  const elsewhere = await webinarFor({ title: `${title} (another one)` });
  await createRegistration(db, elsewhere, otherWebinarOnly, "confirmed");
  return { w, joined, missed, waitlisted, cancelled, deleted, otherWebinarOnly };
}

describe("publishing a recording", () => {
  it("thanks those who joined and sends the recording to those who did not, and no one else", async () => {
    const s = await scene("After the webinar");
    const url = "https://video.example.org/recordings/after-the-webinar?t=0&list=festival";
    const version = scheduleVersion();

    const result = await publishRecording(s.w.id, url, ctx());
    expect(result).toEqual({
      status: "published",
      recordingUrl: url,
      change: "first",
      queued: { thanks: 1, missed: 1, changed: 0 },
    });
    expect(await recordingUrlOf(s.w)).toBe(url);
    // Public pages show "recording available" at once in this process.
    expect(scheduleVersion()).toBeGreaterThan(version);

    const arrived = await deliver();
    expect(arrived.flatMap(recipients).sort()).toEqual([s.joined.email, s.missed.email].sort());

    const certificate = `${appUrl}/me/certificates/${s.w.slug}.pdf`;
    const thanks = only(arrived, s.joined.email);
    expect(thanks.subject).toBe(`Thank you for joining — here is the recording: ${s.w.title}`);
    expectBothParts(thanks, url);
    expect(thanks.text).toContain("Hello Ada,");
    // The certificate, and the hosts' profiles (until the blog brings their posts).
    expect(thanks.text).toContain(`Download your certificate (PDF): ${certificate}`);
    expect(htmlOf(thanks)).toContain(`href="${certificate}"`);
    expect(thanks.text).toContain(`- Amara Okafor: ${appUrl}/faculty/amara-okafor`);
    expect(thanks.text).toContain(`- Daniel Reyes: ${appUrl}/faculty/daniel-reyes`);
    expect(htmlOf(thanks)).toContain(`href="${appUrl}/faculty/daniel-reyes"`);
    // When it was, in their zone with the zone named, and the festival's time beside it.
    expect(thanks.text).toContain("Tue 3 Dec, 09:00–09:30 New York time (UTC\u22125)");
    expect(thanks.text).toContain("Festival time: Tue 3 Dec, 14:00–14:30 London time (UTC)");
    expect(htmlOf(thanks)).toContain("New York time (UTC\u22125)");

    const missed = only(arrived, s.missed.email);
    expect(missed.subject).toBe(`Sorry we missed you — here is the recording: ${s.w.title}`);
    expectBothParts(missed, url);
    expect(missed.text).toContain("Hello Grace,");
    expect(missed.text).toContain("Tue 3 Dec, 14:00–14:30 London time (UTC)");
    expect(missed.text).not.toContain("Festival time:");
    // No certificate for someone who did not come.
    expect(missed.text).not.toContain("certificate");
    expect(htmlOf(missed)).not.toContain("/me/certificates/");

    // The outbox rows say what they are.
    const rows = await testDb.handle.db
      .select({ kind: outbox.kind, recipient: outbox.recipient })
      .from(outbox)
      .where(eq(outbox.webinarId, s.w.id));
    expect(rows.map((r) => `${r.kind} ${r.recipient}`).sort()).toEqual(
      [`recording-thanks ${s.joined.email}`, `recording-missed ${s.missed.email}`].sort(),
    );
  });

  it("sends nothing more when the same recording is published again", async () => {
    const s = await scene("Published twice");
    const url = "https://video.example.org/recordings/twice";
    expect(await publishRecording(s.w.id, url, ctx())).toMatchObject({
      change: "first",
      queued: { thanks: 1, missed: 1, changed: 0 },
    });
    expect(await deliver()).toHaveLength(2);

    const version = scheduleVersion();
    const queuedBefore = await outboxCount();
    // The same address, however it is typed: same scheme and host case-insensitively, spaces around.
    for (const again of [url, `  ${url} `, "HTTPS://Video.Example.org/recordings/twice"]) {
      expect(await publishRecording(s.w.id, again, ctx())).toEqual({
        status: "published",
        recordingUrl: url,
        change: "unchanged",
        queued: { thanks: 0, missed: 0, changed: 0 },
      });
    }
    expect(await outboxCount()).toBe(queuedBefore);
    expect(await deliver()).toEqual([]);
    expect(scheduleVersion()).toBe(version);
  });

  it("tells everyone already sent the recording, once, when its address changes", async () => {
    const s = await scene("The link moved");
    const first = "https://video.example.org/recordings/first";
    const second = "https://archive.example.org/watch/second";
    await publishRecording(s.w.id, first, ctx());
    expect(await deliver()).toHaveLength(2);

    expect(await publishRecording(s.w.id, second, ctx())).toEqual({
      status: "published",
      recordingUrl: second,
      change: "changed",
      queued: { thanks: 0, missed: 0, changed: 2 },
    });
    expect(await recordingUrlOf(s.w)).toBe(second);
    const arrived = await deliver();
    expect(arrived.flatMap(recipients).sort()).toEqual([s.joined.email, s.missed.email].sort());
    for (const mail of arrived) {
      expect(mail.subject).toBe(`New recording link: ${s.w.title}`);
      expectBothParts(mail, second);
      expect(mail.text).not.toContain(first);
      expect(htmlOf(mail)).not.toContain(first);
    }
    // The attendee is reminded where their certificate is; the other person is not offered one.
    expect(only(arrived, s.joined.email).text).toContain("/me/certificates/");
    expect(only(arrived, s.missed.email).text).not.toContain("/me/certificates/");

    // The new address again: nothing.
    expect(await publishRecording(s.w.id, second, ctx())).toMatchObject({ change: "unchanged" });
    expect(await deliver()).toEqual([]);
  });

  it("sends the full message, not a change notice, to someone never told of the old address", async () => {
    const s = await scene("Set without emails");
    // The address was set some other way (e.g. seeded), so nobody was told of it.
    await testDb.handle.db
      .update(webinar)
      .set({ recordingUrl: "https://video.example.org/old" })
      .where(eq(webinar.id, s.w.id));
    const url = "https://video.example.org/new";
    expect(await publishRecording(s.w.id, url, ctx())).toMatchObject({
      change: "changed",
      queued: { thanks: 1, missed: 1, changed: 0 },
    });
    const arrived = await deliver();
    expect(only(arrived, s.joined.email).subject).toMatch(/^Thank you for joining/);
    expect(only(arrived, s.missed.email).subject).toMatch(/^Sorry we missed you/);
  });
});

describe("what cannot be published", () => {
  const bad: [string, unknown, RegExp][] = [
    ["a javascript: link", "javascript:alert(document.cookie)", /https:\/\//],
    ["a JavaScript: link with spaces", "  JavaScript:alert(1)", /https:\/\//],
    ["a data: link", "data:text/html,<script>alert(1)</script>", /https:\/\//],
    ["an ftp link", "ftp://files.example.org/recording.mp4", /https:\/\//],
    ["an empty address", "", /Enter the address/],
    ["only spaces", "   ", /Enter the address/],
    ["nothing at all", undefined, /Enter the address/],
    ["a number", 42, /Enter the address/],
    ["not an address", "the recording is on YouTube", /full web address/],
    [
      "an address that is too long",
      `https://video.example.org/${"a".repeat(RECORDING_URL_MAX_LENGTH)}`,
      new RegExp(`at most ${RECORDING_URL_MAX_LENGTH} characters`),
    ],
    [
      "an address that grows too long once encoded",
      `https://video.example.org/${" ".repeat(RECORDING_URL_MAX_LENGTH - 100)}x`,
      /too long/,
    ],
    ["an address with a password", "https://user:secret@video.example.org/x", /password/],
  ];

  it.each(bad)("refuses %s with a clear message and changes nothing", async (_, input, why) => {
    const s = await scene(`Refused ${webinars.length}`);
    const version = scheduleVersion();
    const queuedBefore = await outboxCount();
    const result = await publishRecording(s.w.id, input, ctx());
    expect(result.status).toBe("invalid");
    expect(result.status === "invalid" && result.error).toMatch(why);
    expect(await recordingUrlOf(s.w)).toBeNull();
    expect(await outboxCount()).toBe(queuedBefore);
    expect(scheduleVersion()).toBe(version);
  });

  it("refuses before the webinar has ended, for drafts and cancelled webinars, and unknown ids", async () => {
    const url = "https://video.example.org/too-soon";
    const queuedBefore = await outboxCount();

    const live = await scene("Still going");
    const during = new Date(startsAt.getTime() + 10 * 60_000);
    const early = await publishRecording(live.w.id, url, ctx(during));
    expect(early).toMatchObject({ status: "unavailable" });
    expect(early.status === "unavailable" && early.message).toMatch(/not finished yet/);
    expect(await recordingUrlOf(live.w)).toBeNull();

    const draft = await webinarFor({ status: "draft", title: "A draft" });
    expect(await publishRecording(draft.id, url, ctx())).toMatchObject({ status: "unavailable" });
    const cancelled = await webinarFor({ status: "cancelled", title: "Called off" });
    expect(await publishRecording(cancelled.id, url, ctx())).toMatchObject({
      status: "unavailable",
    });

    for (const id of ["", "not-a-uuid", "'; drop table webinar; --", randomUUID()]) {
      expect(await publishRecording(id, url, ctx())).toEqual({ status: "not-found" });
    }
    // Another festival's webinar is not this festival's to publish.
    const other = await createFestival(testDb.handle.db, { name: "Another Festival" });
    const theirs = await createWebinar(testDb.handle.db, other, { startsAt });
    webinars.push(theirs);
    expect(await publishRecording(theirs.id, url, ctx())).toEqual({ status: "not-found" });
    expect(await recordingUrlOf(theirs)).toBeNull();

    expect(await outboxCount()).toBe(queuedBefore);
  });
});

describe("every message sent", () => {
  it("never carries a webinar's join link", async () => {
    expect(smtp.messages.length).toBeGreaterThan(5);
    for (const mail of smtp.messages) {
      const everything = [
        mail.subject ?? "",
        mail.text ?? "",
        htmlOf(mail),
        mail.headerLines.map((h) => h.line).join("\n"),
        ...mail.attachments.map((a) => a.content.toString("utf8")),
      ].join("\n");
      for (const w of webinars) {
        expect(w.joinUrl).toBeTruthy();
        expect(everything).not.toContain(w.joinUrl!);
      }
      expect(everything).not.toContain("meet.example.test");
      expect(mail.attachments).toEqual([]);
    }
  });
});
