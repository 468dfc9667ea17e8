/**
 * A large festival for measurements (`npm run seed -- --attendees 50000
 * --webinars 40`): tens of thousands of attendees across many zones, their
 * festival and webinar registrations (some webinars full with waitlists, a
 * few with thousands of seats taken), faculty, posts, and a Network90
 * competition with entries and votes. Rows are made by the database in bulk
 * (INSERT ... SELECT over generate_series, in batches), so 50,000 people take
 * seconds, not minutes. No email is queued: these are rows, as if the
 * festival had been running; the benchmarks plan what they need through the
 * models.
 */
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq, inArray, sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db } from "~db/client.server";
import {
  competition,
  entry,
  facultyProfile,
  festival,
  post,
  postAuthor,
  postWebinar,
  user,
  webinar,
  webinarHost,
} from "~db/schema";
import { scheduleChanged } from "~/lib/schedule-events.server";
import { slugify } from "~/lib/slug";
import { storage } from "~/lib/storage.server";
import { HEARD_FROM } from "~/models/festival-registration.server";
import {
  ANGLES,
  FIRST_NAMES,
  LAST_NAMES,
  NETWORKS,
  PLACES,
  POST_TAGS,
  SLOTS,
  SUBJECTS,
  TOPICS,
} from "./large-festival-data";
import { REGIONS } from "~/lib/regions";

export const LARGE_FESTIVAL_SLUG = "networkfest-large";
export const LARGE_FESTIVAL_ZONE = "Europe/London";
/** Attendees' addresses: attendee-<n>@large.example.test, n from 1. */
export const ATTENDEE_DOMAIN = "large.example.test";
const FESTIVAL_DAYS = 5;
/** People made by one statement: small enough for a progress bar to move. */
const BATCH = 5_000;

/** Reports the phases as they run (the command line draws bars; tests pass nothing). */
export interface SeedProgress {
  phase(name: string, total: number): void;
  advance(by?: number): void;
}

export interface LargeFestivalOptions {
  attendees: number;
  webinars: number;
  /** The festival's first day in its zone; default today, so the festival is on now. */
  startsOn?: string;
  now?: Date;
  progress?: SeedProgress;
}

export interface LargeFestivalSummary {
  festivalId: string;
  startsOn: string;
  counts: Record<string, number>;
  phases: { name: string; seconds: number }[];
  seconds: number;
}

export class DatabaseNotEmptyError extends Error {
  constructor(name: string) {
    super(
      `This database already holds a festival ("${name}"). The large seed lays a festival on an empty database only: run it with --reset to wipe this database first (every table is emptied), or point DATABASE_URL at another database.`,
    );
  }
}

/** Refuses a database that already holds a festival: nothing is destroyed by surprise. */
export async function assertNoFestival(db: Db): Promise<void> {
  const [existing] = await db.select({ name: festival.name }).from(festival).limit(1);
  if (existing) throw new DatabaseNotEmptyError(existing.name);
}

/** Empties every table of the application (the migrations' record is kept). */
export async function wipeDatabase(db: Db): Promise<void> {
  const tables = rowsOf<{ tablename: string }>(
    await db.execute(
      sql`select tablename from pg_tables where schemaname = 'public' order by tablename`,
    ),
  ).map((r) => r.tablename);
  if (tables.length === 0) return;
  await db.execute(
    sql.raw(`truncate table ${tables.map((t) => `"${t.replace(/"/g, '""')}"`).join(", ")} cascade`),
  );
  scheduleChanged();
}

/** Rows of db.execute: postgres.js gives an array, PGlite an object holding one. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** A text[] literal made of parameters. */
const textArray = (values: readonly string[]): SQL =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/** PLACES expanded by weight: slot i of 100 is one zone. */
const placeSlots = PLACES.flatMap((p) => Array.from({ length: p.weight }, () => p));

interface WebinarPlan {
  slug: string;
  title: string;
  topic: string;
  abstract: string;
  startsAt: Date;
  durationMinutes: number;
  capacity: number | null;
  /** Of every 10,000 attendees, how many want a seat. */
  demand: number;
}

/**
 * Webinars over the five days at varied hours. Every 13th (from the first) is
 * a headline that about 12% of all attendees pick (6,000 of 50,000); every
 * fifth (from the third) has a capacity below its demand, so it fills and
 * keeps a waitlist; the rest are unlimited, each picked by 2-7%.
 */
