import { DateTime, IANAZone } from "luxon";

/**
 * Time display and arithmetic. Every function takes an explicit zone: nothing
 * here may read the server's or the browser's own zone implicitly, so the same
 * instant renders identically on the server, in the browser and in tests run
 * under any TZ.
 */

export const NIGHT_STARTS_HOUR = 22;
export const NIGHT_ENDS_HOUR = 7;

export type Instant = Date | string;

/*
 * Building zoned DateTimes is the most expensive part of rendering a
 * schedule (luxon asks Intl for the offset each time), yet a page shows the
 * same few instants in the same few zones to everyone. The pure formatting
 * functions below therefore remember their results in a bounded memo.
 */
const MEMO_LIMIT = 20_000;
const memo = new Map<string, unknown>();

function remember<T>(key: string, compute: () => T): T {
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute();
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}

const keyOf = (instant: Instant) => (typeof instant === "string" ? instant : instant.toISOString());

function toDateTime(instant: Instant, zone: string): DateTime {
  const dt =
    typeof instant === "string"
      ? DateTime.fromISO(instant, { zone: "utc" })
      : DateTime.fromJSDate(instant, { zone: "utc" });
  return dt.setZone(zone);
}

// luxon checks a zone by building an Intl formatter, which is slow; remember the answers.
// Bounded, because the names come from visitors.
const zoneValidity = new Map<string, boolean>();

/** True for names in the IANA database (and "UTC"); fixed offsets and junk are refused. */
export function isValidZone(zone: unknown): zone is string {
  if (typeof zone !== "string" || zone.length === 0 || zone.length > 64) return false;
  const known = zoneValidity.get(zone);
  if (known !== undefined) return known;
  const valid = /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone) && IANAZone.isValidZone(zone);
  if (zoneValidity.size < 2_000) zoneValidity.set(zone, valid);
  return valid;
}

/** "Melbourne" from "Australia/Melbourne", "Port of Spain" from "America/Port_of_Spain". */
export function zoneCity(zone: string): string {
  if (zone === "UTC" || zone === "Etc/UTC") return "UTC";
  const last = zone.split("/").pop() ?? zone;
  return last.replace(/_/g, " ");
}

/** "UTC+11", "UTC−4", "UTC+5:30", "UTC" at the given instant (offsets change with DST). */
export function utcOffsetLabel(instant: Instant, zone: string): string {
  return remember(`utcOffsetLabel|${keyOf(instant)}|${zone}`, () => {
    const offset = toDateTime(instant, zone).offset;
    if (offset === 0) return "UTC";
    const sign = offset > 0 ? "+" : "−";
    const hours = Math.floor(Math.abs(offset) / 60);
    const minutes = Math.abs(offset) % 60;
    return `UTC${sign}${hours}${minutes ? `:${String(minutes).padStart(2, "0")}` : ""}`;
  });
}

/** "Melbourne time (UTC+11)": names the zone as it is at that instant. */
export function zoneLabel(instant: Instant, zone: string): string {
  return remember(`zoneLabel|${keyOf(instant)}|${zone}`, () => {
    const city = zoneCity(zone);
    const offset = utcOffsetLabel(instant, zone);
    if (city === "UTC") return "UTC";
    return `${city} time (${offset})`;
  });
}

export function formatClock(instant: Instant, zone: string): string {
  return remember(`formatClock|${keyOf(instant)}|${zone}`, () => {
    return toDateTime(instant, zone).toFormat("HH:mm");
  });
}

/** "Tuesday 27 October" */
export function formatDay(instant: Instant, zone: string): string {
  return remember(`formatDay|${keyOf(instant)}|${zone}`, () => {
    return toDateTime(instant, zone).setLocale("en-GB").toFormat("cccc d LLLL");
  });
}

/** "Tue 27 Oct" */
export function formatShortDay(instant: Instant, zone: string): string {
  return remember(`formatShortDay|${keyOf(instant)}|${zone}`, () => {
    return toDateTime(instant, zone).setLocale("en-GB").toFormat("ccc d LLL");
  });
}

/** The calendar date (yyyy-MM-dd) of the instant in the zone. */
export function localDate(instant: Instant, zone: string): string {
  return remember(`localDate|${keyOf(instant)}|${zone}`, () => {
    return toDateTime(instant, zone).toISODate() ?? "";
  });
}

export function endOf(start: Instant, durationMinutes: number): Date {
  return toDateTime(start, "utc").plus({ minutes: durationMinutes }).toJSDate();
}

