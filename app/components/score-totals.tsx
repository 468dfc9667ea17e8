import type { ScoreTotals } from "~/models/judging.server";

const one = (n: number | null) => (n === null ? "not scored" : n.toFixed(1));

/** The judges' averages for one entry, per criterion and overall, and how many judges scored. */
export function ScoreTotalsTable({ totals, id }: { totals: ScoreTotals; id: string }) {
  return (
    <div className="table-scroll">
      <table className="data-table" aria-describedby={`${id}-judges`}>
        <caption>The judges&rsquo; averages (each score 1 to 5)</caption>
        <thead>
          <tr>
            <th scope="col">Criterion</th>
            <th scope="col">Average</th>
            <th scope="col">Judges who scored it</th>
          </tr>
        </thead>
        <tbody>
          {totals.criteria.map((c) => (
            <tr key={c.criterion}>
              <th scope="row">{c.criterion}</th>
              <td>{one(c.average)}</td>
              <td>{c.scores}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Overall</th>
            <td>{one(totals.overall)}</td>
            <td>{totals.judges}</td>
          </tr>
        </tfoot>
      </table>
      <p id={`${id}-judges`} className="muted">
        {totals.judges === 0
          ? "No judge has scored this entry yet."
          : `${totals.judges} ${totals.judges === 1 ? "judge has" : "judges have"} scored this entry.`}
      </p>
    </div>
  );
}
