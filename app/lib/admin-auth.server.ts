import { redirect } from "@remix-run/node";
import type { Festival } from "~/models/festival.server";
import { requireCurrentFestival } from "~/models/festival.server";
import type { Actor } from "~/models/audit.server";
import { requireRole, type SessionUser } from "./auth.server";
import { safeRedirect } from "./safe-redirect";

/** Where the second factor pages send someone back to. */
function backTo(request: Request): string {
  const url = new URL(request.url);
  return `${url.pathname}${url.search}`;
}

/**
 * An organiser who has passed the second factor in this browser. Every
 * back-office loader and action calls this itself (the /admin layout's
 * loader runs in parallel with the page's, so it protects nothing alone).
 * Someone with no authenticator yet is sent to enrol one; someone enrolled
 * but not yet verified in this session is asked for a code.
 */
export async function requireOrganiser(request: Request): Promise<SessionUser> {
  const viewer = await requireRole(request, "organiser");
  const params = new URLSearchParams({ redirectTo: backTo(request) });
  if (!viewer.totpEnrolled) throw redirect(`/admin/security/enrol?${params.toString()}`, 303);
  if (!viewer.secondFactor) throw redirect(`/admin/security/verify?${params.toString()}`, 303);
  return viewer;
}

export interface AdminContext {
  viewer: SessionUser;
  actor: Actor;
  festival: Festival;
}

/** The organiser and the festival they are running: what almost every back-office route needs. */
export async function requireAdmin(request: Request): Promise<AdminContext> {
  const viewer = await requireOrganiser(request);
  const festival = await requireCurrentFestival();
  return { viewer, actor: { id: viewer.id, email: viewer.email }, festival };
}

/** A back-office path to return to after the second factor; anything else goes to /admin. */
export function adminRedirect(value: FormDataEntryValue | string | null): string {
  const target = safeRedirect(typeof value === "string" ? value : null, "/admin");
  return target.startsWith("/admin") ? target : "/admin";
}
