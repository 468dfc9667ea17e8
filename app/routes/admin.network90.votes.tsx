import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireAdmin } from "~/lib/admin-auth.server";
import { CACHE } from "~/lib/http.server";
import { formatDay, formatInstant } from "~/lib/time";
import {
  busiestVotingIps,
  voteRefusals,
  votesOverTime,
  type RefusalGroup,
} from "~/models/vote-monitor.server";

export const meta: MetaFunction = () => [{ title: "Network90 votes · Back office" }];

const REASONS: Record<string, string> = {
  "already-voted": "Voted already (the same email again)",
  "ip-limit": "Too many votes from one internet address",
  "window-closed": "Outside the voting window",
};

/** Read-only: the vote and the attempts refused, times in the festival's zone. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { festival } = await requireAdmin(request);
  const zone = festival.timeZone;
  const [overTime, refusals, busiest] = await Promise.all([
    votesOverTime(festival.id, zone),
    voteRefusals(festival.id),
    busiestVotingIps(festival.id),
  ]);
  const when = (d: Date) => formatInstant(d, zone);
  const group = (g: RefusalGroup) => ({ ...g, first: when(g.first), last: when(g.last) });
  return data(
    {
      zone,
      // Noon on each date names the day safely on either side of a clock change.
      days: overTime.days.map((d) => ({
        key: d,
        label: formatDay(`${d}T12:00:00Z`, "UTC"),
      })),
      rows: overTime.rows,
      byReason: refusals.byReason.map((g) => ({
        ...group(g),
        label: REASONS[g.key] ?? g.key,
      })),
      byIp: refusals.byIp.map((g) => ({
        ...group(g),
        reasons: g.reasons.map((r) => REASONS[r] ?? r),
      })),
      busiest: busiest.map(group),
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export default function Network90VotesPage() {
  const { zone, days, rows, byReason, byIp, busiest } = useLoaderData<typeof loader>();
  const total = rows.reduce((n, r) => n + r.total, 0);
  return (
    <section aria-labelledby="n90-votes" className="stack">
      <p className="breadcrumb">
        <Link to="/admin/network90">Network90</Link>
      </p>
      <h1 id="n90-votes">Votes and refused attempts</h1>
      <p className="muted">
        Days and times are in the festival&rsquo;s zone, {zone}. Only organisers see this page; the
        public sees vote totals once the results are announced.
      </p>

      <section aria-labelledby="n90-per-day" className="stack">
        <h2 id="n90-per-day">Votes per entry, day by day</h2>
        {rows.length === 0 ? (
          <p>No votes yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption>
                {total} {total === 1 ? "vote" : "votes"}, most first
              </caption>
              <thead>
                <tr>
                  <th scope="col">Network</th>
                  {days.map((d) => (
                    <th scope="col" key={d.key}>
                      {d.label}
                    </th>
                  ))}
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.entryId}>
                    <th scope="row">
                      <Link to={`/admin/network90/${r.entryId}`}>{r.networkName}</Link>
                    </th>
                    {r.perDay.map((n, i) => (
                      <td key={days[i]!.key}>{n}</td>
                    ))}
                    <td>{r.total}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="n90-refused" className="stack">
        <h2 id="n90-refused">Refused attempts, by reason</h2>
        {byReason.length === 0 ? (
          <p>No attempt has been refused.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Refused votes by reason, most first</caption>
              <thead>
                <tr>
                  <th scope="col">Reason</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Different emails</th>
                  <th scope="col">First</th>
                  <th scope="col">Last</th>
                </tr>
              </thead>
              <tbody>
                {byReason.map((g) => (
                  <tr key={g.key}>
                    <th scope="row">{g.label}</th>
                    <td>{g.attempts}</td>
                    <td>{g.emails}</td>
                    <td>{g.first}</td>
                    <td>{g.last}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="n90-refused-ips" className="stack">
        <h2 id="n90-refused-ips">Internet addresses with the most refused attempts</h2>
        {byIp.length === 0 ? (
          <p>None.</p>
        ) : (
          <IpTable groups={byIp} caption="Top addresses by refused attempts" withReasons />
        )}
      </section>

      <section aria-labelledby="n90-busy-ips" className="stack">
        <h2 id="n90-busy-ips">Internet addresses with more than one accepted vote</h2>
        <p className="muted">
          Often a household, an office or a venue; many different emails in a short time from one
          address is worth a closer look.
        </p>
        {busiest.length === 0 ? (
          <p>None.</p>
        ) : (
          <IpTable groups={busiest} caption="Top addresses by accepted votes" />
        )}
      </section>
    </section>
  );
}

function IpTable({
  groups,
  caption,
  withReasons = false,
}: {
  groups: {
    key: string;
    attempts: number;
    emails: number;
    first: string;
    last: string;
    reasons?: string[];
  }[];
  caption: string;
  withReasons?: boolean;
}) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Address</th>
            <th scope="col">{withReasons ? "Attempts" : "Votes"}</th>
            <th scope="col">Different emails</th>
            <th scope="col">First</th>
            <th scope="col">Last</th>
            {withReasons ? <th scope="col">Reasons</th> : null}
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.key}>
              <th scope="row">
                <code>{g.key}</code>
              </th>
              <td>{g.attempts}</td>
              <td>{g.emails}</td>
              <td>{g.first}</td>
              <td>{g.last}</td>
              {withReasons ? <td>{(g.reasons ?? []).join("; ")}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
