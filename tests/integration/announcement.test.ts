import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "~db/schema";
import { deliverDueEmails } from "~emails/deliver.server";
import { smtpTransport } from "~emails/transport.server";
import { announce } from "~/models/announcement.server";
import {
  createAttendee,
  createFestival,
  createRegistration,
  createUser,
  createWebinar,
  type FestivalRow,
} from "~tests/factories";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
const appUrl = "https://fest.example.org";
const now = new Date("2026-11-20T10:00:00Z");
let festival: FestivalRow;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
  festival = await createFestival(testDb.handle.db, {
    startsOn: "2026-11-23",
    endsOn: "2026-11-27",
  });
});
afterAll(() => smtp.close());

async function queued(kind = "announcement") {
  return testDb.handle.db.select().from(outbox).where(eq(outbox.kind, kind));
}

describe("announcements", () => {
  it("reach every festival registrant who wants them, personalised, with the standard way out", async () => {
    const zoe = await createAttendee(testDb.handle.db, festival, { name: "Zoë Adams" });
    const quiet = await createAttendee(testDb.handle.db, festival, { emailAnnouncements: false });
    const outsider = await createUser(testDb.handle.db);
    const result = await announce(
      { subject: "Welcome week", body: "See you **Monday**.\n\n<script>x</script>" },
      { festival, appUrl, now },
    );
    expect(result).toMatchObject({ status: "queued", recipients: 1 });
    const rows = await queued();
    expect(rows.map((r) => r.recipient)).toEqual([zoe.email]);
    expect(rows.map((r) => r.recipient)).not.toContain(quiet.email);
    expect(rows.map((r) => r.recipient)).not.toContain(outsider.email);

    const transport = smtpTransport(smtp.url, "Festival <f@fest.example.org>");
    await deliverDueEmails(testDb.handle.db, transport, { now });
    transport.close();
    const mail = smtp.messages.find((m) => m.subject === "Welcome week")!;
    expect(mail.text).toContain("Hello Zoë,");
    expect(mail.text).toContain("See you **Monday**.");
    expect(String(mail.html)).toContain("<strong>Monday</strong>");
    expect(String(mail.html)).not.toContain("<script>");
    const listUnsubscribe = mail.headerLines.find((h) => h.key === "list-unsubscribe")?.line ?? "";
    expect(listUnsubscribe).toContain(`${appUrl}/unsubscribe/`);
  });

  it("go to one webinar's seats and waitlist only, spread at a fixed rate", async () => {
    await testDb.handle.db.delete(outbox);
    const w = await createWebinar(testDb.handle.db, festival, { localStart: "2026-11-24T12:30" });
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await createAttendee(testDb.handle.db, festival));
    await createRegistration(testDb.handle.db, w, people[0]!, "confirmed");
    await createRegistration(testDb.handle.db, w, people[1]!, "confirmed");
    await createRegistration(testDb.handle.db, w, people[2]!, "waitlisted");
    await createRegistration(testDb.handle.db, w, people[3]!, "cancelled");
    const result = await announce(
      { subject: "Room change", body: "New link tomorrow.", webinarId: w.id },
      { festival, appUrl, now, ratePerMinute: 2 },
    );
    expect(result).toMatchObject({ status: "queued", recipients: 3 });
    const rows = await queued();
    expect(new Set(rows.map((r) => r.recipient))).toEqual(
      new Set([people[0]!.email, people[1]!.email, people[2]!.email]),
    );
    // Two a minute: 10:00, 10:00, 10:01.
    expect(rows.map((r) => r.sendAfter.toISOString()).sort()).toEqual([
      "2026-11-20T10:00:00.000Z",
      "2026-11-20T10:00:00.000Z",
      "2026-11-20T10:01:00.000Z",
    ]);
    expect(rows.every((r) => r.webinarId === w.id)).toBe(true);
  });

  it("explains bad input by field and sends nothing; unknown webinars are not found", async () => {
    await testDb.handle.db.delete(outbox);
    expect(
      await announce({ subject: "", body: "x".repeat(20_001) }, { festival, appUrl, now }),
    ).toEqual({
      status: "invalid",
      errors: {
        subject: "Give the message a subject.",
        body: "Keep the message under 20,000 characters.",
      },
    });
    expect(
      await announce(
        { subject: "Hi", body: "Hi", webinarId: "not-a-uuid" },
        { festival, appUrl, now },
      ),
    ).toMatchObject({ status: "invalid" });
    expect(
      await announce(
        { subject: "Hi", body: "Hi", webinarId: "00000000-0000-4000-8000-000000000000" },
        { festival, appUrl, now },
      ),
    ).toEqual({ status: "not-found" });
    expect(await queued()).toEqual([]);
  });
});
