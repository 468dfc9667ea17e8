import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db } from "~db/client.server";
import { scheduleChanged } from "~/lib/schedule-events.server";
import {
  competition,
  entry,
  facultyProfile,
  resource,
  festival,
  festivalRegistration,
  post,
  postAuthor,
  postWebinar,
  webinarRegistration,
  speaker,
  user,
  webinar,
  webinarHost,
  webinarSpeaker,
} from "~db/schema";

/**
 * Factories with named presets, shared by tests and benchmarks. Each takes
 * overrides so a test states only what matters to it.
 */
const unique = () => randomBytes(4).toString("hex");

export type FestivalRow = typeof festival.$inferSelect;
export type WebinarRow = typeof webinar.$inferSelect;
export type FacultyRow = typeof facultyProfile.$inferSelect;

export async function createFestival(
  db: Db,
  overrides: Partial<typeof festival.$inferInsert> = {},
) {
  const [row] = await db
    .insert(festival)
    .values({
      slug: `festival-${unique()}`,
      name: "Test Festival",
      tagline: "A festival for tests",
      timeZone: "Europe/London",
      startsOn: "2026-10-21",
      endsOn: "2026-10-28",
      contactEmail: "hello@festival.test",
      ...overrides,
    })
    .returning();
  scheduleChanged();
  return row!;
}

export async function createUser(db: Db, overrides: Partial<typeof user.$inferInsert> = {}) {
  const [row] = await db
    .insert(user)
    .values({ email: `person-${unique()}@example.test`, name: "Test Person", ...overrides })
    .returning();
  scheduleChanged();
  return row!;
}

export async function createFaculty(
  db: Db,
  festivalRow: FestivalRow,
  overrides: Partial<typeof facultyProfile.$inferInsert> = {},
) {
  const person = await createUser(db, {
    isFaculty: true,
    name: overrides.name ?? "Faculty Member",
  });
  const [row] = await db
    .insert(facultyProfile)
    .values({
      festivalId: festivalRow.id,
      userId: person.id,
      slug: `faculty-${unique()}`,
      name: "Faculty Member",
      title: "Network lead",
      location: "Leeds, UK",
      bio: "Runs a network.",
      ...overrides,
    })
    .returning();
  scheduleChanged();
  return row!;
}

export async function createSpeaker(
  db: Db,
  festivalRow: FestivalRow,
  overrides: Partial<typeof speaker.$inferInsert> = {},
) {
  const [row] = await db
    .insert(speaker)
    .values({
      festivalId: festivalRow.id,
      slug: `speaker-${unique()}`,
      name: "Guest Speaker",
      ...overrides,
    })
    .returning();
  scheduleChanged();
  return row!;
}

export interface WebinarOverrides extends Partial<typeof webinar.$inferInsert> {
  /** Wall-clock start in the festival zone, e.g. "2026-10-27T12:30". */
  localStart?: string;
  hosts?: FacultyRow[];
  speakers?: (typeof speaker.$inferSelect)[];
}

export async function createWebinar(
  db: Db,
  festivalRow: FestivalRow,
  overrides: WebinarOverrides = {},
) {
  const { localStart, hosts = [], speakers = [], ...values } = overrides;
  const startsAt =
    values.startsAt ??
    DateTime.fromISO(localStart ?? `${festivalRow.startsOn}T12:30`, { zone: festivalRow.timeZone })
      .toUTC()
      .toJSDate();
  const [row] = await db
    .insert(webinar)
    .values({
      festivalId: festivalRow.id,
      slug: `webinar-${unique()}`,
      title: "A webinar",
      abstract: "What we will talk about.",
      topic: "Engagement",
      status: "published",
      joinUrl: `https://meet.example.test/secret-${unique()}`,
      ...values,
      startsAt,
    })
    .returning();
  scheduleChanged();
  if (hosts.length)
    await db
      .insert(webinarHost)
      .values(hosts.map((h, position) => ({ webinarId: row!.id, facultyId: h.id, position })));
  if (speakers.length)
    await db
      .insert(webinarSpeaker)
      .values(speakers.map((s, position) => ({ webinarId: row!.id, speakerId: s.id, position })));
  scheduleChanged();
  return row!;
}

export type PostRow = typeof post.$inferSelect;

export interface PostOverrides extends Partial<typeof post.$inferInsert> {
  authors?: FacultyRow[];
  webinars?: WebinarRow[];
}

/** A blog post, published an hour before the test runs unless told otherwise. */
export async function createPost(db: Db, festivalRow: FestivalRow, overrides: PostOverrides = {}) {
  const { authors = [], webinars = [], ...values } = overrides;
  const [row] = await db
    .insert(post)
    .values({
      festivalId: festivalRow.id,
      slug: `post-${unique()}`,
      title: "A post",
      summary: "What this post is about.",
      body: "Some **thoughts** on networks.",
      status: "published",
      publishAt: new Date(Date.now() - 3_600_000),
      ...values,
    })
    .returning();
  if (authors.length)
    await db
      .insert(postAuthor)
      .values(authors.map((a, position) => ({ postId: row!.id, facultyId: a.id, position })));
  if (webinars.length)
    await db
      .insert(postWebinar)
      .values(webinars.map((w, position) => ({ postId: row!.id, webinarId: w.id, position })));
  return row!;
}

/** A person registered for the festival (the step before choosing webinars). */
export async function createFestivalRegistration(
  db: Db,
  festivalRow: FestivalRow,
  person: { id: string },
) {
  const [row] = await db
    .insert(festivalRegistration)
    .values({ festivalId: festivalRow.id, userId: person.id, network: "Test Network" })
    .returning();
  return row!;
}

