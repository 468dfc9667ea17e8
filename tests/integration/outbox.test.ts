import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { devMail, outbox } from "~db/schema";
import { deliverDueEmails } from "~emails/deliver.server";
import {
  claimDueEmails,
  enqueueEmails,
  MAX_ATTEMPTS,
  retryDelayMs,
  type QueuedEmail,
} from "~emails/outbox.server";
import { devMailboxTransport, smtpTransport, type MailTransport } from "~emails/transport.server";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
let smtp: TestSmtp;
let transport: MailTransport;

beforeAll(async () => {
  smtp = await startTestSmtp();
  transport = smtpTransport(smtp.url, "Festival <festival@example.test>");
});
afterAll(async () => {
  transport.close();
  await smtp.close();
});
beforeEach(async () => {
  await testDb.handle.db.delete(outbox);
  smtp.messages.length = 0;
});

const email = (n: number, overrides: Partial<QueuedEmail> = {}): QueuedEmail => ({
  kind: "test",
  to: `person${n}@example.test`,
  dedupeKey: `test:${n}`,
  message: { subject: `Hello ${n}`, text: `Plain text ${n}`, html: `<p>HTML ${n}</p>` },
  ...overrides,
});

describe("the outbox", () => {
  it("queues a message once per dedupe key", async () => {
    expect(await enqueueEmails(testDb.handle.db, [email(1), email(1), email(2)])).toBe(2);
    expect(await enqueueEmails(testDb.handle.db, [email(1)])).toBe(0);
    expect(await testDb.handle.db.select().from(outbox)).toHaveLength(2);
  });

  it("delivers due messages through SMTP with text and HTML parts", async () => {
    await enqueueEmails(testDb.handle.db, [email(1)]);
    const result = await deliverDueEmails(testDb.handle.db, transport);
    expect(result).toMatchObject({ claimed: 1, sent: 1 });
    expect(smtp.messages).toHaveLength(1);
    const [message] = smtp.messages;
    expect(message!.subject).toBe("Hello 1");
    expect(message!.text?.trim()).toBe("Plain text 1");
    expect(message!.html).toContain("<p>HTML 1</p>");
    expect(message!.to).toMatchObject({ text: "person1@example.test" });
    const [row] = await testDb.handle.db.select().from(outbox);
    expect(row).toMatchObject({ status: "sent", attempts: 1, lockedUntil: null });
    // Nothing left to send.
    expect((await deliverDueEmails(testDb.handle.db, transport)).claimed).toBe(0);
  });

  it("waits until a message is due", async () => {
    const now = new Date();
    await enqueueEmails(testDb.handle.db, [
      email(1, { sendAfter: new Date(now.getTime() + 60_000) }),
    ]);
    expect((await deliverDueEmails(testDb.handle.db, transport, { now })).claimed).toBe(0);
    expect(
      (
        await deliverDueEmails(testDb.handle.db, transport, {
          now: new Date(now.getTime() + 61_000),
        })
      ).sent,
    ).toBe(1);
  });

  it("retries temporary SMTP failures with backoff and delivers exactly once", async () => {
    await enqueueEmails(testDb.handle.db, [email(1)]);
    smtp.failNext(2, 451);
    let now = new Date();
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push(await deliverDueEmails(testDb.handle.db, transport, { now }));
      now = new Date(now.getTime() + 3_600_000); // past any backoff
    }
    expect(outcomes.map((o) => [o.retrying, o.sent])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
    expect(smtp.messages).toHaveLength(1);
    const [row] = await testDb.handle.db.select().from(outbox);
    expect(row).toMatchObject({ status: "sent", attempts: 3 });
  });

  it("marks a permanent failure (5xx) and keeps the error for organisers", async () => {
    await enqueueEmails(testDb.handle.db, [email(1)]);
    smtp.failNext(1, 550);
    expect((await deliverDueEmails(testDb.handle.db, transport)).failed).toBe(1);
    const [row] = await testDb.handle.db.select().from(outbox);
    expect(row!.status).toBe("failed");
    expect(row!.lastError).toMatch(/550|Try again later/);
  });

  it("gives up after the maximum attempts instead of retrying forever", async () => {
    await enqueueEmails(testDb.handle.db, [email(1)]);
    await testDb.handle.db.update(outbox).set({ attempts: MAX_ATTEMPTS - 1 });
    smtp.failNext(1, 421);
    expect((await deliverDueEmails(testDb.handle.db, transport)).failed).toBe(1);
  });

  it("lets concurrent workers claim each due row once", async () => {
    await enqueueEmails(
      testDb.handle.db,
      Array.from({ length: 200 }, (_, n) => email(n)),
    );
    const now = new Date();
    const claims = await Promise.all(
      Array.from({ length: 4 }, () =>
        claimDueEmails(testDb.handle.db, { now, limit: 80, leaseMs: 60_000 }),
      ),
    );
    const ids = claims.flat().map((r) => r.id);
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
  });

  it("hands a crashed worker's rows to another after the lease", async () => {
    await enqueueEmails(testDb.handle.db, [email(1)]);
    const now = new Date();
    expect(
      await claimDueEmails(testDb.handle.db, { now, limit: 10, leaseMs: 60_000 }),
    ).toHaveLength(1);
    // The worker dies; within the lease nobody else takes the row...
    expect(
      await claimDueEmails(testDb.handle.db, {
        now: new Date(now.getTime() + 30_000),
        limit: 10,
        leaseMs: 60_000,
      }),
    ).toHaveLength(0);
    // ...after it, another worker delivers it.
    const later = await deliverDueEmails(testDb.handle.db, transport, {
      now: new Date(now.getTime() + 61_000),
    });
    expect(later.sent).toBe(1);
    expect(smtp.messages).toHaveLength(1);
  });

  it("keeps messages in the dev mailbox when there is no SMTP server", async () => {
    await enqueueEmails(testDb.handle.db, [email(7)]);
    const dev = devMailboxTransport(testDb.handle.db, "Festival <festival@example.test>");
    expect((await deliverDueEmails(testDb.handle.db, dev)).sent).toBe(1);
    const [kept] = await testDb.handle.db
      .select()
      .from(devMail)
      .where(eq(devMail.recipient, "person7@example.test"));
    expect(kept!.subject).toBe("Hello 7");
    expect(kept!.raw).toContain("Content-Type: multipart/alternative");
  });
});

describe("retry delays", () => {
  it("grow exponentially with jitter and stop growing at an hour", () => {
    expect(retryDelayMs(1, () => 1)).toBe(30_000);
    expect(retryDelayMs(1, () => 0)).toBe(15_000);
    expect(retryDelayMs(3, () => 1)).toBe(120_000);
    expect(retryDelayMs(20, () => 1)).toBe(3_600_000);
  });
});
