import { and, desc, eq, isNotNull, ne, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { db } from "~db/client.server";
import { festivalRegistration, user, webinar, webinarRegistration } from "~db/schema";
import { mailQueueStats, type MailQueueStats } from "~emails/stats.server";
import { zoneCity } from "~/lib/time";
import type { Festival } from "./festival.server";

/**
 * The figures behind the back office's dashboard. Each function is one or
 * two grouped queries: the database counts, JavaScript only fills gaps and
 * folds a few hundred grouped rows into chart-sized lists.
 */

type FestivalRef = Pick<Festival, "id" | "timeZone">;

export interface RegistrationDay {
  /** yyyy-MM-dd in the festival's zone. */
  day: string;
  registrations: number;
  /** Everyone registered by the end of that day. */
  total: number;
}

/**
 * Festival registrations per day, counted on the festival's calendar (a
 * registration at 00:30 London time on the 26th belongs to the 26th whatever
 * the offset that night), with the running total. Days without any are
 * filled in, so the timeline has no holes.
 */
export async function registrationsByDay(festival: FestivalRef): Promise<RegistrationDay[]> {
  const day = sql<string>`to_char(${festivalRegistration.createdAt} at time zone ${festival.timeZone}, 'YYYY-MM-DD')`;
  const rows = await (
    await db()
  )
    .select({ day, registrations: sql<number>`count(*)`.mapWith(Number) })
    .from(festivalRegistration)
    .where(eq(festivalRegistration.festivalId, festival.id))
    // By position: the zone is a parameter, and two parameters are two expressions to PostgreSQL.
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  if (rows.length === 0) return [];
  const counts = new Map(rows.map((r) => [r.day, r.registrations]));
  const days: RegistrationDay[] = [];
  let total = 0;
  const last = DateTime.fromISO(rows.at(-1)!.day, { zone: "utc" });
  for (
    let d = DateTime.fromISO(rows[0]!.day, { zone: "utc" });
    d <= last;
    d = d.plus({ days: 1 })
  ) {
    const key = d.toISODate()!;
    const registrations = counts.get(key) ?? 0;
    total += registrations;
    days.push({ day: key, registrations, total });
  }
  return days;
}

export interface WebinarFigures {
  id: string;
  title: string;
  slug: string;
  startsAt: Date;
  durationMinutes: number;
  /** null: unlimited. */
  capacity: number | null;
  confirmed: number;
  waitlisted: number;
  /** Confirmed registrants who followed the join link. */
  joined: number;
  /** The webinar is over: attendance can be judged. */
  ended: boolean;
}

/** Seats, waitlist and attendance for each published webinar, in start order: one grouped query. */
export async function webinarFigures(festival: FestivalRef, now: Date): Promise<WebinarFigures[]> {
  const r = webinarRegistration;
  const count = (where: ReturnType<typeof sql>) =>
    sql<number>`count(${r.id}) filter (where ${where})`.mapWith(Number);
  const rows = await (
    await db()
  )
    .select({
      id: webinar.id,
      title: webinar.title,
      slug: webinar.slug,
      startsAt: webinar.startsAt,
      durationMinutes: webinar.durationMinutes,
      capacity: webinar.capacity,
      confirmed: count(sql`${r.status} = 'confirmed'`),
      waitlisted: count(sql`${r.status} = 'waitlisted'`),
      joined: count(sql`${r.status} = 'confirmed' and ${r.joinedAt} is not null`),
    })
    .from(webinar)
    .leftJoin(r, eq(r.webinarId, webinar.id))
    .where(and(eq(webinar.festivalId, festival.id), eq(webinar.status, "published")))
    .groupBy(webinar.id)
    .orderBy(webinar.startsAt, webinar.title);
  return rows.map((w) => ({
    ...w,
    ended: w.startsAt.getTime() + w.durationMinutes * 60_000 <= now.getTime(),
  }));
}

export interface Attendance {
  id: string;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  confirmed: number;
  joined: number;
  noShows: number;
  /** Share of confirmed registrants who never joined, 0 to 1. */
  noShowRate: number;
}

/** Joined against confirmed for webinars that have ended and had anyone confirmed. */
export function attendanceOf(figures: readonly WebinarFigures[]): Attendance[] {
  return figures
    .filter((w) => w.ended && w.confirmed > 0)
    .map((w) => ({
      id: w.id,
      title: w.title,
      startsAt: w.startsAt,
      durationMinutes: w.durationMinutes,
      confirmed: w.confirmed,
      joined: w.joined,
      noShows: w.confirmed - w.joined,
      noShowRate: (w.confirmed - w.joined) / w.confirmed,
    }));
}

export interface PlaceCount {
  label: string;
  count: number;
}

export interface AttendeePlaces {
  /** By continent of the time zone (Europe, Americas, ...). */
  regions: PlaceCount[];
  /** By time zone, named by its city, the largest first, the rest as "Other zones". */
  cities: PlaceCount[];
  /** By country as people typed it (when they did), the largest first, the rest as "Other countries". */
  countries: PlaceCount[];
  /** Registrants with no zone, and with no country. */
  withoutZone: number;
  withoutCountry: number;
}

const REGION_NAMES: Record<string, string> = {
  America: "Americas",
  Europe: "Europe",
  Africa: "Africa",
  Asia: "Asia",
  Australia: "Australia",
  Pacific: "Pacific",
  Atlantic: "Atlantic islands",
  Indian: "Indian Ocean",
  Antarctica: "Antarctica",
  Arctic: "Europe",
};

/** "Europe" from Europe/London, "Americas" from America/Argentina/Salta; UTC and Etc/* are "UTC". */
export function regionOfZone(zone: string): string {
  const first = zone.split("/")[0] ?? zone;
  return REGION_NAMES[first] ?? "UTC";
}

/** The largest `top` entries, and one more adding up the rest. */
export function topWithOther(entries: PlaceCount[], top: number, otherLabel: string): PlaceCount[] {
  const sorted = [...entries].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  if (sorted.length <= top + 1) return sorted;
  const rest = sorted.slice(top).reduce((n, e) => n + e.count, 0);
  return [...sorted.slice(0, top), { label: otherLabel, count: rest }];
}

function fold(entries: PlaceCount[]): PlaceCount[] {
  const sums = new Map<string, number>();
  for (const e of entries) sums.set(e.label, (sums.get(e.label) ?? 0) + e.count);
  return [...sums].map(([label, count]) => ({ label, count }));
}

/**
 * Where the festival's registrants are: grouped by time zone and by
 * country in the database (a few hundred rows at most), then folded to
 * regions and cities and cut to the top few.
 */
export async function attendeePlaces(festival: FestivalRef, top = 8): Promise<AttendeePlaces> {
  const conn = await db();
  const registrants = and(
    eq(festivalRegistration.festivalId, festival.id),
    isNotNull(festivalRegistration.userId),
  );
  const n = sql<number>`count(*)`.mapWith(Number);
  const [zones, countries] = await Promise.all([
    conn
      .select({ zone: user.timeZone, count: n })
      .from(festivalRegistration)
      .innerJoin(user, eq(user.id, festivalRegistration.userId))
      .where(registrants)
      .groupBy(user.timeZone),
    conn
      .select({
        // "UK", "uk " and "Uk" are one country, named as most of them wrote it.
        label: sql<string>`mode() within group (order by trim(${user.country}))`,
        count: n,
      })
      .from(festivalRegistration)
      .innerJoin(user, eq(user.id, festivalRegistration.userId))
      .where(and(registrants, ne(sql`trim(${user.country})`, "")))
      .groupBy(sql`lower(trim(${user.country}))`)
      .orderBy(desc(n)),
  ]);
  const zoned = zones.filter((z): z is { zone: string; count: number } => !!z.zone);
  const total = zones.reduce((s, z) => s + z.count, 0);
  const withCountry = countries.reduce((s, c) => s + c.count, 0);
  return {
    regions: topWithOther(
      fold(zoned.map((z) => ({ label: regionOfZone(z.zone), count: z.count }))),
      top,
      "Other regions",
    ),
    cities: topWithOther(
      // Zones that share a city name (rare) are counted together.
      fold(zoned.map((z) => ({ label: zoneCity(z.zone), count: z.count }))),
      top,
      "Other zones",
    ),
    countries: topWithOther(countries, top, "Other countries"),
    withoutZone: total - zoned.reduce((s, z) => s + z.count, 0),
    withoutCountry: total - withCountry,
  };
}

export interface Headlines {
  festivalRegistrants: number;
  seatsTaken: number;
  /** Seats offered by webinars with a capacity, and how many of those are taken; null when every one is unlimited. */
  limitedSeats: { offered: number; taken: number } | null;
  waitlisted: number;
  joined: number;
  emailsPending: number;
  emailsFailed: number;
}

export interface Dashboard {
  headlines: Headlines;
  registrations: RegistrationDay[];
  webinars: WebinarFigures[];
  attendance: Attendance[];
  places: AttendeePlaces;
  mail: MailQueueStats;
}

/** Everything the dashboard shows, its queries run side by side. */
export async function dashboard(festival: FestivalRef, now: Date): Promise<Dashboard> {
  const conn = await db();
  const [registrations, webinars, places, mail] = await Promise.all([
    registrationsByDay(festival),
    webinarFigures(festival, now),
    attendeePlaces(festival),
    mailQueueStats(conn, now, { errors: 3 }),
  ]);
  const sum = (pick: (w: WebinarFigures) => number) => webinars.reduce((s, w) => s + pick(w), 0);
  const limited = webinars.filter((w) => w.capacity !== null);
  return {
    headlines: {
      festivalRegistrants: registrations.at(-1)?.total ?? 0,
      seatsTaken: sum((w) => w.confirmed),
      limitedSeats: limited.length
        ? {
            offered: limited.reduce((s, w) => s + (w.capacity ?? 0), 0),
            taken: limited.reduce((s, w) => s + Math.min(w.confirmed, w.capacity ?? 0), 0),
          }
        : null,
      waitlisted: sum((w) => w.waitlisted),
      joined: sum((w) => w.joined),
      emailsPending: mail.pending,
      emailsFailed: mail.failed,
    },
    registrations,
    webinars,
    attendance: attendanceOf(webinars),
    places,
    mail,
  };
}
