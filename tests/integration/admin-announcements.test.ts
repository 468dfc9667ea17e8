import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, outbox } from "~db/schema";
import { deliverDueEmails } from "~emails/deliver.server";
import { smtpTransport } from "~emails/transport.server";
import { loader as listLoader } from "~/routes/admin.announcements._index";
import { action as composeAction, loader as composeLoader } from "~/routes/admin.announcements.new";
import {
  createAttendee,
  createFestival,
  createRegistration,
  createWebinar,
  type FestivalRow,
  type WebinarRow,
} from "~tests/factories";
import { accessCookies, expectGuarded, type AccessCookies } from "~tests/helpers/admin-access";
import { callRoute } from "~tests/helpers/remix";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
let festival: FestivalRow;
let webinar: WebinarRow;
let otherFestivalsWebinar: WebinarRow;
let cookies: AccessCookies;
let smtp: TestSmtp;
const people: Record<"ada" | "zoe" | "quiet", { id: string; email: string }> = {} as never;

interface Preview {
  step: "preview";
  preview: {
    subject: string;
    html: string;
    text: string;
    recipients: number;
    optedOut: number;
    audience: string;
    announcementId: string;
  };
}
interface Edit {
  step: "edit";
  errors: Record<string, string>;
  values: Record<string, string>;
}

beforeAll(async () => {
  smtp = await startTestSmtp();
  const db = testDb.handle.db;
  // An older edition: its webinars are not this festival's.
  const older = await createFestival(db, { startsOn: "2025-11-23", endsOn: "2025-11-27" });
  otherFestivalsWebinar = await createWebinar(db, older);
  festival = await createFestival(db, { startsOn: "2026-11-23", endsOn: "2026-11-27" });
  webinar = await createWebinar(db, festival, { title: "Mapping networks", capacity: 2 });
  people.ada = await createAttendee(db, festival, { name: "Ada Lovelace" });
  people.zoe = await createAttendee(db, festival, { name: "Zoë Adams" });
  people.quiet = await createAttendee(db, festival, { emailAnnouncements: false });
  await createRegistration(db, webinar, people.ada, "confirmed");
  await createRegistration(db, webinar, people.quiet, "confirmed");
  await createRegistration(db, webinar, people.zoe, "waitlisted");
  cookies = await accessCookies(db, { name: "Olu Organiser" });
});
afterAll(() => smtp.close());

const compose = (form: Record<string, string>, cookie = cookies.organiser) =>
  callRoute<Preview | Edit>(composeAction, "/admin/announcements/new", { cookie, form });

const announcementRows = () =>
  testDb.handle.db.select().from(outbox).where(eq(outbox.kind, "announcement"));

