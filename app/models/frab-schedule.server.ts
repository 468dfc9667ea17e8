import { createHash } from "node:crypto";
import { DateTime } from "luxon";
import { markdownToPlainText } from "~/lib/plain-text.server";
import { slugify } from "~/lib/slug";
import { stableIntegerIds, uuidV5 } from "~/lib/stable-id.server";
import { el, renderXmlDocument, type XmlElement } from "~/lib/xml";
import type { Festival } from "./festival.server";
import type { PersonCard, PublicWebinar } from "./webinar.server";

/**
 * The festival's schedule in the frab format that conference apps read (the
 * one pretalx and frab export as schedule.xml and schedule.json; c3voc keeps
 * its XSD and JSON Schema). Built once as a typed object, then written out
 * as XML or JSON, so both files always say the same thing.
 *
 * Choices a consumer would notice:
 * - One room, "Online": every webinar is on the festival's one stream.
 * - Days are festival days in the festival's zone, changing at 00:00 there;
 *   event dates carry that zone's offset at that instant (so the offset
 *   changes across a daylight-saving change), `start` is the wall clock there.
 * - `guid` is the webinar's calendar UID: one UUID for its whole life, the
 *   same one calendar apps see in the .ics feeds.
 * - `id` is a 31-bit number hashed from that UID (see stableIntegerIds), not
 *   a row number: nothing a later edit, a deleted draft or a reordering does
 *   can give a webinar another webinar's old id, which apps use to keep
 *   favourites and alarms.
 * - Cancelled webinars are left out, as frab and pretalx do for anything not
 *   on the public schedule. Apps that follow a schedule (EventFahrplan and
 *   its kin) compare versions and mark a vanished event as cancelled for
 *   people who had it; keeping it under a "Cancelled:" title would instead
 *   keep their alarm ringing for it. Calendar feeds keep cancelled webinars
 *   with STATUS:CANCELLED, which is the calendar way of saying the same.
 * - Only names, public profile links, bios and photos of hosts and guests:
 *   never an email address, and never the join link (PublicWebinar has none).
 */

export const FRAB_ROOM_NAME = "Online";
const EVENT_TYPE = "webinar";
const LANGUAGE = "en";
// Organisers may start a webinar at any minute; apps draw their grid in these steps.
const TIMESLOT = "00:05";
const GENERATOR = "Meridian";
const JSON_SCHEMA_ID = "https://c3voc.de/schedule/schema.json";

export interface FrabPerson {
  name: string;
  guid: string;
  /** Public profile page (faculty), or null for a guest without one. */
  url: string | null;
  biography: string;
  avatar: string | null;
}

export interface FrabLink {
  title: string;
  url: string;
  type: "media";
}

export interface FrabEvent {
  id: number;
  guid: string;
  slug: string;
  url: string;
  title: string;
  subtitle: string;
  track: string | null;
  type: string;
  language: string;
  room: string;
  /** ISO 8601 with the festival zone's offset at the start, e.g. 2026-10-27T12:30:00+00:00. */
  date: string;
  end: string;
  /** HH:MM on the festival zone's clock. */
  start: string;
  /** HH:MM */
  duration: string;
  abstract: string;
  description: string;
  persons: FrabPerson[];
  links: FrabLink[];
}

export interface FrabRoom {
  name: string;
  guid: string;
  events: FrabEvent[];
}

export interface FrabDay {
  index: number;
  /** yyyy-MM-dd in the festival zone. */
  date: string;
  /** 00:00 that day and 00:00 the next, in the festival zone. */
  start: string;
  end: string;
  rooms: FrabRoom[];
}

export interface FrabSchedule {
  version: string;
  url: string;
  baseUrl: string;
  conference: {
    title: string;
    description: string;
    acronym: string;
    start: string;
    end: string;
    daysCount: number;
    timeslotDuration: string;
    timeZoneName: string;
    url: string;
    room: { name: string; guid: string };
    tracks: { name: string; slug: string }[];
  };
  days: FrabDay[];
}

/**
 * The acronym apps key a conference by. c3voc's JSON Schema allows no hyphen
 * in it (beyond a "-2026-xyz" suffix) and its XSD wants four characters or
 * more, so the festival name's slug uses underscores and is padded if short.
 */
export function frabAcronym(festivalName: string): string {
  return (slugify(festivalName).replace(/-/g, "_") || "festival").padEnd(4, "_");
}

