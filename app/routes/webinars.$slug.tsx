import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { NewTabLink } from "~/components/new-tab-link";
import { FormMessage } from "~/components/field";
import { PersonCard } from "~/components/person-card";
import { RegisterButton } from "~/components/register-button";
import { TimeRange } from "~/components/time-range";
import { NightNote, WebinarState } from "~/components/webinar-card";
import { getViewer } from "~/lib/auth.server";
import { googleCalendarLink, outlookCalendarLink } from "~/lib/calendar.server";
import { env } from "~/lib/env.server";
import { publicPageCache } from "~/lib/http.server";
import { loaderCacheHeaders } from "~/lib/http-headers";
import { markdownToText, renderMarkdown } from "~/lib/markdown.server";
import { useNow } from "~/lib/root-data";
import { webinarCard } from "~/lib/social-cards.server";
import { socialMeta } from "~/lib/social-meta";
import type { SeatView } from "~/lib/seat-view";
import { liveState } from "~/lib/time";
import { requireCurrentFestival } from "~/models/festival.server";
import { seatViews } from "~/models/registration.server";
import { redirectIfWebinarMoved } from "~/models/slug-redirect.server";
import { getPublicWebinar, toWebinarView } from "~/models/webinar.server";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? socialMeta(`${data.webinar.title} · ${data.festivalName}`, data.social)
    : [{ title: "Webinar not found" }];

export const headers = loaderCacheHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [festival, viewer] = await Promise.all([requireCurrentFestival(), getViewer(request)]);
  const found = await getPublicWebinar(festival.id, params.slug ?? "");
  if (!found) {
    await redirectIfWebinarMoved(request, festival.id, params.slug ?? "");
    throw new Response("There is no webinar at this address.", { status: 404 });
  }
  const seats = await seatViews([found], festival.id, viewer?.id ?? null);
  const url = `${env().APP_URL}/webinars/${found.slug}`;
  const description = markdownToText(found.abstract, 200);
  const linkInput = {
    title: found.title,
    startsAt: found.startsAt,
    durationMinutes: found.durationMinutes,
    details: description,
    url,
  };
  return data(
    {
      festivalName: festival.name,
      webinar: toWebinarView(found),
      social: webinarCard(festival, found, description, env().APP_URL),
      abstractHtml: renderMarkdown(found.abstract),
      people: [...found.hosts, ...found.speakers].map((p) => ({
        ...p,
        bioHtml: renderMarkdown(p.bio),
      })),
      recordingUrl: found.recordingUrl,
      capacity: found.capacity,
      seat: seats[found.slug]!,
      viewerEmail: viewer?.email ?? null,
      calendar: {
        ics: `/webinars/${found.slug}/calendar.ics`,
        google: googleCalendarLink(linkInput),
        outlook: outlookCalendarLink(linkInput, "live"),
        office: outlookCalendarLink(linkInput, "office"),
      },
    },
    { headers: { "Cache-Control": publicPageCache(request) } },
  );
}

/** The message after a Register or Cancel click, checked against what is actually held. */
function RegistrationOutcome({
  outcome,
  seat,
  email,
}: {
  outcome: string | null;
  seat: SeatView;
  email: string | null;
}) {
  const to = email ? ` to ${email}` : "";
  if (outcome === "confirmed" && seat.mine === "confirmed") {
    return (
      <FormMessage
        success={`You are registered. A confirmation with a calendar invitation is on its way${to}.`}
      />
    );
  }
  if (outcome === "waitlisted" && seat.mine === "waitlisted") {
    return (
      <FormMessage
        success={`This webinar is full, so you are on the waitlist (number ${seat.position ?? "?"}). If a place opens up it is yours, and we will email you.`}
      />
    );
  }
  if (outcome?.startsWith("cancelled") && seat.mine === null) {
    return (
      <FormMessage
        success={
          outcome === "cancelled-waitlisted"
            ? "You have left the waitlist."
            : `Your place is cancelled. We have sent a calendar update${to} that removes it.`
        }
      />
    );
  }
  return null;
}

export default function WebinarPage() {
  const { webinar, abstractHtml, people, recordingUrl, capacity, calendar, seat, viewerEmail } =
    useLoaderData<typeof loader>();
  const now = useNow();
  const [params] = useSearchParams();
  const outcome = params.get("registration");
  const state =
    webinar.status === "cancelled"
      ? "cancelled"
      : liveState(webinar.startsAt, webinar.durationMinutes, now);
  return (
    <article className="webinar-page" aria-labelledby="webinar-title">
      <p className="breadcrumb">
        <Link to="/schedule">Schedule</Link>
      </p>
      <div className="webinar-card__meta">
        <WebinarState webinar={webinar} now={now} />
        {webinar.topic ? <span className="topic">{webinar.topic}</span> : null}
      </div>
      <h1 id="webinar-title">{webinar.title}</h1>
      <p className="webinar-page__time">
        <TimeRange startsAt={webinar.startsAt} durationMinutes={webinar.durationMinutes} />{" "}
        <Link
          className="small-link"
          to={`/zone?redirectTo=${encodeURIComponent(`/webinars/${webinar.slug}`)}`}
        >
          Change time zone
        </Link>
      </p>
      <NightNote webinar={webinar} />
      <RegistrationOutcome outcome={outcome} seat={seat} email={viewerEmail} />
      <RegisterButton
        slug={webinar.slug}
        title={webinar.title}
        state={state}
        seat={seat}
        detailed
      />

      {state === "cancelled" ? (
        <p className="notice notice--warning">
          This webinar has been cancelled. We are sorry for the change.
        </p>
      ) : state === "past" ? (
        recordingUrl ? (
          <p className="notice">
            <a href={recordingUrl} rel="noopener noreferrer">
              Watch the recording
            </a>
          </p>
        ) : (
          <p className="notice">This webinar has finished. The recording will be posted here.</p>
        )
      ) : (
        <section className="calendar-actions" aria-labelledby="add-to-calendar">
          <h2 id="add-to-calendar">Add to your calendar</h2>
          <ul className="inline-list">
            <li>
              <a href={calendar.ics} download>
                Download .ics (Apple, Outlook desktop, others)
              </a>
            </li>
            <li>
              <NewTabLink href={calendar.google}>Google Calendar</NewTabLink>
            </li>
            <li>
              <NewTabLink href={calendar.outlook}>Outlook.com</NewTabLink>
            </li>
            <li>
              <NewTabLink href={calendar.office}>Microsoft 365</NewTabLink>
            </li>
          </ul>
          <p className="muted">
            The joining link is given to registered attendees from 15 minutes before the start
            {seat.mine === "confirmed" ? ", on this page" : ""}.
            {capacity ? ` Places are limited to ${capacity}.` : ""}
          </p>
        </section>
      )}

      <section aria-labelledby="about">
        <h2 id="about">About this webinar</h2>
        <div className="prose" dangerouslySetInnerHTML={{ __html: abstractHtml }} />
      </section>

      {people.length ? (
        <section aria-labelledby="people">
          <h2 id="people">{people.length === 1 ? "Your host" : "Hosts and guests"}</h2>
          <div className="person-list">
            {people.map((p) => (
              <PersonCard key={`${p.kind}-${p.slug}`} person={p} bioHtml={p.bioHtml} />
            ))}
          </div>
        </section>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