describe("announcement pages", () => {
  it("are for organisers who passed the second factor", async () => {
    await expectGuarded(listLoader, "/admin/announcements", cookies);
    await expectGuarded(composeLoader, "/admin/announcements/new", cookies);
    await expectGuarded(composeAction, "/admin/announcements/new", cookies, {
      form: { intent: "send", subject: "Hi", body: "Hi", audience: "festival" },
    });
    expect(await announcementRows()).toEqual([]);
  });

  it("offers the festival and each of its webinars (never another festival's) as audiences", async () => {
    const page = await callRoute<{ webinars: { id: string; title: string; when: string }[] }>(
      composeLoader,
      "/admin/announcements/new",
      { cookie: cookies.organiser },
    );
    expect(page.data!.webinars.map((w) => w.id)).toEqual([webinar.id]);
    expect(page.data!.webinars[0]!.when).toMatch(/London time \(UTC\)$/);
  });

  it("previews the real email made out to the organiser, and counts who gets it and who opted out", async () => {
    const res = await compose({
      intent: "preview",
      subject: "Welcome week",
      body: "See you **Monday**.\n\n<script>alert(1)</script>",
      audience: "festival",
    });
    expect(res.status).toBe(200);
    const { preview } = res.data as Preview;
    expect(preview.subject).toBe("Welcome week");
    expect(preview.text).toContain("Hello Olu,");
    expect(preview.html).toContain("<strong>Monday</strong>");
    expect(preview.html).not.toContain("<script>");
    expect(preview.html).toContain("/unsubscribe/");
    expect(preview).toMatchObject({
      recipients: 2,
      optedOut: 1,
      audience: "everyone registered for the festival",
    });
    expect(preview.announcementId).toMatch(/^[0-9a-f-]{36}$/);
    // A preview sends nothing.
    expect(await announcementRows()).toEqual([]);
  });

  it("counts one webinar's confirmed seats alone, or with its waitlist", async () => {
    const confirmed = await compose({
      subject: "Room change",
      body: "New link.",
      audience: `confirmed:${webinar.id}`,
    });
    expect((confirmed.data as Preview).preview).toMatchObject({
      recipients: 1,
      optedOut: 1,
      audience: "confirmed registrants of “Mapping networks”",
    });
    const everyone = await compose({
      subject: "Room change",
      body: "New link.",
      audience: `registered:${webinar.id}`,
    });
    expect((everyone.data as Preview).preview).toMatchObject({ recipients: 2, optedOut: 1 });
  });

  it("explains bad input next to each field with a 400 and keeps what was typed", async () => {
    const res = await compose({ intent: "preview", subject: "", body: "Kept", audience: "bogus" });
    expect(res.status).toBe(400);
    const edit = res.data as Edit;
    expect(edit.errors).toMatchObject({
      subject: "Give the message a subject.",
      audience: "Choose who gets the message.",
    });
    expect(edit.values.body).toBe("Kept");
    const long = await compose({ subject: "Hi", body: "x".repeat(20_001), audience: "festival" });
    expect((long.data as Edit).errors.body).toBe("Keep the message under 20,000 characters.");
    expect((long.data as Edit).values.body).toHaveLength(20_001);
    const malformed = await compose({
      subject: "Hi",
      body: "Hi",
      audience: "confirmed:not-a-uuid",
    });
    expect(malformed.status).toBe(400);
    // Sending needs the preview's key.
    const unconfirmed = await compose({
      intent: "send",
      subject: "Hi",
      body: "Hi",
      audience: "festival",
    });
    expect(unconfirmed.status).toBe(400);
    expect((unconfirmed.data as Edit).errors.form).toMatch(/preview/i);
    expect(await announcementRows()).toEqual([]);
  });

  it("refuses an unknown webinar or another festival's with a 404, sending nothing", async () => {
    for (const id of [otherFestivalsWebinar.id, "00000000-0000-4000-8000-000000000000"]) {
      const preview = await compose({ subject: "Hi", body: "Hi", audience: `registered:${id}` });
      expect(preview.status).toBe(404);
      const send = await compose({
        intent: "send",
        subject: "Hi",
        body: "Hi",
        audience: `registered:${id}`,
        announcementId: "6f1c2f8e-2a8b-4c53-9d8e-0c2d3e4f5a6b",
      });
      expect(send.status).toBe(404);
    }
    expect(await announcementRows()).toEqual([]);
  });

  it("sends once however often Send is pressed, audited, and delivers each person's own copy", async () => {
    const preview = await compose({
      subject: "Welcome week",
      body: "See you **Monday**.",
      audience: "festival",
    });
    const { announcementId } = (preview.data as Preview).preview;
    const form = {
      intent: "send",
      subject: "Welcome week",
      body: "See you **Monday**.",
      audience: "festival",
      announcementId,
    };
    // A double click: two posts at once; then someone registers and the form is posted again.
    const [first, second] = await Promise.all([compose(form), compose(form)]);
    const late = await createAttendee(testDb.handle.db, festival, { name: "Late Comer" });
    const third = await compose(form);
    for (const res of [first, second, third]) {
      expect(res.status).toBe(303);
      expect(res.headers.get("Location")).toBe(`/admin/announcements?sent=${announcementId}`);
    }
    const rows = await announcementRows();
    // Exactly the two who wanted it when it was sent: the repeat added nobody, not even the newcomer.
    expect(rows.map((r) => r.recipient).sort()).toEqual(
      [people.ada.email, people.zoe.email].sort(),
    );
    expect(rows.map((r) => r.recipient)).not.toContain(late.email);

    const audits = await testDb.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "announcement.send"), eq(auditLog.subjectId, announcementId)));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      festivalId: festival.id,
      actorId: cookies.organiserUser.id,
      actorEmail: cookies.organiserUser.email,
      summary:
        "Announced “Welcome week” to everyone registered for the festival: 2 people, 1 opted out",
    });
    expect(audits[0]!.after).toMatchObject({
      subject: "Welcome week",
      audience: "festival",
      recipients: 2,
    });

    const transport = smtpTransport(smtp.url, "Festival <f@fest.example.org>");
    await deliverDueEmails(testDb.handle.db, transport, { now: new Date(Date.now() + 1000) });
    transport.close();
    const received = smtp.messages.filter((m) => m.subject === "Welcome week");
    expect(received).toHaveLength(2);
    const toZoe = received.find((m) => JSON.stringify(m.to).includes(people.zoe.email))!;
    expect(toZoe.text).toContain("Hello Zoë,");
    expect(String(toZoe.html)).toContain("<strong>Monday</strong>");
    expect(toZoe.headerLines.some((h) => h.key === "list-unsubscribe")).toBe(true);
    const toAda = received.find((m) => JSON.stringify(m.to).includes(people.ada.email))!;
    expect(toAda.text).toContain("Hello Ada,");
  });

  it("lists past announcements with who sent them, to whom, and how delivery is going", async () => {
    const page = await callRoute<{
      justSent: string | null;
      announcements: {
        subject: string;
        by: string;
        audience: string;
        recipients: number;
        optedOut: number;
        delivered: number;
        waiting: number;
        failed: number;
        when: string;
      }[];
    }>(
      listLoader,
      `/admin/announcements?sent=${(await announcementRows())[0]!.dedupeKey.split(":")[1]}`,
      {
        cookie: cookies.organiser,
      },
    );
    expect(page.status).toBe(200);
    expect(page.data!.justSent).toBe("“Welcome week” is on its way to 2 people.");
    expect(page.data!.announcements).toEqual([
      expect.objectContaining({
        subject: "Welcome week",
        by: cookies.organiserUser.email,
        audience: "everyone registered for the festival",
        recipients: 2,
        optedOut: 1,
        delivered: 2,
        waiting: 0,
        failed: 0,
      }),
    ]);
    expect(page.data!.announcements[0]!.when).toMatch(/time \(UTC[^)]*\)$|UTC$/);
    // Nonsense in the address is ignored, not an error.
    const odd = await callRoute(listLoader, "/admin/announcements?before=yesterday&sent=x", {
      cookie: cookies.organiser,
    });
    expect(odd.status).toBe(200);
  });
});
