import { and, eq, inArray } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db } from "~db/client.server";
import { festivalRegistration, user, webinarRegistration } from "~db/schema";
import { digestEmail } from "~emails/digest";
import { enqueueEmails, type QueuedEmail } from "~emails/outbox.server";
import { unsubscribeHeaders } from "~/lib/unsubscribe.server";
import type { Festival } from "./festival.server";
import { listPublishedPosts } from "./post.server";
import { seatCounts } from "./registration.server";
import { listPublicWebinars } from "./webinar.server";
import { emailFestival } from "./email-data.server";

/** The digest goes at 08:00 local; if the worker was down then, up to 20:00 the same day. */
export const DIGEST_HOUR = 8;
const DIGEST_LATEST_HOUR = 20;
/** "New on the blog" covers the 24 hours before the digest is built: a daily email's own day. */
const NEW_POSTS_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Queues today's digest for every reader whose local morning has come and
 * who has not had it yet. Run by the worker every minute; the dedupe key
 * (person and local date) makes it once a day whatever the number of workers.
 * Built at that moment, so it lists the day as it stands.
 */
export async function planDigests(
  conn: Db,
  festival: Festival,
  appUrl: string,
  now: Date,
): Promise<number> {
  const readers = await conn
    .select({ id: user.id, email: user.email, name: user.name, timeZone: user.timeZone })
    .from(user)
    .innerJoin(
      festivalRegistration,
      and(
        eq(festivalRegistration.userId, user.id),
        eq(festivalRegistration.festivalId, festival.id),
      ),
    )
    .where(eq(user.emailDigest, true));
  const due = readers
    .map((r) => ({ ...r, zone: r.timeZone ?? festival.timeZone }))
    .map((r) => ({ ...r, local: DateTime.fromJSDate(now, { zone: r.zone }) }))
    .filter(({ local }) => {
      const date = local.toISODate()!;
      return (
        local.hour >= DIGEST_HOUR &&
        local.hour < DIGEST_LATEST_HOUR &&
        date >= festival.startsOn &&
        date <= festival.endsOn
      );
    });
  if (due.length === 0) return 0;

  const [webinars, counts, seats, blog] = await Promise.all([
    listPublicWebinars(festival.id),
    seatCounts(festival.id),
    conn
      .select({ userId: webinarRegistration.userId, webinarId: webinarRegistration.webinarId })
      .from(webinarRegistration)
      .where(
        and(
          inArray(
            webinarRegistration.userId,
            due.map((d) => d.id),
          ),
          eq(webinarRegistration.status, "confirmed"),
        ),
      ),
    listPublishedPosts(festival.id, {
      now,
      since: new Date(now.getTime() - NEW_POSTS_WINDOW_MS),
      limit: 20,
    }),
  ]);
  const posts = blog.posts.map((p) => ({
    title: p.title,
    url: `${appUrl}/blog/${p.slug}`,
    authors: p.authors.map((a) => a.name),
    summary: p.summary,
  }));
  const held = new Set(seats.map((s) => `${s.userId}:${s.webinarId}`));
  const emails: QueuedEmail[] = [];
  for (const reader of due) {
    const date = reader.local.toISODate()!;
    const today = webinars.filter(
      (w) =>
        w.status === "published" &&
        DateTime.fromJSDate(w.startsAt, { zone: reader.zone }).toISODate() === date &&
        w.endsAt > now,
    );
    // A day with new posts but no webinars still has news for the reader.
    if (today.length === 0 && posts.length === 0) continue;
    const { url, headers } = unsubscribeHeaders(appUrl, reader.id, "digest");
    emails.push({
      kind: "digest",
      to: reader.email,
      userId: reader.id,
      dedupeKey: `digest:${reader.id}:${date}`,
      sendAfter: now,
      message: digestEmail({
        appUrl,
        festival: emailFestival(festival, appUrl),
        recipient: { email: reader.email, name: reader.name, timeZone: reader.zone },
        date,
        dayLabel: reader.local.setLocale("en-GB").toFormat("cccc d LLLL"),
        webinars: today.map((w) => ({
          slug: w.slug,
          title: w.title,
          startsAt: w.startsAt,
          durationMinutes: w.durationMinutes,
          mine: held.has(`${reader.id}:${w.id}`),
          placesLeft:
            w.capacity === null
              ? null
              : Math.max(w.capacity - (counts.get(w.id)?.confirmed ?? 0), 0),
        })),
        posts,
        unsubscribeUrl: url,
        headers,
      }),
    });
  }
  return enqueueEmails(conn, emails);
}
