import { DateTime } from "luxon";
import { formatRange, localDate } from "~/lib/time";
import { listAdminWebinars, type AdminWebinarSummary } from "./admin-webinars.server";
import type { Festival } from "./festival.server";
import {
  displayZones,
  festivalAudiences,
  flagSlots,
  type Audiences,
  type SlotFlags,
} from "./schedule-flags.server";

/**
 * The back office's week: every webinar, drafts and cancelled ones too, by
 * day in the festival's zone, each with its seats and its flags. Plain,
 * serialisable data with the times already written out.
 */
export interface WeekWebinar extends SlotFlags {
  id: string;
  slug: string;
  title: string;
  topic: string;
  status: AdminWebinarSummary["status"];
  startsAt: string;
  /** "12:30–13:00", in the festival's zone. */
  clock: string;
  endsNextDay: boolean;
  utc: string;
  capacity: number | null;
  seats: AdminWebinarSummary["seats"];
  hosts: string[];
  hasJoinUrl: boolean;
}

export interface WeekDay {
  date: string;
  /** "Tuesday 27 October" */
  label: string;
  /** The zone's label that day, e.g. "London time (UTC)" (it changes across a clock change). */
  zone: string;
  inFestival: boolean;
  webinars: WeekWebinar[];
}

export interface WeekView {
  days: WeekDay[];
  audiences: Audiences;
  displayZones: string[];
  counts: { drafts: number; clashes: number; night: number };
}

function festivalDates(festival: Festival): string[] {
  const dates: string[] = [];
  let day = DateTime.fromISO(festival.startsOn, { zone: "utc" });
  const last = DateTime.fromISO(festival.endsOn, { zone: "utc" });
  while (day <= last && dates.length < 62) {
    dates.push(day.toISODate()!);
    day = day.plus({ days: 1 });
  }
  return dates;
}

export async function weekView(festival: Festival): Promise<WeekView> {
  const zone = festival.timeZone;
  const [webinars, audiences] = await Promise.all([
    listAdminWebinars(festival.id),
    festivalAudiences(festival.id, zone),
  ]);
  const flags = flagSlots(webinars, audiences.major);
  const inFestival = new Set(festivalDates(festival));
  const byDate = new Map<string, WeekWebinar[]>();
  for (const date of inFestival) byDate.set(date, []);
  for (const w of webinars) {
    const date = localDate(w.startsAt, zone);
    const range = formatRange(w.startsAt, w.durationMinutes, zone);
    const list = byDate.get(date) ?? [];
    list.push({
      id: w.id,
      slug: w.slug,
      title: w.title,
      topic: w.topic,
      status: w.status,
      startsAt: w.startsAt.toISOString(),
      clock: range.clock,
      endsNextDay: range.endsNextDay,
      utc: formatRange(w.startsAt, w.durationMinutes, "UTC").clock,
      capacity: w.capacity,
      seats: w.seats,
      hosts: w.hosts,
      hasJoinUrl: w.hasJoinUrl,
      ...flags.get(w.id)!,
    });
    byDate.set(date, list);
  }
  const days = [...byDate.keys()].sort().map((date) => {
    const noon = DateTime.fromISO(`${date}T12:00`, { zone });
    return {
      date,
      label: noon.setLocale("en-GB").toFormat("cccc d LLLL"),
      zone: formatRange(noon.toJSDate(), 0, zone).zone,
      inFestival: inFestival.has(date),
      webinars: byDate.get(date)!,
    };
  });
  const all = days.flatMap((d) => d.webinars);
  return {
    days,
    audiences,
    displayZones: displayZones(audiences, zone),
    counts: {
      drafts: all.filter((w) => w.status === "draft").length,
      clashes: all.filter((w) => w.clashesWith.length > 0).length,
      night: all.filter((w) => w.nightFor.length > 0).length,
    },
  };
}

/** What a new time would mean for one webinar: clashes, night for major audiences. */
export async function checkNewTime(
  festival: Festival,
  webinarId: string,
  change: { startsAt: Date; durationMinutes: number },
) {
  const [webinars, audiences] = await Promise.all([
    listAdminWebinars(festival.id),
    festivalAudiences(festival.id, festival.timeZone),
  ]);
  const slots = webinars.map((w) => (w.id === webinarId ? { ...w, ...change } : w));
  const flags = flagSlots(slots, audiences.major).get(webinarId);
  return {
    clashesWith: flags?.clashesWith.map((c) => c.title) ?? [],
    nightFor: flags?.nightFor ?? [],
  };
}

/** The zones the edit page shows times in, beside the festival's and UTC. */
export async function zonesToShow(festival: Festival): Promise<string[]> {
  return displayZones(await festivalAudiences(festival.id, festival.timeZone), festival.timeZone);
}
