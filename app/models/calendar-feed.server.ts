import { and, eq, inArray } from "drizzle-orm";
import { db } from "~db/client.server";
import { user, webinar, webinarRegistration } from "~db/schema";
import type { CalendarWebinar } from "~/lib/calendar.server";
import { listPublicWebinars, toCalendarWebinar } from "./webinar.server";

/** Tokens are made by the database or rotateCalendarToken: URL-safe, 40 to 80 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{40,80}$/;

export interface PersonalFeed {
  name: string;
  webinars: CalendarWebinar[];
}

/**
 * The webinars one person holds a seat at, for their subscribed calendar.
 * Webinars later cancelled stay in, marked cancelled, so the calendar app
 * shows the cancellation rather than silently dropping the event.
 */
export async function personalFeed(token: string, appUrl: string): Promise<PersonalFeed | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const conn = await db();
  const [person] = await conn
    .select({ id: user.id, name: user.name })
    .from(user)
    .where(eq(user.calendarToken, token));
  if (!person) return null;
  const seats = await conn
    .select({ webinarId: webinarRegistration.webinarId, festivalId: webinar.festivalId })
    .from(webinarRegistration)
    .innerJoin(webinar, eq(webinar.id, webinarRegistration.webinarId))
    .where(
      and(
        eq(webinarRegistration.userId, person.id),
        eq(webinarRegistration.status, "confirmed"),
        inArray(webinar.status, ["published", "cancelled"]),
      ),
    );
  const ids = new Set(seats.map((s) => s.webinarId));
  const festivals = [...new Set(seats.map((s) => s.festivalId))];
  // The public list is cached and shared; this person's feed is a filter over it.
  const lists = await Promise.all(festivals.map((id) => listPublicWebinars(id)));
  const webinars = lists
    .flat()
    .filter((w) => ids.has(w.id))
    .map((w) => toCalendarWebinar(w, appUrl));
  return { name: person.name, webinars };
}
