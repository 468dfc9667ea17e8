import { Form, Link } from "@remix-run/react";
import {
  REGISTRATION_FILTERS,
  registrationSearch,
  type RegistrationFilter,
  type RegistrationListQuery,
} from "~/lib/registration-query";

/** The search box and filter above a registration list (a GET form: the address keeps them). */
export function RegistrationSearch({
  query,
  idPrefix,
  labels,
}: {
  query: RegistrationListQuery;
  idPrefix: string;
  labels: Record<RegistrationFilter, string>;
}) {
  return (
    <Form method="get" className="inline-search" role="search">
      <label htmlFor={`${idPrefix}-q`}>Name, email or organisation</label>
      <input id={`${idPrefix}-q`} name="q" type="search" defaultValue={query.q} maxLength={200} />
      <label htmlFor={`${idPrefix}-filter`}>Show</label>
      <select id={`${idPrefix}-filter`} name="filter" defaultValue={query.filter}>
        {REGISTRATION_FILTERS.map((f) => (
          <option key={f} value={f}>
            {labels[f]}
          </option>
        ))}
      </select>
      <button type="submit">Search</button>
    </Form>
  );
}

/** Previous and next page links, keeping the search and filter. */
export function Pager({
  query,
  page,
  pageCount,
}: {
  query: RegistrationListQuery;
  page: number;
  pageCount: number;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Pages" className="pager">
      {page > 1 ? (
        <Link to={registrationSearch({ ...query, page: page - 1 }) || "?"} rel="prev">
          Previous page
        </Link>
      ) : null}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link to={registrationSearch({ ...query, page: page + 1 })} rel="next">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
