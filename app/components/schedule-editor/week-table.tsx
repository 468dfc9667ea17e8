import { Link } from "@remix-run/react";
import type { WeekDay } from "~/models/admin-schedule.server";

const STATUS = {
  draft: { icon: "✎", label: "Draft" },
  published: { icon: "✓", label: "Published" },
  cancelled: { icon: "✕", label: "Cancelled" },
} as const;

function Seats({ w }: { w: WeekDay["webinars"][number] }) {
  const taken = `${w.seats.confirmed}${w.capacity === null ? "" : ` / ${w.capacity}`}`;
  return (
    <>
      {taken}
      {w.capacity === null ? <span className="muted"> (no limit)</span> : null}
      {w.seats.waitlisted ? <div className="muted">{w.seats.waitlisted} waiting</div> : null}
    </>
  );
}

/** One day of the schedule as a table; every flag is written out, icons only decorate. */
export function WeekTable({ day }: { day: WeekDay }) {
  const id = `day-${day.date}`;
  return (
    <section aria-labelledby={id} className="week-day">
      <h2 id={id}>
        {day.label}
        {day.inFestival ? null : <span className="muted"> (outside the festival dates)</span>}
      </h2>
      {day.webinars.length === 0 ? (
        <p className="muted">Nothing scheduled.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table week-table">
            <caption className="visually-hidden">
              Webinars on {day.label}, times in {day.zone}
            </caption>
            <thead>
              <tr>
                <th scope="col">Time, {day.zone}</th>
                <th scope="col">Webinar</th>
                <th scope="col">Seats</th>
                <th scope="col">Flags</th>
              </tr>
            </thead>
            <tbody>
              {day.webinars.map((w) => {
                const status = STATUS[w.status];
                const cancelled = w.status === "cancelled";
                return (
                  <tr key={w.id} className={`week-row week-row--${w.status}`}>
                    <td>
                      <time dateTime={w.startsAt}>{w.clock}</time>
                      {w.endsNextDay ? " (next day)" : ""}
                      <div className="muted">{w.utc} UTC</div>
                    </td>
                    <th scope="row">
                      <span className={`badge badge--${w.status}`}>
                        <span aria-hidden="true">{status.icon} </span>
                        {status.label}
                      </span>{" "}
                      <Link to={`/admin/webinars/${w.id}`}>
                        {cancelled ? <s>{w.title}</s> : w.title}
                      </Link>
                      {w.topic ? <div className="muted">{w.topic}</div> : null}
                      {w.hosts.length ? <div>With {w.hosts.join(", ")}</div> : null}
                    </th>
                    <td>
                      <Seats w={w} />
                    </td>
                    <td>
                      <ul className="flags">
                        {w.clashesWith.map((c) => (
                          <li key={c.id} className="flag flag--clash">
                            <span aria-hidden="true">⚠ </span>
                            <strong>Clash</strong> with {c.title}
                          </li>
                        ))}
                        {w.nightFor.map((n) => (
                          <li key={n.zone} className="flag flag--night">
                            <span aria-hidden="true">☾ </span>
                            <strong>Night</strong> in {n.zone} ({Math.round(n.share * 100)}% of
                            registrants): {n.local}
                          </li>
                        ))}
                        {w.status === "published" && !w.hasJoinUrl ? (
                          <li className="flag">
                            <span aria-hidden="true">… </span>No join link yet
                          </li>
                        ) : null}
                      </ul>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
