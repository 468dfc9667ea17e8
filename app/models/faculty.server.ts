import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { db } from "~db/client.server";
import { facultyProfile, webinar, webinarHost } from "~db/schema";
import { isSlug } from "~/lib/slug";
import type { PersonView } from "~/lib/webinar-view";

export type FacultyProfile = Omit<typeof facultyProfile.$inferSelect, "userId">;

export interface HostedWebinar {
  slug: string;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  status: "published" | "cancelled";
}

/** What a faculty member's card shows, wherever it appears (selected, never the user id). */
export const facultyCardColumns = {
  slug: facultyProfile.slug,
  name: facultyProfile.name,
  title: facultyProfile.title,
  organisation: facultyProfile.organisation,
  location: facultyProfile.location,
  bio: facultyProfile.bio,
  photoUrl: facultyProfile.photoUrl,
  isChair: facultyProfile.isChair,
};

const profileColumns = {
  id: facultyProfile.id,
  festivalId: facultyProfile.festivalId,
  ...facultyCardColumns,
  position: facultyProfile.position,
  createdAt: facultyProfile.createdAt,
  updatedAt: facultyProfile.updatedAt,
};

/** The faculty in display order: the chair first, then as the organisers arranged them. */
export async function listFaculty(festivalId: string): Promise<FacultyProfile[]> {
  return (await db())
    .select(profileColumns)
    .from(facultyProfile)
    .where(eq(facultyProfile.festivalId, festivalId))
    .orderBy(desc(facultyProfile.isChair), asc(facultyProfile.position), asc(facultyProfile.name));
}

export async function getFacultyProfile(
  festivalId: string,
  slug: string,
): Promise<{ profile: FacultyProfile; webinars: HostedWebinar[] } | null> {
  if (!isSlug(slug)) return null;
  const conn = await db();
  const [profile] = await conn
    .select(profileColumns)
    .from(facultyProfile)
    .where(and(eq(facultyProfile.festivalId, festivalId), eq(facultyProfile.slug, slug)))
    .limit(1);
  if (!profile) return null;
  const hosted = await conn
    .select({
      slug: webinar.slug,
      title: webinar.title,
      startsAt: webinar.startsAt,
      durationMinutes: webinar.durationMinutes,
      status: webinar.status,
    })
    .from(webinarHost)
    .innerJoin(webinar, eq(webinar.id, webinarHost.webinarId))
    .where(
      and(
        eq(webinarHost.facultyId, profile.id),
        inArray(webinar.status, ["published", "cancelled"]),
      ),
    )
    .orderBy(asc(webinar.startsAt));
  return {
    profile,
    webinars: hosted.map((w) => ({
      ...w,
      status: w.status === "cancelled" ? "cancelled" : "published",
    })),
  };
}

/** A faculty member as a person card. */
export function toFacultyView(f: FacultyProfile): PersonView {
  return {
    kind: "faculty",
    slug: f.slug,
    name: f.name,
    title: f.title,
    organisation: f.organisation,
    location: f.location,
    photoUrl: f.photoUrl,
    isChair: f.isChair,
  };
}
