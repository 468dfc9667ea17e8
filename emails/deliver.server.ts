import type { Db } from "~db/client.server";
import { claimDueEmails, markFailedAttempt, markSent } from "./outbox.server";
import { isPermanentSmtpError, type MailTransport } from "./transport.server";

export interface DeliveryResult {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
}

/** Claims one batch of due messages and delivers each; nothing is dropped silently. */
export async function deliverDueEmails(
  db: Db,
  transport: MailTransport,
  options: { now?: Date; limit?: number; leaseMs?: number } = {},
): Promise<DeliveryResult> {
  const now = options.now ?? new Date();
  const rows = await claimDueEmails(db, {
    now,
    limit: options.limit ?? 50,
    leaseMs: options.leaseMs ?? 120_000,
  });
  const result: DeliveryResult = { claimed: rows.length, sent: 0, retrying: 0, failed: 0 };
  for (const row of rows) {
    try {
      await transport.send(row.recipient, row.message);
      await markSent(db, row.id, now);
      result.sent += 1;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome = await markFailedAttempt(
        db,
        row,
        message.slice(0, 1000),
        isPermanentSmtpError(error),
        now,
      );
      if (outcome === "failed") result.failed += 1;
      else result.retrying += 1;
    }
  }
  return result;
}
