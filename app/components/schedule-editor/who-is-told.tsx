import type { WhoIsToldView } from "./edit-result";

const people = (n: number) => (n === 1 ? "1 person" : `${n} people`);

/** The count and a few of the people a change will email, with the time each will read. */
export function WhoIsTold({ told, verb }: { told: WhoIsToldView; verb: string }) {
  if (told.total === 0) {
    return (
      <p>
        <strong>Nobody will be emailed.</strong>{" "}
        {told.nobodyBecause ?? "Nobody holds a seat or a waitlist place."}
      </p>
    );
  }
  return (
    <>
      <p>
        <strong>
          {people(told.total)} will be emailed {verb}
        </strong>
        : {people(told.confirmed)} with a seat and {people(told.waitlisted)} on the waitlist, each
        with a calendar update.
      </p>
      <div className="table-scroll">
        <table className="data-table">
          <caption>
            {told.sample.length < told.total
              ? `The first ${told.sample.length} of them`
              : "Who they are"}
            , with the time they will read in their own zone
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Place</th>
              <th scope="col">Their time</th>
            </tr>
          </thead>
          <tbody>
            {told.sample.map((p) => (
              <tr key={p.email}>
                <td>{p.name || "(no name)"}</td>
                <td>{p.email}</td>
                <td>{p.status === "confirmed" ? "Seat" : "Waitlist"}</td>
                <td>{p.when}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
