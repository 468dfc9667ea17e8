import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage } from "~/components/field";
import { getViewer, loginUrl, requireViewer } from "~/lib/auth.server";
import { CACHE } from "~/lib/http.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { acceptInvite, lookupInvite, type AcceptResult } from "~/models/faculty-invite.server";

export const meta: MetaFunction = () => [{ title: "Invitation to the faculty" }];

// The token is in the address: keep it out of Referer headers and caches.
const headers = { "Cache-Control": CACHE.none, "Referrer-Policy": "no-referrer" };

/**
 * Opening the link only explains and shows a button: mail scanners follow
 * links, and a GET that accepted would use the invitation up for them.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const festival = await requireCurrentFestival();
  const invite = await lookupInvite(params.token ?? "", festival);
  const viewer = await getViewer(request);
  return data(
    {
      invite,
      festivalName: festival.name,
      contactEmail: festival.contactEmail,
      viewerEmail: viewer?.email ?? null,
      signInUrl: loginUrl(request),
    },
    { headers },
  );
}

const MESSAGES: Record<Exclude<AcceptResult["status"], "accepted">, string> = {
  "wrong-account": "",
  expired:
    "This invitation has expired. Ask the organisers to send it again: the new email has a fresh link.",
  used: "This invitation has already been used.",
  unknown:
    "This invitation link is not valid (it may have been withdrawn or sent again with a new link). Use the latest email, or ask the organisers.",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireViewer(request);
  const festival = await requireCurrentFestival();
  const result = await acceptInvite(params.token ?? "", viewer, festival);
  if (result.status === "accepted") throw redirect("/me/faculty-profile?welcome=1", 303);
  if (result.status === "used" && result.byYou) throw redirect("/me/faculty-profile", 303);
  const error =
    result.status === "wrong-account"
      ? `This invitation is for ${result.invitedEmail}, but you are signed in as ${viewer.email}. Sign out, then sign in with ${result.invitedEmail} and open the link again.`
      : MESSAGES[result.status];
  return data({ error }, { status: result.status === "wrong-account" ? 403 : 400, headers });
}

export default function FacultyInvitePage() {
  const { invite, festivalName, contactEmail, viewerEmail, signInUrl } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const wrongAccount =
    invite.status === "valid" &&
    viewerEmail !== null &&
    viewerEmail.toLowerCase() !== invite.email.toLowerCase();
  return (
    <section className="narrow stack" aria-labelledby="invite-title">
      <h1 id="invite-title">Invitation to the faculty of {festivalName}</h1>
      {result?.error ? <FormMessage error={result.error} /> : null}
      {invite.status === "unknown" ? (
        <p>{MESSAGES.unknown}</p>
      ) : invite.status === "used" ? (
        <p>
          {MESSAGES.used} If it was you, your faculty profile is at{" "}
          <a href="/me/faculty-profile">your faculty profile</a>.
        </p>
      ) : invite.status === "expired" ? (
        <p>{MESSAGES.expired}</p>
      ) : (
        <>
          <p>
            The organisers of {festivalName} invite{" "}
            <strong>{invite.name ? `${invite.name} (${invite.email})` : invite.email}</strong> to
            join the faculty: a profile on the festival site, and hosting webinars.
          </p>
          {viewerEmail === null ? (
            <>
              <p>
                First sign in with <strong>{invite.email}</strong>: we email you a code, and you
                come back here to accept.
              </p>
              <p>
                <a className="button" href={signInUrl}>
                  Sign in to accept
                </a>
              </p>
            </>
          ) : wrongAccount ? (
            <>
              <p className="notice notice--warning">
                You are signed in as {viewerEmail}, but this invitation is for {invite.email}. Sign
                out, sign in with {invite.email}, then open the link from the email again.
              </p>
              <Form method="post" action="/logout">
                <button type="submit" className="secondary">
                  Sign out
                </button>
              </Form>
            </>
          ) : (
            <Form method="post">
              <p>Accepting gives you the faculty role; next you complete your public profile.</p>
              <button type="submit">Accept and join the faculty</button>
            </Form>
          )}
        </>
      )}
      <p className="muted">
        Questions? Write to <a href={`mailto:${contactEmail}`}>{contactEmail}</a>.
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
