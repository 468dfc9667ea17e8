import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormMessage } from "~/components/field";
import { requireAdmin } from "~/lib/admin-auth.server";
import { env } from "~/lib/env.server";
import { withoutNul } from "~/lib/form";
import { CACHE } from "~/lib/http.server";
import { formatInstant } from "~/lib/time";
import {
  inviteFaculty,
  listInvites,
  resendInvite,
  revokeInvite,
} from "~/models/faculty-invite.server";
import { listFacultyMembers, listOrganisers, searchPeople } from "~/models/people.server";

export const meta: MetaFunction = () => [{ title: "People · Back office" }];

const Query = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

const roles = (p: { isOrganiser: boolean; isFaculty: boolean }) =>
  [p.isOrganiser ? "organiser" : null, p.isFaculty ? "faculty" : null].filter(Boolean).join(", ") ||
  "attendee";

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival, viewer } = await requireAdmin(request);
  const url = new URL(request.url);
  const query = Query.parse({
    q: withoutNul(url.searchParams.get("q") ?? "") || undefined,
    page: url.searchParams.get("page") ?? undefined,
  });
  const zone = viewer.timeZone ?? festival.timeZone;
  const [found, organisers, faculty, invites] = await Promise.all([
    searchPeople(query.q ?? "", query.page ?? 1),
    listOrganisers(),
    listFacultyMembers(festival.id),
    listInvites(festival.id),
  ]);
  const person = (p: (typeof found.rows)[number]) => ({
    id: p.id,
    name: p.name,
    email: p.email,
    roles: roles(p),
    authenticator: p.authenticator,
  });
  const invite = (i: (typeof invites.pending)[number]) => ({
    id: i.id,
    email: i.email,
    name: i.name,
    invitedBy: i.invitedBy,
    sent: formatInstant(i.createdAt, zone),
    expires: formatInstant(i.expiresAt, zone),
    expired: i.expired,
    accepted: i.acceptedAt ? formatInstant(i.acceptedAt, zone) : null,
  });
  return data(
    {
      q: query.q ?? "",
      zone,
      people: found.rows.map(person),
      total: found.total,
      page: found.page,
      pageCount: found.pageCount,
      organisers: organisers.map(person),
      faculty: faculty.map((f) => ({ ...person(f), slug: f.slug })),
      pending: invites.pending.map(invite),
      accepted: invites.accepted.map(invite),
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { festival, actor } = await requireAdmin(request);
  const form = await request.formData();
  const intent = form.get("intent");
  const ctx = { festival, actor, appUrl: env().APP_URL };
  if (intent === "invite") {
    const result = await inviteFaculty(form, ctx);
    if (result.status === "invalid") {
      return data({ errors: result.errors, values: result.values, done: null }, 400);
    }
    const email = String(form.get("email") ?? "")
      .trim()
      .toLowerCase();
    return data({ errors: {}, values: {}, done: `Invitation sent to ${email}.` });
  }
  if (intent === "resend" || intent === "revoke") {
    const id = String(form.get("inviteId") ?? "");
    const result = intent === "resend" ? await resendInvite(id, ctx) : await revokeInvite(id, ctx);
    if (result.status === "not-found") {
      throw new Response("That invitation no longer exists (or was accepted).", { status: 404 });
    }
    return data({
      errors: {},
      values: {},
      done:
        intent === "resend"
          ? `Invitation sent again to ${result.email}, with a new link valid for 14 days.`
          : `Invitation to ${result.email} withdrawn: its link no longer works.`,
    });
  }
  return data({ errors: { form: "Choose what to do." }, values: {}, done: null }, 400);
}

function PeopleTable({
  caption,
  people,
}: {
  caption: string;
  people: { id: string; name: string; email: string; roles: string; slug?: string | null }[];
}) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Roles</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.id}>
              <th scope="row">
                <Link to={`/admin/people/${p.id}`}>{p.name || "(no name)"}</Link>
              </th>
              <td>{p.email}</td>
              <td>
                {p.roles}
                {p.slug ? (
                  <>
                    {" "}
                    · <Link to={`/faculty/${p.slug}`}>public profile</Link>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function PeoplePage() {
  const { q, zone, people, total, page, pageCount, organisers, faculty, pending, accepted } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors: Record<string, string> = result?.errors ?? {};
  const values: Record<string, string> = result?.values ?? {};
  const pageLink = (n: number) =>
    `?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) }).toString()}`;
  return (
    <section aria-labelledby="people" className="stack">
      <h1 id="people">People</h1>
      <p className="muted">Times are shown in {zone}.</p>
      {result?.done ? <FormMessage success={result.done} /> : null}
      {errors.form ? <FormMessage error={errors.form} /> : null}

      <section aria-labelledby="find">
        <h2 id="find">Find someone</h2>
        <Form method="get" className="inline-search" role="search">
          <label htmlFor="people-q">Name or email</label>
          <input id="people-q" name="q" type="search" defaultValue={q} maxLength={200} />
          <button type="submit">Search</button>
        </Form>
        <p>
          {total === 1 ? "1 person" : `${total} people`}
          {q ? " match" : " have an account"}. Open someone to see everything held about them (their
          data on request), change their roles or reset their authenticator.
        </p>
        {people.length > 0 ? (
          <PeopleTable caption={`People, page ${page} of ${pageCount}`} people={people} />
        ) : null}
        {pageCount > 1 ? (
          <nav aria-label="Pages" className="pager">
            {page > 1 ? <Link to={pageLink(page - 1)}>Previous page</Link> : null}
            <span>
              Page {page} of {pageCount}
            </span>
            {page < pageCount ? <Link to={pageLink(page + 1)}>Next page</Link> : null}
          </nav>
        ) : null}
      </section>

      <section aria-labelledby="organisers">
        <h2 id="organisers">Organisers</h2>
        <p className="muted">
          To make someone an organiser, open them from the search above. There is always at least
          one organiser.
        </p>
        <PeopleTable caption="Organisers" people={organisers} />
      </section>

      <section aria-labelledby="faculty">
        <h2 id="faculty">Faculty</h2>
        {faculty.length === 0 ? (
          <p>Nobody yet: invite people below.</p>
        ) : (
          <PeopleTable caption="Faculty members" people={faculty} />
        )}
      </section>

      <section aria-labelledby="invite">
        <h2 id="invite">Invite someone to the faculty</h2>
        <p>
          They get an email with a link, valid for 14 days, that gives them the faculty role once
          they sign in with that address, and asks them to complete their profile.
        </p>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <Field
            name="email"
            type="email"
            label="Email address"
            required
            maxLength={254}
            defaultValue={values.email ?? ""}
            error={errors.email}
            autoComplete="off"
          />
          <Field
            name="name"
            label="Name (optional)"
            maxLength={200}
            defaultValue={values.name ?? ""}
            error={errors.name}
          />
          <button type="submit" disabled={busy}>
            Send the invitation
          </button>
        </Form>
      </section>

      <section aria-labelledby="invitations">
        <h2 id="invitations">Invitations waiting</h2>
        {pending.length === 0 ? (
          <p>None.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Invitations not accepted yet</caption>
              <thead>
                <tr>
                  <th scope="col">Invited</th>
                  <th scope="col">Sent</th>
                  <th scope="col">Link works until</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {pending.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">
                      {i.name ? `${i.name} ` : ""}
                      <span className="muted">{i.email}</span>
                    </th>
                    <td>
                      {i.sent}
                      {i.invitedBy ? <span className="muted"> by {i.invitedBy}</span> : null}
                    </td>
                    <td>{i.expired ? <strong>Expired {i.expires}</strong> : i.expires}</td>
                    <td>
                      <div className="row-actions">
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="resend" />
                          <input type="hidden" name="inviteId" value={i.id} />
                          <button type="submit" className="secondary" disabled={busy}>
                            Send again<span className="visually-hidden"> to {i.email}</span>
                          </button>
                        </Form>
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="inviteId" value={i.id} />
                          <button type="submit" className="secondary" disabled={busy}>
                            Withdraw
                            <span className="visually-hidden"> the invitation to {i.email}</span>
                          </button>
                        </Form>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {accepted.length > 0 ? (
          <>
            <h3>Accepted</h3>
            <ul>
              {accepted.map((i) => (
                <li key={i.id}>
                  {i.email} accepted {i.accepted}
                  {i.invitedBy ? <span className="muted"> (invited by {i.invitedBy})</span> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
