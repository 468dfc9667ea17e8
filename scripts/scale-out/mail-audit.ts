import { and, eq, gt, lte, sql } from "drizzle-orm";
import type { Db } from "~db/client.server";
import { outbox } from "~db/schema";
import type { SmtpSink } from "./sink";
import { sleep } from "./http";

/** The outbox row id in a Message-ID `<id@domain>` (emails/transport.server.ts makes them so). */
export const rowIdOf = (messageId: string | null) => /^<([^@>]+)@/.exec(messageId ?? "")?.[1];

export interface MailAudit {
  /** Rows due by now (the planned reminders of next week are not). */
  due: number;
  sent: number;
  pending: number;
  failed: number;
  /** Rows recorded as sent that never reached the sink, plus due rows never sent. */
  lost: number;
  /** Extra copies at the sink: the same Message-ID more than once. */
  duplicated: number;
  /** Messages at the sink with no outbox row behind them (should be none). */
  unknown: number;
}

/** Compares the outbox with what the sink received. */
export async function auditMail(db: Db, sink: SmtpSink, now = new Date()): Promise<MailAudit> {
  const rows = await db
    .select({ id: outbox.id, status: outbox.status })
    .from(outbox)
    .where(lte(outbox.sendAfter, now));
  // A row retried after the cut-off has a later send_after: count those too.
  const retried = await db
    .select({ id: outbox.id, status: outbox.status })
    .from(outbox)
    .where(and(sql`${outbox.attempts} > 0`, gt(outbox.sendAfter, now)));
  const all = new Map([...rows, ...retried].map((r) => [r.id, r.status]));
  const atSink = new Map<string, number>();
  for (const [messageId, n] of sink.counts()) {
    const id = rowIdOf(messageId);
    if (id) atSink.set(id, n);
  }
  let lost = 0;
  for (const [id] of all) if (!atSink.has(id)) lost += 1;
  let unknown = 0;
  for (const id of atSink.keys()) if (!all.has(id)) unknown += 1;
  const statuses = [...all.values()];
  return {
    due: all.size,
    sent: statuses.filter((s) => s === "sent").length,
    pending: statuses.filter((s) => s === "pending").length,
    failed: statuses.filter((s) => s === "failed").length,
    lost,
    duplicated: sink.duplicates(),
    unknown,
  };
}

/** Waits until no due row is pending (sent or failed), or the deadline. Returns whether it drained. */
export async function waitForOutboxDrained(
  db: Db,
  deadlineMs: number,
  onTick?: (pending: number) => void,
): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  let lastTick = 0;
  for (;;) {
    const [row] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(
        and(
          eq(outbox.status, "pending"),
          // Due now, or due again after a failed attempt.
          sql`(${outbox.sendAfter} <= now() or ${outbox.attempts} > 0)`,
        ),
      );
    const pending = row?.n ?? 0;
    if (pending === 0) return true;
    if (onTick && Date.now() - lastTick > 10_000) {
      lastTick = Date.now();
      onTick(pending);
    }
    if (Date.now() > until) return false;
    await sleep(500);
  }
}
