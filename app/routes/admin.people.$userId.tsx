import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage } from "~/components/field";
import { requireAdmin } from "~/lib/admin-auth.server";
import { CACHE } from "~/lib/http.server";
import { formatInstant } from "~/lib/time";
import {
  grantOrganiser,
  removeFaculty,
  removeOrganiser,
  resetAuthenticator,
  viewPersonData,
  type RoleResult,
} from "~/models/people.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.profile.name || data?.profile.email || "Person"} · People · Back office` },
];

const notFound = () => new Response("There is nobody with that id.", { status: 404 });

/**
 * Everything held about one person (a data subject access request), with
 * their roles. Opening this page is itself written to the audit log.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { festival, viewer, actor } = await requireAdmin(request);
  const userId = params.userId ?? "";
  const found = await viewPersonData(userId, { festival, actor, purpose: "view" });
  if (!found) throw notFound();
  const zone = viewer.timeZone ?? festival.timeZone;
  const when = (d: Date | string | null) => (d ? formatInstant(d, zone) : null);
  const { data: person } = found;
  return data(
    {
      userId,
      zone,
      self: userId === viewer.id,
      authenticator: found.authenticator,
      profile: { ...person.profile, createdAt: when(person.profile.createdAt) },
      emailPreferences: person.emailPreferences,
      consents: {
        privacy: when(person.consents.privacyNoticeAcceptedAt),
        marketing: when(person.consents.marketingConsentGivenAt),
      },
      festivals: person.festivalRegistrations.map((f) => ({
        ...f,
        registeredAt: when(f.registeredAt),
      })),
      webinars: person.webinarRegistrations.map((w) => ({
        webinar: w.webinar,
        startsAt: when(w.startsAt),
        status: w.status,
        registeredAt: when(w.registeredAt),
        cancelledAt: when(w.cancelledAt),
        joinedAt: when(w.joinedAt),
      })),
      emails: person.emails.map((e) => ({
        kind: e.kind,
        subject: e.subject,
        status: e.status,
        queuedAt: when(e.queuedAt),
        sentAt: when(e.sentAt),
      })),
      sessions: person.sessions.length,
      signIns: person.signInRequests.length,
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

const INTENTS = {
  "grant-organiser": grantOrganiser,
  "remove-organiser": removeOrganiser,
  "remove-faculty": removeFaculty,
  "reset-authenticator": resetAuthenticator,
} as const;

const DONE: Record<keyof typeof INTENTS, (email: string) => string> = {
  "grant-organiser": (e) =>
    `${e} is now an organiser. They set up an authenticator app at their first visit to the back office.`,
  "remove-organiser": (e) => `${e} is no longer an organiser.`,
  "remove-faculty": (e) => `${e} no longer has the faculty role. Their public profile stays.`,
  "reset-authenticator": (e) =>
    `${e}'s authenticator is reset: they set up a new one at their next visit.`,
};

const UNCHANGED: Record<keyof typeof INTENTS, (email: string) => string> = {
  "grant-organiser": (e) => `${e} is already an organiser.`,
  "remove-organiser": (e) => `${e} is not an organiser.`,
  "remove-faculty": (e) => `${e} does not have the faculty role.`,
  "reset-authenticator": (e) => `${e} has no authenticator to reset.`,
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { festival, actor } = await requireAdmin(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (!(intent in INTENTS)) return data({ error: "Choose what to do.", done: null }, 400);
  const key = intent as keyof typeof INTENTS;
  const result: RoleResult = await INTENTS[key](params.userId ?? "", { festival, actor });
  switch (result.status) {
    case "not-found":
      throw notFound();
    case "last-organiser":
      return data(
        {
          error:
            "This is the last organiser: make someone else an organiser first, so the festival always has one.",
          done: null,
        },
        400,
      );
    case "not-allowed":
      return data({ error: result.message, done: null }, 400);
    case "unchanged":
      return data({ error: null, done: UNCHANGED[key](result.email) });
    case "changed":
      return data({ error: null, done: DONE[key](result.email) });
  }
}

function RoleButton({ intent, label, busy }: { intent: string; label: string; busy: boolean }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className="secondary" disabled={busy}>
        {label}
      </button>
    </Form>
  );
}

export default function PersonPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const p = d.profile;
  return (
    <section aria-labelledby="person" className="stack">
      <p className="breadcrumb">
        <Link to="/admin/people">People</Link>
      </p>
      <h1 id="person">{p.name || p.email}</h1>
      <p className="muted">
        Everything held about this person, as they would download it themselves. Your viewing is
        recorded in the audit log. Times are shown in {d.zone}.
      </p>
      <p>
        <a href={`/admin/people/${d.userId}.json`} download>
          Download it all as JSON
        </a>{" "}
        <span className="muted">(the same file they get from their own page; also recorded)</span>
      </p>
      {result?.done ? <FormMessage success={result.done} /> : null}
      {result?.error ? <FormMessage error={result.error} /> : null}

      <section aria-labelledby="account">
        <h2 id="account">Account</h2>
        <dl className="facts">
          <dt>Email</dt>
          <dd>{p.email}</dd>
          <dt>Name</dt>
          <dd>{p.name || "—"}</dd>
          <dt>Organisation</dt>
          <dd>{p.organisation || "—"}</dd>
          <dt>Role in their network</dt>
          <dd>{p.networkRole || "—"}</dd>
          <dt>Country</dt>
          <dd>{p.country || "—"}</dd>
          <dt>Time zone</dt>
          <dd>{p.timeZone ?? "not set"}</dd>
          <dt>Account made</dt>
          <dd>{p.createdAt}</dd>
          <dt>Signed-in browsers</dt>
          <dd>{d.sessions}</dd>
          <dt>Sign-in requests kept</dt>
          <dd>{d.signIns}</dd>
        </dl>
      </section>

      <section aria-labelledby="roles">
        <h2 id="roles">Roles</h2>
        <ul>
          <li>Attendee (everyone)</li>
          <li>
            Faculty: {p.roles.faculty ? "yes" : "no"}{" "}
            {p.roles.faculty ? (
              <RoleButton intent="remove-faculty" label="Remove the faculty role" busy={busy} />
            ) : (
              <span className="muted">(invite them from the People page)</span>
            )}
          </li>
          <li>
            Organiser: {p.roles.organiser ? "yes" : "no"}{" "}
            {p.roles.organiser ? (
              <RoleButton
                intent="remove-organiser"
                label={d.self ? "Give up my organiser role" : "Remove the organiser role"}
                busy={busy}
              />
            ) : (
              <RoleButton intent="grant-organiser" label="Make an organiser" busy={busy} />
            )}
          </li>
          {p.roles.organiser ? (
            <li>
              Authenticator app: {d.authenticator ? "set up" : "not set up yet"}{" "}
              {d.authenticator && !d.self ? (
                <RoleButton
                  intent="reset-authenticator"
                  label="Reset their authenticator (they lost it)"
                  busy={busy}
                />
              ) : null}
            </li>
          ) : null}
        </ul>
      </section>

      <section aria-labelledby="consents">
        <h2 id="consents">Consents and email preferences</h2>
        <dl className="facts">
          <dt>Privacy notice accepted</dt>
          <dd>{d.consents.privacy ?? "not given"}</dd>
          <dt>News about future festivals</dt>
          <dd>{d.consents.marketing ? `agreed ${d.consents.marketing}` : "not given"}</dd>
          <dt>Reminders</dt>
          <dd>{d.emailPreferences.reminders ? "yes" : "no"}</dd>
          <dt>Daily digest</dt>
          <dd>{d.emailPreferences.dailyDigest ? "yes" : "no"}</dd>
          <dt>Announcements</dt>
          <dd>{d.emailPreferences.announcements ? "yes" : "no"}</dd>
        </dl>
      </section>

      <section aria-labelledby="festival-forms">
        <h2 id="festival-forms">Festival registrations</h2>
        {d.festivals.length === 0 ? (
          <p>None.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Festival forms and their answers</caption>
              <thead>
                <tr>
                  <th scope="col">Festival</th>
                  <th scope="col">Organisation</th>
                  <th scope="col">Network</th>
                  <th scope="col">How they heard</th>
                  <th scope="col">Registered</th>
                </tr>
              </thead>
              <tbody>
                {d.festivals.map((f, i) => (
                  <tr key={i}>
                    <th scope="row">{f.festival}</th>
                    <td>{f.organisation}</td>
                    <td>{f.network}</td>
                    <td>{f.heardFrom}</td>
                    <td>{f.registeredAt}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="webinar-registrations">
        <h2 id="webinar-registrations">Webinar registrations</h2>
        {d.webinars.length === 0 ? (
          <p>None.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Webinars, statuses and attendance</caption>
              <thead>
                <tr>
                  <th scope="col">Webinar</th>
                  <th scope="col">Starts</th>
                  <th scope="col">Status</th>
                  <th scope="col">Registered</th>
                  <th scope="col">Joined</th>
                </tr>
              </thead>
              <tbody>
                {d.webinars.map((w, i) => (
                  <tr key={i}>
                    <th scope="row">{w.webinar}</th>
                    <td>{w.startsAt}</td>
                    <td>
                      {w.status}
                      {w.cancelledAt ? <span className="muted"> ({w.cancelledAt})</span> : null}
                    </td>
                    <td>{w.registeredAt}</td>
                    <td>{w.joinedAt ?? "No"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="emails">
        <h2 id="emails">Emails to them</h2>
        {d.emails.length === 0 ? (
          <p>None.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Emails queued and sent to this person</caption>
              <thead>
                <tr>
                  <th scope="col">Subject</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Status</th>
                  <th scope="col">Queued</th>
                  <th scope="col">Sent</th>
                </tr>
              </thead>
              <tbody>
                {d.emails.map((e, i) => (
                  <tr key={i}>
                    <th scope="row">{e.subject}</th>
                    <td>
                      <code>{e.kind}</code>
                    </td>
                    <td>{e.status}</td>
                    <td>{e.queuedAt}</td>
                    <td>{e.sentAt ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
