import { and, eq } from "drizzle-orm";
import { db } from "~db/client.server";
import { facultyProfile } from "~db/schema";
import type { Actor } from "~/models/audit.server";
import type { Festival } from "~/models/festival.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { requireOrganiser } from "./admin-auth.server";
import { requireRole, type SessionUser } from "./auth.server";

export interface StudioContext {
  viewer: SessionUser;
  actor: Actor;
  festival: Festival;
  /** The viewer's own faculty profile in this festival: their byline. */
  profile: { id: string; slug: string; name: string } | null;
  /** Organisers (past the second factor) may edit and unpublish anyone's posts. */
  editsAll: boolean;
}

/**
 * Who may use the studio: faculty, and organisers. An organiser's powers
 * here are back-office powers (anyone's post), so they pass the second
 * factor first, as in /admin. Every studio loader and action calls this.
 */
export async function requireStudio(request: Request): Promise<StudioContext> {
  const signedIn = await requireRole(request, "faculty");
  const viewer = signedIn.isOrganiser ? await requireOrganiser(request) : signedIn;
  const festival = await requireCurrentFestival();
  const [profile] = await (
    await db()
  )
    .select({ id: facultyProfile.id, slug: facultyProfile.slug, name: facultyProfile.name })
    .from(facultyProfile)
    .where(and(eq(facultyProfile.festivalId, festival.id), eq(facultyProfile.userId, viewer.id)))
    .limit(1);
  if (!viewer.isOrganiser && !profile) {
    throw new Response(
      "The studio is for the festival's faculty: your faculty profile for this festival is missing. Ask an organiser to invite you.",
      { status: 403 },
    );
  }
  return {
    viewer,
    actor: { id: viewer.id, email: viewer.email },
    festival,
    profile: profile ?? null,
    editsAll: viewer.isOrganiser,
  };
}