export function planWebinars(count: number, attendees: number, startsOn: string): WebinarPlan[] {
  const monday = DateTime.fromISO(startsOn, { zone: LARGE_FESTIVAL_ZONE });
  return Array.from({ length: count }, (_, i) => {
    const day = i % FESTIVAL_DAYS;
    const slot = SLOTS[(Math.floor(i / FESTIVAL_DAYS) + day * 2) % SLOTS.length]!;
    const date = monday.plus({ days: day }).toISODate()!;
    const title = `${SUBJECTS[i % SUBJECTS.length]}: ${ANGLES[(i * 3) % ANGLES.length]}`;
    const headline = i % 13 === 0;
    const capped = !headline && i % 5 === 2;
    const capacity = capped ? Math.max(5, Math.round(attendees * 0.02 * (1 + (i % 3) / 2))) : null;
    const demand = headline
      ? 1_200
      : capped
        ? Math.ceil((capacity! * 1.6 * 10_000) / attendees)
        : 200 + ((i * 7) % 10) * 55;
    return {
      slug: `${slugify(title)}-${i + 1}`,
      title,
      topic: TOPICS[i % TOPICS.length]!,
      abstract: `Three practitioners on **${title.toLowerCase()}**: a short case from each, then your questions.\n\n- what they tried\n- what changed for their members\n- what they would do differently`,
      startsAt: DateTime.fromISO(`${date}T${slot}`, { zone: LARGE_FESTIVAL_ZONE })
        .toUTC()
        .toJSDate(),
      durationMinutes: i % 6 === 5 ? 60 : 30,
      capacity,
      demand,
    };
  });
}

/**
 * Lays the large festival on an empty database (see assertNoFestival).
 * Deterministic apart from ids and the clock: the same options give the same
 * people, webinars and choices.
 */
