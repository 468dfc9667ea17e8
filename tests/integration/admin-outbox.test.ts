import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, outbox } from "~db/schema";
import { deliverDueEmails } from "~emails/deliver.server";
import { enqueueEmails, type QueuedEmail } from "~emails/outbox.server";
import { smtpTransport } from "~emails/transport.server";
import { startMailWorker } from "~emails/worker.server";
import { listOutbox, redactLinks } from "~/models/outbox-admin.server";
import { action as outboxAction, loader as outboxLoader } from "~/routes/admin.outbox";
import { createFestival, type FestivalRow } from "~tests/factories";
import { accessCookies, expectGuarded, type AccessCookies } from "~tests/helpers/admin-access";
import { waitFor } from "~tests/helpers/mail-delivery";
import { callRoute } from "~tests/helpers/remix";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
let festival: FestivalRow;
let cookies: AccessCookies;
let smtp: TestSmtp;
const FROM = "Festival <f@fest.example.org>";

beforeAll(async () => {
  smtp = await startTestSmtp();
  festival = await createFestival(testDb.handle.db);
  cookies = await accessCookies(testDb.handle.db);
});
afterAll(() => smtp.close());
beforeEach(async () => {
  await testDb.handle.db.delete(outbox);
  smtp.messages.length = 0;
});

const message = (key: string, overrides: Partial<QueuedEmail> = {}): QueuedEmail => ({
  kind: "reminder",
  to: `${key}@example.test`,
  dedupeKey: key,
  message: {
    subject: `Starts soon: ${key}`,
    text: `Your webinar starts soon.\nStop reminders: https://fest.example.org/unsubscribe/dXNlcg.reminders.SECRETMAC\nFeed: https://fest.example.org/calendar/feedtoken123.ics`,
    html: `<p>Your webinar starts soon (${key}).</p>`,
  },
  ...overrides,
});

const signIn = (key: string, code: string): QueuedEmail => ({
  kind: "sign-in",
  to: `${key}@example.test`,
  dedupeKey: `sign-in:${key}`,
  message: {
    subject: `Your sign-in code for Test Festival: ${code}`,
    text: `Sign in: https://fest.example.org/login/verify?token=TOKEN${code}\nOr enter this code: ${code}`,
    html: `<p>${code}</p>`,
  },
});

/** Queues the messages and has a real SMTP server refuse them for good (550), as the worker records it. */
async function failForGood(emails: QueuedEmail[]) {
  await enqueueEmails(testDb.handle.db, emails);
  smtp.failNext(emails.length, 550);
  const transport = smtpTransport(smtp.url, FROM);
  await deliverDueEmails(testDb.handle.db, transport, { limit: 100 });
  transport.close();
  const rows = await testDb.handle.db.select().from(outbox).where(eq(outbox.status, "failed"));
  expect(rows).toHaveLength(emails.length);
  return rows;
}

const rowOf = async (dedupeKey: string) =>
  (await testDb.handle.db.select().from(outbox).where(eq(outbox.dedupeKey, dedupeKey)))[0]!;

type Page = {
  counts: { failed: number; pending: number; due: number };
  items: {
    id: string;
    kind: string;
    subject: string;
    text: string | null;
    lastError: string | null;
    state: string;
    attempts: number;
  }[];
  page: number;
  pages: number;
};

const page = (url: string) => callRoute<Page>(outboxLoader, url, { cookie: cookies.organiser });
const post = (form: Record<string, string>) =>
  callRoute<{ error: string | null; done: string | null }>(outboxAction, "/admin/outbox", {
    cookie: cookies.organiser,
    form,
  });

