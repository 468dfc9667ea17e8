import { Link } from "@remix-run/react";
import { BarList } from "~/components/charts/bar-list";
import { ColumnChart } from "~/components/charts/column-chart";
import { LineChart } from "~/components/charts/line-chart";
import { formatCount, formatShare } from "~/components/charts/scale";

/**
 * The dashboard's sections, drawn from figures the loader has already
 * formatted (times with their zones, days as festival-calendar labels).
 */

export interface HeadlineFigures {
  festivalRegistrants: number;
  seatsTaken: number;
  limitedSeats: { offered: number; taken: number } | null;
  waitlisted: number;
  joined: number;
  emailsPending: number;
  emailsFailed: number;
}

export function Headlines({ h }: { h: HeadlineFigures }) {
  const items: { label: string; value: string; detail?: string; to?: string }[] = [
    { label: "Registered for the festival", value: formatCount(h.festivalRegistrants) },
    {
      label: "Webinar seats taken",
      value: formatCount(h.seatsTaken),
      detail: h.limitedSeats
        ? `${formatCount(h.limitedSeats.taken)} of the ${formatCount(h.limitedSeats.offered)} seats at webinars with a limit`
        : undefined,
    },
    { label: "On waitlists", value: formatCount(h.waitlisted) },
    { label: "Joined a webinar", value: formatCount(h.joined), detail: "followed a join link" },
    {
      label: "Emails waiting to go",
      value: formatCount(h.emailsPending),
      to: "/admin/outbox?status=pending",
    },
    {
      label: "Emails that failed",
      value: formatCount(h.emailsFailed),
      to: "/admin/outbox?status=failed",
    },
  ];
  return (
    <dl className="stat-grid">
      {items.map((i) => (
        <div key={i.label} className="stat">
          <dt>{i.to ? <Link to={i.to}>{i.label}</Link> : i.label}</dt>
          <dd>
            <span className="stat__value">{i.value}</span>
            {i.detail ? <span className="muted"> {i.detail}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export interface DayFigure {
  /** "Sat 24 Oct" */
  label: string;
  registrations: number;
  total: number;
}

export function RegistrationCharts({ days, zone }: { days: DayFigure[]; zone: string }) {
  if (days.length === 0) return <p>No one has registered for the festival yet.</p>;
  const total = days.at(-1)!.total;
  const busiest = days.reduce((a, b) => (b.registrations > a.registrations ? b : a));
  const span = `${days[0]!.label} to ${days.at(-1)!.label}`;
  return (
    <>
      <p className="muted">Days run midnight to midnight in {zone}.</p>
      <ColumnChart
        id="registrations-per-day"
        title="New festival registrations per day"
        description={`${formatCount(total)} registrations from ${span}. The busiest day was ${busiest.label} with ${formatCount(busiest.registrations)}.`}
        data={days.map((d) => ({ label: d.label, value: d.registrations }))}
        columns={["Day", "New registrations"]}
      />
      <LineChart
        id="registrations-total"
        title="Registered so far, by the end of each day"
        description={`The running total grows from ${formatCount(days[0]!.total)} on ${days[0]!.label} to ${formatCount(total)} on ${days.at(-1)!.label}.`}
        data={days.map((d) => ({ label: d.label, value: d.total }))}
        columns={["Day", "Registered by the end of the day"]}
      />
    </>
  );
}

export interface SeatFigure {
  title: string;
  /** "Tue 27 Oct, 12:30–13:00 London time (UTC)" */
  when: string;
  capacity: number | null;
  confirmed: number;
  waitlisted: number;
}

function seatNote(w: SeatFigure): string {
  const seats =
    w.capacity === null
      ? `${formatCount(w.confirmed)} confirmed (no seat limit)`
      : `${formatCount(w.confirmed)} of ${formatCount(w.capacity)} seats taken`;
  return w.waitlisted ? `${seats}, ${formatCount(w.waitlisted)} on the waitlist` : seats;
}

export function SeatsChart({ webinars }: { webinars: SeatFigure[] }) {
  if (webinars.length === 0) return <p>No webinar is published yet.</p>;
  const full = webinars.filter((w) => w.capacity !== null && w.confirmed >= w.capacity).length;
  return (
    <BarList
      id="seats"
      title="Seats taken and waitlists, per webinar"
      description={`${webinars.length} published webinars, ${full} of them full. Each bar is confirmed seats, then free seats, then the waitlist.`}
      rowHeader="Webinar"
      series={[
        { key: "confirmed", label: "Confirmed seats", pattern: "solid" },
        { key: "free", label: "Free seats", pattern: "outline" },
        { key: "waitlisted", label: "Waitlist", pattern: "hatch" },
      ]}
      rows={webinars.map((w) => ({
        label: `${w.title} · ${w.when}`,
        values: {
          confirmed: w.confirmed,
          free: w.capacity === null ? 0 : Math.max(w.capacity - w.confirmed, 0),
          waitlisted: w.waitlisted,
        },
        note: seatNote(w),
      }))}
    />
  );
}

export interface AttendanceFigure {
  title: string;
  when: string;
  confirmed: number;
  joined: number;
  noShows: number;
  noShowRate: number;
}

export function AttendanceChart({ rows }: { rows: AttendanceFigure[] }) {
  if (rows.length === 0)
    return (
      <p>
        No webinar with confirmed registrants has ended yet: attendance shows here after each one.
      </p>
    );
  const confirmed = rows.reduce((s, r) => s + r.confirmed, 0);
  const noShows = rows.reduce((s, r) => s + r.noShows, 0);
  return (
    <BarList
      id="attendance"
      title="Joined and no-shows, per ended webinar"
      description={`Over ${rows.length} ended webinars, ${formatCount(confirmed - noShows)} of ${formatCount(confirmed)} confirmed registrants joined; the no-show rate is ${formatShare(noShows / confirmed)}.`}
      rowHeader="Webinar"
      normalise
      series={[
        { key: "joined", label: "Joined", pattern: "solid" },
        { key: "noShows", label: "No-show", pattern: "hatch" },
      ]}
      rows={rows.map((r) => ({
        label: `${r.title} · ${r.when}`,
        values: { joined: r.joined, noShows: r.noShows },
        note: `${formatCount(r.joined)} of ${formatCount(r.confirmed)} joined; no-show rate ${formatShare(r.noShowRate)}`,
      }))}
    />
  );
}

export interface Place {
  label: string;
  count: number;
}

export function PlacesChart({
  id,
  title,
  places,
  rowHeader,
  missing,
}: {
  id: string;
  title: string;
  places: Place[];
  rowHeader: string;
  /** "12 registrants gave no country." */
  missing?: string;
}) {
  if (places.length === 0)
    return (
      <div>
        <p className="chart__caption">{title}</p>
        <p>{missing ?? "Nothing to show yet."}</p>
      </div>
    );
  const total = places.reduce((s, p) => s + p.count, 0);
  const first = places[0]!;
  return (
    <div>
      <BarList
        id={id}
        title={title}
        description={`${formatCount(total)} registrants; the most are in ${first.label} (${formatCount(first.count)}, ${formatShare(first.count / total)}).`}
        rowHeader={rowHeader}
        series={[{ key: "count", label: "Registrants", pattern: "solid" }]}
        rows={places.map((p) => ({
          label: p.label,
          values: { count: p.count },
          note: `${formatCount(p.count)} (${formatShare(p.count / total)})`,
        }))}
      />
      {missing ? <p className="muted">{missing}</p> : null}
    </div>
  );
}

export interface MailHealthFigures {
  pending: number;
  due: number;
  sending: number;
  retrying: number;
  sent: number;
  failed: number;
  /** "3 minutes", or null when nothing is due. */
  oldestDue: string | null;
  recentErrors: { id: string; kind: string; recipient: string; error: string; status: string }[];
}

export function MailHealth({ mail }: { mail: MailHealthFigures }) {
  const rows: [string, number, string?][] = [
    ["Waiting to go (all pending)", mail.pending, "/admin/outbox?status=pending"],
    ["Due now", mail.due],
    ["Being sent", mail.sending],
    ["Retrying after a temporary failure", mail.retrying],
    ["Sent", mail.sent],
    ["Failed (given up)", mail.failed, "/admin/outbox?status=failed"],
  ];
  return (
    <>
      <table className="data-table mail-health">
        <caption className="visually-hidden">Email queue counts</caption>
        <tbody>
          {rows.map(([label, n, to]) => (
            <tr key={label}>
              <th scope="row">{to ? <Link to={to}>{label}</Link> : label}</th>
              <td>{formatCount(n)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Oldest message due</th>
            <td>{mail.oldestDue ? `waiting ${mail.oldestDue}` : "none waiting"}</td>
          </tr>
        </tbody>
      </table>
      {mail.failed > 0 ? (
        <p className="notice notice--warning">
          {formatCount(mail.failed)} {mail.failed === 1 ? "email has" : "emails have"} failed.{" "}
          <Link to="/admin/outbox?status=failed">See why and retry</Link>.
        </p>
      ) : null}
      {mail.recentErrors.length ? (
        <>
          <h3>Latest errors</h3>
          <ul>
            {mail.recentErrors.map((e) => (
              <li key={e.id}>
                {e.kind} to {e.recipient} ({e.status}): <code>{e.error}</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