/** The event slug: acronym, a hyphen, then the webinar's slug (at least four characters, as the XSD asks). */
function eventSlug(acronym: string, webinarSlug: string): string {
  return `${acronym}-${webinarSlug.length >= 4 ? webinarSlug : `webinar-${webinarSlug}`}`;
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

function isoIn(dt: DateTime): string {
  return dt.toISO({ suppressMilliseconds: true }) ?? "";
}

function absoluteUrl(pathOrUrl: string, appUrl: string): string | null {
  try {
    const url = new URL(pathOrUrl, `${appUrl}/`);
    return /^https?:$/.test(url.protocol) ? url.toString() : null;
  } catch {
    return null;
  }
}

function person(p: PersonCard, festivalId: string, appUrl: string): FrabPerson {
  const kind = p.kind === "faculty" ? "faculty" : "speaker";
  return {
    name: p.name,
    // Named after the festival and the person's slug: stable across requests
    // and servers, and unrelated to any email address.
    guid: uuidV5(`festival/${festivalId}/${kind}/${p.slug}`),
    url: kind === "faculty" ? `${appUrl}/faculty/${p.slug}` : null,
    biography: markdownToPlainText(p.bio),
    avatar: p.photoUrl ? absoluteUrl(p.photoUrl, appUrl) : null,
  };
}

function description(festival: Festival, w: PublicWebinar, appUrl: string): string {
  return (
    `A free online webinar of ${festival.name}, ${w.durationMinutes} minutes. ` +
    `Register on the festival site to get the link to join: ${appUrl}/webinars/${w.slug}`
  );
}

export interface FrabOptions {
  appUrl: string;
}

/** The frab schedule of a festival from its public webinars (as listPublicWebinars gives them). */
export function buildFrabSchedule(
  festival: Festival,
  webinars: readonly PublicWebinar[],
  { appUrl }: FrabOptions,
): FrabSchedule {
  const zone = festival.timeZone;
  const acronym = frabAcronym(festival.name);
  const shown = webinars
    .filter((w) => w.status === "published")
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.title.localeCompare(b.title));
  const ids = stableIntegerIds(shown.map((w) => w.calendarUid));
  const room = { name: FRAB_ROOM_NAME, guid: uuidV5(`festival/${festival.id}/room/online`) };

  const events = shown.map((w): FrabEvent & { day: string } => {
    const from = DateTime.fromJSDate(w.startsAt, { zone });
    const recording = w.recordingUrl ? absoluteUrl(w.recordingUrl, appUrl) : null;
    return {
      day: from.toISODate() ?? "",
      id: ids.get(w.calendarUid)!,
      guid: w.calendarUid,
      slug: eventSlug(acronym, w.slug),
      url: `${appUrl}/webinars/${w.slug}`,
      title: w.title,
      subtitle: w.topic,
      track: w.topic || null,
      type: EVENT_TYPE,
      language: LANGUAGE,
      room: room.name,
      date: isoIn(from),
      end: isoIn(from.plus({ minutes: w.durationMinutes })),
      start: from.toFormat("HH:mm"),
      duration: clock(w.durationMinutes),
      abstract: markdownToPlainText(w.abstract),
      description: description(festival, w, appUrl),
      persons: [...w.hosts, ...w.speakers].map((p) => person(p, festival.id, appUrl)),
      links: recording ? [{ title: "Recording", url: recording, type: "media" }] : [],
    };
  });

  // Every festival day, and any day a webinar was put outside them, so no event is lost.
  const dates = [festival.startsOn, festival.endsOn, ...events.map((e) => e.day)].sort();
  const first = DateTime.fromISO(dates[0]!, { zone }).startOf("day");
  const last = DateTime.fromISO(dates[dates.length - 1]!, { zone }).startOf("day");
  const days: FrabDay[] = [];
  for (let day = first, index = 1; day <= last; day = day.plus({ days: 1 }), index++) {
    const date = day.toISODate() ?? "";
    days.push({
      index,
      date,
      start: isoIn(day),
      end: isoIn(day.plus({ days: 1 })),
      rooms: [
        {
          ...room,
          events: events.filter((e) => e.day === date).map(({ day: _, ...event }) => event),
        },
      ],
    });
  }

  const tracks = [...new Set(shown.map((w) => w.topic).filter(Boolean))]
    .map((name) => ({ name, slug: slugify(name) }))
    .filter((t) => t.slug.length >= 2);

  const conference: FrabSchedule["conference"] = {
    title: festival.name,
    description: festival.tagline,
    acronym,
    start: first.toISODate() ?? festival.startsOn,
    end: last.toISODate() ?? festival.endsOn,
    daysCount: days.length,
    timeslotDuration: TIMESLOT,
    timeZoneName: zone,
    url: appUrl,
    room,
    tracks,
  };
  return {
    // Apps compare versions to tell people what changed: any change to what
    // is published (a webinar moved, renamed, cancelled) gives a new one.
    version: createHash("sha256")
      .update(JSON.stringify({ conference, days }))
      .digest("hex")
      .slice(0, 12),
    url: `${appUrl}/schedule.json`,
    baseUrl: `${appUrl}/`,
    conference,
    days,
  };
}

