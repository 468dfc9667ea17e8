import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage } from "~/components/field";
import { Pager, RegistrationSearch } from "~/components/registration-list";
import { requireAdmin } from "~/lib/admin-auth.server";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { parseRegistrationQuery, registrationSearch } from "~/lib/registration-query";
import { formatInstant, formatRange } from "~/lib/time";
import {
  cancelAsOrganiser,
  getWebinarSummary,
  listWebinarRegistrations,
  promoteFromWaitlist,
} from "~/models/admin-registrations.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.webinar.title ?? "Webinar"}: registrations · Back office` },
];

const notFound = () => new Response("There is no such webinar in this festival.", { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { festival, viewer } = await requireAdmin(request);
  const w = await getWebinarSummary(festival.id, params.webinarId ?? "");
  if (!w) throw notFound();
  const query = parseRegistrationQuery(request.url);
  const zone = viewer.timeZone ?? festival.timeZone;
  const list = await listWebinarRegistrations(festival.id, w.id, query);
  return data(
    {
      query,
      zone,
      webinar: {
        id: w.id,
        title: w.title,
        status: w.status,
        when: formatRange(w.startsAt, w.durationMinutes, zone).text,
        capacity: w.capacity,
        confirmed: w.confirmed,
        waitlisted: w.waitlisted,
        cancelled: w.cancelled,
        joined: w.joined,
        full: w.capacity !== null && w.confirmed >= w.capacity,
      },
      total: list.total,
      page: list.page,
      pageCount: list.pageCount,
      rows: list.rows.map((r) => ({
        id: r.registrationId,
        userId: r.userId,
        name: r.name,
        email: r.email,
        organisation: r.organisation,
        country: r.country,
        timeZone: r.timeZone,
        status: r.status,
        position: r.position,
        registered: formatInstant(r.registeredAt, zone),
        registeredIso: r.registeredAt.toISOString(),
        joined: r.joinedAt ? formatInstant(r.joinedAt, zone) : null,
      })),
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

const Change = z.object({
  intent: z.enum(["promote", "cancel"], { error: "Choose what to do." }),
  registrationId: z.string().max(100),
  confirm: z.literal("yes").optional().catch(undefined),
});

export type RegistrationActionData =
  | { confirm: { intent: "promote" | "cancel"; registrationId: string; seats?: string } }
  | { done: "promoted" | "cancelled"; registrationId: string; note: string }
  | { error: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { festival, actor } = await requireAdmin(request);
  const webinarId = params.webinarId ?? "";
  if (!(await getWebinarSummary(festival.id, webinarId))) throw notFound();
  const parsed = Change.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return data<RegistrationActionData>({ error: "Choose what to do and for whom." }, 400);
  }
  const { intent, registrationId, confirm } = parsed.data;
  const change = { festival, actor, appUrl: env().APP_URL };

  if (intent === "cancel") {
    // Cancelling emails the person: the first press asks, the second does it.
    if (!confirm) return data<RegistrationActionData>({ confirm: { intent, registrationId } });
    const result = await cancelAsOrganiser(webinarId, registrationId, change);
    if (result.status === "not-found") throw notFound();
    if (result.status === "not-registered") {
      return data<RegistrationActionData>({ error: "That place was already cancelled." }, 400);
    }
    if (result.status === "unavailable")
      return data<RegistrationActionData>({ error: result.message }, 400);
    return data<RegistrationActionData>({
      done: "cancelled",
      registrationId,
      note:
        result.was === "confirmed"
          ? "They were emailed a cancellation that removes the webinar from their calendar; the seat went to the next person waiting, if anyone was."
          : "They were emailed, and their tentative calendar event withdrawn.",
    });
  }

  const result = await promoteFromWaitlist(webinarId, registrationId, {
    ...change,
    beyondCapacity: confirm === "yes",
  });
  switch (result.status) {
    case "not-found":
      throw notFound();
    case "full":
      return data<RegistrationActionData>({
        confirm: {
          intent,
          registrationId,
          seats: `${result.confirmed} of ${result.capacity} seats are taken`,
        },
      });
    case "not-waitlisted":
      return data<RegistrationActionData>(
        { error: "That person is no longer on the waitlist." },
        400,
      );
    case "unavailable":
      return data<RegistrationActionData>({ error: result.message }, 400);
    case "promoted":
      return data<RegistrationActionData>({
        done: "promoted",
        registrationId,
        note: `They were emailed their confirmation with a calendar invitation. ${result.confirmed}${result.capacity === null ? "" : ` of ${result.capacity}`} seats are now taken.`,
      });
  }
}

const STATUS_LABEL = { confirmed: "Seat", waitlisted: "Waitlist", cancelled: "Cancelled" } as const;

function Confirmation({
  prompt,
  name,
}: {
  prompt: { intent: "promote" | "cancel"; registrationId: string; seats?: string };
  name: string;
}) {
  const busy = useNavigation().state !== "idle";
  const promote = prompt.intent === "promote";
  return (
    <div className="notice notice--warning" role="alert">
      <p>
        {promote
          ? `The webinar is full (${prompt.seats ?? "every seat is taken"}). Give ${name} a seat anyway, beyond the capacity?`
          : `Cancel ${name}'s place? They will be emailed that the organisers cancelled it, with a calendar update that removes it; a freed seat goes to the next person waiting.`}
      </p>
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value={prompt.intent} />
        <input type="hidden" name="registrationId" value={prompt.registrationId} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" className={promote ? undefined : "danger"} disabled={busy}>
          {promote ? "Yes, give a seat beyond capacity" : "Yes, cancel and email them"}
        </button>
      </Form>{" "}
      <Link to=".">No, leave it</Link>
    </div>
  );
}

export default function WebinarRegistrationsPage() {
  const { query, zone, webinar, rows, total, page, pageCount } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const nameOf = (id: string) => {
    const row = rows.find((r) => r.id === id);
    return row ? row.name || row.email : "this person";
  };
  return (
    <section aria-labelledby="webinar-registrations" className="stack">
      <p className="breadcrumb">
        <Link to="/admin/registrations">Registrations</Link>
      </p>
      <h1 id="webinar-registrations">{webinar.title}</h1>
      <p>
        {webinar.when}
        {webinar.status !== "published" ? ` · ${webinar.status}` : ""}
      </p>
      <p>
        <strong>{webinar.confirmed}</strong>
        {webinar.capacity === null
          ? " seats taken (no limit)"
          : ` of ${webinar.capacity} seats taken`}
        {webinar.full ? " (full)" : ""} · {webinar.waitlisted} waiting · {webinar.cancelled}{" "}
        cancelled · {webinar.joined} joined
      </p>
      <p className="muted">
        Times are shown in {zone}. Giving a seat or cancelling a place emails the person at once.
      </p>

      {result && "confirm" in result ? (
        <Confirmation prompt={result.confirm} name={nameOf(result.confirm.registrationId)} />
      ) : null}
      {result && "done" in result ? (
        <FormMessage
          success={`${result.done === "promoted" ? `${nameOf(result.registrationId)} now has a seat.` : `${nameOf(result.registrationId)}'s place is cancelled.`} ${result.note}`}
        />
      ) : null}
      {result && "error" in result ? <FormMessage error={result.error} /> : null}

      <RegistrationSearch
        query={query}
        idPrefix="webinar"
        labels={{
          all: "Everyone",
          confirmed: "Seats",
          waitlisted: "Waitlist",
          cancelled: "Cancelled",
          joined: "Joined",
        }}
      />
      <p>
        {total === 1 ? "1 registration" : `${total} registrations`}
        {query.q || query.filter !== "all" ? " match" : ""}.{" "}
        <a
          href={`/admin/registrations/${webinar.id}.csv${registrationSearch({ ...query, page: 1 })}`}
          download
        >
          Download these as CSV
        </a>{" "}
        <span className="muted">(the download is recorded in the audit log)</span>
      </p>
      {rows.length === 0 ? (
        <p>No registrations {query.q || query.filter !== "all" ? "match" : "yet"}.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">
              Registrations: seats, then the waitlist in order, then cancellations; page {page} of{" "}
              {pageCount}
            </caption>
            <thead>
              <tr>
                <th scope="col">Name and email</th>
                <th scope="col">Organisation</th>
                <th scope="col">Status</th>
                <th scope="col">Registered</th>
                <th scope="col">Joined</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/admin/people/${r.userId}`}>{r.name || r.email}</Link>
                    <br />
                    <span className="muted">{r.email}</span>
                  </th>
                  <td>
                    {r.organisation}
                    {r.country ? (
                      <>
                        <br />
                        <span className="muted">{r.country}</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <span className={`badge badge--${r.status}`}>{STATUS_LABEL[r.status]}</span>
                    {r.position !== null ? ` number ${r.position}` : ""}
                  </td>
                  <td>
                    <time dateTime={r.registeredIso}>{r.registered}</time>
                  </td>
                  <td>{r.joined ?? "No"}</td>
                  <td>
                    {r.status === "cancelled" ? (
                      <span className="muted">—</span>
                    ) : (
                      <div className="row-actions">
                        {r.status === "waitlisted" ? (
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="promote" />
                            <input type="hidden" name="registrationId" value={r.id} />
                            <button type="submit" className="secondary" disabled={busy}>
                              Give a seat
                              <span className="visually-hidden"> to {r.name || r.email}</span>
                            </button>
                          </Form>
                        ) : null}
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="cancel" />
                          <input type="hidden" name="registrationId" value={r.id} />
                          <button type="submit" className="secondary" disabled={busy}>
                            Cancel place
                            <span className="visually-hidden"> of {r.name || r.email}</span>
                          </button>
                        </Form>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager query={query} page={page} pageCount={pageCount} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
