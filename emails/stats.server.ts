import { desc, isNotNull, sql } from "drizzle-orm";
import type { Db } from "~db/client.server";
import { outbox } from "~db/schema";

export interface MailError {
  id: string;
  kind: string;
  recipient: string;
  /** failed: given up (5xx, or out of attempts); retrying: will be tried again. */
  status: "failed" | "retrying";
  attempts: number;
  lastError: string;
  createdAt: Date;
}

/** The queue at a glance, for the back office and the worker's log. */
export interface MailQueueStats {
  /** Not sent yet: due, leased, waiting for a retry or scheduled for later. */
  pending: number;
  /** Pending, due now and held by no worker. */
  due: number;
  /** Pending and leased by a worker: being sent (or held by a worker that died, until the lease ends). */
  sending: number;
  /** Pending after a temporary failure: they will be tried again. */
  retrying: number;
  sent: number;
  /** Given up: a permanent (5xx) answer, or out of attempts. */
  failed: number;
  /** How long the oldest due message has been waiting, in seconds; null when none is due. */
  oldestDueSeconds: number | null;
  /** The latest messages with an error (failed or retrying), newest first, with the server's answer. */
  recentErrors: MailError[];
}

/**
 * Counts the outbox in one pass (a table of sent mail a festival's size is
 * read in milliseconds), plus the few latest errors. `now` decides what is
 * due and which leases still hold.
 */
export async function mailQueueStats(
  db: Db,
  now: Date,
  options: { errors?: number } = {},
): Promise<MailQueueStats> {
  // Raw SQL gets the instant as text: both drivers encode a string the same way.
  const at = sql`${now.toISOString()}::timestamptz`;
  const pending = sql`${outbox.status} = 'pending'`;
  const leased = sql`${outbox.lockedUntil} >= ${at}`;
  const due = sql`${pending} and ${outbox.sendAfter} <= ${at} and (${outbox.lockedUntil} is null or ${outbox.lockedUntil} < ${at})`;
  const count = (where: ReturnType<typeof sql>) =>
    sql<number>`count(*) filter (where ${where})`.mapWith(Number);
  const [counts] = await db
    .select({
      pending: count(pending),
      due: count(due),
      sending: count(sql`${pending} and ${leased}`),
      retrying: count(sql`${pending} and ${outbox.lastError} is not null`),
      sent: count(sql`${outbox.status} = 'sent'`),
      failed: count(sql`${outbox.status} = 'failed'`),
      oldestDueSeconds: sql<
        number | null
      >`extract(epoch from (${at} - min(${outbox.sendAfter}) filter (where ${due})))`.mapWith(
        Number,
      ),
    })
    .from(outbox);
  const errors = await db
    .select({
      id: outbox.id,
      kind: outbox.kind,
      recipient: outbox.recipient,
      status: outbox.status,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .where(isNotNull(outbox.lastError))
    // There is no time of the last attempt to sort by: the newest messages come first.
    .orderBy(desc(outbox.createdAt))
    .limit(options.errors ?? 5);
  return {
    pending: counts?.pending ?? 0,
    due: counts?.due ?? 0,
    sending: counts?.sending ?? 0,
    retrying: counts?.retrying ?? 0,
    sent: counts?.sent ?? 0,
    failed: counts?.failed ?? 0,
    oldestDueSeconds:
      counts?.oldestDueSeconds == null ? null : Math.max(0, Math.round(counts.oldestDueSeconds)),
    recentErrors: errors.map((e) => ({
      ...e,
      status: e.status === "failed" ? "failed" : "retrying",
      lastError: e.lastError ?? "",
    })),
  };
}
