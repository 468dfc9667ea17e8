import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireAdmin } from "~/lib/admin-auth.server";
import { withoutNul } from "~/lib/form";
import { CACHE } from "~/lib/http.server";
import { formatInstant } from "~/lib/time";
import { listAudit } from "~/models/audit.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Back office" }];

const PAGE = 50;

const Query = z.object({
  q: z.string().max(200).transform(withoutNul).optional().catch(undefined),
  before: z.iso.datetime().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival, viewer } = await requireAdmin(request);
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = await listAudit(festival.id, {
    q: query.q,
    before: query.before ? new Date(query.before) : undefined,
    limit: PAGE + 1,
  });
  const zone = viewer.timeZone ?? festival.timeZone;
  const page = rows.slice(0, PAGE);
  return data(
    {
      q: query.q ?? "",
      zone,
      entries: page.map((r) => ({
        id: r.id,
        when: formatInstant(r.createdAt, zone),
        iso: r.createdAt.toISOString(),
        actor: r.actorEmail,
        action: r.action,
        summary: r.summary,
        before: r.before ? JSON.stringify(r.before, null, 2) : null,
        after: r.after ? JSON.stringify(r.after, null, 2) : null,
      })),
      next: rows.length > PAGE ? page[page.length - 1]!.createdAt.toISOString() : null,
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export default function AuditPage() {
  const { q, entries, next, zone } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="audit">
      <h1 id="audit">Audit log</h1>
      <p className="muted">
        Every change made in the back office: who, what, when (times in {zone}), and the values
        before and after.
      </p>
      <Form method="get" className="inline-search" role="search">
        <label htmlFor="audit-q">Search the log</label>
        <input id="audit-q" name="q" type="search" defaultValue={q} maxLength={200} />
        <button type="submit">Search</button>
      </Form>
      {entries.length === 0 ? (
        <p>Nothing recorded{q ? " matches that search" : " yet"}.</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Changes, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Before and after</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <time dateTime={e.iso}>{e.when}</time>
                </td>
                <td>{e.actor}</td>
                <td>
                  {e.summary}
                  <br />
                  <code className="muted">{e.action}</code>
                </td>
                <td>
                  {e.before || e.after ? (
                    <details>
                      <summary>Show values</summary>
                      {e.before ? (
                        <>
                          <p>Before</p>
                          <pre>{e.before}</pre>
                        </>
                      ) : null}
                      {e.after ? (
                        <>
                          <p>After</p>
                          <pre>{e.after}</pre>
                        </>
                      ) : null}
                    </details>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next ? (
        <p>
          <Link to={`?${new URLSearchParams({ ...(q ? { q } : {}), before: next }).toString()}`}>
            Older changes
          </Link>
        </p>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
