import { and, eq, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import type { Db, Tx } from "~db/client.server";
import { outbox, type OutboxMessage } from "~db/schema";
import { REMOVED_DOMAIN } from "~/lib/removed-person";

export type OutboxRow = typeof outbox.$inferSelect;

export interface QueuedEmail {
  kind: string;
  to: string;
  /** Same key, same message: queuing it again does nothing. */
  dedupeKey: string;
  message: OutboxMessage;
  sendAfter?: Date;
  /** The person and webinar it is about, so planned messages can be found again. */
  userId?: string | null;
  webinarId?: string | null;
}

/**
 * Queues messages inside the caller's transaction, so they exist exactly when
 * the change they announce does. Returns how many were new.
 */
export async function enqueueEmails(tx: Db | Tx, queued: readonly QueuedEmail[]): Promise<number> {
  // A removed person's placeholder address (a past festival's anonymised registrant) gets nothing.
  const emails = queued.filter((e) => !e.to.toLowerCase().endsWith(`@${REMOVED_DOMAIN}`));
  if (emails.length === 0) return 0;
  const inserted = await tx
    .insert(outbox)
    .values(
      emails.map((e) => ({
        kind: e.kind,
        recipient: e.to,
        dedupeKey: e.dedupeKey,
        message: e.message,
        sendAfter: e.sendAfter ?? new Date(),
        userId: e.userId ?? null,
        webinarId: e.webinarId ?? null,
      })),
    )
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id });
  return inserted.length;
}

export interface ClaimOptions {
  now: Date;
  limit: number;
  /** How long a claim holds: a worker that dies mid-batch loses its rows after this. */
  leaseMs: number;
}

/**
 * Claims due rows for one worker. SKIP LOCKED lets any number of workers
 * claim at once without waiting on or taking each other's rows; the lease
 * (locked_until) hands the rows of a crashed worker to another later.
 */
export async function claimDueEmails(
  db: Db,
  { now, limit, leaseMs }: ClaimOptions,
): Promise<OutboxRow[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        eq(outbox.status, "pending"),
        // Column operators, not raw sql: they encode the Date for either driver.
        lte(outbox.sendAfter, now),
        or(isNull(outbox.lockedUntil), lt(outbox.lockedUntil, now)),
      ),
    )
    .orderBy(outbox.sendAfter)
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(outbox)
    .set({ lockedUntil: leaseUntil, attempts: sql`${outbox.attempts} + 1` })
    .where(inArray(outbox.id, due))
    .returning();
}

/**
 * Gives back claimed rows that were never attempted (a worker stopping
 * mid-batch): no lease, and the claim's attempt returned, so another worker
 * takes them at once and they keep their full number of tries. Only rows still
 * pending under this very lease are touched: one whose lease ran out may be
 * another worker's by now. Returns how many were released.
 */
export async function releaseClaims(
  db: Db,
  rows: readonly Pick<OutboxRow, "id" | "lockedUntil">[],
): Promise<number> {
  let released = 0;
  // One statement per lease (a batch has one): locked_until must still be ours.
  const byLease = new Map<number, string[]>();
  for (const row of rows) {
    if (!row.lockedUntil) continue;
    const ids = byLease.get(row.lockedUntil.getTime()) ?? [];
    ids.push(row.id);
    byLease.set(row.lockedUntil.getTime(), ids);
  }
  for (const [lease, ids] of byLease) {
    const done = await db
      .update(outbox)
      .set({ lockedUntil: null, attempts: sql`greatest(${outbox.attempts} - 1, 0)` })
      .where(
        and(
          inArray(outbox.id, ids),
          eq(outbox.status, "pending"),
          eq(outbox.lockedUntil, new Date(lease)),
        ),
      )
      .returning({ id: outbox.id });
    released += done.length;
  }
  return released;
}

export async function markSent(db: Db, id: string | readonly string[], now: Date): Promise<void> {
  const ids = typeof id === "string" ? [id] : id;
  if (ids.length === 0) return;
  await db
    .update(outbox)
    .set({ status: "sent", sentAt: now, lockedUntil: null, lastError: null })
    .where(ids.length === 1 ? eq(outbox.id, ids[0]!) : inArray(outbox.id, ids));
}

/** Retry after an exponential delay with jitter, capped at an hour. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(30_000 * 2 ** Math.max(attempts - 1, 0), 3_600_000);
  return Math.round(base * (0.5 + random() / 2));
}

export const MAX_ATTEMPTS = 8;

export async function markFailedAttempt(
  db: Db,
  row: Pick<OutboxRow, "id" | "attempts">,
  error: string,
  permanent: boolean,
  now: Date,
): Promise<"retry" | "failed"> {
  const giveUp = permanent || row.attempts >= MAX_ATTEMPTS;
  await db
    .update(outbox)
    .set(
      giveUp
        ? { status: "failed", lockedUntil: null, lastError: error }
        : {
            lockedUntil: null,
            lastError: error,
            sendAfter: new Date(now.getTime() + retryDelayMs(row.attempts)),
          },
    )
    .where(eq(outbox.id, row.id));
  return giveUp ? "failed" : "retry";
}
