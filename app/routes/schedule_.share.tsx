import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubscribeLinks } from "~/components/subscribe-links";
import { ZoneSelect } from "~/components/zone-select";
import { env } from "~/lib/env.server";
import { publicPageCache } from "~/lib/http.server";
import { loaderCacheHeaders } from "~/lib/http-headers";
import { allZones } from "~/lib/time";
import { requireCurrentFestival } from "~/models/festival.server";
import { embedOptions, shareLinks, zoneName } from "~/models/schedule-embed.server";
import embedStyles from "~/styles/embed.css";

/*
 * /schedule/share. The trailing underscore keeps this page out of the
 * schedule page's layout (which has no outlet), the address stays the same.
 */

export const links: LinksFunction = () => [{ rel: "stylesheet", href: embedStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Follow ${data.festival.name} in your app or on your site` : "Share" },
  {
    name: "description",
    content: "Calendar feed, schedule files for conference apps, and a schedule to embed.",
  },
];

export const headers = loaderCacheHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const festival = await requireCurrentFestival();
  const options = embedOptions(new URL(request.url), festival);
  return data(
    {
      festival: { name: festival.name },
      zone: options.zone,
      zoneName: zoneName(options.zone),
      day: options.day,
      zones: allZones(),
      links: shareLinks(festival, options, env().APP_URL),
    },
    { headers: { "Cache-Control": publicPageCache(request) } },
  );
}

export default function SharePage() {
  const { festival, zone, zoneName, day, zones, links } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Follow the festival in your app or on your site</h1>
      <p className="lead">
        The schedule of {festival.name} is open: keep it in your calendar, read it in a conference
        app, or show it on your network&apos;s website. Each stays up to date as the programme
        changes.
      </p>

      <section aria-labelledby="share-calendar">
        <h2 id="share-calendar">In your calendar</h2>
        <SubscribeLinks feed={links.ics} name={festival.name} />
        <p>
          Calendar feed address (iCalendar):{" "}
          <a href={links.ics} className="feed-url">
            {links.ics}
          </a>
        </p>
      </section>

      <section aria-labelledby="share-apps">
        <h2 id="share-apps">In a conference app</h2>
        <p>
          The schedule is also published in the frab format that conference apps read, the same one
          pretalx and frab export. Add one of these addresses to Giggity, to apps built on
          EventFahrplan, or to any app that reads frab or pretalx schedules.
        </p>
        <ul>
          <li>
            XML (schedule.xml):{" "}
            <a href={links.xml} className="feed-url">
              {links.xml}
            </a>
          </li>
          <li>
            JSON (schedule.json):{" "}
            <a href={links.json} className="feed-url">
              {links.json}
            </a>
          </li>
        </ul>
        <p>
          Building something of your own? <a href={links.api}>Meridian&apos;s schedule JSON</a>{" "}
          gives every webinar with its times in UTC.
        </p>
      </section>

      <section aria-labelledby="share-embed" className="share-embed">
        <h2 id="share-embed">On your website</h2>
        <p>
          Show this week&apos;s webinars on your own site: choose the time zone your readers live
          in, then copy the code into your page. Every time names its zone, and each webinar links
          to its page here, where people register.
        </p>
        <Form method="get" className="stack" preventScrollReset>
          <ZoneSelect
            zones={zones}
            defaultValue={zone}
            name="tz"
            label="Time zone for the embedded schedule"
            hint="Times on your site will be shown in this zone."
          />
          <div className="field">
            <label htmlFor="share-day">Which days</label>
            <p id="share-day-hint" className="field-hint">
              Days as they fall in the zone chosen above.
            </p>
            <select
              id="share-day"
              name="day"
              defaultValue={day ?? ""}
              aria-describedby="share-day-hint"
            >
              <option value="">The whole festival</option>
              {links.festivalDays.map((d) => (
                <option key={d.date} value={d.date}>
                  Only {d.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            Update the code
          </button>
        </Form>
        <div className="field">
          <label htmlFor="share-snippet">Code to paste into your page ({zoneName})</label>
          <p id="share-snippet-hint" className="field-hint">
            Select it all and copy it into your site&apos;s HTML.
          </p>
          <textarea
            id="share-snippet"
            aria-describedby="share-snippet-hint"
            readOnly
            rows={4}
            value={links.snippet}
          />
        </div>
        <h3>Preview</h3>
        <iframe
          src={links.previewPath}
          title={`Preview of the embedded schedule of ${festival.name}`}
          className="share-preview"
          loading="lazy"
        />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
