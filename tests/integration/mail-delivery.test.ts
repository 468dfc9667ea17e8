import { generateKeyPairSync } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "~db/client.server";
import { outbox } from "~db/schema";
import { deliverDueEmails } from "~emails/deliver.server";
import { claimDueEmails, enqueueEmails } from "~emails/outbox.server";
import { mailQueueStats } from "~emails/stats.server";
import { smtpTransport, transportFor } from "~emails/transport.server";
import { startMailWorker, type MailLogLine } from "~emails/worker.server";
import { parseEnv } from "~/lib/env.server";
import { checkDkim } from "~tests/helpers/dkim";
import {
  AT_SERVER,
  FROM,
  IN_HAND,
  cleanups,
  email,
  enqueueMany,
  pendingCount,
  smtpServer,
  tally,
  transportTo,
  valve,
  waitFor,
} from "~tests/helpers/mail-delivery";
import { testDatabaseKind, withTestDatabase } from "~tests/helpers/test-database";

/**
 * Delivery you can trust: exactly once through a flaky server, two workers
 * racing, a worker stopped or killed mid-batch, the queue's counts, DKIM.
 * Runs on PGlite and on PostgreSQL. A worker killed in a process of its own
 * needs a database server: postgres-mail-worker-process.test.ts; here the
 * same rule is tested with a crash simulated in-process, on both.
 */
const testDb = withTestDatabase();
const kind = testDatabaseKind();

beforeEach(async () => {
  await testDb.handle.db.delete(outbox);
});

describe("exactly once through a flaky server", () => {
  it("a server that refuses the first attempts (4xx) gets every message once, retried under the same Message-ID", async () => {
    const smtp = await smtpServer();
    const transport = transportTo(smtp);
    const keys = await enqueueMany(testDb.handle.db, "flaky", 20);
    smtp.failNext(7, 451);
    let now = new Date();
    for (let round = 0; round < 10 && (await pendingCount(testDb.handle.db)) > 0; round++) {
      await deliverDueEmails(testDb.handle.db, transport, { now });
      now = new Date(now.getTime() + 3_600_000); // past any backoff
    }

    const { copies, duplicates, distinct } = tally(smtp.received);
    expect(smtp.refused).toHaveLength(7);
    expect(smtp.received).toHaveLength(20);
    expect(duplicates).toBe(0);
    expect(distinct).toBe(20);
    expect([...copies.keys()].sort()).toEqual([...keys].sort());
    const messageIds = smtp.received.map((m) => m.header("Message-ID"));
    expect(new Set(messageIds).size).toBe(20);
    // A retry is the same message: the refused copy and the accepted one share a Message-ID.
    for (const refused of smtp.refused) {
      const accepted = smtp.received.find(
        (m) => m.header("X-Test-Key") === refused.header("X-Test-Key"),
      );
      expect(accepted?.header("Message-ID")).toBe(refused.header("Message-ID"));
    }
    const rows = await testDb.handle.db.select().from(outbox);
    expect(rows.every((r) => r.status === "sent" && r.lockedUntil === null)).toBe(true);
    expect(rows.reduce((n, r) => n + r.attempts, 0)).toBe(27);
  });
});

describe("two workers racing", () => {
  it(`deliver 2,000 due messages, each exactly once (${kind === "postgres" ? "each worker with its own connection pool" : "PGlite has one connection: both workers share the handle"})`, async () => {
    const smtp = await smtpServer({ parse: false });
    const handles: Db[] = [];
    if (kind === "postgres") {
      for (let i = 0; i < 2; i++) {
        const handle = await openDatabase({ url: testDb.url!, maxConnections: 5 });
        cleanups.push(() => handle.close());
        handles.push(handle.db);
      }
    } else handles.push(testDb.handle.db, testDb.handle.db);
    await enqueueMany(testDb.handle.db, "race", 2_000);

    const sentBy = [0, 0];
    const workers = handles.map((db, i) =>
      startMailWorker({
        db,
        transport: smtpTransport(smtp.url, FROM), // closed by stop()
        idleMs: 20,
        log: (line: MailLogLine) => {
          if (line.event === "mail.batch") sentBy[i]! += line.sent as number;
        },
      }),
    );
    cleanups.push(() => Promise.all(workers.map((w) => w.stop())));
    await waitFor(
      async () => (await pendingCount(testDb.handle.db)) === 0,
      "2,000 messages sent",
      50_000, // about 10 s on a quiet machine; generous for a loaded one
    );
    await Promise.all(workers.map((w) => w.stop()));

    const { duplicates, distinct } = tally(smtp.received);
    console.log(`two workers: ${sentBy.join(" + ")} messages, ${duplicates} duplicates`);
    expect(smtp.received).toHaveLength(2_000);
    expect(distinct).toBe(2_000);
    expect(duplicates).toBe(0);
    expect(sentBy[0]! + sentBy[1]!).toBe(2_000);
    // Both took part: the race was real.
    expect(sentBy[0]).toBeGreaterThan(0);
    expect(sentBy[1]).toBeGreaterThan(0);
    expect(await mailQueueStats(testDb.handle.db, new Date())).toMatchObject({
      pending: 0,
      sent: 2_000,
      failed: 0,
    });
  });
});

