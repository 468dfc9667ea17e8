import { and, asc, eq, inArray } from "drizzle-orm";
import { db } from "~db/client.server";
import { facultyProfile, speaker, webinar, webinarHost, webinarSpeaker } from "~db/schema";
import type { CalendarWebinar } from "~/lib/calendar.server";
import { markdownToText } from "~/lib/markdown.server";
import { cachedForSchedule } from "~/lib/schedule-cache.server";
import { isSlug } from "~/lib/slug";
import { endOf } from "~/lib/time";
import { facultyCardColumns } from "./faculty.server";
import type { PersonView, WebinarView } from "~/lib/webinar-view";

export type WebinarStatus = (typeof webinar.$inferSelect)["status"];

/** A host or guest as the webinar page shows them: the card plus their bio (Markdown). */
export type PersonCard = PersonView & { bio: string };

/**
 * What anyone may see of a webinar. The join link is deliberately absent: it
 * is never selected for public reads, so it cannot leak into a page or feed.
 */
export interface PublicWebinar {
  id: string;
  slug: string;
  title: string;
  abstract: string;
  topic: string;
  startsAt: Date;
  endsAt: Date;
  durationMinutes: number;
  capacity: number | null;
  recordingUrl: string | null;
  status: Exclude<WebinarStatus, "draft">;
  calendarUid: string;
  sequence: number;
  updatedAt: Date;
  hosts: PersonCard[];
  speakers: PersonCard[];
}

const publicColumns = {
  id: webinar.id,
  slug: webinar.slug,
  title: webinar.title,
  abstract: webinar.abstract,
  topic: webinar.topic,
  startsAt: webinar.startsAt,
  durationMinutes: webinar.durationMinutes,
  capacity: webinar.capacity,
  recordingUrl: webinar.recordingUrl,
  status: webinar.status,
  calendarUid: webinar.calendarUid,
  sequence: webinar.sequence,
  updatedAt: webinar.updatedAt,
};

type PublicRow = Pick<typeof webinar.$inferSelect, keyof typeof publicColumns>;

async function attachPeople(rows: PublicRow[]): Promise<PublicWebinar[]> {
  if (rows.length === 0) return [];
  const conn = await db();
  const ids = rows.map((r) => r.id);
  const [hostRows, speakerRows] = await Promise.all([
    conn
      .select({
        webinarId: webinarHost.webinarId,
        ...facultyCardColumns,
      })
      .from(webinarHost)
      .innerJoin(facultyProfile, eq(facultyProfile.id, webinarHost.facultyId))
      .where(inArray(webinarHost.webinarId, ids))
      .orderBy(asc(webinarHost.position), asc(facultyProfile.name)),
    conn
      .select({
        webinarId: webinarSpeaker.webinarId,
        slug: speaker.slug,
        name: speaker.name,
        organisation: speaker.organisation,
        location: speaker.location,
        bio: speaker.bio,
        photoUrl: speaker.photoUrl,
      })
      .from(webinarSpeaker)
      .innerJoin(speaker, eq(speaker.id, webinarSpeaker.speakerId))
      .where(inArray(webinarSpeaker.webinarId, ids))
      .orderBy(asc(webinarSpeaker.position), asc(speaker.name)),
  ]);
  return rows.map((row) => ({
    ...row,
    status: row.status === "cancelled" ? "cancelled" : "published",
    endsAt: endOf(row.startsAt, row.durationMinutes),
    hosts: hostRows
      .filter((h) => h.webinarId === row.id)
      .map(({ webinarId: _, ...h }) => ({ kind: "faculty" as const, ...h })),
    speakers: speakerRows
      .filter((s) => s.webinarId === row.id)
      .map(({ webinarId: _, ...s }) => ({
        kind: "speaker" as const,
        title: "",
        isChair: false,
        ...s,
      })),
  }));
}

/** Published and cancelled webinars of a festival, in start order. Drafts never appear. */
export function listPublicWebinars(festivalId: string): Promise<PublicWebinar[]> {
  return cachedForSchedule(`webinars:${festivalId}`, () => loadPublicWebinars(festivalId));
}

async function loadPublicWebinars(festivalId: string): Promise<PublicWebinar[]> {
  const rows = await (
    await db()
  )
    .select(publicColumns)
    .from(webinar)
    .where(
      and(eq(webinar.festivalId, festivalId), inArray(webinar.status, ["published", "cancelled"])),
    )
    .orderBy(asc(webinar.startsAt), asc(webinar.title));
  return attachPeople(rows);
}

export async function getPublicWebinar(
  festivalId: string,
  slug: string,
): Promise<PublicWebinar | null> {
  if (!isSlug(slug)) return null;
  const rows = await (
    await db()
  )
    .select(publicColumns)
    .from(webinar)
    .where(
      and(
        eq(webinar.festivalId, festivalId),
        eq(webinar.slug, slug),
        inArray(webinar.status, ["published", "cancelled"]),
      ),
    )
    .limit(1);
  const [found] = await attachPeople(rows);
  return found ?? null;
}

function toPersonView({ bio: _, ...card }: PersonCard): PersonView {
  return card;
}

/** The serialisable summary pages and the JSON API are built from. */
export function toWebinarView(w: PublicWebinar): WebinarView {
  return {
    slug: w.slug,
    title: w.title,
    topic: w.topic,
    startsAt: w.startsAt.toISOString(),
    endsAt: w.endsAt.toISOString(),
    durationMinutes: w.durationMinutes,
    status: w.status,
    hasRecording: Boolean(w.recordingUrl),
    hosts: w.hosts.map(toPersonView),
    speakers: w.speakers.map(toPersonView),
  };
}

/** The shape the calendar builder needs; host and guest names only, never anyone's address. */
export function toCalendarWebinar(w: PublicWebinar, appUrl: string): CalendarWebinar {
  return {
    calendarUid: w.calendarUid,
    sequence: w.sequence,
    title: w.title,
    summary: markdownToText(w.abstract, 600),
    startsAt: w.startsAt,
    durationMinutes: w.durationMinutes,
    status: w.status,
    url: `${appUrl}/webinars/${w.slug}`,
    updatedAt: w.updatedAt,
    hosts: [...w.hosts, ...w.speakers].map((p) => p.name),
  };
}
