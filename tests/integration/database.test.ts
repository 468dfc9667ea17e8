import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { user, webinar } from "~db/schema";
import { createFestival, createUser, createWebinar } from "~tests/factories";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();

describe("migrations", () => {
  it("create the foundation tables", async () => {
    const result = await testDb.handle.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const rows = (
      Array.isArray(result) ? result : (result as { rows: { table_name: string }[] }).rows
    ).map((r: { table_name: string }) => r.table_name);
    expect(rows).toEqual(
      expect.arrayContaining([
        "faculty_profile",
        "festival",
        "speaker",
        "user",
        "webinar",
        "webinar_host",
        "webinar_speaker",
      ]),
    );
  });

  it("can be applied again without changing anything", async () => {
    await expect(testDb.handle.migrate()).resolves.toBeUndefined();
  });
});

describe("rules the database enforces", () => {
  it("treats email addresses that differ only in case as one person", async () => {
    await createUser(testDb.handle.db, { email: "Ann@Example.org" });
    await expect(createUser(testDb.handle.db, { email: "ann@example.org" })).rejects.toThrow();
    const rows = await testDb.handle.db
      .select()
      .from(user)
      .where(sql`lower(${user.email}) = 'ann@example.org'`);
    expect(rows).toHaveLength(1);
  });

  it("keeps webinar slugs unique within a festival but not across festivals", async () => {
    const a = await createFestival(testDb.handle.db);
    const b = await createFestival(testDb.handle.db);
    await createWebinar(testDb.handle.db, a, { slug: "same-slug" });
    await expect(createWebinar(testDb.handle.db, a, { slug: "same-slug" })).rejects.toThrow();
    await expect(createWebinar(testDb.handle.db, b, { slug: "same-slug" })).resolves.toBeTruthy();
  });

  it("gives every webinar its own permanent calendar UID and starts SEQUENCE at 0", async () => {
    const fest = await createFestival(testDb.handle.db);
    const one = await createWebinar(testDb.handle.db, fest);
    const two = await createWebinar(testDb.handle.db, fest);
    expect(one.calendarUid).toMatch(/^[0-9a-f-]{36}$/);
    expect(one.calendarUid).not.toBe(two.calendarUid);
    expect(one.sequence).toBe(0);
  });

  it("refuses impossible durations, capacities and festival dates", async () => {
    const fest = await createFestival(testDb.handle.db);
    await expect(createWebinar(testDb.handle.db, fest, { durationMinutes: 0 })).rejects.toThrow();
    await expect(createWebinar(testDb.handle.db, fest, { capacity: -1 })).rejects.toThrow();
    await expect(
      createFestival(testDb.handle.db, { startsOn: "2026-10-28", endsOn: "2026-10-21" }),
    ).rejects.toThrow();
  });

  it("stores instants as UTC whatever the server's zone", async () => {
    const fest = await createFestival(testDb.handle.db);
    const row = await createWebinar(testDb.handle.db, fest, { localStart: "2026-10-27T12:30" });
    const [read] = await testDb.handle.db
      .select({
        startsAt: webinar.startsAt,
        utc: sql<string>`to_char(${webinar.startsAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI')`,
      })
      .from(webinar)
      .where(sql`${webinar.id} = ${row.id}`);
    expect(read!.startsAt.toISOString()).toBe("2026-10-27T12:30:00.000Z");
    expect(read!.utc).toBe("2026-10-27T12:30");
  });
});
