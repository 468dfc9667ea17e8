import { desc } from "drizzle-orm";
import { db } from "~db/client.server";
import { devMail } from "~db/schema";

export type DevMail = typeof devMail.$inferSelect;

/** The newest messages the dev mailbox caught, newest first. */
export async function listDevMail(limit = 50): Promise<DevMail[]> {
  return (await db()).select().from(devMail).orderBy(desc(devMail.createdAt)).limit(limit);
}
