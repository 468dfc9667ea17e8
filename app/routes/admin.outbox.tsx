import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage } from "~/components/field";
import { requireAdmin } from "~/lib/admin-auth.server";
import { formatWait } from "~/lib/durations";
import { CACHE } from "~/lib/http.server";
import { formatInstant, zoneCity } from "~/lib/time";
import {
  listOutbox,
  outboxCounts,
  retryAllFailed,
  retryFailedMessage,
} from "~/models/outbox-admin.server";

export const meta: MetaFunction = () => [{ title: "Outbox · Back office" }];

const Query = z.object({
  status: z.enum(["failed", "pending"]).catch("failed"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

const STATE_LABELS = {
  due: "Due now",
  scheduled: "Scheduled",
  sending: "Being sent",
  retrying: "Will retry",
  failed: "Failed",
  sent: "Sent",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival, viewer } = await requireAdmin(request);
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const now = new Date();
  const zone = viewer.timeZone ?? festival.timeZone;
  const [{ oldestDueSeconds, ...counts }, list] = await Promise.all([
    outboxCounts(now),
    listOutbox(query.status, { page: query.page, now }),
  ]);
  return data(
    {
      status: query.status,
      counts,
      oldestDue: oldestDueSeconds === null ? null : formatWait(oldestDueSeconds),
      zoneName: `${zoneCity(zone)} time`,
      page: list.page,
      pages: list.pages,
      total: list.total,
      items: list.items.map((m) => ({
        id: m.id,
        kind: m.kind,
        recipient: m.recipient,
        subject: m.subject,
        text: m.text,
        redacted: m.redacted,
        attempts: m.attempts,
        lastError: m.lastError,
        state: STATE_LABELS[m.state],
        queued: formatInstant(m.createdAt, zone),
        due: formatInstant(m.sendAfter, zone),
        dueIso: m.sendAfter.toISOString(),
        queuedIso: m.createdAt.toISOString(),
      })),
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

const Action = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("retry"), id: z.string() }),
  z.object({ intent: z.literal("retry-all") }),
]);

const notFound = () => new Response("No such message in the outbox.", { status: 404 });

export async function action({ request }: ActionFunctionArgs) {
  const { festival, actor } = await requireAdmin(request);
  const parsed = Action.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "Choose a message to retry.", done: null }, 400);
  const ctx = { actor, festivalId: festival.id };
  if (parsed.data.intent === "retry-all") {
    const { retried, leftExpired } = await retryAllFailed(ctx);
    const expired = leftExpired
      ? ` ${leftExpired} expired sign-in ${leftExpired === 1 ? "message was" : "messages were"} left: the person can ask for a new code.`
      : "";
    return data({
      error: null,
      done: retried
        ? `${retried} ${retried === 1 ? "message is" : "messages are"} back in the queue.${expired}`
        : `Nothing to retry.${expired}`,
    });
  }
  if (!z.uuid().safeParse(parsed.data.id).success) throw notFound();
  const result = await retryFailedMessage(parsed.data.id, ctx);
  switch (result.status) {
    case "not-found":
      throw notFound();
    case "not-failed":
      return data(
        { error: "That message is not failed any more: it was retried or sent.", done: null },
        409,
      );
    case "expired":
      return data(
        {
          error:
            "That sign-in code has expired, so it is not worth sending: the person can ask for a new one.",
          done: null,
        },
        409,
      );
    case "retried":
      return data({
        error: null,
        done: `The ${result.kind} message to ${result.recipient} is back in the queue.`,
      });
  }
}

