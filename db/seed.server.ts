import { and, eq, inArray, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { scheduleChanged } from "../app/lib/schedule-events.server";
import type { Db } from "./client.server";
import {
  demoFaculty,
  demoFestival,
  demoOrganiser,
  demoSpeakers,
  demoWebinars,
} from "./demo-festival";
import {
  facultyProfile,
  festival,
  speaker,
  user,
  webinar,
  webinarHost,
  webinarSpeaker,
} from "./schema";

export interface SeedOptions {
  /** The demo week starts on the first Monday after this instant (in the festival zone). */
  now?: Date;
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

/** Removes the demo festival (and everything that belongs to it) so it can be laid anew. */
export async function removeDemoFestival(db: Db): Promise<void> {
  await db.delete(festival).where(eq(festival.slug, demoFestival.slug));
  scheduleChanged();
}