export interface TimeRange {
  /** "Tue 27 Oct" */
  day: string;
  /** "23:30–00:00" */
  clock: string;
  /** "(next day)" when the end falls on a later date in this zone */
  endsNextDay: boolean;
  /** "Melbourne time (UTC+11)" */
  zone: string;
  /** Everything in one line: "Tue 27 Oct, 23:30–00:00 (next day) Melbourne time (UTC+11)" */
  text: string;
}

export function formatRange(start: Instant, durationMinutes: number, zone: string): TimeRange {
  return remember(`formatRange|${keyOf(start)}|${durationMinutes}|${zone}`, () => {
    const from = toDateTime(start, zone);
    const to = from.plus({ minutes: durationMinutes });
    const endsNextDay = to.toISODate() !== from.toISODate();
    const day = from.setLocale("en-GB").toFormat("ccc d LLL");
    const clock = `${from.toFormat("HH:mm")}–${to.toFormat("HH:mm")}`;
    const label = zoneLabel(start, zone);
    return {
      day,
      clock,
      endsNextDay,
      zone: label,
      text: `${day}, ${clock}${endsNextDay ? " (next day)" : ""} ${label}`,
    };
  });
}

/**
 * True when any minute of the webinar falls between 22:00 and 07:00 in the
 * zone: a time most people there would rather catch the recording.
 */
export function isAtNight(start: Instant, durationMinutes: number, zone: string): boolean {
  return remember(`isAtNight|${keyOf(start)}|${durationMinutes}|${zone}`, () => {
    const from = toDateTime(start, zone);
    // Walk the webinar in 15-minute steps (and its last minute): webinars are
    // short, and stepping through wall-clock times handles DST jumps for free.
    const stepMinutes = 15;
    for (let m = 0; m < durationMinutes; m += stepMinutes) {
      const hour = from.plus({ minutes: m }).hour;
      if (hour >= NIGHT_STARTS_HOUR || hour < NIGHT_ENDS_HOUR) return true;
    }
    const lastMinute = from.plus({ minutes: Math.max(durationMinutes - 1, 0) }).hour;
    return lastMinute >= NIGHT_STARTS_HOUR || lastMinute < NIGHT_ENDS_HOUR;
  });
}

export type LiveState = "past" | "live" | "upcoming";

export function liveState(start: Instant, durationMinutes: number, now: Date): LiveState {
  const from = toDateTime(start, "utc").toMillis();
  const to = from + durationMinutes * 60_000;
  const t = now.getTime();
  if (t >= to) return "past";
  if (t >= from) return "live";
  return "upcoming";
}

/** The instant of a wall-clock time on a date in a zone (the organiser's way of entering times). */
export function instantFromLocal(date: string, time: string, zone: string): Date {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!dt.isValid) throw new RangeError(`Invalid local time ${date} ${time} in ${zone}`);
  return dt.toUTC().toJSDate();
}

/** "Monday 30 November – Friday 4 December 2026" */
export function formatDateSpan(startsOn: string, endsOn: string): string {
  const from = DateTime.fromISO(startsOn, { zone: "utc" }).setLocale("en-GB");
  const to = DateTime.fromISO(endsOn, { zone: "utc" }).setLocale("en-GB");
  const sameYear = from.year === to.year;
  return `${from.toFormat(sameYear ? "cccc d LLLL" : "cccc d LLLL yyyy")} – ${to.toFormat("cccc d LLLL yyyy")}`;
}

let zoneList: string[] | undefined;

/** Every IANA zone the runtime knows, for the zone picker. */
export function allZones(): string[] {
  if (!zoneList) {
    const zones =
      typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    zoneList = zones.includes("UTC") ? zones : ["UTC", ...zones];
  }
  return zoneList;
}

/** "Tue 27 Oct 2026, 12:30:05 London time (UTC)": one moment, for logs and back-office tables. */
export function formatInstant(instant: Instant, zone: string): string {
  const dt = toDateTime(instant, zone).setLocale("en-GB");
  return `${dt.toFormat("ccc d LLL yyyy, HH:mm:ss")} ${zoneLabel(instant, zone)}`;
}

/** "Tue 27 Oct 2026, 12:30 London time (UTC)": one moment to the minute, zone named. */
export function formatWhen(instant: Instant, zone: string): string {
  const dt = toDateTime(instant, zone).setLocale("en-GB");
  return `${dt.toFormat("ccc d LLL yyyy, HH:mm")} ${zoneLabel(instant, zone)}`;
}
