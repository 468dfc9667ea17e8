import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireViewer } from "~/lib/auth.server";
import { CACHE } from "~/lib/http.server";
import { useViewerZone } from "~/lib/root-data";
import { formatClock, formatDay, zoneLabel } from "~/lib/time";
import { joinWebinar } from "~/models/attendance.server";
import { redirectIfWebinarMoved } from "~/models/slug-redirect.server";
import { requireCurrentFestival } from "~/models/festival.server";

export const meta: MetaFunction = () => [{ title: "Join the webinar" }];

/**
 * Sends a confirmed registrant to the webinar's join link when it is time,
 * recording that they came; everyone else gets the reason and what to do.
 * The link itself only ever travels in this redirect.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const festival = await requireCurrentFestival();
  const slug = params.slug ?? "";
  const result = await joinWebinar(viewer.id, festival.id, slug);
  if (result.status === "go") {
    throw redirect(result.url, { status: 303, headers: { "Cache-Control": CACHE.none } });
  }
  if (result.status === "not-found") {
    await redirectIfWebinarMoved(request, festival.id, slug);
    throw new Response("There is no webinar at this address.", { status: 404 });
  }
  const view =
    result.status === "too-early"
      ? {
          ...result,
          opensAt: result.opensAt.toISOString(),
          startsAt: result.startsAt.toISOString(),
        }
      : result;
  return data({ slug, result: view }, { headers: { "Cache-Control": CACHE.none } });
}

function Countdown({ opensAt }: { opensAt: string }) {
  const minutes = Math.max(Math.ceil((Date.parse(opensAt) - Date.now()) / 60_000), 0);
  const text =
    minutes > 48 * 60
      ? `in ${Math.round(minutes / 1440)} days`
      : minutes > 90
        ? `in about ${Math.round(minutes / 60)} hours`
        : `in ${minutes} minutes`;
  // The clock moves between server render and hydration.
  return <span suppressHydrationWarning>{text}</span>;
}

export default function JoinPage() {
  const { slug, result } = useLoaderData<typeof loader>();
  const { zone } = useViewerZone();
  const back = <Link to={`/webinars/${slug}`}>Back to the webinar page</Link>;
  switch (result.status) {
    case "too-early":
      return (
        <section className="narrow">
          <h1>It is not time yet</h1>
          <p>
            The joining link for <strong>{result.title}</strong> opens 15 minutes before the start,{" "}
            <Countdown opensAt={result.opensAt} />. The webinar starts{" "}
            {formatDay(result.startsAt, zone)} at {formatClock(result.startsAt, zone)}{" "}
            {zoneLabel(result.startsAt, zone)}. Come back to this page then.
          </p>
          <p>{back}</p>
        </section>
      );
    case "finished":
      return (
        <section className="narrow">
          <h1>This webinar has finished</h1>
          {result.recordingUrl ? (
            <p>
              <a href={result.recordingUrl} rel="noopener noreferrer">
                Watch the recording of {result.title}
              </a>
            </p>
          ) : (
            <p>The recording of {result.title} will be posted on its page soon.</p>
          )}
          <p>{back}</p>
        </section>
      );
    case "cancelled":
      return (
        <section className="narrow">
          <h1>This webinar was cancelled</h1>
          <p>We are sorry: {result.title} will not take place. See the schedule for others.</p>
          <p>
            <Link to="/schedule">Schedule</Link>
          </p>
        </section>
      );
    case "waitlisted":
      return (
        <section className="narrow">
          <h1>You are on the waitlist</h1>
          <p>
            {result.title} is full. If a place opens up it is yours automatically and we will email
            you straight away.
          </p>
          <p>{back}</p>
        </section>
      );
    case "no-link":
      return (
        <section className="narrow">
          <h1>The link is not ready yet</h1>
          <p>
            The organisers have not published the joining link for {result.title} yet. Please
            refresh this page in a minute.
          </p>
          <p>{back}</p>
        </section>
      );
    default:
      return (
        <section className="narrow">
          <h1>Register to join</h1>
          <p>
            The joining link for {result.title} is given to registered attendees. Register on the
            webinar page; it takes one click.
          </p>
          <p>{back}</p>
        </section>
      );
  }
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
