import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { NewTabLink } from "~/components/new-tab-link";
import { env } from "~/lib/env.server";
import { publicPageCache } from "~/lib/http.server";
import { loaderCacheHeaders } from "~/lib/http-headers";
import { requireCurrentFestival } from "~/models/festival.server";
import { buildEmbedSchedule, embedOptions } from "~/models/schedule-embed.server";
import { listPublicWebinars } from "~/models/webinar.server";
import embedStyles from "~/styles/embed.css";

/** Shown inside other sites' pages: the document has no site header, navigation or footer. */
export const handle = { bare: true };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: embedStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Webinars · ${data.festival.name}` : "Webinars" },
];

export const headers = loaderCacheHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const festival = await requireCurrentFestival();
  const options = embedOptions(new URL(request.url), festival);
  const webinars = await listPublicWebinars(festival.id);
  return data(buildEmbedSchedule(festival, webinars, options, env().APP_URL), {
    // Anonymous copies are shared; the root's data for a signed-in visitor is not.
    headers: { "Cache-Control": publicPageCache(request) },
  });
}

export default function EmbeddedSchedule() {
  const schedule = useLoaderData<typeof loader>();
  const { festival } = schedule;
  return (
    <div className="embed-schedule">
      <h1>
        {festival.name}:{" "}
        {schedule.dayHeading ? `webinars on ${schedule.dayHeading}` : "webinars this week"}
      </h1>
      <p className="muted">
        Free and online. Times are in {schedule.zoneName}, each with its offset from UTC.
      </p>
      {schedule.days.length === 0 ? (
        <p>
          {schedule.dayHeading
            ? `No webinars on ${schedule.dayHeading}.`
            : "The programme is being prepared. Please check back soon."}
        </p>
      ) : (
        schedule.days.map((day) => (
          <section key={day.date} aria-labelledby={`embed-day-${day.date}`}>
            <h2 id={`embed-day-${day.date}`}>{day.heading}</h2>
            <ul className="plain-list">
              {day.webinars.map((w) => (
                <li key={w.slug}>
                  <time dateTime={w.startsAt}>
                    <strong>{w.clock}</strong>
                    {w.endsNextDay ? " (next day)" : ""} {w.zoneLabel}
                  </time>
                  <br />
                  <NewTabLink href={w.url}>{w.title}</NewTabLink>
                  {w.people.length > 0 ? (
                    <span className="muted"> with {w.people.join(", ")}</span>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
      <p>
        <NewTabLink href={festival.registrationOpen ? festival.registerUrl : festival.url}>
          {festival.registrationOpen ? `Register on ${festival.name}` : `More on ${festival.name}`}
        </NewTabLink>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
