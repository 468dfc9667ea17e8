import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { festival, webinar } from "~db/schema";
import { getCurrentFestival } from "~/models/festival.server";
import { registerForWebinar } from "~/models/registration.server";
import { createAttendee } from "~tests/factories";
import { openTestDatabase, testDatabaseKind, withTestDatabase } from "~tests/helpers/test-database";
import {
  DatabaseNotEmptyError,
  assertNoFestival,
  rowsOf,
  seedLargeFestival,
  wipeDatabase,
} from "~scripts/lib/large-festival";

const testDb = withTestDatabase();
const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-large-seed-storage-"));
const previousStorage = process.env.STORAGE_DIR;
beforeAll(() => {
  process.env.STORAGE_DIR = storageDir;
});
afterAll(() => {
  if (previousStorage === undefined) delete process.env.STORAGE_DIR;
  else process.env.STORAGE_DIR = previousStorage;
  fs.rmSync(storageDir, { recursive: true, force: true });
});

const now = new Date("2026-11-30T15:00:00Z"); // Monday afternoon: day 1 of the festival

const query = async <T>(statement: ReturnType<typeof sql>) =>
  rowsOf<T>(await testDb.handle.db.execute(statement));

describe("the large festival (500 attendees, 6 webinars)", () => {
  beforeAll(async () => {
    await seedLargeFestival(testDb.handle.db, {
      attendees: 500,
      webinars: 6,
      startsOn: "2026-11-30",
      now,
    });
  });

  it("has every attendee registered for the festival, in many valid time zones", async () => {
    const [counts] = await query<{ attendees: number; zones: number; users: number }>(sql`
      select count(*)::int as attendees, count(distinct u.time_zone)::int as zones,
        (select count(*)::int from "user") as users
      from festival_registration fr join "user" u on u.id = fr.user_id`);
    expect(counts!.attendees).toBe(500);
    expect(counts!.zones).toBeGreaterThanOrEqual(30);
    const zones = await query<{ zone: string | null }>(
      sql`select distinct time_zone as zone from "user"`,
    );
    for (const { zone } of zones) {
      expect(zone, "every person has a zone").not.toBeNull();
      expect(DateTime.now().setZone(zone!).isValid, `${zone} is an IANA zone`).toBe(true);
    }
  });

  it("puts nobody over a webinar's capacity, and fills the capped ones with a waitlist", async () => {
    const rows = await query<{
      slug: string;
      capacity: number | null;
      confirmed: number;
      waitlisted: number;
    }>(sql`
      select w.slug, w.capacity,
        count(*) filter (where r.status = 'confirmed')::int as confirmed,
        count(*) filter (where r.status = 'waitlisted')::int as waitlisted
      from webinar w left join webinar_registration r on r.webinar_id = w.id
      group by w.id order by w.starts_at`);
    expect(rows).toHaveLength(6);
    for (const w of rows) {
      if (w.capacity === null) expect(w.waitlisted, w.slug).toBe(0);
      else expect(w.confirmed, w.slug).toBeLessThanOrEqual(w.capacity);
    }
    const full = rows.filter((w) => w.capacity !== null && w.waitlisted > 0);
    expect(full.length, "a capped webinar is full with a waitlist").toBeGreaterThan(0);
    for (const w of full) expect(w.confirmed).toBe(w.capacity);
    // The headline webinar is taken by about 12% of attendees.
    expect(Math.max(...rows.map((w) => w.confirmed))).toBeGreaterThan(40);
  });

  it("queues the waitlist in the order people came, after every seat given", async () => {
    const disorder = await query<{ n: number }>(sql`
      select count(*)::int as n from (
        select waitlisted_at, lag(waitlisted_at) over (partition by webinar_id order by waitlist_number) as before
        from webinar_registration where status = 'waitlisted'
      ) q where before > waitlisted_at`);
    expect(disorder[0]!.n).toBe(0);
    const seatedLate = await query<{ n: number }>(sql`
      select count(*)::int as n from webinar_registration c
      where c.status = 'confirmed' and c.confirmed_at > (
        select min(w.waitlisted_at) from webinar_registration w
        where w.webinar_id = c.webinar_id and w.status = 'waitlisted')`);
    expect(seatedLate[0]!.n).toBe(0);
    const numbers = await query<{ all: number; distinct: number }>(sql`
      select count(waitlist_number)::int as all, count(distinct waitlist_number)::int as distinct
      from webinar_registration where status = 'waitlisted'`);
    expect(numbers[0]!.all).toBeGreaterThan(0);
    expect(numbers[0]!.distinct).toBe(numbers[0]!.all);
  });

  it("sends someone joining a full webinar's waitlist to its end, through the app", async () => {
    const db = testDb.handle.db;
    const fest = (await getCurrentFestival())!;
    const [full] = await query<{ slug: string; waitlisted: number }>(sql`
      select w.slug, count(*)::int as waitlisted from webinar w
      join webinar_registration r on r.webinar_id = w.id and r.status = 'waitlisted'
      group by w.id order by w.starts_at desc limit 1`);
    const [row] = await db.select().from(festival).where(eq(festival.id, fest.id));
    const late = await createAttendee(db, row!, { email: "late@example.test" });
    const result = await registerForWebinar(late.id, full!.slug, {
      festival: fest,
      appUrl: "http://localhost",
      now,
    });
    expect(result).toEqual({
      status: "waitlisted",
      position: full!.waitlisted + 1,
      already: false,
    });
  });

  it("names a real person in every registration, vote and entry", async () => {
    const [orphans] = await query<Record<string, number>>(sql`
      select
        (select count(*)::int from webinar_registration r left join "user" u on u.id = r.user_id where u.id is null) as seats,
        (select count(*)::int from festival_registration r left join "user" u on u.id = r.user_id where u.id is null) as festival,
        (select count(*)::int from vote v left join "user" u on u.id = v.user_id where u.id is null) as votes,
        (select count(*)::int from entry e left join "user" u on u.id = e.user_id where u.id is null) as entries`);
    expect(orphans).toEqual({ seats: 0, festival: 0, votes: 0, entries: 0 });
    const [network90] = await query<{ entries: number; votes: number; bad: number }>(sql`
      select (select count(*)::int from entry) as entries, (select count(*)::int from vote) as votes,
        (select count(*)::int from vote v join entry e on e.id = v.entry_id where e.status <> 'shortlisted') as bad`);
    expect(network90!.entries).toBeGreaterThanOrEqual(4);
    expect(network90!.votes).toBeGreaterThan(0);
    expect(network90!.bad, "votes only for shortlisted entries").toBe(0);
  });

  it("webinars spread over the five days at several hours, with hosts, and the blog has posts", async () => {
    const webinars = await testDb.handle.db.select().from(webinar);
    const days = new Set(
      webinars.map((w) => DateTime.fromJSDate(w.startsAt, { zone: "Europe/London" }).toISODate()),
    );
    const hours = new Set(
      webinars.map((w) => DateTime.fromJSDate(w.startsAt, { zone: "Europe/London" }).hour),
    );
    expect(days.size).toBe(5);
    expect(hours.size).toBeGreaterThanOrEqual(3);
    const [blog] = await query<{ posts: number; hosts: number }>(sql`
      select (select count(*)::int from post) as posts,
        (select count(distinct webinar_id)::int from webinar_host) as hosts`);
    expect(blog).toEqual({ posts: 10, hosts: 6 });
  });

  it("refuses a database that holds a festival until it is wiped", async () => {
    await expect(assertNoFestival(testDb.handle.db)).rejects.toBeInstanceOf(DatabaseNotEmptyError);
    await expect(
      seedLargeFestival(testDb.handle.db, { attendees: 10, webinars: 2, now }),
    ).rejects.toThrow(/--reset/);
    await wipeDatabase(testDb.handle.db);
    await expect(assertNoFestival(testDb.handle.db)).resolves.toBeUndefined();
  });
});

