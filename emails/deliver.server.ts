import type { Db } from "~db/client.server";
import { isDatabaseUnavailable } from "~/lib/database-unavailable.server";
import {
  claimDueEmails,
  markFailedAttempt,
  markSent,
  releaseClaims,
  type OutboxRow,
} from "./outbox.server";
import { isPermanentSmtpError, type MailTransport } from "./transport.server";

export interface DeliveryResult {
  /** Rows claimed, over all batches. */
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  /** Claimed but never attempted, given back (the worker was stopping, or a lease ran short). */
  released: number;
  /** Claims that brought rows. */
  batches: number;
}

export type DeliveryOutcome = "sent" | "retrying" | "failed";

export interface DeliveryOptions {
  /** The clock for claiming, sent_at and backoff (tests move it); the real time when absent. */
  now?: Date;
  /** Rows per claim. */
  limit?: number;
  leaseMs?: number;
  /** Messages in hand at once; the transport's own concurrency when absent. */
  concurrency?: number;
  /**
   * Claim again, ahead of need, while claims come back full: the worker's
   * mode, which keeps the transport busy across batches. Without it, one
   * batch is claimed and delivered.
   */
  continuous?: boolean;
  /**
   * Stopping: rows not handed to the transport yet are released at once,
   * while the sends already under way finish and are recorded.
   */
  signal?: AbortSignal;
  /** Called as each message is done with. */
  onOutcome?: (outcome: DeliveryOutcome) => void;
}

/** A row is not started when less than this share of its lease is left: another worker may take it soon. */
const LEASE_MARGIN = 0.1;

interface Claimed {
  row: OutboxRow;
  /** Real time after which the row is given back instead of sent. */
  startBefore: number;
}

/**
 * Claims due messages and delivers each; nothing is dropped silently. Up to
 * `concurrency` messages are in hand at once, each recorded (sent, retry,
 * failed) as soon as the server has answered, so a crash can repeat only the
 * messages in hand at that moment.
 */
export async function deliverDueEmails(
  db: Db,
  transport: MailTransport,
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const limit = options.limit ?? 50;
  const leaseMs = options.leaseMs ?? 120_000;
  const concurrency = Math.max(1, options.concurrency ?? transport.concurrency ?? 1);
  const signal = options.signal;
  const result: DeliveryResult = {
    claimed: 0,
    sent: 0,
    retrying: 0,
    failed: 0,
    released: 0,
    batches: 0,
  };
  const clock = () => options.now ?? new Date();

  const queue: Claimed[] = [];
  let exhausted = false;
  let claiming: Promise<void> | undefined;
  const releases: Promise<number>[] = [];
  const errors: unknown[] = [];

  const release = (rows: OutboxRow[]) => {
    if (rows.length) releases.push(releaseClaims(db, rows));
  };
  const releaseQueued = () => release(queue.splice(0).map((c) => c.row));

  const claim = () =>
    (claiming ??= (async () => {
      try {
        // The lease is measured on the real clock whatever `now` says: it is this process's time.
        const claimedAt = Date.now();
        const rows = await claimDueEmails(db, { now: clock(), limit, leaseMs });
        if (rows.length) result.batches += 1;
        result.claimed += rows.length;
        if (!options.continuous || rows.length < limit) exhausted = true;
        // Stopped while the claim was under way: straight back.
        if (signal?.aborted) return release(rows);
        const startBefore = claimedAt + leaseMs * (1 - LEASE_MARGIN);
        for (const row of rows) queue.push({ row, startBefore });
      } catch (error) {
        errors.push(error);
        exhausted = true;
      } finally {
        claiming = undefined;
      }
    })());

  /** The next row to send, claiming more when the queue runs low; undefined when done. */
  const next = async (): Promise<Claimed | undefined> => {
    for (;;) {
      if (signal?.aborted) return undefined;
      // Claim ahead while the others are still sending, so no lane waits on the database.
      if (!exhausted && !claiming && queue.length < concurrency) void claim();
      const item = queue.shift();
      if (item) return item;
      if (exhausted && !claiming) return undefined;
      await claiming;
    }
  };

  // These messages are at the SMTP server already: if the database is away for a
  // moment (a restart, a failover), recording them waits for it rather than
  // failing, which would leave them claimed and send them again after the lease
  // (scripts/failures/postgres-restart.ts found 7 sent twice). It keeps trying
  // for as long as a lease lasts; any other error is reported at once.
  const markSentPatiently = async (ids: string[]) => {
    const giveUpAt = Date.now() + leaseMs;
    for (let pause = 100; ; pause = Math.min(pause * 2, 2_000)) {
      try {
        return await markSent(db, ids, clock());
      } catch (error) {
        if (!isDatabaseUnavailable(error) || Date.now() + pause > giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  };

  // Group commit: a row is recorded as sent straight away when no write is under
  // way, else with the others that finish meanwhile, in the next one. Each lane
  // waits for its own row's write, so a crash still repeats only rows in hand.
  let waiting: { id: string; done: () => void; failed: (error: unknown) => void }[] = [];
  let writing = false;
  const writeSent = async () => {
    writing = true;
    while (waiting.length) {
      const group = waiting;
      waiting = [];
      try {
        await markSentPatiently(group.map((w) => w.id));
        for (const w of group) w.done();
      } catch (error) {
        for (const w of group) w.failed(error);
      }
    }
    writing = false;
  };
  const recordSent = (id: string) =>
    new Promise<void>((done, failed) => {
      waiting.push({ id, done, failed });
      if (!writing) void writeSent();
    });

  const record = (outcome: DeliveryOutcome) => {
    result[outcome] += 1;
    options.onOutcome?.(outcome);
  };

  const deliver = async (row: OutboxRow) => {
    try {
      await transport.send(row.recipient, row.message, { id: row.id });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome = await markFailedAttempt(
        db,
        row,
        message.slice(0, 1000),
        isPermanentSmtpError(error),
        clock(),
      );
      record(outcome === "failed" ? "failed" : "retrying");
      return;
    }
    // Sent: a failure to record it is the database's, and is reported as such.
    await recordSent(row.id);
    record("sent");
  };

  const lane = async () => {
    for (let item = await next(); item; item = await next()) {
      const now = Date.now();
      if (now >= item.startBefore) {
        // Too little lease left to start it: give it back, and the others of its batch.
        const stale = [item];
        for (let i = queue.length - 1; i >= 0; i--)
          if (now >= queue[i]!.startBefore) stale.push(...queue.splice(i, 1));
        release(stale.map((c) => c.row));
        continue;
      }
      await deliver(item.row);
    }
  };

  // At once on stop, not when the sends in hand are done: another worker can take them now.
  signal?.addEventListener("abort", releaseQueued, { once: true });
  // Settled, not all: when recording one row fails (the database went away), the
  // other lanes still finish the sends in hand before the error is reported.
  const lanes = await Promise.allSettled(Array.from({ length: concurrency }, lane));
  signal?.removeEventListener("abort", releaseQueued);
  await claiming;
  releaseQueued();
  for (const outcome of await Promise.allSettled(releases)) {
    if (outcome.status === "fulfilled") result.released += outcome.value;
    else errors.push(outcome.reason);
  }
  for (const outcome of lanes) if (outcome.status === "rejected") errors.push(outcome.reason);
  if (errors.length) throw errors[0];
  return result;
}
