import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage } from "~/components/field";
import { requireAdmin } from "~/lib/admin-auth.server";
import { CACHE } from "~/lib/http.server";
import { formatInstant } from "~/lib/time";
import { describeAudience, listAnnouncements } from "~/models/announcement.server";

export const meta: MetaFunction = () => [{ title: "Announcements · Back office" }];

const PAGE = 20;

const Query = z.object({
  before: z.iso.datetime().optional().catch(undefined),
  sent: z.uuid().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival, viewer } = await requireAdmin(request);
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = await listAnnouncements(festival.id, {
    before: query.before ? new Date(query.before) : undefined,
    limit: PAGE + 1,
  });
  const zone = viewer.timeZone ?? festival.timeZone;
  const page = rows.slice(0, PAGE);
  const justSent = query.sent ? page.find((a) => a.id === query.sent) : undefined;
  return data(
    {
      justSent: justSent
        ? `“${justSent.subject}” is on its way to ${justSent.recipients} ${justSent.recipients === 1 ? "person" : "people"}.`
        : null,
      announcements: page.map((a) => ({
        id: a.id,
        when: formatInstant(a.sentAt, zone),
        iso: a.sentAt.toISOString(),
        by: a.by,
        subject: a.subject,
        audience: describeAudience(a.audience, a.webinarTitle),
        recipients: a.recipients,
        optedOut: a.optedOut,
        delivered: a.delivered,
        waiting: a.waiting,
        failed: a.failed,
      })),
      next: rows.length > PAGE ? page.at(-1)!.sentAt.toISOString() : null,
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export default function Announcements() {
  const { announcements, next, justSent } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="announcements" className="stack">
      <h1 id="announcements">Announcements</h1>
      <FormMessage success={justSent ?? undefined} />
      <p>
        <Link to="/admin/announcements/new" className="button">
          Write an announcement
        </Link>
      </p>
      {announcements.length === 0 ? (
        <p>No announcement has been sent yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption>Sent announcements, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Sent</th>
                <th scope="col">Subject</th>
                <th scope="col">To</th>
                <th scope="col">By</th>
                <th scope="col">Delivery</th>
              </tr>
            </thead>
            <tbody>
              {announcements.map((a) => (
                <tr key={a.id}>
                  <td>
                    <time dateTime={a.iso}>{a.when}</time>
                  </td>
                  <th scope="row">{a.subject}</th>
                  <td>
                    {a.recipients} {a.recipients === 1 ? "person" : "people"}: {a.audience}
                    {a.optedOut ? <span className="muted"> ({a.optedOut} opted out)</span> : null}
                  </td>
                  <td>{a.by}</td>
                  <td>
                    {a.delivered} sent, {a.waiting} waiting
                    {a.failed ? (
                      <>
                        , <Link to="/admin/outbox?status=failed">{a.failed} failed</Link>
                      </>
                    ) : (
                      ", none failed"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next ? (
        <p>
          <Link to={`?${new URLSearchParams({ before: next }).toString()}`}>
            Older announcements
          </Link>
        </p>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
