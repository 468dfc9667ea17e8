import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { scheduleChanged } from "../app/lib/schedule-events.server";
import { storage } from "../app/lib/storage.server";
import type { Db } from "./client.server";
import {
  demoFaculty,
  demoFestival,
  demoCompetition,
  demoEntries,
  demoOrganiser,
  demoPosts,
  demoResources,
  demoSpeakers,
  demoWebinars,
} from "./demo-festival";
import { demoAttendees } from "./demo-attendees";
import {
  competition,
  entry,
  facultyProfile,
  festival,
  festivalRegistration,
  post,
  postAuthor,
  postWebinar,
  resource,
  speaker,
  user,
  webinar,
  webinarHost,
  webinarRegistration,
  webinarSpeaker,
} from "./schema";

export interface SeedOptions {
  /** The demo week starts on the first Monday after this instant (in the festival zone). */
  now?: Date;
  /** Demo attendees with registrations, so the back office has something to show (default 120). */
  attendees?: number;
}

export interface SeedSummary {
  festivalId: string;
  created: boolean;
  startsOn: string;
  webinars: number;
  faculty: number;
}

/** The coming Monday in the zone: today if it is Monday before the week starts, else next. */
export function comingMonday(now: Date, zone: string): string {
  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  const daysAhead = (8 - today.weekday) % 7 || 7;
  return today.plus({ days: daysAhead }).toISODate() ?? "";
}

/**
 * Creates the demo festival, or fills in whatever part of it is missing.
 * Every row is keyed by a natural key (slug, email), so running it twice
 * creates nothing new.
 */
export async function seedDemoFestival(db: Db, options: SeedOptions = {}): Promise<SeedSummary> {
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: festival.id, startsOn: festival.startsOn })
      .from(festival)
      .where(eq(festival.slug, demoFestival.slug));
    const startsOn = existing?.startsOn ?? comingMonday(now, demoFestival.timeZone);
    const endsOn =
      DateTime.fromISO(startsOn, { zone: demoFestival.timeZone }).plus({ days: 4 }).toISODate() ??
      startsOn;

    const festivalId =
      existing?.id ??
      (
        await tx
          .insert(festival)
          .values({ ...demoFestival, startsOn, endsOn, registrationOpen: true })
          .returning({ id: festival.id })
      )[0]!.id;

    const emails = [demoOrganiser.email, ...demoFaculty.map((f) => f.email)];
    await tx
      .insert(user)
      .values([
        {
          email: demoOrganiser.email,
          name: demoOrganiser.name,
          isOrganiser: true,
          timeZone: demoFestival.timeZone,
        },
        ...demoFaculty.map((f) => ({
          email: f.email,
          name: f.name,
          organisation: f.organisation,
          isFaculty: true,
        })),
      ])
      .onConflictDoNothing();
    const users = await tx
      .select({ id: user.id, email: user.email })
      .from(user)
      .where(
        inArray(
          sql`lower(${user.email})`,
          emails.map((e) => e.toLowerCase()),
        ),
      );
    const userIdByEmail = new Map(users.map((u) => [u.email.toLowerCase(), u.id]));

    await tx
      .insert(facultyProfile)
      .values(
        demoFaculty.map((f, position) => ({
          festivalId,
          userId: userIdByEmail.get(f.email.toLowerCase())!,
          slug: f.slug,
          name: f.name,
          title: f.title,
          organisation: f.organisation,
          location: f.location,
          bio: f.bio,
          isChair: f.isChair ?? false,
          position,
        })),
      )
      .onConflictDoNothing();
    await tx
      .insert(speaker)
      .values(
        demoSpeakers.map((s) => ({
          festivalId,
          slug: s.slug,
          name: s.name,
          organisation: s.organisation,
          location: s.location,
          bio: s.bio,
        })),
      )
      .onConflictDoNothing();

    const facultyRows = await tx
      .select({ id: facultyProfile.id, slug: facultyProfile.slug })
      .from(facultyProfile)
      .where(eq(facultyProfile.festivalId, festivalId));
    const speakerRows = await tx
      .select({ id: speaker.id, slug: speaker.slug })
      .from(speaker)
      .where(eq(speaker.festivalId, festivalId));
    const facultyId = new Map(facultyRows.map((r) => [r.slug, r.id]));
    const speakerId = new Map(speakerRows.map((r) => [r.slug, r.id]));

    const monday = DateTime.fromISO(startsOn, { zone: demoFestival.timeZone });
    await tx
      .insert(webinar)
      .values(
        demoWebinars.map((w) => {
          const date = monday.plus({ days: w.day }).toISODate() ?? startsOn;
          const startsAt = DateTime.fromISO(`${date}T${w.time}`, { zone: demoFestival.timeZone });
          return {
            festivalId,
            slug: w.slug,
            title: w.title,
            topic: w.topic,
            abstract: w.abstract,
            startsAt: startsAt.toUTC().toJSDate(),
            durationMinutes: 30,
            capacity: w.capacity,
            joinUrl: `https://meet.example.org/networkfest/${w.slug}`,
            status: "published" as const,
          };
        }),
      )
      .onConflictDoNothing();
    const webinarRows = await tx
      .select({ id: webinar.id, slug: webinar.slug })
      .from(webinar)
      .where(
        and(
          eq(webinar.festivalId, festivalId),
          inArray(
            webinar.slug,
            demoWebinars.map((w) => w.slug),
          ),
        ),
      );
    const webinarId = new Map(webinarRows.map((r) => [r.slug, r.id]));

    const hostValues = demoWebinars.flatMap((w) =>
      w.hosts.map((slug, position) => ({
        webinarId: webinarId.get(w.slug)!,
        facultyId: facultyId.get(slug)!,
        position,
      })),
    );
    const speakerValues = demoWebinars.flatMap((w) =>
      w.speakers.map((slug, position) => ({
        webinarId: webinarId.get(w.slug)!,
        speakerId: speakerId.get(slug)!,
        position,
      })),
    );
    if (hostValues.length) await tx.insert(webinarHost).values(hostValues).onConflictDoNothing();
    if (speakerValues.length)
      await tx.insert(webinarSpeaker).values(speakerValues).onConflictDoNothing();

    await seedDemoPosts(tx, { festivalId, startsOn, now, facultyId, webinarId });
    await seedDemoCompetition(tx, { festivalId, startsOn, now });
    await seedDemoResources(tx, { festivalId, startsOn, now });

    await seedDemoAttendees(tx, {
      festivalId,
      webinarIds: demoWebinars.map((w) => webinarId.get(w.slug)!),
      count: options.attendees ?? 120,
      now,
    });

    scheduleChanged();
    return {
      festivalId,
      created: !existing,
      startsOn,
      webinars: webinarRows.length,
      faculty: facultyRows.length,
    };
  });
}

