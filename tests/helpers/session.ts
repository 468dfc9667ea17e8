import { startSession } from "~/lib/auth.server";

/** A Cookie header for a signed-in browser of this person, made the way sign-in makes it. */
export async function signedInCookie(userId: string): Promise<string> {
  const setCookie = await startSession(userId);
  return setCookie.split(";")[0]!;
}