const run = promisify(execFile);

describe("npm run seed -- --attendees 500 --webinars 6", () => {
  it("lays the festival, refuses to lay it again without --reset, and with it starts afresh", async () => {
    // The command line in a process of its own, on a database of its own.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-large-seed-cli-"));
    let env: Record<string, string>;
    let drop = async () => {};
    if (testDatabaseKind() === "postgres") {
      const opened = await openTestDatabase();
      env = { DATABASE_URL: opened.url! };
      drop = opened.drop;
    } else {
      env = { DATABASE_URL: "", PGLITE_DIR: path.join(scratch, "pglite") };
    }
    const seed = (...args: string[]) =>
      run(process.execPath, ["--import", "tsx", "scripts/seed.ts", ...args], {
        env: { ...process.env, ...env, STORAGE_DIR: storageDir, NODE_ENV: "development" },
        timeout: 120_000,
      });
    try {
      const first = await seed("--attendees", "500", "--webinars", "6");
      expect(first.stdout).toMatch(/500 attendees in \d+ time zones/);
      expect(first.stdout).toMatch(/6 webinars \(1 with a capacity\)/);
      expect(first.stdout).toMatch(/Large festival laid in [\d.]+ s/);

      const again = await seed("--attendees", "500", "--webinars", "6").catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect(again).toMatchObject({ code: 1 });
      expect((again as { stderr: string }).stderr).toMatch(/already holds a festival.*--reset/s);

      const reset = await seed("--attendees", "200", "--webinars", "6", "--reset");
      expect(reset.stdout).toMatch(/Database wiped/);
      expect(reset.stdout).toMatch(/200 attendees in/);
    } finally {
      await drop();
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }, 300_000);
});