/**
 * The demo blog: two posts already out before the week, and one for each
 * festival morning, scheduled, so the blog fills up as the demo week runs.
 */
async function seedDemoPosts(
  tx: Db,
  ctx: {
    festivalId: string;
    startsOn: string;
    now: Date;
    facultyId: Map<string, string>;
    webinarId: Map<string, string>;
  },
): Promise<void> {
  const monday = DateTime.fromISO(ctx.startsOn, { zone: demoFestival.timeZone });
  const rows = await tx
    .insert(post)
    .values(
      demoPosts.map((p) => {
        const publishAt =
          "daysBeforeSeed" in p.when
            ? DateTime.fromJSDate(ctx.now).minus({ days: p.when.daysBeforeSeed }).toJSDate()
            : monday.plus({ days: p.when.festivalDay }).set({ hour: 7 }).toUTC().toJSDate();
        return {
          festivalId: ctx.festivalId,
          slug: p.slug,
          title: p.title,
          summary: p.summary,
          body: p.body,
          tags: p.tags,
          status: "published" as const,
          publishAt,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        };
      }),
    )
    .onConflictDoNothing()
    .returning({ id: post.id, slug: post.slug });
  const postId = new Map(rows.map((r) => [r.slug, r.id]));
  const authors = demoPosts.flatMap((p) =>
    postId.has(p.slug)
      ? p.authors.map((slug, position) => ({
          postId: postId.get(p.slug)!,
          facultyId: ctx.facultyId.get(slug)!,
          position,
        }))
      : [],
  );
  const related = demoPosts.flatMap((p) =>
    postId.has(p.slug)
      ? p.webinars.map((slug, position) => ({
          postId: postId.get(p.slug)!,
          webinarId: ctx.webinarId.get(slug)!,
          position,
        }))
      : [],
  );
  if (authors.length) await tx.insert(postAuthor).values(authors);
  if (related.length) await tx.insert(postWebinar).values(related);
}

const atFestivalTime = (startsOn: string, day: number, time: string) =>
  DateTime.fromISO(`${startsOn}T${time}`, { zone: demoFestival.timeZone })
    .plus({ days: day })
    .toUTC()
    .toJSDate();

/**
 * Network90 on the demo week: entries open until Monday noon, the vote from
 * Wednesday to Friday; three shortlisted entries (linked videos, captions in
 * storage) and one waiting for the judges.
 */
