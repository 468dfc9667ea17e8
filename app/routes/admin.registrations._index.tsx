import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pager, RegistrationSearch } from "~/components/registration-list";
import { requireAdmin } from "~/lib/admin-auth.server";
import { CACHE } from "~/lib/http.server";
import { parseRegistrationQuery, registrationSearch } from "~/lib/registration-query";
import { formatInstant, formatRange } from "~/lib/time";
import {
  listFestivalRegistrants,
  listWebinarsWithCounts,
} from "~/models/admin-registrations.server";

export const meta: MetaFunction = () => [{ title: "Registrations · Back office" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival, viewer } = await requireAdmin(request);
  const query = parseRegistrationQuery(request.url);
  const zone = viewer.timeZone ?? festival.timeZone;
  const [list, webinars] = await Promise.all([
    listFestivalRegistrants(festival.id, query),
    listWebinarsWithCounts(festival.id),
  ]);
  return data(
    {
      query,
      zone,
      total: list.total,
      page: list.page,
      pageCount: list.pageCount,
      people: list.rows.map((r) => ({
        userId: r.userId,
        name: r.name,
        email: r.email,
        organisation: r.organisation,
        network: r.network,
        country: r.country,
        timeZone: r.timeZone,
        registered: formatInstant(r.registeredAt, zone),
        registeredIso: r.registeredAt.toISOString(),
        marketing: r.marketingConsentAt !== null,
        confirmed: r.confirmed,
        waitlisted: r.waitlisted,
        cancelled: r.cancelled,
        joined: r.joined,
      })),
      webinars: webinars.map((w) => ({
        id: w.id,
        title: w.title,
        status: w.status,
        when: formatRange(w.startsAt, w.durationMinutes, zone).text,
        capacity: w.capacity,
        confirmed: w.confirmed,
        waitlisted: w.waitlisted,
        cancelled: w.cancelled,
        joined: w.joined,
      })),
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export default function RegistrationsPage() {
  const { query, zone, people, webinars, total, page, pageCount } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="registrations" className="stack">
      <h1 id="registrations">Registrations</h1>
      <p className="muted">Times are shown in {zone}, with the offset named.</p>

      <section aria-labelledby="per-webinar">
        <h2 id="per-webinar">By webinar</h2>
        {webinars.length === 0 ? (
          <p>No webinars yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">
                Webinars with seats taken, waitlist, cancellations and attendance
              </caption>
              <thead>
                <tr>
                  <th scope="col">Webinar</th>
                  <th scope="col">When</th>
                  <th scope="col">Seats taken</th>
                  <th scope="col">Waitlist</th>
                  <th scope="col">Cancelled</th>
                  <th scope="col">Joined</th>
                </tr>
              </thead>
              <tbody>
                {webinars.map((w) => (
                  <tr key={w.id}>
                    <th scope="row">
                      <Link to={`/admin/registrations/${w.id}`}>{w.title}</Link>
                      {w.status !== "published" ? (
                        <span className="muted"> ({w.status})</span>
                      ) : null}
                    </th>
                    <td>{w.when}</td>
                    <td>
                      {w.confirmed}
                      {w.capacity === null ? " (no limit)" : ` of ${w.capacity}`}
                    </td>
                    <td>{w.waitlisted}</td>
                    <td>{w.cancelled}</td>
                    <td>{w.joined}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="festival-registrants">
        <h2 id="festival-registrants">Everyone registered for the festival</h2>
        <RegistrationSearch
          query={query}
          idPrefix="festival"
          labels={{
            all: "Everyone",
            confirmed: "Holding a seat",
            waitlisted: "On a waitlist",
            cancelled: "Cancelled a place",
            joined: "Joined a webinar",
          }}
        />
        <p>
          {total === 1 ? "1 person" : `${total} people`}
          {query.q || query.filter !== "all" ? " match" : ""}.{" "}
          <a href={`/admin/registrations.csv${registrationSearch({ ...query, page: 1 })}`} download>
            Download these as CSV
          </a>{" "}
          <span className="muted">(the download is recorded in the audit log)</span>
        </p>
        {people.length === 0 ? (
          <p>Nobody {query.q || query.filter !== "all" ? "matches" : "has registered yet"}.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">
                Festival registrants, newest first, page {page} of {pageCount}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name and email</th>
                  <th scope="col">Organisation and network</th>
                  <th scope="col">Where</th>
                  <th scope="col">Registered</th>
                  <th scope="col">Webinars</th>
                  <th scope="col">News by email</th>
                </tr>
              </thead>
              <tbody>
                {people.map((p) => (
                  <tr key={p.userId}>
                    <th scope="row">
                      <Link to={`/admin/people/${p.userId}`}>{p.name || p.email}</Link>
                      <br />
                      <span className="muted">{p.email}</span>
                    </th>
                    <td>
                      {p.organisation}
                      {p.network ? (
                        <>
                          <br />
                          <span className="muted">{p.network}</span>
                        </>
                      ) : null}
                    </td>
                    <td>
                      {p.country}
                      {p.timeZone ? (
                        <>
                          <br />
                          <span className="muted">{p.timeZone}</span>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <time dateTime={p.registeredIso}>{p.registered}</time>
                    </td>
                    <td>
                      {p.confirmed} {p.confirmed === 1 ? "seat" : "seats"}
                      {p.waitlisted ? `, ${p.waitlisted} waiting` : ""}
                      {p.cancelled ? `, ${p.cancelled} cancelled` : ""}
                      <br />
                      <span className="muted">joined {p.joined}</span>
                    </td>
                    <td>{p.marketing ? "Yes" : "No"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager query={query} page={page} pageCount={pageCount} />
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
