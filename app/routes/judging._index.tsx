import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CACHE } from "~/lib/http.server";
import { requireJudge } from "~/lib/judge-auth.server";
import { formatWhen } from "~/lib/time";
import { viewerZone } from "~/lib/viewer-zone.server";
import { listForJudging } from "~/models/judging.server";

export const meta: MetaFunction = () => [{ title: "Judging · Network90" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival, viewer, competition } = await requireJudge(request);
  const { zone } = viewerZone(request, festival.timeZone, viewer.timeZone);
  const criteria = competition?.criteria ?? [];
  const entries = competition ? await listForJudging(festival.id, viewer.id, criteria) : [];
  return data(
    {
      competition: competition
        ? {
            name: competition.name,
            criteria,
            votingOpens: formatWhen(competition.votingOpensAt, zone),
            announced: competition.resultsAnnouncedAt !== null,
          }
        : null,
      isOrganiser: viewer.isOrganiser,
      entries: entries.map((e) => ({
        id: e.id,
        networkName: e.networkName,
        region: e.region,
        status: e.status,
        submittedAt: e.submittedAt ? formatWhen(e.submittedAt, zone) : null,
        scoredByViewer: e.scoredByViewer,
        overall: e.totals.overall === null ? null : e.totals.overall.toFixed(1),
        judges: e.totals.judges,
      })),
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

const STATUS = {
  submitted: "Waiting for a decision",
  shortlisted: "Shortlisted",
  declined: "Declined",
};

export default function JudgingPage() {
  const { competition, entries, isOrganiser } = useLoaderData<typeof loader>();
  if (!competition) {
    return (
      <section aria-labelledby="judging" className="stack narrow">
        <h1 id="judging">Judging</h1>
        <p>The competition is not set up yet.</p>
        {isOrganiser ? <Link to="/admin/network90/settings">Set it up</Link> : null}
      </section>
    );
  }
  const total = competition.criteria.length;
  const done = entries.filter((e) => e.scoredByViewer >= total).length;
  return (
    <section aria-labelledby="judging" className="stack">
      <h1 id="judging">Judging {competition.name}</h1>
      <p>
        Score each entry from 1 to 5 on: {competition.criteria.join(", ")}. The shortlist goes to
        the public vote, which opens {competition.votingOpens}.
      </p>
      {competition.announced ? (
        <p className="notice notice--warning">The results are announced: scores are final.</p>
      ) : null}
      <p role="status">
        You have scored {done} of {entries.length} {entries.length === 1 ? "entry" : "entries"}.
      </p>
      {isOrganiser ? (
        <p>
          Shortlist and decline in the <Link to="/admin/network90">back office</Link>.
        </p>
      ) : null}
      {entries.length === 0 ? (
        <p>No entries have been submitted yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">
              Entries to judge: the ones you have not finished first
            </caption>
            <thead>
              <tr>
                <th scope="col">Network</th>
                <th scope="col">Region</th>
                <th scope="col">Status</th>
                <th scope="col">Your scores</th>
                <th scope="col">Average of all judges</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <Link to={`/judging/${e.id}`}>{e.networkName}</Link>
                  </th>
                  <td>{e.region}</td>
                  <td>{STATUS[e.status]}</td>
                  <td>
                    {e.scoredByViewer >= total
                      ? "Done"
                      : e.scoredByViewer === 0
                        ? "Not started"
                        : `${e.scoredByViewer} of ${total} criteria`}
                  </td>
                  <td>
                    {e.overall === null
                      ? "not scored"
                      : `${e.overall} of 5 (${e.judges} ${e.judges === 1 ? "judge" : "judges"})`}
                  </td>
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
