import { localDate } from "./time";

/** A webinar as pages receive it: plain, serialisable, instants as ISO strings in UTC. */
export interface PersonView {
  kind: "faculty" | "speaker";
  slug: string;
  name: string;
  title: string;
  organisation: string;
  location: string;
  photoUrl: string | null;
  isChair: boolean;
}

export interface WebinarView {
  slug: string;
  title: string;
  topic: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  status: "published" | "cancelled";
  hasRecording: boolean;
  hosts: PersonView[];
  speakers: PersonView[];
}

export interface ScheduleDay {
  /** yyyy-MM-dd in the zone the schedule is shown in. */
  date: string;
  webinars: WebinarView[];
}

/** Webinars grouped by their start date in the given zone, days in order. */
export function groupByLocalDay(webinars: readonly WebinarView[], zone: string): ScheduleDay[] {
  const days = new Map<string, WebinarView[]>();
  for (const w of [...webinars].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const date = localDate(w.startsAt, zone);
    const list = days.get(date) ?? [];
    list.push(w);
    days.set(date, list);
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, list]) => ({ date, webinars: list }));
}
