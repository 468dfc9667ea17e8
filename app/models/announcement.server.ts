import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { db } from "~db/client.server";
import { festivalRegistration, user, webinar, webinarRegistration } from "~db/schema";
import { announcementEmail } from "~emails/announcement";
import { enqueueEmails, type QueuedEmail } from "~emails/outbox.server";
import type { FieldErrors } from "~/lib/form";
import { renderMarkdown } from "~/lib/markdown.server";
import { unsubscribeHeaders } from "~/lib/unsubscribe.server";
import type { Festival } from "./festival.server";
import { emailFestival } from "./email-data.server";

const announcementInput = z.object({
  subject: z
    .string()
    .trim()
    .min(1, "Give the message a subject.")
    .max(200, "Keep the subject under 200 characters."),
  body: z
    .string()
    .trim()
    .min(1, "Write the message.")
    .max(20_000, "Keep the message under 20,000 characters."),
  webinarId: z.string().uuid().nullable().default(null),
});

export type AnnounceResult =
  | { status: "queued"; announcementId: string; recipients: number; lastSendAt: Date }
  | { status: "invalid"; errors: FieldErrors }
  | { status: "not-found" };

/** Messages per minute an announcement is spread over, so the mail server and inboxes are not flooded. */
export const ANNOUNCEMENT_RATE_PER_MINUTE = 600;

/**
 * An organiser's message to everyone registered for the festival, or for one
 * webinar (seats and waitlist): one personalised email each, for people who
 * have not turned announcements off, queued in one transaction and spread
 * over time at a fixed rate. The worker delivers them like any other.
 */
export async function announce(
  input: unknown,
  ctx: { festival: Festival; appUrl: string; now?: Date; ratePerMinute?: number },
): Promise<AnnounceResult> {
  const parsed = announcementInput.safeParse(input);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return { status: "invalid", errors };
  }
  const { subject, body, webinarId } = parsed.data;
  const now = ctx.now ?? new Date();
  const rate = Math.max(1, ctx.ratePerMinute ?? ANNOUNCEMENT_RATE_PER_MINUTE);
  const conn = await db();

  let about: { id: string; title: string; slug: string } | null = null;
  if (webinarId) {
    const [found] = await conn
      .select({ id: webinar.id, title: webinar.title, slug: webinar.slug })
      .from(webinar)
      .where(and(eq(webinar.id, webinarId), eq(webinar.festivalId, ctx.festival.id)));
    if (!found) return { status: "not-found" };
    about = found;
  }
  const people = about
    ? await conn
        .selectDistinct({ id: user.id, email: user.email, name: user.name })
        .from(webinarRegistration)
        .innerJoin(user, eq(user.id, webinarRegistration.userId))
        .where(
          and(
            eq(webinarRegistration.webinarId, about.id),
            inArray(webinarRegistration.status, ["confirmed", "waitlisted"]),
            eq(user.emailAnnouncements, true),
          ),
        )
    : await conn
        .select({ id: user.id, email: user.email, name: user.name })
        .from(festivalRegistration)
        .innerJoin(user, eq(user.id, festivalRegistration.userId))
        .where(
          and(
            eq(festivalRegistration.festivalId, ctx.festival.id),
            eq(user.emailAnnouncements, true),
          ),
        );

  const announcementId = randomUUID();
  const html = renderMarkdown(body);
  const emails: QueuedEmail[] = people.map((p, i) => {
    const { url, headers } = unsubscribeHeaders(ctx.appUrl, p.id, "announcements");
    return {
      kind: "announcement",
      to: p.email,
      userId: p.id,
      webinarId: about?.id ?? null,
      dedupeKey: `announcement:${announcementId}:${p.id}`,
      sendAfter: new Date(now.getTime() + Math.floor(i / rate) * 60_000),
      message: announcementEmail({
        appUrl: ctx.appUrl,
        festival: emailFestival(ctx.festival, ctx.appUrl),
        recipient: { name: p.name },
        subject,
        body: { markdown: body, html },
        webinar: about,
        unsubscribeUrl: url,
        headers,
      }),
    };
  });
  await conn.transaction(async (tx) => {
    // In slices: one statement per thousand keeps each insert a sensible size.
    for (let i = 0; i < emails.length; i += 1000)
      await enqueueEmails(tx, emails.slice(i, i + 1000));
  });
  const last = emails.at(-1)?.sendAfter ?? now;
  return { status: "queued", announcementId, recipients: emails.length, lastSendAt: last };
}
