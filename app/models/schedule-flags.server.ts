import { and, count, desc, eq, isNotNull } from "drizzle-orm";
import { db } from "~db/client.server";
import { festivalRegistration, user } from "~db/schema";
import { DEFAULT_PREVIEW_ZONES } from "~/lib/festival-time";
import { endOf, formatRange, isAtNight, isValidZone } from "~/lib/time";

/**
 * What the week view warns about: webinars that overlap in time (clashes),
 * and webinars that fall in the night (22:00 to 07:00) for a major audience.
 * A major audience is a time zone where at least MAJOR_SHARE of the
 * festival's registrants (those whose zone we know) live; before anyone has
 * registered, the festival's own zone stands in.
 */
export const MAJOR_SHARE = 0.1;

export interface AudienceZone {
  zone: string;
  registrants: number;
  /** Of the registrants whose zone is known, 0 to 1. */
  share: number;
}

export interface Audiences {
  /** Festival registrants, and how many of them have a zone. */
  total: number;
  known: number;
  /** Every zone, most registrants first. */
  zones: AudienceZone[];
  /** The zones that count for night-time flags. */
  major: AudienceZone[];
}

/** Where the festival's registrants are, by their profile's time zone. */
export async function festivalAudiences(festivalId: string, homeZone: string): Promise<Audiences> {
  const conn = await db();
  const inFestival = eq(festivalRegistration.festivalId, festivalId);
  const [rows, [all]] = await Promise.all([
    conn
      .select({ zone: user.timeZone, n: count() })
      .from(festivalRegistration)
      .innerJoin(user, eq(user.id, festivalRegistration.userId))
      .where(and(inFestival, isNotNull(user.timeZone)))
      .groupBy(user.timeZone)
      .orderBy(desc(count()), user.timeZone),
    conn.select({ n: count() }).from(festivalRegistration).where(inFestival),
  ]);
  const valid = rows.filter((r): r is { zone: string; n: number } => isValidZone(r.zone));
  return audiencesFrom(
    valid.map((r) => ({ zone: r.zone, registrants: r.n })),
    all?.n ?? 0,
    homeZone,
  );
}

/** The counting rule, apart from the database (tested on its own). */
export function audiencesFrom(
  counts: readonly { zone: string; registrants: number }[],
  total: number,
  homeZone: string,
): Audiences {
  const known = counts.reduce((sum, c) => sum + c.registrants, 0);
  const zones = [...counts]
    .sort((a, b) => b.registrants - a.registrants || a.zone.localeCompare(b.zone))
    .map((c) => ({ ...c, share: known ? c.registrants / known : 0 }));
  const major =
    known > 0
      ? zones.filter((z) => z.share >= MAJOR_SHARE)
      : [{ zone: homeZone, registrants: 0, share: 0 }];
  return { total, known, zones, major };
}

/**
 * The zones a time is shown in beside the festival's and UTC: the three
 * where most registrants are, topped up with New York, Kolkata and Melbourne.
 */
export function displayZones(audiences: Audiences, homeZone: string): string[] {
  const skip = new Set([homeZone, "UTC", "Etc/UTC"]);
  const chosen: string[] = [];
  for (const zone of [...audiences.zones.map((z) => z.zone), ...DEFAULT_PREVIEW_ZONES]) {
    if (chosen.length === 3) break;
    if (!skip.has(zone) && !chosen.includes(zone)) chosen.push(zone);
  }
  return chosen;
}

export interface Slot {
  id: string;
  title: string;
  status: "draft" | "published" | "cancelled";
  startsAt: Date;
  durationMinutes: number;
}

export interface NightFlag {
  zone: string;
  share: number;
  /** The webinar's time there, e.g. "Tue 27 Oct, 23:30–00:00 (next day) Melbourne time (UTC+11)". */
  local: string;
}

export interface SlotFlags {
  clashesWith: { id: string; title: string }[];
  nightFor: NightFlag[];
}

/**
 * Flags for each webinar. Cancelled webinars neither clash nor count; drafts
 * do, since they are about to be published. Two webinars clash when their
 * times overlap (one ending as the next starts is fine).
 */
export function flagSlots(slots: readonly Slot[], major: readonly AudienceZone[]) {
  const live = slots.filter((s) => s.status !== "cancelled");
  const flags = new Map<string, SlotFlags>();
  for (const s of slots) flags.set(s.id, { clashesWith: [], nightFor: [] });
  for (let i = 0; i < live.length; i++) {
    const a = live[i]!;
    const aEnd = endOf(a.startsAt, a.durationMinutes).getTime();
    for (let j = i + 1; j < live.length; j++) {
      const b = live[j]!;
      const bEnd = endOf(b.startsAt, b.durationMinutes).getTime();
      if (a.startsAt.getTime() < bEnd && b.startsAt.getTime() < aEnd) {
        flags.get(a.id)!.clashesWith.push({ id: b.id, title: b.title });
        flags.get(b.id)!.clashesWith.push({ id: a.id, title: a.title });
      }
    }
    flags.get(a.id)!.nightFor = major
      .filter((z) => isAtNight(a.startsAt, a.durationMinutes, z.zone))
      .map((z) => ({
        zone: z.zone,
        share: z.share,
        local: formatRange(a.startsAt, a.durationMinutes, z.zone).text,
      }));
  }
  return flags;
}
