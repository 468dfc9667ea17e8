import { eq } from "drizzle-orm";
import { startSession } from "~/lib/auth.server";
import { db } from "~db/client.server";
import { session, user } from "~db/schema";

/** A Cookie header for a signed-in browser of this person, made the way sign-in makes it. */
export async function signedInCookie(userId: string): Promise<string> {
  const setCookie = await startSession(userId);
  return setCookie.split(";")[0]!;
}

/** The authenticator secret organiserCookie enrols (tests make codes from it with currentCode). */
export const TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXP";

/**
 * A Cookie header for an organiser's browser that has passed the second
 * factor, as the back office requires. (The second factor's own tests go
 * through the real enrolment instead.)
 */
export async function organiserCookie(userId: string): Promise<string> {
  const conn = await db();
  const now = new Date();
  await conn
    .update(user)
    .set({ isOrganiser: true, totpSecret: TEST_TOTP_SECRET, totpEnabledAt: now })
    .where(eq(user.id, userId));
  const cookie = await signedInCookie(userId);
  await conn.update(session).set({ secondFactorAt: now }).where(eq(session.userId, userId));
  return cookie;
}
