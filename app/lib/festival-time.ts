import { DateTime } from "luxon";
import { formatRange, isAtNight, zoneCity } from "./time";

/**
 * Organisers enter a webinar's start as a date and a wall-clock time in the
 * festival's zone. Twice a year a wall-clock time is not one instant:
 *
 * - in the spring gap (e.g. 01:30 on 29 March 2026 in London) it does not
 *   exist at all. We refuse it and say which times do not exist, rather than
 *   silently moving the webinar an hour.
 * - in the autumn repeat (01:30 on 25 October 2026 in London happens twice)
 *   we take the FIRST occurrence, still in summer time, as RFC 5545 does for
 *   calendars (3.3.5), and say so, giving the UTC instant chosen.
 */
export type LocalStartResult =
  | { ok: true; instant: Date; note: string | null }
  | { ok: false; field: "startDate" | "startTime"; error: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const longDay = (dt: DateTime) => dt.setLocale("en-GB").toFormat("cccc d LLLL yyyy");
const offsetLabel = (dt: DateTime) => {
  const o = dt.offset;
  if (o === 0) return "UTC";
  const h = Math.floor(Math.abs(o) / 60);
  const m = Math.abs(o) % 60;
  return `UTC${o > 0 ? "+" : "−"}${h}${m ? `:${String(m).padStart(2, "0")}` : ""}`;
};

/** The instant near `ms` where the zone's offset changes (to the minute). */
function transitionNear(ms: number, zone: string): number {
  const offsetAt = (t: number) => DateTime.fromMillis(t, { zone }).offset;
  let lo = ms - 12 * 3_600_000;
  let hi = ms + 12 * 3_600_000;
  const before = offsetAt(lo);
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (offsetAt(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

export function instantFromFestivalTime(
  date: string,
  time: string,
  zone: string,
): LocalStartResult {
  if (!DATE.test(date)) {
    return { ok: false, field: "startDate", error: "Enter the date as YYYY-MM-DD." };
  }
  const day = DateTime.fromISO(date, { zone });
  if (!day.isValid) return { ok: false, field: "startDate", error: "Enter a real date." };
  if (!TIME.test(time)) {
    return { ok: false, field: "startTime", error: "Enter the time as HH:MM, e.g. 12:30." };
  }
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  const city = zoneCity(zone);
  const candidates = DateTime.fromISO(`${date}T${time}`, { zone })
    .getPossibleOffsets()
    .filter((c) => c.hour === hour && c.minute === minute)
    .sort((a, b) => a.toMillis() - b.toMillis());
  const first = candidates[0];
  if (!first) {
    const shifted = DateTime.fromISO(`${date}T${time}`, { zone });
    const change = transitionNear(shifted.toMillis(), zone);
    // The last minute before the change, plus one, on the old clock: where the gap starts.
    const last = DateTime.fromMillis(change - 60_000, { zone });
    const startMinutes = (last.hour * 60 + last.minute + 1) % 1440;
    const fromClock = `${String(Math.floor(startMinutes / 60)).padStart(2, "0")}:${String(startMinutes % 60).padStart(2, "0")}`;
    const toClock = DateTime.fromMillis(change, { zone }).toFormat("HH:mm");
    return {
      ok: false,
      field: "startTime",
      error:
        `${time} does not exist on ${longDay(day)} in ${city} time: the clocks go forward ` +
        `from ${fromClock} to ${toClock}. Choose a time before ${fromClock} or from ${toClock}.`,
    };
  }
  if (candidates.length > 1) {
    const second = candidates[candidates.length - 1]!;
    return {
      ok: true,
      instant: first.toUTC().toJSDate(),
      note:
        `${time} happens twice on ${longDay(day)} in ${city} time (the clocks go back). ` +
        `We use the first, ${time} ${offsetLabel(first)} (${first.toUTC().toFormat("HH:mm")} UTC), ` +
        `not the second, ${time} ${offsetLabel(second)} (${second.toUTC().toFormat("HH:mm")} UTC).`,
    };
  }
  return { ok: true, instant: first.toUTC().toJSDate(), note: null };
}

/** The date and time inputs' values for an instant in the festival zone. */
export function festivalInputs(
  instant: Date | string,
  zone: string,
): { date: string; time: string } {
  const dt = (
    typeof instant === "string" ? DateTime.fromISO(instant) : DateTime.fromJSDate(instant)
  ).setZone(zone);
  return { date: dt.toISODate() ?? "", time: dt.toFormat("HH:mm") };
}

export interface TimeElsewhere {
  zone: string;
  text: string;
  night: boolean;
}

/** One webinar's time in each zone, in order, with night-time marked. */
export function timesElsewhere(
  startsAt: Date | string,
  durationMinutes: number,
  zones: readonly string[],
): TimeElsewhere[] {
  return zones.map((zone) => ({
    zone,
    text: formatRange(startsAt, durationMinutes, zone).text,
    night: isAtNight(startsAt, durationMinutes, zone),
  }));
}

/** Zones shown beside the festival's when no registrants say better. */
export const DEFAULT_PREVIEW_ZONES = [
  "America/New_York",
  "Asia/Kolkata",
  "Australia/Melbourne",
] as const;
