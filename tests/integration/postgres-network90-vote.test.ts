import { and, eq } from "drizzle-orm";
import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { vote, voteRefusal } from "~db/schema";
import { castVote, VOTES_PER_IP } from "~/models/voting.server";
import {
  createCompetition,
  createEntry,
  createFestival,
  createUser,
  type EntryRow,
  type FestivalRow,
} from "~tests/factories";
import { withTestDatabase } from "~tests/helpers/test-database";

/*
 * The vote under real concurrency, on several PostgreSQL connections (the
 * embedded database has one connection, so these run on PostgreSQL only;
 * network90-vote.test.ts covers the rest on both).
 */

const testDb = withTestDatabase();
const db = () => testDb.handle.db;
const MINUTE = 60_000;
const DURING = new Date("2026-10-27T12:00:00Z");

let past: FestivalRow;
let alpha: EntryRow;
let beta: EntryRow;

const voter = async () => {
  const person = await createUser(db());
  return { id: person.id, email: person.email };
};
const votesOf = async (festivalId: string) =>
  db().select().from(vote).where(eq(vote.festivalId, festivalId));
const refusalsOf = async (festivalId: string, email: string) =>
  db()
    .select()
    .from(voteRefusal)
    .where(and(eq(voteRefusal.festivalId, festivalId), eq(voteRefusal.email, email)));

beforeAll(async () => {
  past = await createFestival(db(), { startsOn: "2026-10-21", endsOn: "2026-10-28" });
  await createCompetition(db(), past, {
    entriesCloseAt: new Date("2026-10-22T12:00:00Z"),
    votingOpensAt: new Date("2026-10-26T09:00:00Z"),
    votingClosesAt: new Date("2026-10-28T17:00:00Z"),
  });
  alpha = await createEntry(db(), past, { public: true, networkName: "Alpha Network" });
  beta = await createEntry(db(), past, { public: true, networkName: "Beta Network" });
});

describe("votes racing on several connections", () => {
  it("a first vote that commits while another is inserting: the loser hits the unique index and gets the same answer", async () => {
    const person = await voter();
    // Another connection inserts this person's vote and holds it uncommitted.
    const other = postgres(testDb.url!, { max: 1, onnotice: () => {} });
    const watcher = postgres(testDb.url!, { max: 1, onnotice: () => {} });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    const holder = other.begin(async (t) => {
      await t`insert into vote (festival_id, entry_id, email) values (${past.id}, ${beta.id}, ${person.email})`;
      inserted();
      await held;
    });
    try {
      await insertedYet;
      // castVote cannot see the uncommitted row, so it inserts and waits on the index.
      const pending = castVote({
        festivalId: past.id,
        entryId: alpha.id,
        voter: person,
        ip: null,
        now: DURING,
      });
      for (let i = 0; i < 200; i++) {
        const [row] = await watcher`
            select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`;
        if (row!.n > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      release();
      await holder;
      expect(await pending).toEqual({
        status: "refused",
        reason: "already-voted",
        networkName: "Beta Network",
      });
    } finally {
      release();
      await holder.catch(() => {});
      await other.end();
      await watcher.end();
    }
    const rows = (await votesOf(past.id)).filter((v) => v.email === person.email);
    expect(rows.map((v) => v.entryId)).toEqual([beta.id]);
    expect(await refusalsOf(past.id, person.email)).toMatchObject([{ reason: "already-voted" }]);
  });

  it("twenty people voting at once from one address on several connections: exactly ten votes count", async () => {
    // Twenty people at once from one address under the limit of ten: the
    // address lock makes the count exact, so exactly ten get in.
    const start = new Date(DURING.getTime() + 5 * 60 * MINUTE);
    const people = await Promise.all(Array.from({ length: 20 }, () => voter()));
    const results = await Promise.all(
      people.map((p) =>
        castVote({
          festivalId: past.id,
          entryId: beta.id,
          voter: p,
          ip: "192.0.2.99",
          now: start,
        }),
      ),
    );
    expect(results.filter((r) => r.status === "voted")).toHaveLength(VOTES_PER_IP);
    expect(results.filter((r) => r.status === "refused")).toHaveLength(20 - VOTES_PER_IP);
    expect((await votesOf(past.id)).filter((v) => v.ip === "192.0.2.99")).toHaveLength(
      VOTES_PER_IP,
    );
  });
});