async function seedDemoCompetition(
  tx: Db,
  ctx: { festivalId: string; startsOn: string; now: Date },
): Promise<void> {
  const at = (p: { day: number; time: string }) => atFestivalTime(ctx.startsOn, p.day, p.time);
  await tx
    .insert(competition)
    .values({
      festivalId: ctx.festivalId,
      name: demoCompetition.name,
      entriesCloseAt: at(demoCompetition.entriesClose),
      votingOpensAt: at(demoCompetition.votingOpens),
      votingClosesAt: at(demoCompetition.votingCloses),
    })
    .onConflictDoNothing();
  for (const e of demoEntries) {
    await tx
      .insert(user)
      .values({ email: e.email, name: e.contactName, timeZone: demoFestival.timeZone })
      .onConflictDoNothing();
    const [person] = await tx
      .select({ id: user.id })
      .from(user)
      .where(eq(sql`lower(${user.email})`, e.email.toLowerCase()));
    const [existing] = await tx
      .select({ id: entry.id })
      .from(entry)
      .where(and(eq(entry.festivalId, ctx.festivalId), eq(entry.userId, person!.id)));
    if (existing) continue;
    const captionsKey = `captions/${randomUUID()}.vtt`;
    const temp = path.join(os.tmpdir(), `meridian-seed-${randomUUID()}`);
    await writeFile(temp, e.captions);
    await storage().putFile(captionsKey, temp);
    await tx.insert(entry).values({
      festivalId: ctx.festivalId,
      userId: person!.id,
      networkName: e.networkName,
      region: e.region,
      contactName: e.contactName,
      description: e.description,
      videoUrl: e.videoUrl,
      captionsKey,
      publicConsentAt: ctx.now,
      status: e.status,
      submittedAt: ctx.now,
    });
  }
}

/** The open resources, one out already and the rest released through the week at 09:00. */
async function seedDemoResources(
  tx: Db,
  ctx: { festivalId: string; startsOn: string; now: Date },
): Promise<void> {
  await tx
    .insert(resource)
    .values(
      demoResources.map((r) => ({
        festivalId: ctx.festivalId,
        slug: r.slug,
        title: r.title,
        description: r.description,
        url: r.url,
        licence: r.licence,
        tags: r.tags,
        releaseAt:
          "daysBeforeSeed" in r.release
            ? DateTime.fromJSDate(ctx.now).minus({ days: r.release.daysBeforeSeed }).toJSDate()
            : atFestivalTime(ctx.startsOn, r.release.festivalDay, "09:00"),
      })),
    )
    .onConflictDoNothing();
}

/** Removes the demo festival (and everything that belongs to it) so it can be laid anew. */
export async function removeDemoFestival(db: Db): Promise<void> {
  await db.delete(festival).where(eq(festival.slug, demoFestival.slug));
  scheduleChanged();
}

/**
 * Registers the demo attendees for the festival and a few webinars each, as
 * rows only: no emails are queued for these example.org addresses. Seats
 * are given while capacity lasts; anyone later goes on the waitlist.
 */
async function seedDemoAttendees(
  tx: Parameters<Parameters<Db["transaction"]>[0]>[0],
  input: { festivalId: string; webinarIds: string[]; count: number; now: Date },
): Promise<void> {
  if (input.count <= 0) return;
  const people = demoAttendees(input.count, input.webinarIds.length);
  await tx
    .insert(user)
    .values(
      people.map((p) => ({
        email: p.email,
        name: p.name,
        country: p.country,
        organisation: p.network,
        timeZone: p.timeZone,
        privacyConsentAt: input.now,
      })),
    )
    .onConflictDoNothing();
  const rows = await tx
    .select({ id: user.id, email: user.email })
    .from(user)
    .where(
      inArray(
        user.email,
        people.map((p) => p.email),
      ),
    );
  const idOf = new Map(rows.map((r) => [r.email, r.id]));
  const at = (p: { daysAgo: number }, i: number) =>
    new Date(input.now.getTime() - p.daysAgo * 86_400_000 - (i % 24) * 3_600_000);
  await tx
    .insert(festivalRegistration)
    .values(
      people.map((p, i) => ({
        festivalId: input.festivalId,
        userId: idOf.get(p.email)!,
        organisation: p.network,
        network: p.network,
        heardFrom: p.heardFrom,
        createdAt: at(p, i),
      })),
    )
    .onConflictDoNothing();
  const capacities = await tx
    .select({ id: webinar.id, capacity: webinar.capacity })
    .from(webinar)
    .where(inArray(webinar.id, input.webinarIds));
  const seatsLeft = new Map(capacities.map((c) => [c.id, c.capacity ?? Infinity]));
  const registrations = people.flatMap((p, i) =>
    p.webinars.map((w) => {
      const id = input.webinarIds[w]!;
      const left = seatsLeft.get(id) ?? 0;
      seatsLeft.set(id, left - 1);
      const when = at(p, i);
      return left > 0
        ? {
            webinarId: id,
            userId: idOf.get(p.email)!,
            status: "confirmed" as const,
            confirmedAt: when,
            createdAt: when,
            updatedAt: when,
          }
        : {
            webinarId: id,
            userId: idOf.get(p.email)!,
            status: "waitlisted" as const,
            waitlistedAt: when,
            waitlistNumber: sql<number>`nextval('waitlist_queue')`,
            createdAt: when,
            updatedAt: when,
          };
    }),
  );
  if (registrations.length) {
    await tx.insert(webinarRegistration).values(registrations).onConflictDoNothing();
  }
}
