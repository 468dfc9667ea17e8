import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "~db/client.server";
import { facultyProfile } from "~db/schema";
import { text, type FieldErrors } from "~/lib/form";
import { scheduleChanged } from "~/lib/schedule-events.server";

/**
 * A faculty member's own public profile for the current festival: what
 * they see and change at /me/faculty-profile after accepting an invitation.
 */

export interface OwnFacultyProfile {
  slug: string;
  name: string;
  title: string;
  organisation: string;
  location: string;
  bio: string;
  photoUrl: string | null;
}

const columns = {
  slug: facultyProfile.slug,
  name: facultyProfile.name,
  title: facultyProfile.title,
  organisation: facultyProfile.organisation,
  location: facultyProfile.location,
  bio: facultyProfile.bio,
  photoUrl: facultyProfile.photoUrl,
};

export async function getOwnFacultyProfile(
  festivalId: string,
  userId: string,
): Promise<OwnFacultyProfile | null> {
  const [row] = await (
    await db()
  )
    .select(columns)
    .from(facultyProfile)
    .where(and(eq(facultyProfile.festivalId, festivalId), eq(facultyProfile.userId, userId)));
  return row ?? null;
}

export const profileForm = z.object({
  name: text("name", 200, 1),
  title: text("title", 200),
  organisation: text("organisation", 200),
  location: text("location", 200),
  bio: z
    .string()
    .optional()
    .transform((v) => (v ?? "").replace(/\r\n/g, "\n").trim())
    .pipe(z.string().max(10_000, "Keep your biography under 10,000 characters.")),
});

export type ProfileValues = z.infer<typeof profileForm>;

export type ProfileSave =
  { status: "saved" } | { status: "invalid"; errors: FieldErrors } | { status: "no-profile" };

/**
 * Saves the words (and a new photo's address, when one was uploaded and
 * checked by the caller). The public faculty pages are cached, so they are
 * told at once.
 */
export async function saveOwnFacultyProfile(
  festivalId: string,
  userId: string,
  values: ProfileValues,
  photoUrl?: string | null,
  now = new Date(),
): Promise<ProfileSave> {
  const [row] = await (
    await db()
  )
    .update(facultyProfile)
    .set({ ...values, ...(photoUrl !== undefined ? { photoUrl } : {}), updatedAt: now })
    .where(and(eq(facultyProfile.festivalId, festivalId), eq(facultyProfile.userId, userId)))
    .returning({ slug: facultyProfile.slug });
  if (!row) return { status: "no-profile" };
  scheduleChanged();
  return { status: "saved" };
}