describe("stopping a worker mid-batch", () => {
  it("releases the rows it has not attempted at once and finishes the sends in hand", async () => {
    const gate = valve();
    const smtp = await smtpServer({ beforeAccept: () => gate.wait() });
    await enqueueMany(testDb.handle.db, "stop", 30);
    const lines: MailLogLine[] = [];
    const worker = startMailWorker({
      db: testDb.handle.db,
      transport: smtpTransport(smtp.url, FROM),
      batchSize: 30,
      idleMs: 20,
      log: (line) => lines.push(line),
    });
    cleanups.push(() => worker.stop());
    cleanups.push(() => gate.open()); // (cleanups run last first: the held sends go, then stop)
    // The pool's connections each hold a message at the (slow) server; the worker has
    // handed the pool as many again, queued behind them.
    await waitFor(() => gate.held.length === AT_SERVER, "the pool's sends in progress");

    const stopped = worker.stop();
    const released = () =>
      testDb.handle.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.status, "pending"), isNull(outbox.lockedUntil)));
    // Given back while the sends are still held at the server, not after them.
    await waitFor(
      async () => (await released()).length === 30 - IN_HAND,
      "the rows not handed out released",
    );
    expect(gate.held).toHaveLength(AT_SERVER);
    expect((await released()).every((r) => r.attempts === 0)).toBe(true);
    const inHand = await testDb.handle.db
      .select()
      .from(outbox)
      .where(sql`${outbox.lockedUntil} is not null`);
    expect(inHand).toHaveLength(IN_HAND);
    expect(inHand.every((r) => r.status === "pending" && r.attempts === 1)).toBe(true);

    // The sends in hand finish and are recorded; then the worker is done.
    gate.open();
    await stopped;
    expect(lines.find((l) => l.event === "mail.stopped")).toEqual({
      event: "mail.stopped",
      released: 30 - IN_HAND,
    });
    const sent = await testDb.handle.db.select().from(outbox).where(eq(outbox.status, "sent"));
    expect(sent.map((r) => r.id).sort()).toEqual(inHand.map((r) => r.id).sort());
    expect(smtp.received).toHaveLength(IN_HAND);

    // Another worker takes the released rows straight away, long before the 2-minute lease.
    const next = await deliverDueEmails(testDb.handle.db, transportTo(smtp));
    expect(next).toMatchObject({ claimed: 30 - IN_HAND, sent: 30 - IN_HAND });
    const { duplicates, distinct } = tally(smtp.received);
    expect(distinct).toBe(30);
    expect(duplicates).toBe(0);
    const rows = await testDb.handle.db.select().from(outbox);
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });
});

