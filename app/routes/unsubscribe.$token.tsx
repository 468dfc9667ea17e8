import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { readUnsubscribeToken, type UnsubscribeTopic } from "~/lib/unsubscribe.server";
import { unsubscribe } from "~/models/preferences.server";

export const meta: MetaFunction = () => [
  { title: "Unsubscribe" },
  { name: "robots", content: "noindex" },
];

const WHAT: Record<UnsubscribeTopic, string> = {
  reminders: "reminders before your webinars",
  digest: "the daily digest",
  announcements: "announcements from the organisers",
  news: "news about future festivals",
};

const headers = { "Cache-Control": CACHE.none, "Referrer-Policy": "no-referrer" };

function readToken(token: string | undefined) {
  const read = readUnsubscribeToken(token);
  if (!read) {
    throw new Response(
      "This unsubscribe link is not valid. Change your email preferences on your profile page.",
      {
        status: 404,
        headers,
      },
    );
  }
  return read;
}

/** The link from an email: a page that asks, because link checkers follow GETs. */
export async function loader({ params }: LoaderFunctionArgs) {
  const { topic } = readToken(params.token);
  return data({ what: WHAT[topic] }, { headers });
}

/**
 * RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" here
 * with no cookie and follow no redirect, so this answers 200 directly. The
 * signed token is the only credential needed.
 */
export async function action({ params }: ActionFunctionArgs) {
  const { userId, topic } = readToken(params.token);
  await unsubscribe(userId, topic, env().APP_URL);
  return data({ done: true, what: WHAT[topic] }, { headers });
}

export default function UnsubscribePage() {
  const { what } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  return (
    <section className="narrow" aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">{done ? "You are unsubscribed" : "Unsubscribe"}</h1>
      {done ? (
        <p role="status">
          You will no longer get {what}. Confirmations and changes to webinars you registered for
          still arrive. You can turn it back on from <a href="/me/profile">your profile</a>.
        </p>
      ) : (
        <Form method="post" className="stack">
          <p>Stop getting {what}?</p>
          <button type="submit">Unsubscribe</button>
        </Form>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
