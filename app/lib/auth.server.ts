import { createCookie, redirect } from "@remix-run/node";
import {
  createSession,
  deleteSession,
  findSessionUser,
  SESSION_DAYS,
} from "~/models/session.server";
import type { SessionUser } from "~/models/session.server";
import { env } from "./env.server";
import { sessionSecret } from "./session-secret.server";

export type { SessionUser };
export type Role = "attendee" | "faculty" | "organiser";

export const SESSION_COOKIE = "meridian_session";

let cookie: ReturnType<typeof createCookie> | undefined;

function sessionCookie() {
  cookie ??= createCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: "lax",
    secure: env().NODE_ENV === "production",
    path: "/",
    maxAge: SESSION_DAYS * 86_400,
    secrets: [sessionSecret()],
  });
  return cookie;
}

async function sessionToken(request: Request): Promise<string | null> {
  const header = request.headers.get("Cookie");
  if (!header?.includes(SESSION_COOKIE)) return null;
  const value: unknown = await sessionCookie().parse(header);
  return typeof value === "string" ? value : null;
}

/** Who is asking, or null for an anonymous visitor. */
// The root loader and the page's loader run in parallel for one request and
// both ask: one session lookup per request, not one per loader.
const viewers = new WeakMap<Request, Promise<SessionUser | null>>();

export function getViewer(request: Request): Promise<SessionUser | null> {
  let viewer = viewers.get(request);
  if (!viewer) {
    viewer = sessionToken(request).then((token) => (token ? findSessionUser(token) : null));
    viewers.set(request, viewer);
  }
  return viewer;
}

/** Where an anonymous visitor is sent to sign in, coming back to this page after. */
export function loginUrl(request: Request, extra: Record<string, string> = {}): string {
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}`, ...extra });
  return `/login?${params.toString()}`;
}

/**
 * The signed-in person, or a redirect to sign in. Every loader and action
 * that needs a person calls this itself: parent and child loaders run in
 * parallel, so a guard in a layout protects nothing.
 */
export async function requireViewer(request: Request): Promise<SessionUser> {
  const viewer = await getViewer(request);
  if (!viewer) throw redirect(loginUrl(request), 303);
  return viewer;
}

export function hasRole(viewer: SessionUser, role: Role): boolean {
  if (role === "organiser") return viewer.isOrganiser;
  if (role === "faculty") return viewer.isFaculty || viewer.isOrganiser;
  return true;
}

/** Like requireViewer, and a 403 for someone signed in without the role. */
export async function requireRole(request: Request, role: Role): Promise<SessionUser> {
  const viewer = await requireViewer(request);
  if (!hasRole(viewer, role)) {
    throw new Response(`This page is for the festival's ${role}s.`, { status: 403 });
  }
  return viewer;
}

/** Signs the person in: a new server-side session and its cookie. */
export async function startSession(userId: string): Promise<string> {
  const token = await createSession(userId);
  return sessionCookie().serialize(token);
}

/** Ends the session on the server as well as in the browser. */
export async function endSession(request: Request): Promise<string> {
  const token = await sessionToken(request);
  if (token) await deleteSession(token);
  return sessionCookie().serialize("", { maxAge: 0 });
}
