import { and, asc, count, desc, eq, gte, inArray, notInArray, or, sql } from "drizzle-orm";
import { db } from "~db/client.server";
import { outbox } from "~db/schema";
import { mailQueueStats, type MailQueueStats } from "~emails/stats.server";
import { recordAudit, type Actor } from "./audit.server";
import { SIGN_IN } from "./sign-in.server";

/**
 * The back office's view of the outbox: what failed and why, what is
 * waiting, and putting failed messages back in the queue. Outbox rows
 * belong to the whole site (the table has no festival), so organisers see
 * every message; retries are audited under the festival they are running.
 */

/** Messages whose text is a key (a sign-in code and link, an invitation link): never shown. */
export function isSecretKind(kind: string): boolean {
  return kind === "sign-in" || kind.includes("invite");
}

/** Kinds whose content stops working: a sign-in code is good for minutes, so an old one is not worth resending. */
const EXPIRING = { "sign-in": SIGN_IN.validMinutes } as const;

/**
 * Personal keys inside otherwise ordinary messages (unsubscribe and calendar
 * feed tokens, any `token=`), hidden so the page shows what was said, not
 * links that act as the person.
 */
export function redactLinks(text: string): string {
  return text
    .replace(/(\/unsubscribe\/)[^\s"'<>)\]]+/g, "$1[hidden]")
    .replace(/(\/calendar\/)[^\s"'<>)\]]+/g, "$1[hidden]")
    .replace(/([?&]token=)[^\s&"'<>)\]]+/g, "$1[hidden]");
}

/** The worker's counts (no error list: the page lists failed messages itself). */
export async function outboxCounts(now: Date): Promise<Omit<MailQueueStats, "recentErrors">> {
  const { recentErrors: _, ...counts } = await mailQueueStats(await db(), now, { errors: 0 });
  return counts;
}

export type OutboxState = "due" | "scheduled" | "sending" | "retrying" | "failed" | "sent";

export interface OutboxItem {
  id: string;
  kind: string;
  recipient: string;
  /** "(hidden: …)" for secret kinds. */
  subject: string;
  /** The plain-text part with personal links hidden; null for secret kinds. */
  text: string | null;
  redacted: boolean;
  attempts: number;
  lastError: string | null;
  state: OutboxState;
  createdAt: Date;
  sendAfter: Date;
}

export interface OutboxPage {
  items: OutboxItem[];
  total: number;
  page: number;
  pages: number;
}

const PER_PAGE = 50;

const secretKindSql = sql`(${outbox.kind} = 'sign-in' or ${outbox.kind} like '%invite%')`;

/**
 * One page of failed messages (newest first) or of messages waiting to go
 * (soonest first). Only the subject and text of each message are read, and
 * for secret kinds not even those: the database hands back nothing to hide.
 */
export async function listOutbox(
  status: "failed" | "pending",
  options: { page?: number; perPage?: number; now: Date },
): Promise<OutboxPage> {
  const conn = await db();
  const perPage = Math.min(Math.max(options.perPage ?? PER_PAGE, 1), 200);
  const [counted] = await conn.select({ n: count() }).from(outbox).where(eq(outbox.status, status));
  const total = counted?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(Math.max(Math.floor(options.page ?? 1), 1), pages);
  const rows = await conn
    .select({
      id: outbox.id,
      kind: outbox.kind,
      recipient: outbox.recipient,
      subject: sql<
        string | null
      >`case when ${secretKindSql} then null else ${outbox.message}->>'subject' end`,
      text: sql<
        string | null
      >`case when ${secretKindSql} then null else ${outbox.message}->>'text' end`,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      lockedUntil: outbox.lockedUntil,
      createdAt: outbox.createdAt,
      sendAfter: outbox.sendAfter,
    })
    .from(outbox)
    .where(eq(outbox.status, status))
    .orderBy(
      ...(status === "failed"
        ? [desc(outbox.createdAt), desc(outbox.id)]
        : [asc(outbox.sendAfter), asc(outbox.id)]),
    )
    .limit(perPage)
    .offset((page - 1) * perPage);
  const now = options.now.getTime();
  return {
    total,
    page,
    pages,
    items: rows.map((r) => {
      const redacted = isSecretKind(r.kind);
      const state: OutboxState =
        status === "failed"
          ? "failed"
          : r.lockedUntil && r.lockedUntil.getTime() >= now
            ? "sending"
            : r.lastError
              ? "retrying"
              : r.sendAfter.getTime() <= now
                ? "due"
                : "scheduled";
      return {
        id: r.id,
        kind: r.kind,
        recipient: r.recipient,
        subject: redacted
          ? `(hidden: a ${r.kind} message holds a private code or link)`
          : (r.subject ?? ""),
        text: redacted || r.text === null ? null : redactLinks(r.text),
        redacted,
        attempts: r.attempts,
        lastError: r.lastError,
        state,
        createdAt: r.createdAt,
        sendAfter: r.sendAfter,
      };
    }),
  };
}

interface RetryContext {
  actor: Actor;
  festivalId: string;
  now?: Date;
}

/** A message that expired is not worth resending (its code would no longer work). */
function expiredAt(kind: string, createdAt: Date, now: Date): boolean {
  const minutes = EXPIRING[kind as keyof typeof EXPIRING];
  return minutes !== undefined && now.getTime() - createdAt.getTime() > minutes * 60_000;
}

/**
 * Back in the queue, due now, with a fresh count of attempts: a message that
 * failed for good (a 5xx, or out of tries) gets the worker's full set of
 * retries and backoff again, since whatever was wrong has presumably been
 * put right. (Keeping the count would make the next temporary failure final
 * at once.) The last error stays until it is sent, so the page can still say
 * what went wrong before.
 */
const backInQueue = (now: Date) => ({
  status: "pending" as const,
  attempts: 0,
  sendAfter: now,
  lockedUntil: null,
});

export type RetryResult =
  | { status: "retried"; recipient: string; kind: string }
  | { status: "not-found" }
  | { status: "not-failed" }
  | { status: "expired"; kind: string };

/** Puts one failed message back in the queue, audited. */
export async function retryFailedMessage(id: string, ctx: RetryContext): Promise<RetryResult> {
  const now = ctx.now ?? new Date();
  return (await db()).transaction(async (tx): Promise<RetryResult> => {
    const [row] = await tx
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
      .where(eq(outbox.id, id))
      .for("update");
    if (!row) return { status: "not-found" };
    if (row.status !== "failed") return { status: "not-failed" };
    if (expiredAt(row.kind, row.createdAt, now)) return { status: "expired", kind: row.kind };
    await tx.update(outbox).set(backInQueue(now)).where(eq(outbox.id, id));
    await recordAudit(
      tx,
      ctx.actor,
      {
        festivalId: ctx.festivalId,
        action: "outbox.retry",
        subjectType: "outbox",
        subjectId: id,
        summary: `Retried the failed ${row.kind} message to ${row.recipient}`,
        before: { status: "failed", attempts: row.attempts, lastError: row.lastError },
        after: { status: "pending", attempts: 0, sendAfter: now },
      },
      now,
    );
    return { status: "retried", recipient: row.recipient, kind: row.kind };
  });
}

/** How many ids an audit row lists (the count is always whole). */
const AUDIT_IDS = 200;

/**
 * Puts every failed message back in the queue in one statement, audited as
 * one change; expired sign-in messages are left failed (and counted).
 */
export async function retryAllFailed(
  ctx: RetryContext,
): Promise<{ retried: number; leftExpired: number }> {
  const now = ctx.now ?? new Date();
  const stillGood = or(
    notInArray(outbox.kind, Object.keys(EXPIRING)),
    ...Object.entries(EXPIRING).map(([kind, minutes]) =>
      and(eq(outbox.kind, kind), gte(outbox.createdAt, new Date(now.getTime() - minutes * 60_000))),
    ),
  );
  return (await db()).transaction(async (tx) => {
    const retried = await tx
      .update(outbox)
      .set(backInQueue(now))
      .where(and(eq(outbox.status, "failed"), stillGood))
      .returning({ id: outbox.id });
    const [left] = await tx
      .select({ n: count() })
      .from(outbox)
      .where(and(eq(outbox.status, "failed"), inArray(outbox.kind, Object.keys(EXPIRING))));
    const leftExpired = left?.n ?? 0;
    if (retried.length > 0)
      await recordAudit(
        tx,
        ctx.actor,
        {
          festivalId: ctx.festivalId,
          action: "outbox.retry-all",
          subjectType: "outbox",
          summary: `Retried ${retried.length} failed ${retried.length === 1 ? "message" : "messages"}${leftExpired ? ` (${leftExpired} expired sign-in ${leftExpired === 1 ? "message" : "messages"} left failed)` : ""}`,
          before: { status: "failed", count: retried.length },
          after: {
            status: "pending",
            attempts: 0,
            sendAfter: now,
            ids: retried.slice(0, AUDIT_IDS).map((r) => r.id),
          },
        },
        now,
      );
    return { retried: retried.length, leftExpired };
  });
}
