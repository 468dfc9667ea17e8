import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireAdmin } from "~/lib/admin-auth.server";
import { CACHE } from "~/lib/http.server";
import { ENTRY_STATUSES } from "~/lib/network90-judging";
import { REGIONS } from "~/lib/regions";
import { formatWhen } from "~/lib/time";
import { competitionPhase, getCompetition } from "~/models/competition.server";
import { listEntriesForAdmin, parseEntryFilter } from "~/models/entry-decisions.server";

export const meta: MetaFunction = () => [{ title: "Network90 · Back office" }];

const PHASES = {
  "entries-open": "Entries are open",
  judging: "Entries are closed: judging",
  voting: "The public is voting",
  counting: "Voting has closed: the results are not announced yet",
  announced: "The results are announced",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival, viewer } = await requireAdmin(request);
  const now = new Date();
  const zone = viewer.timeZone ?? festival.timeZone;
  const competition = await getCompetition(festival.id);
  const filter = parseEntryFilter(request.url);
  const entries = await listEntriesForAdmin(festival.id, competition, filter, now);
  const when = (d: Date) => formatWhen(d, zone);
  return data(
    {
      filter,
      competition: competition
        ? {
            name: competition.name,
            phase: PHASES[competitionPhase(competition, now)],
            entriesClose: when(competition.entriesCloseAt),
            votingOpens: when(competition.votingOpensAt),
            votingCloses: when(competition.votingClosesAt),
            criteria: competition.criteria,
          }
        : null,
      showVotes: entries.some((e) => e.votes !== null),
      entries: entries.map((e) => ({
        ...e,
        submittedAt: e.submittedAt ? when(e.submittedAt) : null,
        overall: e.totals.overall === null ? null : e.totals.overall.toFixed(1),
        judges: e.totals.judges,
      })),
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

const STATUS_LABELS: Record<(typeof ENTRY_STATUSES)[number], string> = {
  draft: "Draft",
  submitted: "Submitted",
  shortlisted: "Shortlisted",
  declined: "Declined",
};

export default function Network90AdminPage() {
  const { competition, entries, filter, showVotes } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="n90-admin" className="stack">
      <h1 id="n90-admin">{competition?.name ?? "Network90"}</h1>
      <ul className="tabs">
        <li>
          <Link to="/admin/network90/settings">Settings and judges</Link>
        </li>
        <li>
          <Link to="/admin/network90/results">Results</Link>
        </li>
        <li>
          <Link to="/admin/network90/votes">Votes and refused attempts</Link>
        </li>
        <li>
          <Link to="/judging">Score entries</Link>
        </li>
      </ul>
      {competition ? (
        <dl className="facts">
          <dt>Now</dt>
          <dd>{competition.phase}</dd>
          <dt>Entries close</dt>
          <dd>{competition.entriesClose}</dd>
          <dt>Voting</dt>
          <dd>
            {competition.votingOpens} to {competition.votingCloses}
          </dd>
          <dt>Criteria</dt>
          <dd>{competition.criteria.join(" · ")}</dd>
        </dl>
      ) : (
        <p className="notice notice--warning">
          The competition is not set up yet: <Link to="/admin/network90/settings">set it up</Link>{" "}
          (its timeline and judging criteria) before networks can enter.
        </p>
      )}

      <Form method="get" className="row-actions" aria-label="Filter entries">
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" defaultValue={filter.status ?? ""}>
            <option value="">All</option>
            {ENTRY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-region">Region</label>
          <select id="filter-region" name="region" defaultValue={filter.region ?? ""}>
            <option value="">All</option>
            {REGIONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show</button>
      </Form>

      {entries.length === 0 ? (
        <p>{filter.status || filter.region ? "No entries match." : "No entries yet."}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption>
              {entries.length === 1 ? "1 entry" : `${entries.length} entries`}, by network name
            </caption>
            <thead>
              <tr>
                <th scope="col">Network</th>
                <th scope="col">Region</th>
                <th scope="col">Status</th>
                <th scope="col">Submitted</th>
                <th scope="col">Judges&rsquo; average (of 5)</th>
                {showVotes ? <th scope="col">Votes</th> : null}
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <Link to={`/admin/network90/${e.id}`}>{e.networkName}</Link>
                  </th>
                  <td>{e.region}</td>
                  <td>
                    {STATUS_LABELS[e.status]}
                    {e.blockers.length && e.status !== "draft" ? (
                      <>
                        <br />
                        <span className="muted">needs {e.blockers.join(", ")}</span>
                      </>
                    ) : null}
                  </td>
                  <td>{e.submittedAt ?? "not yet"}</td>
                  <td>
                    {e.overall === null
                      ? "not scored"
                      : `${e.overall} (${e.judges} ${e.judges === 1 ? "judge" : "judges"})`}
                  </td>
                  {showVotes ? <td>{e.votes ?? 0}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
