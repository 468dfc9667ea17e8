import { eq } from "drizzle-orm";
import { db } from "~db/client.server";
import { user } from "~db/schema";
import { enqueueEmails } from "~emails/outbox.server";
import type { UnsubscribeTopic } from "~/lib/unsubscribe.server";
import { replanUserReminders } from "./reminders.server";

const COLUMN = {
  reminders: "emailReminders",
  digest: "emailDigest",
  announcements: "emailAnnouncements",
  news: "emailNews",
} as const;

/**
 * Turns one kind of email off for a person, from an unsubscribe link: no
 * sign-in, and the same answer if it was already off or the account is gone.
 * Registration confirmations, updates and cancellations are not affected.
 */
export async function unsubscribe(
  userId: string,
  topic: UnsubscribeTopic,
  appUrl: string,
  now = new Date(),
): Promise<{ email: string | null }> {
  return (await db()).transaction(async (tx) => {
    const [person] = await tx
      .update(user)
      .set({
        [COLUMN[topic]]: false,
        ...(topic === "news" ? { marketingConsentAt: null } : {}),
        updatedAt: now,
      })
      .where(eq(user.id, userId))
      .returning({ email: user.email });
    if (!person) return { email: null };
    // Reminders off: the planned ones go. Digest off: day-before reminders come back.
    if (topic === "reminders" || topic === "digest") {
      await enqueueEmails(tx, await replanUserReminders(tx, userId, appUrl, now));
    }
    return { email: person.email };
  });
}
