import { randomBytes } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { db } from "~db/client.server";
import { festival, user, webinar, webinarRegistration } from "~db/schema";
import { enqueueEmails } from "~emails/outbox.server";
import { checkbox, parseForm, type FieldErrors } from "~/lib/form";
import { storage } from "~/lib/storage.server";
import { endOf } from "~/lib/time";
import { profileFields } from "./profile-fields";
import { eraseTraces } from "./account-erasure.server";
import { cancelInTransaction } from "./registration.server";
import { replanUserReminders } from "./reminders.server";

export type Account = typeof user.$inferSelect;

export async function getAccount(userId: string): Promise<Account | null> {
  const [row] = await (await db()).select().from(user).where(eq(user.id, userId));
  return row ?? null;
}

const profileForm = z.object({
  ...profileFields,
  emailReminders: checkbox,
  emailDigest: checkbox,
  marketing: checkbox,
});

export type ProfileResult =
  { status: "saved" } | { status: "invalid"; errors: FieldErrors; values: Record<string, string> };

/**
 * Saves the profile and email preferences. Only these fields can change
 * here: roles and the email address are not in the schema, so a forged
 * field is dropped, not saved. Consents keep the time they were given.
 */
export async function updateProfile(
  userId: string,
  form: FormData,
  appUrl: string,
  now = new Date(),
): Promise<ProfileResult> {
  const parsed = parseForm(profileForm, form);
  if (!parsed.ok) return { status: "invalid", errors: parsed.errors, values: parsed.values };
  const input = parsed.data;
  const conn = await db();
  const current = await getAccount(userId);
  if (!current) throw new Response("Your account no longer exists.", { status: 403 });
  await conn.transaction(async (tx) => {
    await tx
      .update(user)
      .set({
        name: input.name,
        organisation: input.organisation,
        networkRole: input.networkRole,
        country: input.country,
        timeZone: input.timeZone,
        emailReminders: input.emailReminders,
        emailDigest: input.emailDigest,
        emailNews: input.marketing,
        marketingConsentAt: input.marketing ? (current.marketingConsentAt ?? now) : null,
        updatedAt: now,
      })
      .where(eq(user.id, userId));
    // A new zone or reminder choice changes when reminders go: plan them again.
    if (
      current.emailReminders !== input.emailReminders ||
      current.emailDigest !== input.emailDigest ||
      current.timeZone !== input.timeZone
    ) {
      await enqueueEmails(tx, await replanUserReminders(tx, userId, appUrl, now));
    }
  });
  return { status: "saved" };
}

/** Sets the zone the browser reported, for people who never chose one. */
export async function rememberZone(userId: string, zone: string): Promise<void> {
  await (await db()).update(user).set({ timeZone: zone }).where(eq(user.id, userId));
}

/** A new secret for the personal calendar feed: the old URL stops working at once. */
export async function rotateCalendarToken(userId: string): Promise<string> {
  const token = randomBytes(30).toString("base64url");
  await (await db()).update(user).set({ calendarToken: token }).where(eq(user.id, userId));
  return token;
}

export { exportAccount } from "./account-export.server";

/**
 * Deletes a person. Seats they hold in webinars still to come are given up
 * first (the waitlist moves up, with its emails); their past registrations
 * and festival registration stay as anonymous rows (no person attached,
 * answers cleared), so organisers' counts of who came stay right. What else
 * goes or is unlinked (entries, votes, posts, mail, audit mentions) is
 * eraseTraces's list.
 */
export async function deleteAccount(userId: string, appUrl: string, now = new Date()) {
  const files: string[] = [];
  const result = await (
    await db()
  ).transaction(async (tx) => {
    const [account] = await tx.select().from(user).where(eq(user.id, userId)).for("update");
    if (!account) return { status: "gone" } as const;
    const live = await tx
      .select({
        slug: webinar.slug,
        startsAt: webinar.startsAt,
        duration: webinar.durationMinutes,
        festival,
      })
      .from(webinarRegistration)
      .innerJoin(webinar, eq(webinar.id, webinarRegistration.webinarId))
      .innerJoin(festival, eq(festival.id, webinar.festivalId))
      .where(
        and(
          eq(webinarRegistration.userId, userId),
          inArray(webinarRegistration.status, ["confirmed", "waitlisted"]),
        ),
      );
    for (const reg of live) {
      if (endOf(reg.startsAt, reg.duration) <= now) continue;
      await cancelInTransaction(
        tx,
        userId,
        reg.slug,
        { festival: reg.festival, appUrl, now },
        {
          notify: false,
        },
      );
    }
    files.push(...(await eraseTraces(tx, account)));
    // Sessions and faculty profiles go with the person; registrations keep their counts.
    await tx.delete(user).where(eq(user.id, userId));
    return { status: "deleted" } as const;
  });
  // Files go once no row names them (a failed delete leaves an orphan file, never a broken entry).
  for (const key of files)
    await storage()
      .delete(key)
      .catch(() => {});
  return result;
}
