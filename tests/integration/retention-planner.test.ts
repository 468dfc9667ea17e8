import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { festival as festivalTable, user } from "~db/schema";
import { startPlanner } from "~/server/planner.server";
import { createAttendee, createFestival } from "~tests/factories";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();

describe("the planner", () => {
  it("runs the retention job when it starts, and logs what it removed", async () => {
    const db = testDb.handle.db;
    const old = await createFestival(db, {
      name: "Long Gone Week",
      timeZone: "Asia/Kolkata",
      startsOn: "2021-03-01",
      endsOn: "2021-03-05",
      retentionDays: 30,
    });
    const person = await createAttendee(db, old, { name: "Meera Old-Timer" });
    const lines: Record<string, unknown>[] = [];
    const planner = startPlanner({
      db,
      appUrl: "http://localhost:3000",
      everyMs: 3_600_000,
      log: (line) => lines.push(line),
    });
    try {
      await expect
        .poll(() => lines.find((l) => l.event === "retention.done"), { timeout: 20_000 })
        .toMatchObject({
          festival: "Long Gone Week",
          deadline: "2021-04-04T18:30:00.000Z", // 5 March + 31 days, midnight in Kolkata (UTC+5:30)
          peopleAnonymised: 1,
        });
    } finally {
      planner.stop();
    }
    const [f] = await db.select().from(festivalTable).where(eq(festivalTable.id, old.id));
    expect(f!.personalDataRemovedAt).toBeInstanceOf(Date);
    const [gone] = await db.select().from(user).where(eq(user.id, person.id));
    expect(gone).toMatchObject({ name: "", email: `removed-${person.id}@removed.invalid` });
  });
});
