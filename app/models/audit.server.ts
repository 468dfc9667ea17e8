import { and, desc, eq, ilike, lt, or, type SQL } from "drizzle-orm";
import { db, type Db, type Tx } from "~db/client.server";
import { auditLog } from "~db/schema";

/**
 * The back office's memory: every change an organiser makes is written here
 * in the same transaction as the change itself, so the log can never say
 * something happened that did not, or miss something that did.
 */

export interface Actor {
  id: string;
  email: string;
}

type Snapshot = Record<string, unknown>;

export interface AuditEntry {
  festivalId: string | null;
  /** Dotted verb: "webinar.reschedule", "festival.update", "role.grant", ... */
  action: string;
  subjectType: string;
  subjectId?: string | null;
  /** One line an organiser reads in the log, e.g. `Moved "Mapping networks" to Tue 27 Oct 12:30 Europe/London`. */
  summary: string;
  before?: Snapshot | null;
  after?: Snapshot | null;
}

/** JSON-safe copies: Dates become ISO strings, undefined disappears. */
function plain(snapshot: Snapshot | null | undefined): Snapshot | null {
  if (!snapshot) return null;
  return JSON.parse(
    JSON.stringify(snapshot, (_key, value: unknown) =>
      value instanceof Date ? value.toISOString() : value,
    ),
  ) as Snapshot;
}

/**
 * Only the fields that changed, before and after, so a log line of a form
 * with twenty fields shows the two that moved.
 */
export function changedFields(
  before: Snapshot,
  after: Snapshot,
): { before: Snapshot; after: Snapshot } | null {
  const was = plain(before)!;
  const now = plain(after)!;
  const keys = Object.keys(now).filter((k) => JSON.stringify(was[k]) !== JSON.stringify(now[k]));
  if (keys.length === 0) return null;
  return {
    before: Object.fromEntries(keys.map((k) => [k, was[k] ?? null])),
    after: Object.fromEntries(keys.map((k) => [k, now[k] ?? null])),
  };
}

export async function recordAudit(
  conn: Db | Tx,
  actor: Actor,
  entry: AuditEntry,
  now = new Date(),
): Promise<void> {
  await conn.insert(auditLog).values({
    festivalId: entry.festivalId,
    actorId: actor.id,
    actorEmail: actor.email,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null,
    summary: entry.summary.slice(0, 500),
    before: plain(entry.before),
    after: plain(entry.after),
    createdAt: now,
  });
}

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditQuery {
  /** Words in the summary, the action or the actor's email. */
  q?: string;
  subjectType?: string;
  subjectId?: string;
  /** Older than this instant (the last row's createdAt from the page before). */
  before?: Date;
  limit?: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Newest first, a page at a time. */
export async function listAudit(festivalId: string, query: AuditQuery = {}): Promise<AuditRow[]> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const conditions: SQL[] = [eq(auditLog.festivalId, festivalId)];
  const q = query.q?.trim();
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    conditions.push(
      or(
        ilike(auditLog.summary, pattern),
        ilike(auditLog.action, pattern),
        ilike(auditLog.actorEmail, pattern),
      )!,
    );
  }
  if (query.subjectType) conditions.push(eq(auditLog.subjectType, query.subjectType));
  if (query.subjectId) conditions.push(eq(auditLog.subjectId, query.subjectId));
  if (query.before && !Number.isNaN(query.before.getTime())) {
    conditions.push(lt(auditLog.createdAt, query.before));
  }
  return (await db())
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
}
