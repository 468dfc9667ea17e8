import { redirect } from "@remix-run/node";
import { continueAfterSignIn } from "~/models/registration.server";
import type { Festival } from "~/models/festival.server";
import { startSession } from "./auth.server";
import { env } from "./env.server";

/** The end of every sign-in: a session cookie, then on to where they were going. */
export async function finishSignIn(
  signedIn: { userId: string; redirectTo: string; registerFor: string | null },
  festival: Festival | null,
): Promise<Response> {
  const cookie = await startSession(signedIn.userId);
  const to = festival
    ? await continueAfterSignIn(signedIn.userId, signedIn.registerFor, signedIn.redirectTo, {
        festival,
        appUrl: env().APP_URL,
      })
    : signedIn.redirectTo;
  return redirect(to, { status: 303, headers: { "Set-Cookie": cookie } });
}
