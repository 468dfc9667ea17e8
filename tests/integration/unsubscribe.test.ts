import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, user } from "~db/schema";
import { deliverDueEmails } from "~emails/deliver.server";
import { smtpTransport } from "~emails/transport.server";
import { unsubscribeToken } from "~/lib/unsubscribe.server";
import { updateProfile } from "~/models/account.server";
import { registerForWebinar } from "~/models/registration.server";
import { action, loader } from "~/routes/unsubscribe.$token";
import { createAttendee, createFestival, createWebinar, type FestivalRow } from "~tests/factories";
import { callRoute } from "~tests/helpers/remix";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
const appUrl = "http://localhost:3000";
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

const ctx = () => ({ festival, appUrl, now });

async function pending(userId: string, kind: string) {
  return testDb.handle.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.userId, userId), eq(outbox.kind, kind), eq(outbox.status, "pending")));
}

describe("unsubscribing, the standard way", () => {
  it("puts List-Unsubscribe and one-click headers on reminders, not on confirmations", async () => {
    const w = await createWebinar(testDb.handle.db, festival, { localStart: "2026-11-24T12:30" });
    const ann = await createAttendee(testDb.handle.db, festival, { email: "ann@example.org" });
    await registerForWebinar(ann.id, w.slug, ctx());
    const transport = smtpTransport(smtp.url, "Festival <f@example.org>");
    // Deliver everything up to the day-before reminder.
    await deliverDueEmails(testDb.handle.db, transport, { now: new Date("2026-11-23T12:31:00Z") });
    transport.close();
    const confirmation = smtp.messages.find((m) => m.subject?.startsWith("Confirmed:"))!;
    const reminder = smtp.messages.find((m) => m.subject?.startsWith("Tomorrow:"))!;
    expect(confirmation.headers.has("list-unsubscribe")).toBe(false);
    const raw = (name: string) =>
      reminder.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, "") ?? "";
    const header = raw("list-unsubscribe");
    expect(header).toMatch(new RegExp(`^<${appUrl}/unsubscribe/[A-Za-z0-9_.-]+>$`));
    expect(raw("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(reminder.text).toContain(`${appUrl}/webinars/${w.slug}/join`);
    expect(reminder.text).toContain("calendar.google.com");
  });

  it("the one-click POST works with no cookie and no redirect, and stops reminders only", async () => {
    const w = await createWebinar(testDb.handle.db, festival, { localStart: "2026-11-25T12:30" });
    const later = await createWebinar(testDb.handle.db, festival, {
      localStart: "2026-11-26T12:30",
    });
    const bob = await createAttendee(testDb.handle.db, festival);
    expect(await registerForWebinar(bob.id, w.slug, ctx())).toEqual({
      status: "confirmed",
      already: false,
    });
    expect(await pending(bob.id, "reminder")).toHaveLength(2);
    const token = unsubscribeToken(bob.id, "reminders");

    const page = await callRoute<{ what: string }>(loader, `/unsubscribe/${token}`, {
      params: { token },
    });
    expect(page.status).toBe(200);
    expect(page.data?.what).toBe("reminders before your webinars");
    // Looking is not unsubscribing: link checkers follow GETs.
    expect(await pending(bob.id, "reminder")).toHaveLength(2);

    const res = await callRoute(action, `/unsubscribe/${token}`, {
      params: { token },
      form: { "List-Unsubscribe": "One-Click" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Location")).toBeNull();
    const [after] = await testDb.handle.db.select().from(user).where(eq(user.id, bob.id));
    expect(after!.emailReminders).toBe(false);
    expect(await pending(bob.id, "reminder")).toHaveLength(0);

    // Registration confirmations still come; no reminders are planned.
    await registerForWebinar(bob.id, later.slug, ctx());
    expect(await pending(bob.id, "webinar-confirmed")).toHaveLength(2);
    expect(await pending(bob.id, "reminder")).toHaveLength(0);

    // Clicking again is harmless.
    const again = await callRoute(action, `/unsubscribe/${token}`, { params: { token }, form: {} });
    expect(again.status).toBe(200);
  });

  it("refuses forged, altered or unknown tokens with a 404, never a 500", async () => {
    const cat = await createAttendee(testDb.handle.db, festival);
    const good = unsubscribeToken(cat.id, "reminders");
    const other = unsubscribeToken(cat.id, "news");
    const forged = [
      good.slice(0, -2) + (good.endsWith("A") ? "BB" : "AA"),
      good.replace(".reminders.", ".news."),
      `${other.split(".")[0]}.everything.${other.split(".")[2]}`,
      "x",
      "a.b.c",
      "%%%",
      "a".repeat(500),
    ];
    for (const token of forged) {
      const res = await callRoute(action, `/unsubscribe/x`, { params: { token }, form: {} });
      expect(res.status).toBe(404);
    }
    const [after] = await testDb.handle.db.select().from(user).where(eq(user.id, cat.id));
    expect(after!.emailReminders).toBe(true);
  });

  it("re-plans reminders when someone chooses the digest or moves zone", async () => {
    const w = await createWebinar(testDb.handle.db, festival, { localStart: "2026-11-24T12:30" });
    const dee = await createAttendee(testDb.handle.db, festival, { name: "Dee" });
    await registerForWebinar(dee.id, w.slug, ctx());
    expect(await pending(dee.id, "reminder")).toHaveLength(2);
    const form = new FormData();
    form.set("name", "Dee");
    form.set("timeZone", "Australia/Melbourne");
    form.set("emailReminders", "on");
    form.set("emailDigest", "on");
    await updateProfile(dee.id, form, appUrl, now);
    const left = await pending(dee.id, "reminder");
    expect(left.map((r) => r.sendAfter.toISOString())).toEqual(["2026-11-24T12:15:00.000Z"]);
  });
});