describe("a worker that dies mid-batch", () => {
  it("leaves its rows to another worker after the lease; only messages in flight can arrive twice (crash simulated in-process)", async () => {
    const smtp = await smtpServer({ parse: false });
    const transport = transportTo(smtp);
    await enqueueMany(testDb.handle.db, "crash", 30);
    // The dead worker's last act: it claimed 10 rows and handed 2 of them to the
    // server, which accepted them, but died before recording either.
    const leaseMs = 2_000;
    const claimed = await claimDueEmails(testDb.handle.db, {
      now: new Date(),
      limit: 10,
      leaseMs,
    });
    expect(claimed).toHaveLength(10);
    const inFlight = claimed.slice(0, 2);
    for (const row of inFlight) await transport.send(row.recipient, row.message, { id: row.id });
    const leaseEnds = claimed[0]!.lockedUntil!.getTime();

    const worker = startMailWorker({
      db: testDb.handle.db,
      transport: smtpTransport(smtp.url, FROM),
      leaseMs,
      idleMs: 50,
      log: () => {},
    });
    cleanups.push(() => worker.stop());
    await waitFor(async () => (await pendingCount(testDb.handle.db)) === 0, "all 30 sent");
    await worker.stop();

    const { copies, duplicates, distinct } = tally(smtp.received);
    console.log(
      `crash simulated in-process: ${duplicates} duplicates, ${inFlight.length} in flight`,
    );
    expect(distinct).toBe(30);
    expect(duplicates).toBeLessThanOrEqual(inFlight.length);
    for (const row of inFlight) expect(copies.get(row.dedupeKey)).toBe(2);
    // Nobody touched the dead worker's rows until its lease ended.
    const claimedKeys = new Set(claimed.map((r) => r.dedupeKey));
    const retaken = smtp.received
      .slice(inFlight.length)
      .filter((m) => claimedKeys.has(m.header("X-Test-Key")!));
    expect(retaken).toHaveLength(10);
    for (const m of retaken) expect(m.at).toBeGreaterThanOrEqual(leaseEnds);
  });
});

describe("the queue's counts", () => {
  it("counts pending, due, sending, retrying, sent and failed, with the oldest due age and the latest errors", async () => {
    const db = testDb.handle.db;
    const now = new Date();
    const ago = (s: number) => new Date(now.getTime() - s * 1000);
    expect(await mailQueueStats(db, now)).toEqual({
      pending: 0,
      due: 0,
      sending: 0,
      retrying: 0,
      sent: 0,
      failed: 0,
      oldestDueSeconds: null,
      recentErrors: [],
    });
    await enqueueEmails(db, [
      { ...email("due-old"), sendAfter: ago(90) },
      { ...email("due-new"), sendAfter: ago(5) },
      { ...email("later"), sendAfter: ago(-3_600) },
      { ...email("leased"), sendAfter: ago(10) },
      { ...email("lease-expired"), sendAfter: ago(600) },
      { ...email("retrying"), sendAfter: ago(-60) },
      email("sent-1"),
      email("sent-2"),
      email("failed"),
    ]);
    const set = (key: string, values: Partial<typeof outbox.$inferInsert>) =>
      db.update(outbox).set(values).where(eq(outbox.dedupeKey, key));
    await set("leased", { lockedUntil: ago(-60), attempts: 1 });
    // A dead worker's lease that has run out: due again, not sending.
    await set("lease-expired", { lockedUntil: ago(30), attempts: 1 });
    await set("retrying", { attempts: 1, lastError: "451 Try again later" });
    await set("sent-1", { status: "sent", sentAt: now });
    await set("sent-2", { status: "sent", sentAt: now });
    await set("failed", { status: "failed", attempts: 1, lastError: "550 No such user" });

    const stats = await mailQueueStats(db, now);
    expect(stats).toMatchObject({
      pending: 6,
      due: 3,
      sending: 1,
      retrying: 1,
      sent: 2,
      failed: 1,
      oldestDueSeconds: 600,
    });
    expect(stats.recentErrors.map((e) => [e.recipient, e.status, e.lastError]).sort()).toEqual([
      ["failed@example.test", "failed", "550 No such user"],
      ["retrying@example.test", "retrying", "451 Try again later"],
    ]);
    expect((await mailQueueStats(db, now, { errors: 1 })).recentErrors).toHaveLength(1);
  });

  it("the worker logs a stats line while there is activity and keeps quiet when idle", async () => {
    const smtp = await smtpServer({ parse: false });
    const lines: MailLogLine[] = [];
    const worker = startMailWorker({
      db: testDb.handle.db,
      transport: smtpTransport(smtp.url, FROM),
      idleMs: 20,
      statsIntervalMs: 200,
      log: (line) => lines.push(line),
    });
    cleanups.push(() => worker.stop());
    // Idle from the start: nothing at all.
    await new Promise((r) => setTimeout(r, 400));
    expect(lines).toEqual([]);

    await enqueueMany(testDb.handle.db, "stats", 3);
    const stats = () => lines.filter((l) => l.event === "mail.stats");
    const sentInStats = () => stats().reduce((n, l) => n + (l.worker as { sent: number }).sent, 0);
    await waitFor(() => sentInStats() === 3, "stats lines counting the 3 messages");
    expect(lines.find((l) => l.event === "mail.batch")).toMatchObject({ claimed: 3, sent: 3 });
    expect(stats().at(-1)).toMatchObject({
      queue: { pending: 0, due: 0, sending: 0, sent: 3, failed: 0, oldestDueSeconds: null },
      worker: { failed: 0, retrying: 0, errors: 0 },
    });
    // Idle again: no more lines, however many intervals pass.
    const count = lines.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(lines).toHaveLength(count);
    await worker.stop();
    expect(lines.at(-1)).toEqual({ event: "mail.stopped", released: 0 });
  });
});

