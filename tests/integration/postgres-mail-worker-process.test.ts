import { spawn, type ChildProcess } from "node:child_process";
import { and, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { outbox } from "~db/schema";
import type { MailLogLine } from "~emails/worker.server";
import type { TestSmtp } from "~tests/helpers/smtp";
import {
  AT_SERVER,
  IN_HAND,
  cleanups,
  enqueueMany,
  pendingCount,
  smtpServer,
  tally,
  valve,
  waitFor,
} from "~tests/helpers/mail-delivery";
import { withTestDatabase } from "~tests/helpers/test-database";

/**
 * A mail worker in a process of its own, killed or stopped mid-batch. Files
 * named postgres-* run only against PostgreSQL: an embedded database belongs
 * to one process, so there is no second process to kill. PGlite tests the
 * same rule with a crash simulated in-process (mail-delivery.test.ts).
 */
const testDb = withTestDatabase();

beforeEach(async () => {
  await testDb.handle.db.delete(outbox);
});

describe("a worker in a process of its own", () => {
  const LEASE_MS = 2_000;

  function startWorkerProcess(smtp: TestSmtp) {
    let stdout = "";
    let stderr = "";
    const child: ChildProcess = spawn(
      process.execPath,
      ["--import", "tsx", "tests/helpers/mail-worker-process.ts"],
      {
        env: {
          ...process.env,
          WORKER_DATABASE_URL: testDb.url!,
          WORKER_SMTP_URL: smtp.url,
          WORKER_LEASE_MS: String(LEASE_MS),
          WORKER_BATCH: "20",
          WORKER_IDLE_MS: "50",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.once("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))),
    );
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      return exited;
    });
    return { child, exited, stdout: () => stdout, stderr: () => stderr };
  }

  const leasedRows = () =>
    testDb.handle.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, "pending"), sql`${outbox.lockedUntil} > now()`));

  it("killed with SIGKILL: another worker delivers everything after the lease, duplicates at most the messages in its hands", async () => {
    const gate = valve();
    const smtp = await smtpServer({ parse: false, beforeAccept: () => gate.wait() });
    cleanups.push(() => gate.open());
    const keys = await enqueueMany(testDb.handle.db, "kill", 60);

    const first = startWorkerProcess(smtp);
    // Its first sends (one per pool connection) are held at the server; let them through.
    await waitFor(() => gate.held.length === AT_SERVER, "the first sends", 30_000);
    gate.let(AT_SERVER);
    // The next ones are held too: let one through and kill the worker at that very
    // moment, before it can record the message the server has just accepted.
    await waitFor(() => gate.held.length === AT_SERVER, "the next sends");
    const sendsInFlight = gate.held.length;
    gate.let(1);
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe(-1);
    const leased = await leasedRows();
    // The server notices the dead connections; what it held for them it never
    // acknowledged, so it does not deliver them.
    await waitFor(() => smtp.connections() === 0, "the dead worker's connections closed");
    const receivedAtKill = smtp.received.length;
    gate.open();

    const second = startWorkerProcess(smtp);
    await waitFor(
      async () => (await pendingCount(testDb.handle.db)) === 0,
      "all 60 sent by the second worker",
    );
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);

    const { copies, duplicates, distinct } = tally(smtp.received);
    console.log(
      `SIGKILL mid-batch: ${duplicates} duplicate(s); at the kill ${sendsInFlight} sends were at the server, ${IN_HAND} messages in the worker's hands, ${leased.length} rows claimed`,
    );
    expect(distinct).toBe(60);
    expect([...copies.keys()].sort()).toEqual([...keys].sort());
    // A message can only arrive twice if the server had it and the worker had not
    // recorded it: one of those in the worker's hands at the kill.
    expect(duplicates).toBeLessThanOrEqual(IN_HAND);
    expect(duplicates).toBeLessThanOrEqual(leased.length);
    // Nobody took the dead worker's rows before its lease ended.
    const leaseOf = new Map(leased.map((r) => [r.dedupeKey, r.lockedUntil!.getTime()]));
    const retaken = smtp.received
      .slice(receivedAtKill)
      .filter((m) => leaseOf.has(m.header("X-Test-Key")!));
    expect(retaken).toHaveLength(leased.length);
    for (const m of retaken)
      expect(m.at).toBeGreaterThanOrEqual(leaseOf.get(m.header("X-Test-Key")!)!);
    // Every line the worker wrote is one JSON object with a time and an event.
    const lines = second.stdout().trim().split("\n");
    for (const line of lines)
      expect(JSON.parse(line)).toMatchObject({
        level: expect.stringMatching(/^(info|warn)$/),
        time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        event: expect.any(String),
      });
    expect(lines.map((l) => (JSON.parse(l) as MailLogLine).event)).toContain("mail.stopped");
  });

  it("stopped with SIGTERM: the rows not attempted are released at once and the process exits cleanly", async () => {
    const gate = valve();
    const smtp = await smtpServer({ parse: false, beforeAccept: () => gate.wait() });
    cleanups.push(() => gate.open());
    await enqueueMany(testDb.handle.db, "term", 20);
    const worker = startWorkerProcess(smtp);
    await waitFor(() => gate.held.length === AT_SERVER, "sends in progress", 30_000);
    worker.child.kill("SIGTERM");
    await waitFor(
      async () => (await leasedRows()).length === IN_HAND,
      "the rows not handed out released",
    );
    expect(gate.held).toHaveLength(AT_SERVER);
    gate.open();
    expect(await worker.exited).toBe(0);
    const rows = await testDb.handle.db.select().from(outbox);
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(IN_HAND);
    const waiting = rows.filter((r) => r.status === "pending");
    expect(waiting).toHaveLength(20 - IN_HAND);
    expect(waiting.every((r) => r.lockedUntil === null && r.attempts === 0)).toBe(true);
    expect(tally(smtp.received)).toMatchObject({ distinct: IN_HAND, duplicates: 0 });
    expect(worker.stdout()).toContain(`"event":"mail.stopped","released":${20 - IN_HAND}`);
  });
});
