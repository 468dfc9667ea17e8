import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  facultyProfile,
  festival,
  festivalRegistration,
  entry,
  outbox,
  post,
  resource,
  postAuthor,
  speaker,
  user,
  webinar,
  webinarHost,
  webinarRegistration,
} from "~db/schema";
import { comingMonday, seedDemoFestival } from "~db/seed.server";
import { competitionPhase, getCompetition, isPublicEntry } from "~/models/competition.server";
import { listPublishedPosts } from "~/models/post.server";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
// The seed stores the demo entries' captions: in a folder of this test's own.
const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-seed-storage-"));
const previousStorage = process.env.STORAGE_DIR;
beforeAll(() => {
  process.env.STORAGE_DIR = storageDir;
});
afterAll(() => {
  if (previousStorage === undefined) delete process.env.STORAGE_DIR;
  else process.env.STORAGE_DIR = previousStorage;
  fs.rmSync(storageDir, { recursive: true, force: true });
});
const now = new Date("2026-11-27T17:00:00Z"); // a Friday

describe("the demo festival", () => {
  it("starts on the coming Monday in London", () => {
    expect(comingMonday(now, "Europe/London")).toBe("2026-11-30");
    expect(comingMonday(new Date("2026-11-30T09:00:00Z"), "Europe/London")).toBe("2026-12-07");
    expect(comingMonday(new Date("2026-11-29T23:30:00Z"), "Europe/London")).toBe("2026-11-30");
  });

  it("is a week of webinars at lunchtime, an evening for the Americas and a morning for Australia", async () => {
    const summary = await seedDemoFestival(testDb.handle.db, { now });
    expect(summary).toMatchObject({
      created: true,
      startsOn: "2026-11-30",
      webinars: 7,
      faculty: 6,
    });
    const [fest] = await testDb.handle.db
      .select()
      .from(festival)
      .where(eq(festival.id, summary.festivalId));
    expect(fest).toMatchObject({
      timeZone: "Europe/London",
      startsOn: "2026-11-30",
      endsOn: "2026-12-04",
    });

    const rows = await testDb.handle.db
      .select()
      .from(webinar)
      .where(eq(webinar.festivalId, summary.festivalId));
    const local = rows.map((w) => DateTime.fromJSDate(w.startsAt, { zone: "Europe/London" }));
    const weekdays = new Set(
      local.filter((d) => d.toFormat("HH:mm") === "12:30").map((d) => d.weekday),
    );
    expect([...weekdays].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(rows.every((w) => w.durationMinutes === 30 && w.status === "published")).toBe(true);

    // Evening in London is afternoon in New York; early in London is evening in Melbourne.
    const newYork = rows.map(
      (w) => DateTime.fromJSDate(w.startsAt, { zone: "America/New_York" }).hour,
    );
    expect(newYork.some((h) => h >= 12 && h <= 17)).toBe(true);
    const melbourne = rows.map(
      (w) => DateTime.fromJSDate(w.startsAt, { zone: "Australia/Melbourne" }).hour,
    );
    expect(melbourne.some((h) => h >= 17 && h <= 21)).toBe(true);
  });

  it("has a faculty of six with one chair, and hosts from the UK, Ohio and Melbourne", async () => {
    const faculty = await testDb.handle.db.select().from(facultyProfile);
    expect(faculty).toHaveLength(6);
    expect(faculty.filter((f) => f.isChair)).toHaveLength(1);
    const places = [
      ...faculty.map((f) => f.location),
      ...(await testDb.handle.db.select().from(speaker)).map((s) => s.location),
    ];
    expect(places.some((p) => p.includes("UK"))).toBe(true);
    expect(places.some((p) => p.includes("Ohio"))).toBe(true);
    expect(places.some((p) => p.includes("Melbourne"))).toBe(true);
    const hosting = await testDb.handle.db.select().from(webinarHost);
    expect(new Set(hosting.map((h) => h.webinarId)).size).toBe(7);
  });

  it("has a blog: two posts out before the week, one scheduled for each festival morning", async () => {
    const festivalId = (await testDb.handle.db.select().from(festival))[0]!.id;
    const before = await listPublishedPosts(festivalId, { now });
    expect(before.posts.map((p) => p.slug)).toEqual([
      "what-makes-a-network-last",
      "welcome-to-networkfest",
    ]);
    expect(before.posts[0]!.authors.map((a) => a.name)).toHaveLength(2);
    // Wednesday 07:00 London: Monday's, Tuesday's and Wednesday's posts are out.
    const wednesday = new Date("2026-12-02T07:00:00Z");
    const midweek = await listPublishedPosts(festivalId, { now: wednesday });
    expect(midweek.posts.slice(0, 3).map((p) => p.slug)).toEqual([
      "wednesday-deciding-together",
      "tuesday-beyond-the-usual-suspects",
      "monday-starting-with-why",
    ]);
    expect(midweek.total).toBe(5);
  });

  it("runs Network90 on its week, with three entries shortlisted and their captions stored", async () => {
    const festivalId = (await testDb.handle.db.select().from(festival))[0]!.id;
    const c = await getCompetition(festivalId);
    expect(competitionPhase(c!, now)).toBe("entries-open");
    // Voting opens on the Wednesday at 09:00 London (GMT in December).
    expect(c!.votingOpensAt.toISOString()).toBe("2026-12-02T09:00:00.000Z");
    const entries = await testDb.handle.db.select().from(entry);
    expect(
      entries
        .filter(isPublicEntry)
        .map((e) => e.region)
        .sort(),
    ).toEqual(["Scotland", "Wales", "Yorkshire and the Humber"]);
    for (const e of entries) {
      expect(fs.readFileSync(path.join(storageDir, e.captionsKey!), "utf8")).toMatch(/^WEBVTT/);
    }
  });

  it("releases one resource before the week and the rest on festival mornings", async () => {
    const rows = await testDb.handle.db.select().from(resource);
    expect(rows.filter((r) => r.releaseAt <= now).map((r) => r.slug)).toEqual([
      "networkfest-guide",
    ]);
    expect(rows.every((r) => r.url?.startsWith("https://"))).toBe(true);
  });

  it("creates nothing new when run again", async () => {
    const count = async () => ({
      festivals: (await testDb.handle.db.select().from(festival)).length,
      users: (await testDb.handle.db.select().from(user)).length,
      faculty: (await testDb.handle.db.select().from(facultyProfile)).length,
      speakers: (await testDb.handle.db.select().from(speaker)).length,
      webinars: (await testDb.handle.db.select().from(webinar)).length,
      hosts: (await testDb.handle.db.select().from(webinarHost)).length,
      registrations: (await testDb.handle.db.select().from(webinarRegistration)).length,
      posts: (await testDb.handle.db.select().from(post)).length,
      entries: (await testDb.handle.db.select().from(entry)).length,
      resources: (await testDb.handle.db.select().from(resource)).length,
      storedFiles: fs.readdirSync(path.join(storageDir, "captions")).length,
      postAuthors: (await testDb.handle.db.select().from(postAuthor)).length,
    });
    const before = await count();
    const again = await seedDemoFestival(testDb.handle.db, {
      now: new Date("2026-12-20T00:00:00Z"),
    });
    expect(again.created).toBe(false);
    expect(again.startsOn).toBe("2026-11-30");
    expect(await count()).toEqual(before);
  });
});

describe("the demo festival's attendees", () => {
  it("are registered across the world, within capacity, without a single email queued", async () => {
    const summary = await seedDemoFestival(testDb.handle.db, { now });
    const people = await testDb.handle.db
      .select()
      .from(festivalRegistration)
      .where(eq(festivalRegistration.festivalId, summary.festivalId));
    expect(people).toHaveLength(120);
    // Registered over the three weeks before the seed ran.
    const days = new Set(people.map((p) => p.createdAt.toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThan(10);
    expect(people.every((p) => p.createdAt <= now)).toBe(true);
    const zones = new Set(
      (await testDb.handle.db.select({ zone: user.timeZone }).from(user)).map((u) => u.zone),
    );
    expect(zones.size).toBeGreaterThanOrEqual(8);
    const seats = await testDb.handle.db.select().from(webinarRegistration);
    expect(seats.length).toBeGreaterThan(200);
    const webinars = await testDb.handle.db.select().from(webinar);
    for (const w of webinars) {
      const confirmed = seats.filter((s) => s.webinarId === w.id && s.status === "confirmed");
      if (w.capacity !== null) expect(confirmed.length).toBeLessThanOrEqual(w.capacity);
    }
    expect(await testDb.handle.db.select().from(outbox)).toEqual([]);
  });
});