describe("DKIM", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();

  it("signs every message when DKIM_* are set, and no message when they are not", async () => {
    const smtp = await smtpServer();
    const signed = parseEnv({
      SMTP_URL: smtp.url,
      MAIL_FROM: FROM,
      DKIM_DOMAIN: "example.test",
      DKIM_SELECTOR: "meridian",
      // As a .env file or a container setting holds it: one line, \n escaped.
      DKIM_PRIVATE_KEY: pem.trim().replace(/\n/g, "\\n"),
    });
    const withDkim = transportFor(testDb.handle.db, signed);
    cleanups.push(() => withDkim.close());
    await enqueueEmails(testDb.handle.db, [
      email("dkim-1"),
      {
        ...email("dkim-2"),
        message: {
          ...email("dkim-2").message,
          calendar: {
            method: "REQUEST",
            content: "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n",
          },
        },
      },
    ]);
    expect((await deliverDueEmails(testDb.handle.db, withDkim)).sent).toBe(2);
    for (const message of smtp.received) {
      expect(message.header("DKIM-Signature")).toBeDefined();
      const check = checkDkim(message.raw, publicKey);
      expect(check).toMatchObject({
        domain: "example.test",
        selector: "meridian",
        bodyHashMatches: true,
        signatureValid: true,
      });
      expect(check!.signedHeaders).toEqual(expect.arrayContaining(["from", "subject", "to"]));
    }

    const plain = transportFor(testDb.handle.db, parseEnv({ SMTP_URL: smtp.url, MAIL_FROM: FROM }));
    cleanups.push(() => plain.close());
    await enqueueEmails(testDb.handle.db, [email("plain-1")]);
    expect((await deliverDueEmails(testDb.handle.db, plain)).sent).toBe(1);
    const unsigned = smtp.received.at(-1)!;
    expect(unsigned.header("X-Test-Key")).toBe("plain-1");
    expect(unsigned.header("DKIM-Signature")).toBeUndefined();
    expect(checkDkim(unsigned.raw, publicKey)).toBeUndefined();
  });

  it("a tampered message fails the check (the check is real)", async () => {
    const smtp = await smtpServer();
    const transport = smtpTransport(smtp.url, FROM, {
      dkim: { domainName: "example.test", keySelector: "meridian", privateKey: pem },
    });
    cleanups.push(() => transport.close());
    await enqueueEmails(testDb.handle.db, [email("tamper")]);
    await deliverDueEmails(testDb.handle.db, transport);
    const raw = smtp.received[0]!.raw;
    expect(checkDkim(raw, publicKey)).toMatchObject({
      bodyHashMatches: true,
      signatureValid: true,
    });
    const subject = Buffer.from(
      raw.toString("latin1").replace("Reminder tamper", "Reminder tampered"),
      "latin1",
    );
    expect(checkDkim(subject, publicKey)!.signatureValid).toBe(false);
    const body = Buffer.from(
      raw.toString("latin1").replace("starts soon", "starts late"),
      "latin1",
    );
    expect(checkDkim(body, publicKey)!.bodyHashMatches).toBe(false);
  });
});
