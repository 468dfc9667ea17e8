import { expect } from "vitest";
import type { Db } from "~db/client.server";
import { createUser } from "~tests/factories";
import { callRoute, type CallOptions } from "./remix";
import { organiserCookie, signedInCookie, TEST_TOTP_SECRET } from "./session";

type RouteFunction = Parameters<typeof callRoute>[0];

export interface AccessCookies {
  /** Signed in, no role. */
  attendee: string;
  /** An organiser with an authenticator whose browser has not passed the second factor. */
  unverified: string;
  /** An organiser through the second factor. */
  organiser: string;
  organiserUser: { id: string; email: string; name: string };
}

export async function accessCookies(
  db: Db,
  organiser: { name?: string } = {},
): Promise<AccessCookies> {
  const attendee = await createUser(db);
  const unverified = await createUser(db, {
    isOrganiser: true,
    totpSecret: TEST_TOTP_SECRET,
    totpEnabledAt: new Date(),
  });
  const boss = await createUser(db, { name: organiser.name ?? "Olu Organiser" });
  return {
    attendee: await signedInCookie(attendee.id),
    unverified: await signedInCookie(unverified.id),
    organiser: await organiserCookie(boss.id),
    organiserUser: boss,
  };
}

/**
 * The back office's door, checked on one loader or action: anonymous
 * visitors are sent to sign in, attendees refused, organisers asked for
 * their second factor. (Nothing is changed by any of these calls.)
 */
export async function expectGuarded(
  fn: RouteFunction,
  url: string,
  cookies: Pick<AccessCookies, "attendee" | "unverified">,
  options: Omit<CallOptions, "cookie"> = {},
): Promise<void> {
  const anonymous = await callRoute(fn, url, options);
  expect(anonymous.status, `${url} anonymous`).toBe(303);
  expect(anonymous.headers.get("Location"), `${url} anonymous`).toMatch(/^\/login\?redirectTo=/);
  const attendee = await callRoute(fn, url, { ...options, cookie: cookies.attendee });
  expect(attendee.status, `${url} attendee`).toBe(403);
  const unverified = await callRoute(fn, url, { ...options, cookie: cookies.unverified });
  expect(unverified.status, `${url} without second factor`).toBe(303);
  expect(unverified.headers.get("Location"), `${url} without second factor`).toMatch(
    /^\/admin\/security\/verify\?/,
  );
}
