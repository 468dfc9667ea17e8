import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { SubscribeLinks } from "~/components/subscribe-links";
import { WebinarCard } from "~/components/webinar-card";
import { ZonePicker } from "~/components/zone-picker";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { env } from "~/lib/env.server";
import { publicPageCache } from "~/lib/http.server";
import { loaderCacheHeaders } from "~/lib/http-headers";
import { useNow, useViewerZone } from "~/lib/root-data";
import { formatDateSpan, formatDay } from "~/lib/time";
import { groupByLocalDay } from "~/lib/webinar-view";
import { getViewer } from "~/lib/auth.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { seatViews } from "~/models/registration.server";
import { listPublicWebinars, toWebinarView } from "~/models/webinar.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Schedule · ${data.festival.name}` : "Schedule" },
  {
    name: "description",
    content: data ? `Every webinar of ${data.festival.name}, in your time zone.` : "",
  },
];

export const headers = loaderCacheHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const [festival, viewer] = await Promise.all([requireCurrentFestival(), getViewer(request)]);
  const list = await listPublicWebinars(festival.id);
  const webinars = list.map(toWebinarView);
  return data(
    {
      festival: { name: festival.name, startsOn: festival.startsOn, endsOn: festival.endsOn },
      webinars,
      seats: await seatViews(list, festival.id, viewer?.id ?? null),
      renderedAt: new Date().toISOString(),
      feed: `${env().APP_URL}/schedule.ics`,
    },
    { headers: { "Cache-Control": publicPageCache(request) } },
  );
}

export default function SchedulePage() {
  const { festival, webinars, seats, renderedAt, feed } = useLoaderData<typeof loader>();
  const { zone } = useViewerZone();
  const now = useNow();
  const days = groupByLocalDay(webinars, zone);
  return (
    <>
      <h1>Schedule</h1>
      <p className="lead">
        {formatDateSpan(festival.startsOn, festival.endsOn)} · {webinars.length} webinars, each
        about 30 minutes, free and online.
      </p>
      <ZonePicker now={renderedAt} />
      <SubscribeLinks feed={feed} name={festival.name} />
      <p className="subscribe">
        <Link to="/schedule/share">Follow the festival in your app or on your site</Link>
      </p>
      {days.length === 0 ? (
        <p>The programme is being prepared. Please check back soon.</p>
      ) : (
        days.map((day) => (
          <section key={day.date} className="schedule-day" aria-labelledby={`day-${day.date}`}>
            <h2 id={`day-${day.date}`}>{formatDay(day.webinars[0]!.startsAt, zone)}</h2>
            <div className="webinar-list">
              {day.webinars.map((w) => (
                <WebinarCard key={w.slug} webinar={w} now={now} seat={seats[w.slug]} />
              ))}
            </div>
          </section>
        ))
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