export default function Outbox() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const tab = (status: "failed" | "pending", label: string, n: number) => (
    <li>
      <Link to={`?status=${status}`} aria-current={d.status === status ? "page" : undefined}>
        {label} ({n})
      </Link>
    </li>
  );
  const pageLink = (page: number) =>
    `?${new URLSearchParams({ status: d.status, page: String(page) })}`;
  return (
    <section aria-labelledby="outbox" className="stack">
      <h1 id="outbox">Outbox</h1>
      <p className="muted">
        Every email the site sends waits here until a worker delivers it. Times are {d.zoneName}.
      </p>
      <FormMessage error={result?.error ?? undefined} success={result?.done ?? undefined} />

      <h2>The worker&apos;s counts</h2>
      <table className="data-table mail-health">
        <caption className="visually-hidden">Email queue counts</caption>
        <tbody>
          <tr>
            <th scope="row">Waiting (all not yet sent)</th>
            <td>{d.counts.pending}</td>
          </tr>
          <tr>
            <th scope="row">Due now</th>
            <td>{d.counts.due}</td>
          </tr>
          <tr>
            <th scope="row">Being sent</th>
            <td>{d.counts.sending}</td>
          </tr>
          <tr>
            <th scope="row">Will retry after a temporary failure</th>
            <td>{d.counts.retrying}</td>
          </tr>
          <tr>
            <th scope="row">Sent</th>
            <td>{d.counts.sent}</td>
          </tr>
          <tr>
            <th scope="row">Failed (given up)</th>
            <td>{d.counts.failed}</td>
          </tr>
          <tr>
            <th scope="row">Oldest message due</th>
            <td>{d.oldestDue ? `waiting ${d.oldestDue}` : "none waiting"}</td>
          </tr>
        </tbody>
      </table>

      <nav aria-label="Outbox lists">
        <ul className="tabs">
          {tab("failed", "Failed", d.counts.failed)}
          {tab("pending", "Waiting", d.counts.pending)}
        </ul>
      </nav>

      <h2>{d.status === "failed" ? "Failed messages" : "Messages waiting to go"}</h2>
      {d.status === "failed" && d.total > 0 ? (
        <Form method="post">
          <button type="submit" name="intent" value="retry-all" disabled={busy}>
            Retry all {d.total} failed {d.total === 1 ? "message" : "messages"}
          </button>
        </Form>
      ) : null}
      {d.items.length === 0 ? (
        <p>{d.status === "failed" ? "No message has failed." : "Nothing is waiting to go."}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">
              {d.status === "failed"
                ? "Failed messages, newest first"
                : "Waiting messages, soonest first"}
              , page {d.page} of {d.pages}
            </caption>
            <thead>
              <tr>
                <th scope="col">{d.status === "failed" ? "Queued" : "Due"}</th>
                <th scope="col">To</th>
                <th scope="col">Message</th>
                <th scope="col">Attempts</th>
                <th scope="col">{d.status === "failed" ? "Error" : "State"}</th>
                {d.status === "failed" ? <th scope="col">Retry</th> : null}
              </tr>
            </thead>
            <tbody>
              {d.items.map((m) => (
                <tr key={m.id}>
                  <td>
                    {d.status === "failed" ? (
                      <time dateTime={m.queuedIso}>{m.queued}</time>
                    ) : (
                      <time dateTime={m.dueIso}>{m.due}</time>
                    )}
                  </td>
                  <td>{m.recipient}</td>
                  <td>
                    <strong>{m.subject}</strong>
                    <br />
                    <code className="muted">{m.kind}</code>
                    {m.text !== null ? (
                      <details>
                        <summary>Text</summary>
                        <pre className="mail-text">{m.text}</pre>
                      </details>
                    ) : null}
                  </td>
                  <td>{m.attempts}</td>
                  <td>
                    {d.status === "failed" ? (
                      <code>{m.lastError ?? "no error recorded"}</code>
                    ) : (
                      <>
                        {m.state}
                        {m.lastError ? (
                          <>
                            <br />
                            <span className="muted">Last error: </span>
                            <code>{m.lastError}</code>
                          </>
                        ) : null}
                      </>
                    )}
                  </td>
                  {d.status === "failed" ? (
                    <td>
                      <Form method="post">
                        <input type="hidden" name="id" value={m.id} />
                        <button
                          type="submit"
                          name="intent"
                          value="retry"
                          className="secondary"
                          disabled={busy}
                          aria-label={`Retry the ${m.kind} message to ${m.recipient}`}
                        >
                          Retry
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {d.pages > 1 ? (
        <nav aria-label="Pages" className="pager">
          {d.page > 1 ? <Link to={pageLink(d.page - 1)}>Previous page</Link> : null}
          <span>
            Page {d.page} of {d.pages}
          </span>
          {d.page < d.pages ? <Link to={pageLink(d.page + 1)}>Next page</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