describe("the outbox page", () => {
  it("is for organisers who passed the second factor, for every list and action", async () => {
    const [row] = await failForGood([message("guarded")]);
    await expectGuarded(outboxLoader, "/admin/outbox", cookies);
    await expectGuarded(outboxLoader, "/admin/outbox?status=pending", cookies);
    await expectGuarded(outboxAction, "/admin/outbox", cookies, {
      form: { intent: "retry", id: row!.id },
    });
    await expectGuarded(outboxAction, "/admin/outbox", cookies, { form: { intent: "retry-all" } });
    expect((await rowOf("guarded")).status).toBe("failed");
  });

  it("lists failed messages with the server's error, never a sign-in code or a personal link", async () => {
    await failForGood([message("broken"), signIn("someone", "482913")]);
    const res = await page("/admin/outbox?status=failed");
    expect(res.status).toBe(200);
    expect(res.data!.counts).toMatchObject({ failed: 2, pending: 0 });
    const broken = res.data!.items.find((i) => i.kind === "reminder")!;
    expect(broken.subject).toBe("Starts soon: broken");
    expect(broken.lastError).toMatch(/550/);
    expect(broken.text).toContain("Your webinar starts soon.");
    expect(broken.text).toContain("/unsubscribe/[hidden]");
    expect(broken.text).toContain("/calendar/[hidden]");
    const signInItem = res.data!.items.find((i) => i.kind === "sign-in")!;
    expect(signInItem.text).toBeNull();
    expect(signInItem.subject).toMatch(/hidden/);
    const everything = JSON.stringify(res.data);
    for (const secret of ["482913", "TOKEN", "SECRETMAC", "feedtoken123"])
      expect(everything).not.toContain(secret);
  });

  it("lists waiting messages soonest first, saying which are due, scheduled or retrying", async () => {
    const now = Date.now();
    await enqueueEmails(testDb.handle.db, [
      message("later", { sendAfter: new Date(now + 3_600_000) }),
      message("due", { sendAfter: new Date(now - 60_000) }),
      message("retry", { sendAfter: new Date(now + 60_000) }),
    ]);
    await testDb.handle.db
      .update(outbox)
      .set({ lastError: "421 try again later", attempts: 2 })
      .where(eq(outbox.dedupeKey, "retry"));
    const res = await page("/admin/outbox?status=pending");
    expect(res.data!.items.map((i) => [i.subject, i.state, i.attempts])).toEqual([
      ["Starts soon: due", "Due now", 0],
      ["Starts soon: retry", "Will retry", 2],
      ["Starts soon: later", "Scheduled", 0],
    ]);
  });

  it("pages through long lists, and takes nonsense in the address as the first page", async () => {
    await enqueueEmails(
      testDb.handle.db,
      Array.from({ length: 5 }, (_, i) =>
        message(`p${i}`, { sendAfter: new Date(Date.UTC(2030, 0, 1, 0, i)) }),
      ),
    );
    const second = await listOutbox("pending", { page: 2, perPage: 2, now: new Date() });
    expect(second).toMatchObject({ total: 5, page: 2, pages: 3 });
    expect(second.items.map((i) => i.subject)).toEqual(["Starts soon: p2", "Starts soon: p3"]);
    const beyond = await listOutbox("pending", { page: 99, perPage: 2, now: new Date() });
    expect(beyond.page).toBe(3);
    for (const url of ["/admin/outbox?page=-4&status=nope", "/admin/outbox?page=abc"]) {
      const res = await page(url);
      expect(res.status).toBe(200);
      expect(res.data!.page).toBe(1);
    }
  });

  it("retries one failed message: back in the queue with fresh attempts, audited, and the worker delivers it", async () => {
    const [row] = await failForGood([message("retry-me")]);
    expect(row!.lastError).toMatch(/550/);
    const res = await post({ intent: "retry", id: row!.id });
    expect(res.status).toBe(200);
    expect(res.data!.done).toBe(
      "The reminder message to retry-me@example.test is back in the queue.",
    );
    expect(await rowOf("retry-me")).toMatchObject({ status: "pending", attempts: 0 });

    const [audit] = await testDb.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "outbox.retry"), eq(auditLog.subjectId, row!.id)));
    expect(audit).toMatchObject({
      festivalId: festival.id,
      actorEmail: cookies.organiserUser.email,
      summary: "Retried the failed reminder message to retry-me@example.test",
    });
    expect(audit!.before).toMatchObject({ status: "failed", attempts: 1 });

    const worker = startMailWorker({
      db: testDb.handle.db,
      transport: smtpTransport(smtp.url, FROM),
      idleMs: 20,
      log: () => {},
    });
    try {
      await waitFor(async () => (await rowOf("retry-me")).status === "sent", "the retried message");
    } finally {
      await worker.stop();
    }
    expect(smtp.messages.map((m) => m.subject)).toEqual(["Starts soon: retry-me"]);

    // Retrying it again: it is not failed any more.
    const again = await post({ intent: "retry", id: row!.id });
    expect(again.status).toBe(409);
    expect(again.data!.error).toMatch(/not failed/);
  });

  it("refuses ids that are not uuids or not in the outbox with a 404, and a post without a choice with a 400", async () => {
    expect((await post({ intent: "retry", id: "1 or 1=1" })).status).toBe(404);
    expect(
      (await post({ intent: "retry", id: "00000000-0000-4000-8000-000000000000" })).status,
    ).toBe(404);
    const nothing = await post({ intent: "delete-everything" });
    expect(nothing.status).toBe(400);
    expect(nothing.data!.error).toBe("Choose a message to retry.");
  });

  it("retries all failed messages in one audited step, leaving expired sign-in codes alone", async () => {
    const rows = await failForGood([
      message("all-1"),
      message("all-2"),
      signIn("fresh", "111111"),
      signIn("stale", "222222"),
    ]);
    const stale = rows.find((r) => r.dedupeKey === "sign-in:stale")!;
    await testDb.handle.db
      .update(outbox)
      .set({ createdAt: new Date(Date.now() - 60 * 60_000) })
      .where(eq(outbox.id, stale.id));
    expect((await post({ intent: "retry", id: stale.id })).status).toBe(409);

    const res = await post({ intent: "retry-all" });
    expect(res.status).toBe(200);
    expect(res.data!.done).toBe(
      "3 messages are back in the queue. 1 expired sign-in message was left: the person can ask for a new code.",
    );
    const after = await testDb.handle.db.select().from(outbox);
    expect(
      after
        .filter((r) => r.status === "pending")
        .map((r) => r.dedupeKey)
        .sort(),
    ).toEqual(["all-1", "all-2", "sign-in:fresh"]);
    expect(after.find((r) => r.id === stale.id)!.status).toBe("failed");
    const audits = await testDb.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "outbox.retry-all"));
    expect(audits.map((a) => a.summary)).toEqual([
      "Retried 3 failed messages (1 expired sign-in message left failed)",
    ]);

    const transport = smtpTransport(smtp.url, FROM);
    await deliverDueEmails(testDb.handle.db, transport, { limit: 100 });
    transport.close();
    expect(smtp.messages.map((m) => m.subject).sort()).toEqual([
      "Starts soon: all-1",
      "Starts soon: all-2",
      "Your sign-in code for Test Festival: 111111",
    ]);
  });

  it("hides personal links in any text", () => {
    expect(
      redactLinks(
        "a https://x.org/unsubscribe/abc.def.ghi b https://x.org/login/verify?token=zzz&x=1 c /calendar/tok.ics",
      ),
    ).toBe(
      "a https://x.org/unsubscribe/[hidden] b https://x.org/login/verify?token=[hidden]&x=1 c /calendar/[hidden]",
    );
  });
});
