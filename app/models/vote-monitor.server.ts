import { asc, desc, eq, sql } from "drizzle-orm";
import { db, type Tx } from "~db/client.server";
import { entry, vote, voteRefusal } from "~db/schema";

/**
 * What organisers see of the public vote, read-only: counts per entry, per
 * day, and the refused attempts grouped by reason and by internet address,
 * so a ballot-stuffing pattern (one address, many emails) shows at a
 * glance. Nothing here is public before the results are announced.
 */

/** Votes per entry id for the festival. */
export async function voteCounts(festivalId: string, conn?: Tx): Promise<Map<string, number>> {
  const rows = await (conn ?? (await db()))
    .select({ entryId: vote.entryId, votes: sql<number>`count(*)`.mapWith(Number) })
    .from(vote)
    .where(eq(vote.festivalId, festivalId))
    .groupBy(vote.entryId);
  return new Map(rows.map((r) => [r.entryId, r.votes]));
}

export interface VotesOverTime {
  /** The festival-zone dates that had votes, in order (yyyy-MM-dd). */
  days: string[];
  rows: { entryId: string; networkName: string; perDay: number[]; total: number }[];
}

/** Votes per entry per day, days counted in the festival's zone. */
export async function votesOverTime(festivalId: string, zone: string): Promise<VotesOverTime> {
  const day = sql<string>`to_char(${vote.createdAt} at time zone ${zone}, 'YYYY-MM-DD')`;
  const rows = await (
    await db()
  )
    .select({
      entryId: vote.entryId,
      networkName: entry.networkName,
      day,
      votes: sql<number>`count(*)`.mapWith(Number),
    })
    .from(vote)
    .innerJoin(entry, eq(entry.id, vote.entryId))
    .where(eq(vote.festivalId, festivalId))
    // By position: the day expression carries the zone as a parameter, and PostgreSQL
    // would not see two copies of it with different parameter numbers as the same.
    .groupBy(sql`1`, sql`2`, sql`3`);
  const days = [...new Set(rows.map((r) => r.day))].sort();
  const byEntry = new Map<string, VotesOverTime["rows"][number]>();
  for (const r of rows) {
    const row = byEntry.get(r.entryId) ?? {
      entryId: r.entryId,
      networkName: r.networkName,
      perDay: days.map(() => 0),
      total: 0,
    };
    row.perDay[days.indexOf(r.day)] = r.votes;
    row.total += r.votes;
    byEntry.set(r.entryId, row);
  }
  return {
    days,
    rows: [...byEntry.values()].sort(
      (a, b) => b.total - a.total || a.networkName.localeCompare(b.networkName),
    ),
  };
}

export interface RefusalGroup {
  key: string;
  attempts: number;
  emails: number;
  first: Date;
  last: Date;
}

export interface IpGroup extends RefusalGroup {
  reasons: string[];
}

const TOP_IPS = 20;

const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

/** Refused votes by reason, and the addresses with the most refusals. */
export async function voteRefusals(
  festivalId: string,
): Promise<{ byReason: RefusalGroup[]; byIp: IpGroup[] }> {
  const conn = await db();
  const where = eq(voteRefusal.festivalId, festivalId);
  const common = {
    attempts: sql<number>`count(*)`.mapWith(Number),
    emails: sql<number>`count(distinct ${voteRefusal.email})`.mapWith(Number),
    first: sql<Date>`min(${voteRefusal.createdAt})`.mapWith(toDate),
    last: sql<Date>`max(${voteRefusal.createdAt})`.mapWith(toDate),
  };
  const byReason = await conn
    .select({ key: voteRefusal.reason, ...common })
    .from(voteRefusal)
    .where(where)
    .groupBy(voteRefusal.reason)
    .orderBy(desc(sql`count(*)`), asc(voteRefusal.reason));
  const ipKey = sql<string>`coalesce(${voteRefusal.ip}, '(unknown)')`;
  const byIp = await conn
    .select({
      key: ipKey,
      ...common,
      reasons: sql<string>`string_agg(distinct ${voteRefusal.reason}, ',')`,
    })
    .from(voteRefusal)
    .where(where)
    .groupBy(ipKey)
    // Ties: the most recent first (a collation-free order, the same on every server).
    .orderBy(desc(sql`count(*)`), desc(sql`max(${voteRefusal.createdAt})`))
    .limit(TOP_IPS);
  return {
    byReason,
    byIp: byIp.map((r) => ({ ...r, reasons: (r.reasons ?? "").split(",").filter(Boolean) })),
  };
}

/** Addresses that cast more than one accepted vote: many people behind one, or one person with many emails. */
export async function busiestVotingIps(festivalId: string): Promise<RefusalGroup[]> {
  const ipKey = sql<string>`coalesce(${vote.ip}, '(unknown)')`;
  return (await db())
    .select({
      key: ipKey,
      attempts: sql<number>`count(*)`.mapWith(Number),
      emails: sql<number>`count(distinct ${vote.email})`.mapWith(Number),
      first: sql<Date>`min(${vote.createdAt})`.mapWith(toDate),
      last: sql<Date>`max(${vote.createdAt})`.mapWith(toDate),
    })
    .from(vote)
    .where(eq(vote.festivalId, festivalId))
    .groupBy(ipKey)
    .having(sql`count(*) > 1`)
    .orderBy(desc(sql`count(*)`), desc(sql`max(${vote.createdAt})`))
    .limit(TOP_IPS);
}
