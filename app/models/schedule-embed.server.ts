import { DateTime } from "luxon";
import { z } from "zod";
import { formatDay, formatRange, isValidZone, localDate, zoneCity } from "~/lib/time";
import type { Festival } from "./festival.server";
import type { PublicWebinar } from "./webinar.server";

/**
 * The schedule partner networks put on their own sites (/embed/schedule),
 * and what the share page tells them to paste. The embedder picks the zone
 * (?tz=) and may narrow to one day (?day=, a date in that zone).
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Query of the embed and of the share page's form. */
export const EmbedQuery = z.object({
  // Any string: a zone we do not know falls back to festival time, never an
  // error, so an old or mistyped snippet still shows the schedule.
  tz: z.string().optional(),
  day: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || (DATE.test(v) && DateTime.fromISO(v).isValid), {
      message: "Give the day as a date in the form YYYY-MM-DD, for example 2026-10-27.",
    }),
});

export interface EmbedOptions {
  zone: string;
  day: string | null;
}

/** The options a valid query asks for; throws a 400 with a clear message for a malformed day. */
export function embedOptions(url: URL, festival: Pick<Festival, "timeZone">): EmbedOptions {
  const parsed = EmbedQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    throw new Response(parsed.error.issues[0]?.message ?? "That address is not valid.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const { tz, day } = parsed.data;
  return { zone: isValidZone(tz) ? tz : festival.timeZone, day: day ?? null };
}

export interface EmbedWebinar {
  slug: string;
  title: string;
  topic: string;
  url: string;
  startsAt: string;
  /** "12:30–13:00" in the chosen zone. */
  clock: string;
  endsNextDay: boolean;
  /** "London time (UTC+1)": the zone as it is at that webinar's start. */
  zoneLabel: string;
  people: string[];
}

export interface EmbedDay {
  date: string;
  heading: string;
  webinars: EmbedWebinar[];
}

export interface EmbedSchedule {
  festival: { name: string; url: string; registerUrl: string; registrationOpen: boolean };
  zone: string;
  /** "London time", "UTC" */
  zoneName: string;
  day: string | null;
  /** "Tuesday 27 October 2026" when one day is asked for. */
  dayHeading: string | null;
  days: EmbedDay[];
}

const longDate = (date: string) =>
  DateTime.fromISO(date, { zone: "utc" }).setLocale("en-GB").toFormat("cccc d LLLL yyyy");

export function zoneName(zone: string): string {
  const city = zoneCity(zone);
  return city === "UTC" ? "UTC" : `${city} time`;
}

/**
 * The published webinars grouped by day in the chosen zone. Cancelled ones
 * are left out: a partner's page is a short list of what people can still
 * join (the festival's own schedule shows cancellations).
 */
export function buildEmbedSchedule(
  festival: Festival,
  webinars: readonly PublicWebinar[],
  { zone, day }: EmbedOptions,
  appUrl: string,
): EmbedSchedule {
  const days = new Map<string, EmbedDay>();
  const shown = webinars
    .filter((w) => w.status === "published")
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  for (const w of shown) {
    const date = localDate(w.startsAt, zone);
    if (day && date !== day) continue;
    const range = formatRange(w.startsAt, w.durationMinutes, zone);
    const entry = days.get(date) ?? { date, heading: formatDay(w.startsAt, zone), webinars: [] };
    entry.webinars.push({
      slug: w.slug,
      title: w.title,
      topic: w.topic,
      url: `${appUrl}/webinars/${w.slug}`,
      startsAt: w.startsAt.toISOString(),
      clock: range.clock,
      endsNextDay: range.endsNextDay,
      zoneLabel: range.zone,
      people: [...w.hosts, ...w.speakers].map((p) => p.name),
    });
    days.set(date, entry);
  }
  return {
    festival: {
      name: festival.name,
      url: appUrl,
      registerUrl: `${appUrl}/register`,
      registrationOpen: festival.registrationOpen,
    },
    zone,
    zoneName: zoneName(zone),
    day,
    dayHeading: day ? longDate(day) : null,
    days: [...days.values()],
  };
}

const escapeAttribute = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The embed's address. A "/" reads better than %2F in a zone and is allowed in a query. */
export function embedPath({ zone, day }: EmbedOptions): string {
  const query = [`tz=${encodeURIComponent(zone).replace(/%2F/g, "/")}`];
  if (day) query.push(`day=${day}`);
  return `/embed/schedule?${query.join("&")}`;
}

export interface ShareLinks {
  ics: string;
  xml: string;
  json: string;
  api: string;
  embedUrl: string;
  /** Same-site address for the live preview on the share page. */
  previewPath: string;
  /** The exact HTML a partner pastes into their page. */
  snippet: string;
  festivalDays: { date: string; label: string }[];
}

export function shareLinks(festival: Festival, options: EmbedOptions, appUrl: string): ShareLinks {
  const previewPath = embedPath(options);
  const embedUrl = `${appUrl}${previewPath}`;
  const title = `${festival.name} schedule`;
  const snippet =
    `<iframe src="${escapeAttribute(embedUrl)}" title="${escapeAttribute(title)}" ` +
    `width="100%" height="600" style="border:0;max-width:48rem" loading="lazy"></iframe>`;
  const festivalDays: ShareLinks["festivalDays"] = [];
  const last = DateTime.fromISO(festival.endsOn, { zone: "utc" });
  for (
    let d = DateTime.fromISO(festival.startsOn, { zone: "utc" });
    d <= last && festivalDays.length < 31;
    d = d.plus({ days: 1 })
  ) {
    const date = d.toISODate() ?? "";
    festivalDays.push({ date, label: longDate(date) });
  }
  return {
    ics: `${appUrl}/schedule.ics`,
    xml: `${appUrl}/schedule.xml`,
    json: `${appUrl}/schedule.json`,
    api: `${appUrl}/api/schedule.json`,
    embedUrl,
    previewPath,
    snippet,
    festivalDays,
  };
}
