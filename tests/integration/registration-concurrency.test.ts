import { count, eq, and } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installDatabase, openDatabase, type Database } from "~db/client.server";
import { festivalRegistration, outbox, user, webinarRegistration } from "~db/schema";
import { registerForWebinar } from "~/models/registration.server";
import { createFestival, createWebinar } from "~tests/factories";
import { testDatabaseKind, withTestDatabase } from "~tests/helpers/test-database";

/**
 * The capacity rule under real concurrency: on PostgreSQL, 200 registrations
 * race for the last 5 seats through a pool of 60 connections, 20 times over.
 * (PGlite has one connection, so there the race is only simulated by the
 * queue; it runs a few rounds to keep the same rule covered.)
 */
const testDb = withTestDatabase();
const onPostgres = testDatabaseKind() === "postgres";
const ROUNDS = onPostgres ? 20 : 3;
const CONTENDERS = 200;
const CAPACITY = 100;
const SEATS_LEFT = 5;
const now = new Date("2026-11-20T10:00:00Z");

let pool: Database | undefined;

beforeAll(async () => {
  if (onPostgres) {
    // Many connections, so transactions really run at the same time.
    pool = await openDatabase({ url: testDb.url, maxConnections: 60 });
    installDatabase(pool);
  }
});

afterAll(async () => {
  installDatabase(testDb.handle);
  await pool?.close();
});

async function people(festivalId: string, n: number, tag: string) {
  const rows = await testDb.handle.db
    .insert(user)
    .values(
      Array.from({ length: n }, (_, i) => ({ email: `${tag}-${i}@race.test`, name: `P ${i}` })),
    )
    .returning({ id: user.id });
  await testDb.handle.db
    .insert(festivalRegistration)
    .values(rows.map((r) => ({ festivalId, userId: r.id })));
  return rows;
}

describe("capacity under concurrency", () => {
  it(`gives exactly ${SEATS_LEFT} seats to ${CONTENDERS} simultaneous registrations and waitlists the rest, ${ROUNDS} times`, async () => {
    const festival = await createFestival(testDb.handle.db, {
      startsOn: "2026-11-23",
      endsOn: "2026-11-27",
    });
    const ctx = { festival, appUrl: "https://fest.example.org", now };
    for (let round = 0; round < ROUNDS; round++) {
      const w = await createWebinar(testDb.handle.db, festival, {
        localStart: "2026-11-24T12:30",
        capacity: CAPACITY,
      });
      const holders = await people(festival.id, CAPACITY - SEATS_LEFT, `holder-${round}`);
      await testDb.handle.db.insert(webinarRegistration).values(
        holders.map((h) => ({
          webinarId: w.id,
          userId: h.id,
          status: "confirmed" as const,
          confirmedAt: now,
        })),
      );
      const contenders = await people(festival.id, CONTENDERS, `racer-${round}`);

      const results = await Promise.all(
        contenders.map((c) => registerForWebinar(c.id, w.slug, ctx)),
      );

      const confirmed = results.filter((r) => r.status === "confirmed");
      const waitlisted = results.filter((r) => r.status === "waitlisted");
      expect(confirmed).toHaveLength(SEATS_LEFT);
      expect(waitlisted).toHaveLength(CONTENDERS - SEATS_LEFT);
      // Waitlist positions are a permutation of 1..195: no two people share a place.
      const positions = waitlisted.map((r) => (r.status === "waitlisted" ? r.position : 0));
      expect(new Set(positions).size).toBe(CONTENDERS - SEATS_LEFT);
      expect(Math.max(...positions)).toBe(CONTENDERS - SEATS_LEFT);

      const [seats] = await testDb.handle.db
        .select({ n: count() })
        .from(webinarRegistration)
        .where(
          and(eq(webinarRegistration.webinarId, w.id), eq(webinarRegistration.status, "confirmed")),
        );
      expect(seats!.n).toBe(CAPACITY);
      const [queued] = await testDb.handle.db
        .select({ n: count() })
        .from(outbox)
        .where(eq(outbox.kind, "webinar-confirmed"));
      expect(queued!.n).toBe(SEATS_LEFT * (round + 1));
    }
    // A correctness test, not a timing one: 4,000 registrations on a busy CI machine take a while.
  }, 300_000);
});