export async function seedLargeFestival(
  db: Db,
  options: LargeFestivalOptions,
): Promise<LargeFestivalSummary> {
  const now = options.now ?? new Date();
  const nowIso = now.toISOString();
  const startsOn =
    options.startsOn ?? DateTime.fromJSDate(now, { zone: LARGE_FESTIVAL_ZONE }).toISODate()!;
  const endsOn = DateTime.fromISO(startsOn)
    .plus({ days: FESTIVAL_DAYS - 1 })
    .toISODate()!;
  const progress = options.progress;
  const phases: { name: string; seconds: number }[] = [];
  const started = performance.now();
  let phaseStarted = started;
  const phase = (name: string, total: number) => {
    const at = performance.now();
    if (phases.length) phases.at(-1)!.seconds = (at - phaseStarted) / 1000;
    phaseStarted = at;
    phases.push({ name, seconds: 0 });
    progress?.phase(name, total);
  };
  const advance = (by = 1) => progress?.advance(by);

  await assertNoFestival(db);
  const [fest] = await db
    .insert(festival)
    .values({
      slug: LARGE_FESTIVAL_SLUG,
      name: "Networkfest (large)",
      tagline: "A week of webinars on how networks work, at full size",
      description: "The large festival for measurements: many people, many zones, full webinars.",
      timeZone: LARGE_FESTIVAL_ZONE,
      startsOn,
      endsOn,
      contactEmail: `festival@${ATTENDEE_DOMAIN}`,
      registrationOpen: true,
    })
    .returning({ id: festival.id });
  const festivalId = fest!.id;

  // People, each with a festival registration, made in one statement per batch.
  phase("attendees", options.attendees);
  const zones = textArray(placeSlots.map((p) => p.zone));
  const countries = textArray(placeSlots.map((p) => p.country));
  for (let from = 1; from <= options.attendees; from += BATCH) {
    const to = Math.min(from + BATCH - 1, options.attendees);
    // Registered over the 60 days before now, more of them as the festival nears.
    await db.execute(sql`
      with lists as (
        select ${textArray(FIRST_NAMES)} as first, ${textArray(LAST_NAMES)} as last,
          ${zones} as zones, ${countries} as countries,
          ${textArray(NETWORKS)} as networks, ${textArray(HEARD_FROM)} as heard
      ),
      person as (
        select g,
          1 + (g * 37) % cardinality(zones) as place,
          ${nowIso}::timestamptz - interval '60 days'
            * (1 - sqrt(((g::bigint * 7919) % 10007) / 10007.0)) as at
        from lists, generate_series(${from}::int, ${to}::int) g
      ),
      made as (
        insert into "user" (email, name, organisation, country, time_zone, email_reminders,
          email_digest, privacy_consent_at, marketing_consent_at, created_at, updated_at)
        select 'attendee-' || g || '@' || ${ATTENDEE_DOMAIN},
          first[1 + g % cardinality(first)] || ' ' || last[1 + (g / 7) % cardinality(last)],
          networks[1 + (g * 5) % cardinality(networks)],
          countries[place], zones[place],
          g % 20 <> 0, g % 10 = 3, at, case when g % 3 = 0 then at end, at, at
        from person, lists
        returning id, organisation, created_at, email
      )
      insert into festival_registration (festival_id, user_id, organisation, network, heard_from, created_at)
      select ${festivalId}::uuid, made.id, made.organisation, made.organisation,
        heard[1 + abs(hashtext(made.email)) % cardinality(heard)], made.created_at
      from made, lists`);
    advance(to - from + 1);
  }

  // Faculty: the people who host and write.
  const facultyCount = Math.min(Math.max(Math.round(options.webinars / 3), 4), 30);
  phase("faculty and webinars", facultyCount + options.webinars);
  const facultyUsers = await db
    .insert(user)
    .values(
      Array.from({ length: facultyCount }, (_, i) => ({
        email: `faculty-${i + 1}@${ATTENDEE_DOMAIN}`,
        name: `${FIRST_NAMES[(i * 3) % FIRST_NAMES.length]} ${LAST_NAMES[(i * 5 + 2) % LAST_NAMES.length]}`,
        organisation: NETWORKS[i % NETWORKS.length]!,
        isFaculty: true,
        timeZone: placeSlots[(i * 31) % placeSlots.length]!.zone,
      })),
    )
    .returning({ id: user.id, name: user.name, organisation: user.organisation });
  const faculty = await db
    .insert(facultyProfile)
    .values(
      facultyUsers.map((u, i) => ({
        festivalId,
        userId: u.id,
        slug: `${slugify(u.name)}-${i + 1}`,
        name: u.name,
        title: ["Network director", "Researcher", "Facilitator", "Funder"][i % 4]!,
        organisation: u.organisation,
        location: placeSlots[(i * 31) % placeSlots.length]!.country,
        bio: `${u.name} has built and studied networks for years, and writes for the festival blog.`,
        isChair: i === 0,
        position: i,
      })),
    )
    .returning({ id: facultyProfile.id });
  advance(facultyCount);
  await db.insert(user).values({
    email: `organiser@${ATTENDEE_DOMAIN}`,
    name: "Festival Organiser",
    isOrganiser: true,
    timeZone: LARGE_FESTIVAL_ZONE,
  });

  const plans = planWebinars(options.webinars, options.attendees, startsOn);
  const webinars = await db
    .insert(webinar)
    .values(
      plans.map((w) => ({
        festivalId,
        slug: w.slug,
        title: w.title,
        topic: w.topic,
        abstract: w.abstract,
        startsAt: w.startsAt,
        durationMinutes: w.durationMinutes,
        capacity: w.capacity,
        joinUrl: `https://meet.example.org/networkfest/${w.slug}`,
        status: "published" as const,
      })),
    )
    .returning({ id: webinar.id, slug: webinar.slug });
  await db.insert(webinarHost).values(
    webinars.flatMap((w, i) =>
      (i % 3 === 0 ? [i, i + 1] : [i]).map((k, position) => ({
        webinarId: w.id,
        facultyId: faculty[k % faculty.length]!.id,
        position,
      })),
    ),
  );
  advance(options.webinars);

  // Seats: each webinar's takers in the order they registered; past its
  // capacity they queue, numbered in that same order.
  phase("webinar registrations", options.webinars);
  const [queue] = rowsOf<{ n: string }>(
    await db.execute(sql`select nextval('waitlist_queue')::text as n`),
  );
  const queueStart = Number(queue!.n);
  let queued = 0;
  for (const [i, w] of webinars.entries()) {
    const plan = plans[i]!;
    const capacity = plan.capacity ?? 2_147_483_647;
    const [waited] = rowsOf<{ n: number }>(
      await db.execute(sql`
      with picked as (
        select fr.user_id,
          fr.created_at + greatest(least(${nowIso}::timestamptz, ${plan.startsAt.toISOString()}::timestamptz
            - interval '1 hour') - fr.created_at, interval '0')
            * ((abs(hashtext(fr.user_id::text || ${w.slug})) % 1000) / 1000.0) as at
        from festival_registration fr
        where fr.festival_id = ${festivalId}::uuid
          and abs(hashtext(${w.slug} || fr.user_id::text)) % 10000 < ${plan.demand}
      ),
      ranked as (
        select user_id, at, row_number() over (order by at, user_id) as rn from picked
      ),
      made as (
        insert into webinar_registration (webinar_id, user_id, status, confirmed_at,
          waitlisted_at, waitlist_number, created_at, updated_at)
        select ${w.id}::uuid, user_id,
          (case when rn <= ${capacity} then 'confirmed' else 'waitlisted' end)::registration_status,
          case when rn <= ${capacity} then at end,
          case when rn > ${capacity} then at end,
          case when rn > ${capacity} then ${queueStart + queued}::bigint + rn - ${capacity} - 1 end,
          at, at
        from ranked
        returning status
      )
      select count(*)::int as n from made where status = 'waitlisted'`),
    );
    queued += Number(waited?.n ?? 0);
    advance();
  }
  // Later waitlist places (made through the app) come after these.
  await db.execute(sql`select setval('waitlist_queue', ${queueStart + queued}::bigint)`);

  // The blog: posts before the week and through it (those still ahead are scheduled).
  const postCount = Math.max(10, options.webinars);
  phase("posts", postCount);
  const monday = DateTime.fromISO(startsOn, { zone: LARGE_FESTIVAL_ZONE });
  const posts = await db
    .insert(post)
    .values(
      Array.from({ length: postCount }, (_, i) => {
        const publishAt = (
          i < 10
            ? monday.minus({ days: 10 - i }).set({ hour: 7 })
            : monday
                .plus({ days: (i - 10) % FESTIVAL_DAYS })
                .set({ hour: 7 + Math.floor((i - 10) / FESTIVAL_DAYS) })
        ).toJSDate();
        const title = `${SUBJECTS[(i * 7) % SUBJECTS.length]}, ${ANGLES[i % ANGLES.length]} (${i + 1})`;
        return {
          festivalId,
          slug: `${slugify(title)}`,
          title,
          summary: `Notes from the faculty on ${title.toLowerCase()}.`,
          body: `## Why it matters\n\nNetworks grow by sharing what works. This post looks at ${title.toLowerCase()}.\n\n- one thing to try this week\n- one thing to stop\n- one question for your members\n\n## What next\n\nBring your questions to the webinars.`,
          tags: [POST_TAGS[i % POST_TAGS.length]!, POST_TAGS[(i + 2) % POST_TAGS.length]!],
          status: "published" as const,
          publishAt,
          contentUpdatedAt: publishAt,
          createdAt: publishAt < now ? publishAt : now,
        };
      }),
    )
    .returning({ id: post.id });
  await db.insert(postAuthor).values(
    posts.flatMap((p, i) =>
      (i % 4 === 0 ? [i, i + 1] : [i]).map((k, position) => ({
        postId: p.id,
        facultyId: faculty[k % faculty.length]!.id,
        position,
      })),
    ),
  );
  await db
    .insert(postWebinar)
    .values(
      posts.map((p, i) => ({ postId: p.id, webinarId: webinars[(i * 3) % webinars.length]!.id })),
    );
  advance(postCount);

  // Network90: entries from attendees, and (once voting has opened) their votes.
  const entryCount = Math.min(Math.max(Math.round(options.attendees / 500), 4), 100);
  phase("Network90", entryCount + 1);
  const at = (day: number, time: string) =>
    DateTime.fromISO(`${startsOn}T${time}`, { zone: LARGE_FESTIVAL_ZONE })
      .plus({ days: day })
      .toJSDate();
  const timeline = {
    entriesCloseAt: at(-2, "12:00"),
    votingOpensAt: at(0, "09:00"),
    votingClosesAt: at(FESTIVAL_DAYS - 1, "17:00"),
  };
  await db.insert(competition).values({ festivalId, ...timeline });
  const step = Math.max(Math.floor(options.attendees / entryCount), 1);
  const entrantEmails = Array.from(
    { length: entryCount },
    (_, k) => `attendee-${1 + k * step}@${ATTENDEE_DOMAIN}`,
  );
  const entrants = await db
    .select({ id: user.id, name: user.name, email: user.email })
    .from(user)
    .where(inArray(user.email, entrantEmails));
  const statuses = ["shortlisted", "shortlisted", "submitted", "declined", "draft"] as const;
  const captions =
    "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nWelcome to our network.\n\n00:00:05.000 --> 00:01:30.000\nThis is what we do together.\n";
  const entryRows = [];
  for (const [k, person] of entrants.entries()) {
    const status = statuses[k % statuses.length]!;
    const sent = status !== "draft";
    let captionsKey: string | null = null;
    if (status === "shortlisted") {
      captionsKey = `captions/${randomUUID()}.vtt`;
      // putFile moves the file into storage: a temporary copy for each entry.
      const file = path.join(os.tmpdir(), `meridian-large-${randomUUID()}.vtt`);
      await writeFile(file, captions);
      await storage().putFile(captionsKey, file);
    }
    entryRows.push({
      festivalId,
      userId: person.id,
      networkName: `${NETWORKS[k % NETWORKS.length]} ${Math.floor(k / NETWORKS.length) + 1}`,
      region: REGIONS[k % REGIONS.length]!,
      contactName: person.name,
      description: "Ninety seconds on who we are, what we do together and why it matters.",
      videoUrl: sent ? `https://video.example.org/network90/${k + 1}` : null,
      captionsKey,
      publicConsentAt: sent ? timeline.entriesCloseAt : null,
      status,
      submittedAt: sent ? new Date(timeline.entriesCloseAt.getTime() - (k + 1) * 3_600_000) : null,
      decisionReason: status === "declined" ? "The video runs past 90 seconds." : null,
      decidedAt: status === "shortlisted" || status === "declined" ? timeline.entriesCloseAt : null,
    });
    advance();
  }
  const entries = entryRows.length
    ? await db.insert(entry).values(entryRows).returning({ id: entry.id, status: entry.status })
    : [];
  const shortlisted = entries.filter((e) => e.status === "shortlisted").map((e) => e.id);
  if (shortlisted.length && timeline.votingOpensAt < now) {
    // A quarter of attendees vote, most of them for the first few entries.
    const until = new Date(Math.min(now.getTime(), timeline.votingClosesAt.getTime()));
    await db.execute(sql`
      insert into vote (festival_id, entry_id, user_id, email, ip, created_at)
      select ${festivalId}::uuid,
        (${textArray(shortlisted)})[1 + floor(${shortlisted.length}
          * power((abs(hashtext(u.email || 'entry')) % 1000) / 1000.0, 2))::int]::uuid,
        u.id, lower(u.email), '203.0.113.' || (1 + abs(hashtext(u.email)) % 250),
        ${timeline.votingOpensAt.toISOString()}::timestamptz
          + (${until.toISOString()}::timestamptz - ${timeline.votingOpensAt.toISOString()}::timestamptz)
          * ((abs(hashtext('at' || u.email)) % 1000) / 1000.0)
      from festival_registration fr join "user" u on u.id = fr.user_id
      where fr.festival_id = ${festivalId}::uuid and abs(hashtext('vote' || u.email)) % 4 = 0`);
  }
  advance();

  phases.at(-1)!.seconds = (performance.now() - phaseStarted) / 1000;
  scheduleChanged();
  return {
    festivalId,
    startsOn,
    counts: await countRows(db, festivalId),
    phases,
    seconds: (performance.now() - started) / 1000,
  };
}

