import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

/** One error page for every route: a clear message per status, never a stack trace. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const detail = typeof error.data === "string" && error.data ? error.data : null;
    if (error.status === 404) {
      return (
        <section className="error-page" aria-labelledby="error-title">
          <h1 id="error-title">Page not found</h1>
          <p>
            {detail ??
              "We could not find that page. It may have moved, or the link may be mistyped."}
          </p>
          <p>
            <Link to="/schedule">See the schedule</Link> or{" "}
            <Link to="/">go to the festival home</Link>.
          </p>
        </section>
      );
    }
    if (error.status === 503) {
      return (
        <section className="error-page" aria-labelledby="error-title">
          <h1 id="error-title">We&apos;ll be right back</h1>
          <p>
            The festival site is having a short break: it cannot reach its database for a moment.
            Please try again in a minute. Nothing you saved before is lost.
          </p>
          <p>
            <Link to="/schedule" reloadDocument>
              Try the schedule again
            </Link>
          </p>
        </section>
      );
    }
    return (
      <section className="error-page" aria-labelledby="error-title">
        <h1 id="error-title">
          {error.status === 403 ? "Not allowed" : `Sorry: ${error.statusText || "error"}`}
        </h1>
        <p>{detail ?? "That request could not be completed."}</p>
        <p>
          <Link to="/">Go to the festival home</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">Something went wrong</h1>
      <p>
        Sorry, the page could not be shown. Please try again in a moment; if it keeps happening, let
        the organisers know.
      </p>
      <p>
        <Link to="/">Go to the festival home</Link>
      </p>
    </section>
  );
}
