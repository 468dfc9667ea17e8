import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import {
  AttendanceChart,
  Headlines,
  MailHealth,
  PlacesChart,
  RegistrationCharts,
  SeatsChart,
} from "~/components/dashboard-sections";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireAdmin } from "~/lib/admin-auth.server";
import { formatWait } from "~/lib/durations";
import { CACHE } from "~/lib/http.server";
import { formatInstant, formatRange, zoneCity } from "~/lib/time";
import { dashboard } from "~/models/dashboard.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Back office" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival } = await requireAdmin(request);
  const now = new Date();
  const zone = festival.timeZone;
  const d = await dashboard(festival, now);
  const when = (w: { startsAt: Date; durationMinutes: number }) =>
    formatRange(w.startsAt, w.durationMinutes, zone).text;
  const missing = (n: number, what: string) =>
    n ? `${n} ${n === 1 ? "registrant has" : "registrants have"} not given ${what}.` : undefined;
  return data(
    {
      name: festival.name,
      asOf: formatInstant(now, zone),
      // Days span both offsets of a clock change, so they are named by the city alone.
      festivalZone: `${zoneCity(zone)} time`,
      headlines: d.headlines,
      days: d.registrations.map((r) => ({
        // A calendar date: formatted as such, no zone involved.
        label: DateTime.fromISO(r.day, { zone: "utc" }).setLocale("en-GB").toFormat("ccc d LLL"),
        registrations: r.registrations,
        total: r.total,
      })),
      webinars: d.webinars.map((w) => ({
        title: w.title,
        when: when(w),
        capacity: w.capacity,
        confirmed: w.confirmed,
        waitlisted: w.waitlisted,
      })),
      attendance: d.attendance.map(({ startsAt, durationMinutes, ...a }) => ({
        ...a,
        when: when({ startsAt, durationMinutes }),
      })),
      places: d.places,
      missingZone: missing(d.places.withoutZone, "a time zone"),
      missingCountry: missing(d.places.withoutCountry, "a country"),
      mail: {
        ...d.mail,
        oldestDue: d.mail.oldestDueSeconds === null ? null : formatWait(d.mail.oldestDueSeconds),
        recentErrors: d.mail.recentErrors.map((e) => ({
          id: e.id,
          kind: e.kind,
          recipient: e.recipient,
          error: e.lastError,
          status: e.status,
        })),
      },
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export default function Dashboard() {
  const d = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="dashboard" className="dashboard">
      <h1 id="dashboard">{d.name}: dashboard</h1>
      <p className="muted">
        Figures as of {d.asOf}. Days and webinar times are festival time ({d.festivalZone}).
      </p>
      <Headlines h={d.headlines} />

      <h2>Registrations over time</h2>
      <RegistrationCharts days={d.days} zone={d.festivalZone} />

      <h2>Seats per webinar</h2>
      <SeatsChart webinars={d.webinars} />

      <h2>Attendance after each webinar</h2>
      <p className="muted">
        Joined means the person followed their join link; someone who watched on a colleague&apos;s
        screen counts as a no-show.
      </p>
      <AttendanceChart rows={d.attendance} />

      <h2>Where registrants are</h2>
      <div className="chart-grid">
        <PlacesChart
          id="regions"
          title="By region of their time zone"
          places={d.places.regions}
          rowHeader="Region"
          missing={d.missingZone}
        />
        <PlacesChart
          id="cities"
          title="By time zone"
          places={d.places.cities}
          rowHeader="Time zone"
          missing={d.missingZone}
        />
        <PlacesChart
          id="countries"
          title="By country (as they wrote it)"
          places={d.places.countries}
          rowHeader="Country"
          missing={d.missingCountry}
        />
      </div>

      <h2>Email delivery</h2>
      <MailHealth mail={d.mail} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
