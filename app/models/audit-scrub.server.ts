import { eq, or, sql } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import { auditLog } from "~db/schema";

const REMOVED = "[removed]";
const CHUNK = 200;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Audit lines name people by address ("Made ann@x.org a judge", "Viewed
 * Ann Lee <ann@x.org>'s data"). For people whose data goes, every line
 * that names their address has the address and their name replaced by
 * [removed], in the summary, the before/after snapshots and the actor's
 * copied address; what happened and when stay. Returns the lines changed.
 */
export async function scrubAuditMentions(
  tx: Tx,
  people: readonly { email: string; name: string }[],
): Promise<number> {
  const haystack = sql<string>`${auditLog.actorEmail} || ' ' || ${auditLog.summary} || ' ' || coalesce(${auditLog.before}::text, '') || ' ' || coalesce(${auditLog.after}::text, '')`;
  const touched = new Set<string>();
  for (let i = 0; i < people.length; i += CHUNK) {
    const group = people.slice(i, i + CHUNK);
    const rows = await tx
      .select()
      .from(auditLog)
      .where(or(...group.map((p) => sql`${haystack} ilike ${`%${escapeLike(p.email)}%`}`)));
    for (const row of rows) {
      const blob =
        `${row.actorEmail} ${row.summary} ${JSON.stringify(row.before)} ${JSON.stringify(row.after)}`.toLowerCase();
      const named = group.filter((p) => blob.includes(p.email.toLowerCase()));
      const patterns = named.flatMap((p) =>
        [p.email, p.name.trim()]
          .filter((s) => s.length >= 3)
          .map((s) => new RegExp(escapeRegExp(s), "gi")),
      );
      const scrub = (s: string) => patterns.reduce((acc, re) => acc.replace(re, REMOVED), s);
      await tx
        .update(auditLog)
        .set({
          actorEmail: scrub(row.actorEmail),
          summary: scrub(row.summary),
          before: scrubValues(row.before, scrub),
          after: scrubValues(row.after, scrub),
        })
        .where(eq(auditLog.id, row.id));
      touched.add(row.id);
    }
  }
  return touched.size;
}

/** The same snapshot with every string value scrubbed (keys left alone). */
function scrubValues(
  snapshot: Record<string, unknown> | null,
  scrub: (s: string) => string,
): Record<string, unknown> | null {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return scrub(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return snapshot === null ? null : (walk(snapshot) as Record<string, unknown>);
}