/** A user who has signed up and registered for the festival, ready to pick webinars. */
export async function createAttendee(
  db: Db,
  festivalRow: FestivalRow,
  overrides: Partial<typeof user.$inferInsert> = {},
) {
  const person = await createUser(db, { privacyConsentAt: new Date(), ...overrides });
  await createFestivalRegistration(db, festivalRow, person);
  return person;
}

/** A registration written directly (no emails): for setting the scene, not for testing registration. */
export async function createRegistration(
  db: Db,
  webinarRow: WebinarRow,
  person: { id: string },
  status: "confirmed" | "waitlisted" | "cancelled" = "confirmed",
  at: Date = new Date(),
) {
  const [row] = await db
    .insert(webinarRegistration)
    .values({
      webinarId: webinarRow.id,
      userId: person.id,
      status,
      confirmedAt: status === "confirmed" ? at : null,
      waitlistedAt: status === "waitlisted" ? at : null,
      waitlistNumber: status === "waitlisted" ? sql<number>`nextval('waitlist_queue')` : null,
      cancelledAt: status === "cancelled" ? at : null,
    })
    .returning();
  return row!;
}

/**
 * The daylight-saving week of the tests: Europe/London from Wednesday 21 to
 * Wednesday 28 October 2026. London leaves BST on Sunday 25 October; New York
 * not until 1 November; Melbourne is already on AEDT. A 12:30 London webinar
 * is therefore 07:30 in New York and 22:30 in Melbourne on the 23rd, but
 * 08:30 and 23:30 on the 27th.
 */
export async function dstWeekFestival(db: Db) {
  const fest = await createFestival(db, {
    slug: `dst-week-${unique()}`,
    name: "Autumn Networks Week",
    timeZone: "Europe/London",
    startsOn: "2026-10-21",
    endsOn: "2026-10-28",
  });
  const chair = await createFaculty(db, fest, {
    name: "Amara Okafor",
    slug: "amara-okafor",
    isChair: true,
  });
  const ohio = await createFaculty(db, fest, {
    name: "Daniel Reyes",
    slug: "daniel-reyes",
    location: "Columbus, Ohio, USA",
  });
  const guest = await createSpeaker(db, fest, {
    name: "Tom Whitfield",
    slug: "tom-whitfield",
    location: "Melbourne, Australia",
  });
  const beforeChange = await createWebinar(db, fest, {
    slug: "before-the-change",
    title: "Before the clocks change",
    localStart: "2026-10-23T12:30",
    hosts: [chair],
  });
  const afterChange = await createWebinar(db, fest, {
    slug: "after-the-change",
    title: "After the clocks change",
    localStart: "2026-10-27T12:30",
    hosts: [ohio, chair],
    speakers: [guest],
    abstract: "**Bold** ideas.\n\n<script>alert('x')</script>\n\n[bad](javascript:alert(1))",
  });
  const cancelled = await createWebinar(db, fest, {
    slug: "called-off",
    title: "Called off",
    localStart: "2026-10-26T12:30",
    status: "cancelled",
    sequence: 1,
  });
  const draft = await createWebinar(db, fest, {
    slug: "still-a-draft",
    title: "Still a draft",
    localStart: "2026-10-28T12:30",
    status: "draft",
  });
  return { festival: fest, chair, ohio, guest, beforeChange, afterChange, cancelled, draft };
}

export type CompetitionRow = typeof competition.$inferSelect;
export type EntryRow = typeof entry.$inferSelect;

/**
 * Network90 for a festival. By default entries close in a day, voting runs
 * from two to four days out, and nothing is announced.
 */
export async function createCompetition(
  db: Db,
  festivalRow: FestivalRow,
  overrides: Partial<typeof competition.$inferInsert> = {},
) {
  const day = 86_400_000;
  const now = Date.now();
  const [row] = await db
    .insert(competition)
    .values({
      festivalId: festivalRow.id,
      entriesCloseAt: new Date(now + day),
      votingOpensAt: new Date(now + 2 * day),
      votingClosesAt: new Date(now + 4 * day),
      ...overrides,
    })
    .returning();
  return row!;
}

/**
 * An entry. "public" gives one the gallery shows: shortlisted, with a linked
 * video, captions and consent (captionsKey names no stored file unless the
 * test stores one).
 */
export async function createEntry(
  db: Db,
  festivalRow: FestivalRow,
  overrides: Partial<typeof entry.$inferInsert> & { public?: boolean } = {},
) {
  const { public: isPublic = false, ...values } = overrides;
  const owner = values.userId ? null : await createUser(db);
  const [row] = await db
    .insert(entry)
    .values({
      festivalId: festivalRow.id,
      userId: owner?.id,
      networkName: `Network ${unique()}`,
      region: "Yorkshire and the Humber",
      contactName: "Entrant",
      description: "What our network does.",
      ...(isPublic
        ? {
            status: "shortlisted" as const,
            videoUrl: "https://video.example.org/watch/42",
            captionsKey: `captions/${crypto.randomUUID()}.vtt`,
            publicConsentAt: new Date(),
            submittedAt: new Date(),
          }
        : {}),
      ...values,
    })
    .returning();
  return row!;
}

export type ResourceRow = typeof resource.$inferSelect;

/** A resource released an hour ago, as a link, unless told otherwise. */
export async function createResource(
  db: Db,
  festivalRow: FestivalRow,
  overrides: Partial<typeof resource.$inferInsert> = {},
) {
  const [row] = await db
    .insert(resource)
    .values({
      festivalId: festivalRow.id,
      slug: `resource-${unique()}`,
      title: "A toolkit",
      description: "How to run a **network** meeting.",
      url: "https://example.org/toolkit",
      licence: "CC-BY-4.0",
      releaseAt: new Date(Date.now() - 3_600_000),
      ...overrides,
    })
    .returning();
  return row!;
}
