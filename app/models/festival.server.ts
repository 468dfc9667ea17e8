import { desc } from "drizzle-orm";
import { db } from "~db/client.server";
import { festival } from "~db/schema";
import { cachedForSchedule } from "~/lib/schedule-cache.server";

export type Festival = typeof festival.$inferSelect;

/** The edition shown on the site: the most recent one. Past editions stay in the database. */
export function getCurrentFestival(): Promise<Festival | null> {
  return cachedForSchedule("festival:current", async () => {
    const rows = await (
      await db()
    )
      .select()
      .from(festival)
      .orderBy(desc(festival.startsOn))
      .limit(1);
    return rows[0] ?? null;
  });
}

/** Public pages need a festival; before one exists they answer 404 with a clear message. */
export async function requireCurrentFestival(): Promise<Festival> {
  const current = await getCurrentFestival();
  if (!current) {
    throw new Response("No festival has been set up yet.", { status: 404 });
  }
  return current;
}