/** What the summary prints: rows per kind, for this festival. */
async function countRows(db: Db, festivalId: string): Promise<Record<string, number>> {
  const [row] = rowsOf<Record<string, number | null>>(
    await db.execute(sql`
    select
      (select count(*) from festival_registration where festival_id = ${festivalId}::uuid)::int as attendees,
      (select count(*) from webinar where festival_id = ${festivalId}::uuid)::int as webinars,
      (select count(*) from webinar_registration r join webinar w on w.id = r.webinar_id
        where w.festival_id = ${festivalId}::uuid and r.status = 'confirmed')::int as seats,
      (select count(*) from webinar_registration r join webinar w on w.id = r.webinar_id
        where w.festival_id = ${festivalId}::uuid and r.status = 'waitlisted')::int as waitlisted,
      (select count(*) from webinar where festival_id = ${festivalId}::uuid and capacity is not null)::int as capped_webinars,
      (select max(n) from (select count(*) as n from webinar_registration r join webinar w on w.id = r.webinar_id
        where w.festival_id = ${festivalId}::uuid and r.status = 'confirmed' group by w.id) m)::int as largest_webinar,
      (select count(*) from faculty_profile where festival_id = ${festivalId}::uuid)::int as faculty,
      (select count(*) from post where festival_id = ${festivalId}::uuid)::int as posts,
      (select count(*) from entry where festival_id = ${festivalId}::uuid)::int as entries,
      (select count(*) from vote where festival_id = ${festivalId}::uuid)::int as votes,
      (select count(distinct time_zone) from "user" u join festival_registration fr on fr.user_id = u.id
        where fr.festival_id = ${festivalId}::uuid)::int as zones`),
  );
  return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v ?? 0)]));
}

/** The festival's id by its slug (for the benchmarks, after seeding). */
export async function largeFestivalId(db: Db): Promise<string | undefined> {
  const [row] = await db
    .select({ id: festival.id })
    .from(festival)
    .where(eq(festival.slug, LARGE_FESTIVAL_SLUG));
  return row?.id;
}