function eventXml(e: FrabEvent): XmlElement {
  return el(
    "event",
    { guid: e.guid, id: e.id },
    el("room", {}, e.room),
    el("title", {}, e.title),
    el("subtitle", {}, e.subtitle),
    el("type", {}, e.type),
    el("date", {}, e.date),
    el("start", {}, e.start),
    el("duration", {}, e.duration),
    el("abstract", {}, e.abstract),
    el("slug", {}, e.slug),
    el("track", {}, e.track ?? ""),
    el("persons", {}, ...e.persons.map((p) => el("person", {}, p.name))),
    el("language", {}, e.language),
    el("description", {}, e.description),
    el("links", {}, ...e.links.map((l) => el("link", { href: l.url }, l.title))),
    el("url", {}, e.url),
  );
}

/**
 * schedule.xml. Written to the elements both c3voc's XSD and the copy
 * pretalx tests against accept, so older and newer validators agree.
 */
export function frabScheduleXml(s: FrabSchedule): string {
  const c = s.conference;
  return renderXmlDocument(
    el(
      "schedule",
      {},
      el("generator", { name: GENERATOR }),
      el("version", {}, s.version),
      el(
        "conference",
        {},
        el("title", {}, c.title),
        el("acronym", {}, c.acronym),
        el("start", {}, c.start),
        el("end", {}, c.end),
        el("days", {}, String(c.daysCount)),
        el("timeslot_duration", {}, c.timeslotDuration),
        el("base_url", {}, s.baseUrl),
        el("time_zone_name", {}, c.timeZoneName),
      ),
      ...s.days.map((d) =>
        el(
          "day",
          { index: d.index, date: d.date, start: d.start, end: d.end },
          ...d.rooms.map((r) => el("room", { name: r.name }, ...r.events.map(eventXml))),
        ),
      ),
    ),
  );
}

/** schedule.json, in the shape pretalx exports (c3voc schema.json, draft-06). */
export function frabScheduleJson(s: FrabSchedule) {
  const c = s.conference;
  return {
    $schema: JSON_SCHEMA_ID,
    generator: { name: GENERATOR },
    schedule: {
      url: s.url,
      version: s.version,
      base_url: s.baseUrl,
      conference: {
        acronym: c.acronym,
        title: c.title,
        ...(c.description ? { description: c.description } : {}),
        start: c.start,
        end: c.end,
        daysCount: c.daysCount,
        timeslot_duration: c.timeslotDuration,
        time_zone_name: c.timeZoneName,
        url: c.url,
        rooms: [{ name: c.room.name, guid: c.room.guid }],
        tracks: c.tracks,
        days: s.days.map((d) => ({
          index: d.index,
          date: d.date,
          day_start: d.start,
          day_end: d.end,
          rooms: Object.fromEntries(
            d.rooms.map((r) => [
              r.name,
              r.events.map((e) => ({
                guid: e.guid,
                id: e.id,
                date: e.date,
                start: e.start,
                end: e.end,
                duration: e.duration,
                room: e.room,
                slug: e.slug,
                url: e.url,
                title: e.title,
                subtitle: e.subtitle,
                track: e.track,
                type: e.type,
                language: e.language,
                abstract: e.abstract,
                description: e.description,
                persons: e.persons.map((p) => ({
                  guid: p.guid,
                  name: p.name,
                  // Older apps read the frab name.
                  public_name: p.name,
                  biography: p.biography || null,
                  avatar: p.avatar,
                  ...(p.url ? { url: p.url } : {}),
                })),
                links: e.links,
                attachments: [],
              })),
            ]),
          ),
        })),
      },
    },
  };
}
