import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/error-summary";
import { Field, FormMessage, TextAreaField } from "~/components/field";
import { requireAdmin } from "~/lib/admin-auth.server";
import { CACHE } from "~/lib/http.server";
import { MAX_CRITERIA, TIMELINE } from "~/lib/network90-judging";
import { formatWhen, zoneCity } from "~/lib/time";
import { getCompetition } from "~/models/competition.server";
import {
  addJudge,
  listJudges,
  removeJudge,
  saveCompetitionSettings,
  settingsFormValues,
  type CompetitionSettingsForm,
} from "~/models/competition-settings.server";

export const meta: MetaFunction = () => [{ title: "Network90 settings · Back office" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival, viewer } = await requireAdmin(request);
  const competition = await getCompetition(festival.id);
  const zone = viewer.timeZone ?? festival.timeZone;
  const judges = await listJudges(festival.id);
  return data(
    {
      exists: competition !== null,
      announced: competition?.resultsAnnouncedAt
        ? formatWhen(competition.resultsAnnouncedAt, zone)
        : null,
      values: settingsFormValues(competition, festival),
      festivalZone: festival.timeZone,
      festivalCity: zoneCity(festival.timeZone),
      judges: judges.map((j) => ({
        userId: j.userId,
        email: j.email,
        name: j.name,
        added: formatWhen(j.addedAt, zone),
      })),
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v.slice(0, 5_000) : "";
};

type ActionData = {
  intent: "save" | "add-judge" | "remove-judge";
  errors: Record<string, string>;
  values: Record<string, string>;
  done: string | null;
  notes: string[];
};

export async function action({ request }: ActionFunctionArgs) {
  const { festival, actor } = await requireAdmin(request);
  const form = await request.formData();
  const intent = form.get("intent");
  const respond = (status: number, body: Partial<ActionData> & Pick<ActionData, "intent">) =>
    data<ActionData>(
      { errors: {}, values: {}, done: null, notes: [], ...body },
      { status, headers: { "Cache-Control": CACHE.none } },
    );

  if (intent === "add-judge") {
    const result = await addJudge(festival, text(form, "email"), actor);
    if (result.status === "invalid") {
      return respond(400, { intent, errors: result.errors, values: result.values });
    }
    return respond(200, { intent, done: result.message });
  }
  if (intent === "remove-judge") {
    const result = await removeJudge(festival, text(form, "userId"), actor);
    if (result.status === "not-found") {
      throw new Response("That person is not a judge of this festival.", { status: 404 });
    }
    return respond(200, { intent, done: result.message });
  }
  if (intent !== "save") throw new Response("Unknown action.", { status: 400 });

  const values = Object.fromEntries(
    ["name", "criteria", ...TIMELINE.flatMap((t) => [`${t.key}Date`, `${t.key}Time`])].map((k) => [
      k,
      text(form, k),
    ]),
  ) as CompetitionSettingsForm;
  const result = await saveCompetitionSettings(festival, values, actor);
  if (result.status === "invalid") {
    return respond(400, { intent, errors: result.errors, values });
  }
  return respond(200, {
    intent,
    values,
    notes: result.notes,
    done:
      result.status === "unchanged"
        ? "Nothing to change."
        : result.created
          ? "The competition is set up."
          : "Settings saved.",
  });
}

export default function Network90SettingsPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const saving = result?.intent === "save" ? result : null;
  const judging = result && result.intent !== "save" ? result : null;
  const v = (saving?.values ?? loaded.values) as CompetitionSettingsForm;
  const e = saving?.errors ?? {};
  return (
    <section aria-labelledby="n90-settings" className="stack">
      <p className="breadcrumb">
        <Link to="/admin/network90">Network90</Link>
      </p>
      <h1 id="n90-settings">Competition settings</h1>
      {loaded.announced ? (
        <p className="notice notice--warning">
          The results were announced on {loaded.announced}. The settings can no longer change.
        </p>
      ) : null}

      <section aria-labelledby="n90-timeline" className="stack">
        <h2 id="n90-timeline">{loaded.exists ? "The competition" : "Set up the competition"}</h2>
        <FormMessage success={saving?.done ?? undefined} />
        <ErrorSummary errors={saving?.errors} title="Nothing was saved" />
        {saving?.notes.length ? (
          <ul className="notice notice--warning">
            {saving.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        ) : null}
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="save" />
          <Field
            name="name"
            label="Name"
            defaultValue={v.name}
            error={e.name}
            maxLength={120}
            required
          />
          <p className="field-hint">
            Times are wall-clock times in the festival&rsquo;s zone, {loaded.festivalZone} (
            {loaded.festivalCity} time). Entries close no later than voting opens; voting closes
            after it opens.
          </p>
          {TIMELINE.map((t) => (
            <fieldset key={t.key}>
              <legend>{t.label}</legend>
              <Field
                name={`${t.key}Date`}
                type="date"
                label="Date"
                defaultValue={v[`${t.key}Date`]}
                error={e[`${t.key}Date`]}
                required
              />
              <Field
                name={`${t.key}Time`}
                type="time"
                label={`Time (${loaded.festivalCity} time)`}
                defaultValue={v[`${t.key}Time`]}
                error={e[`${t.key}Time`]}
                required
              />
            </fieldset>
          ))}
          <TextAreaField
            name="criteria"
            label="Judging criteria"
            hint={`One a line, 1 to ${MAX_CRITERIA}. Judges score each from 1 to 5. Scores are kept by the criterion's words: a criterion renamed or removed is no longer counted.`}
            rows={5}
            defaultValue={v.criteria}
            error={e.criteria}
          />
          <button type="submit" disabled={busy || Boolean(loaded.announced)}>
            {loaded.exists ? "Save settings" : "Set up the competition"}
          </button>
        </Form>
      </section>

      <section aria-labelledby="n90-judges" className="stack editor-panel">
        <h2 id="n90-judges">Judges</h2>
        <p>
          Judges score entries at <Link to="/judging">/judging</Link>. They sign in with the address
          below (we email them a code). Organisers judge too, without being listed.
        </p>
        <FormMessage success={judging?.done ?? undefined} />
        {loaded.judges.length === 0 ? (
          <p>No judges yet.</p>
        ) : (
          <div className="table-scroll">
            <table className="data-table">
              <caption className="visually-hidden">Judges, by email</caption>
              <thead>
                <tr>
                  <th scope="col">Judge</th>
                  <th scope="col">Added</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {loaded.judges.map((j) => (
                  <tr key={j.userId}>
                    <th scope="row">
                      {j.name ? `${j.name} ` : ""}
                      <span className={j.name ? "muted" : undefined}>{j.email}</span>
                    </th>
                    <td>{j.added}</td>
                    <td>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="remove-judge" />
                        <input type="hidden" name="userId" value={j.userId} />
                        <button type="submit" className="secondary" disabled={busy}>
                          Remove<span className="visually-hidden"> {j.email}</span>
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="add-judge" />
          <Field
            name="email"
            type="email"
            label="Add a judge by email"
            hint="Someone without an account gets one; their scores stay if you remove them later."
            defaultValue={judging?.values.email ?? ""}
            error={judging?.errors.email}
            autoComplete="off"
            required
          />
          <button type="submit" disabled={busy}>
            Add the judge
          </button>
        </Form>
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
