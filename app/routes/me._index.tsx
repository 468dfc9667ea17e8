import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { NewTabLink } from "~/components/new-tab-link";
import { FormMessage } from "~/components/field";
import { TimeRange } from "~/components/time-range";
import { WebinarState } from "~/components/webinar-card";
import { requireViewer } from "~/lib/auth.server";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { useNow, useViewerZone } from "~/lib/root-data";
import { subscribeLinks } from "~/lib/subscribe-links";
import { viewerZone } from "~/lib/viewer-zone.server";
import { getAccount, rememberZone, rotateCalendarToken } from "~/models/account.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { myFestival } from "~/models/my-festival.server";

export const meta: MetaFunction = () => [{ title: "My festival" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const festival = await requireCurrentFestival();
  const [account, mine] = await Promise.all([
    getAccount(viewer.id),
    myFestival(viewer.id, festival),
  ]);
  if (!account) throw redirect("/login", 303);
  // The browser told us its zone (a cookie): keep it on the profile for emails.
  const zone = viewerZone(request, festival.timeZone, account.timeZone);
  if (!account.timeZone && zone.source === "cookie") await rememberZone(viewer.id, zone.zone);
  const feed = `${env().APP_URL}/calendar/${account.calendarToken}.ics`;
  return data(
    {
      festivalName: festival.name,
      isFaculty: viewer.isFaculty,
      account: {
        email: account.email,
        name: account.name,
        organisation: account.organisation,
        timeZone: account.timeZone ?? (zone.source === "cookie" ? zone.zone : null),
        emailReminders: account.emailReminders,
        emailDigest: account.emailDigest,
        emailNews: account.emailNews,
      },
      ...mine,
      feed,
      subscribe: subscribeLinks(feed, `${festival.name}: my webinars`),
    },
    { headers: { "Cache-Control": CACHE.personal } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireViewer(request);
  const form = await request.formData();
  if (form.get("intent") === "rotate-feed") {
    await rotateCalendarToken(viewer.id);
    throw redirect("/me?feed=replaced#calendar", 303);
  }
  return data({ error: "That action is not known." }, { status: 400 });
}

const REGISTRATION_LABEL = { confirmed: "Registered", waitlisted: "On the waitlist" } as const;

export default function MePage() {
  const { festivalName, isFaculty, account, registeredForFestival, webinars, feed, subscribe } =
    useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const now = useNow();
  const { zone } = useViewerZone();
  const upcoming = webinars.filter((w) => Date.parse(w.webinar.endsAt) > now.getTime());
  const past = webinars.filter((w) => Date.parse(w.webinar.endsAt) <= now.getTime());
  return (
    <>
      <h1>My festival</h1>
      {params.get("welcome") === "new" ? (
        <FormMessage
          success={`Welcome to ${festivalName}! A confirmation is on its way to ${account.email}.`}
        />
      ) : null}
      {params.get("saved") === "profile" ? (
        <FormMessage success="Your profile and email preferences are saved." />
      ) : null}
      {params.get("feed") === "replaced" ? (
        <FormMessage success="Your calendar address was replaced. The old one no longer works: subscribe again with the new one." />
      ) : null}
      {!registeredForFestival ? (
        <p className="notice">
          You have not registered for {festivalName} yet.{" "}
          <Link to="/register">Register for the festival</Link> to choose webinars.
        </p>
      ) : null}

      <section aria-labelledby="my-webinars">
        <h2 id="my-webinars">My webinars</h2>
        <p className="muted">
          Times are in {zone.replace(/_/g, " ")}.{" "}
          <Link to="/me/profile">Change your time zone</Link>
        </p>
        {upcoming.length === 0 ? (
          <p>
            You have no upcoming webinars. <Link to="/schedule">Browse the schedule</Link>
          </p>
        ) : (
          <ul className="my-webinars">
            {upcoming.map(({ webinar, status, position }) => (
              <li key={webinar.slug} className="my-webinar">
                <WebinarState webinar={webinar} now={now} />{" "}
                <span className={`badge badge--${status}`}>
                  {REGISTRATION_LABEL[status]}
                  {position ? ` (number ${position})` : ""}
                </span>
                <h3>
                  <Link to={`/webinars/${webinar.slug}`}>{webinar.title}</Link>
                </h3>
                <p>
                  <TimeRange
                    startsAt={webinar.startsAt}
                    durationMinutes={webinar.durationMinutes}
                  />
                </p>
                {status === "confirmed" && webinar.status === "published" ? (
                  <p>
                    <Link to={`/webinars/${webinar.slug}/join`}>Join</Link>{" "}
                    <span className="muted">(opens 15 minutes before the start)</span>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {past.length ? (
          <>
            <h3>Earlier</h3>
            <ul className="my-webinars">
              {past.map(({ webinar, joined }) => (
                <li key={webinar.slug}>
                  <Link to={`/webinars/${webinar.slug}`}>{webinar.title}</Link>
                  {joined ? " · you attended" : ""}
                  {webinar.hasRecording ? " · recording available" : ""}
                  {joined && webinar.status === "published" ? (
                    <>
                      {" · "}
                      {/* A file from a resource route: a plain link, not client navigation. */}
                      <a href={`/me/certificates/${webinar.slug}.pdf`} download>
                        Download your certificate (PDF)
                      </a>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="calendar">
        <h2 id="calendar">My calendar</h2>
        <p>
          Subscribe once and every webinar you register for appears in your calendar, kept up to
          date when times change.
        </p>
        <ul className="inline-list">
          <li>
            <a href={subscribe.webcal}>Subscribe (Apple Calendar, Outlook desktop)</a>
          </li>
          <li>
            <NewTabLink href={subscribe.google}>Google Calendar</NewTabLink>
          </li>
          <li>
            <NewTabLink href={subscribe.outlook}>Outlook.com</NewTabLink>
          </li>
        </ul>
        <p className="field-hint">
          Your private calendar address: <code className="feed-url">{feed}</code>. Anyone with it
          can see which webinars you chose.
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="rotate-feed" />
          <button type="submit" className="secondary">
            Replace my calendar address
          </button>
        </Form>
      </section>

      <section aria-labelledby="profile">
        <h2 id="profile">Profile and email</h2>
        <dl className="facts">
          <dt>Name</dt>
          <dd>{account.name || "Not given"}</dd>
          <dt>Email</dt>
          <dd>{account.email}</dd>
          <dt>Time zone</dt>
          <dd>{account.timeZone ? account.timeZone.replace(/_/g, " ") : "Not set"}</dd>
          <dt>Reminders</dt>
          <dd>
            {account.emailDigest
              ? "A daily digest at 8:00"
              : account.emailReminders
                ? "The day before and 15 minutes before"
                : "Off"}
          </dd>
          <dt>Festival news</dt>
          <dd>{account.emailNews ? "Yes" : "No"}</dd>
        </dl>
        <p>
          <Link to="/me/profile">Edit profile and email preferences</Link> ·{" "}
          {isFaculty ? (
            <>
              <Link to="/me/faculty-profile">Edit my faculty profile</Link> ·{" "}
            </>
          ) : null}
          <a href="/me/export.json" download>
            Download my data (JSON)
          </a>{" "}
          · <Link to="/me/delete">Delete my account</Link>
        </p>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
