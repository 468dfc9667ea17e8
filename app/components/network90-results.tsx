import { Link } from "@remix-run/react";

/**
 * Network90's announced results: the judges' winner and runners-up, the
 * People's Choice and the public vote. Only ever given data once the
 * organisers have announced (before that the loader sends none).
 */

export interface ResultsView {
  /** The judges' placings, winner first. */
  placings: { placing: number; entryId: string; networkName: string; region: string }[];
  /** The most public votes: more than one when tied. */
  peoplesChoice: { entryId: string; networkName: string }[];
  /** Every shortlisted entry's votes, most first. */
  votes: { entryId: string; networkName: string; votes: number }[];
  totalVotes: number;
}

const entryHref = (id: string) => `/network90/entries/${id}`;

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

export function Network90Results({ results }: { results: ResultsView }) {
  const winner = results.placings.find((p) => p.placing === 1);
  const runnersUp = results.placings.filter((p) => p.placing !== 1);
  return (
    <section id="results" className="n90-results" aria-labelledby="n90-results-title">
      <h2 id="n90-results-title">The results</h2>
      <dl className="n90-awards">
        {winner ? (
          <div className="n90-award n90-award--winner">
            <dt>Winner</dt>
            <dd>
              <Link to={entryHref(winner.entryId)}>{winner.networkName}</Link>{" "}
              <span className="muted">({winner.region})</span>
            </dd>
          </div>
        ) : null}
        {runnersUp.length ? (
          <div className="n90-award">
            <dt>{runnersUp.length === 1 ? "Runner-up" : "Runners-up"}</dt>
            {runnersUp.map((p) => (
              <dd key={p.entryId}>
                <Link to={entryHref(p.entryId)}>{p.networkName}</Link>{" "}
                <span className="muted">({p.region})</span>
              </dd>
            ))}
          </div>
        ) : null}
        {results.peoplesChoice.length ? (
          <div className="n90-award">
            <dt>People&rsquo;s Choice{results.peoplesChoice.length > 1 ? " (shared)" : ""}</dt>
            {results.peoplesChoice.map((p) => (
              <dd key={p.entryId}>
                <Link to={entryHref(p.entryId)}>{p.networkName}</Link>
              </dd>
            ))}
          </div>
        ) : null}
      </dl>
      {results.votes.length ? (
        <div className="table-scroll">
          <table className="data-table n90-votes">
            <caption>The public vote: {plural(results.totalVotes, "vote", "votes")} in all</caption>
            <thead>
              <tr>
                <th scope="col">Network</th>
                <th scope="col">Votes</th>
              </tr>
            </thead>
            <tbody>
              {results.votes.map((v) => (
                <tr key={v.entryId}>
                  <th scope="row">
                    <Link to={entryHref(v.entryId)}>{v.networkName}</Link>
                  </th>
                  <td>{v.votes.toLocaleString("en-GB")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
