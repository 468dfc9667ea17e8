import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { WeekTable } from "~/components/schedule-editor/week-table";
import { requireAdmin } from "~/lib/admin-auth.server";
import { CACHE } from "~/lib/http.server";
import { zoneCity } from "~/lib/time";
import { weekView } from "~/models/admin-schedule.server";
import { MAJOR_SHARE } from "~/models/schedule-flags.server";

export const meta: MetaFunction = () => [{ title: "Schedule · Back office" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival } = await requireAdmin(request);
  const week = await weekView(festival);
  return data(
    {
      festivalZone: zoneCity(festival.timeZone),
      days: week.days,
      counts: week.counts,
      total: week.days.reduce((n, d) => n + d.webinars.length, 0),
      registrants: week.audiences.total,
      known: week.audiences.known,
      major: week.audiences.major,
      majorShare: MAJOR_SHARE,
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

export default function SchedulePage() {
  const page = useLoaderData<typeof loader>();
  const { counts } = page;
  return (
    <section aria-labelledby="schedule-title" className="stack">
      <h1 id="schedule-title">Schedule</h1>
      <p className="inline-list">
        <Link to="/admin/webinars/new" className="button button--primary">
          New webinar
        </Link>
        <Link to="/admin/speakers">Guest speakers</Link>
      </p>
      <p>
        {page.total} webinars by day in {page.festivalZone} time (the festival&apos;s zone).{" "}
        {counts.drafts} drafts, which only organisers see; {counts.clashes} overlapping another;{" "}
        {counts.night} at night for a major audience.
      </p>
      <p className="muted">
        {page.known > 0 ? (
          <>
            Major audiences (at least {percent(page.majorShare)} of the {page.known} registrants
            whose zone we know):{" "}
            {page.major.map((z) => `${z.zone} (${percent(z.share)})`).join(", ") || "none"}. Night
            is 22:00 to 07:00 there.
          </>
        ) : (
          <>
            Nobody has registered yet, so night-time is checked in the festival&apos;s own zone
            (22:00 to 07:00).
          </>
        )}
      </p>
      {page.days.map((day) => (
        <WeekTable key={day.date} day={day} />
      ))}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
