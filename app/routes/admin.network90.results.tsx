import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage } from "~/components/field";
import { requireAdmin } from "~/lib/admin-auth.server";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { PLACING_FIELDS } from "~/lib/network90-judging";
import { formatWhen } from "~/lib/time";
import { getCompetition } from "~/models/competition.server";
import { announceResults, mostVoted, resultsBoard } from "~/models/results.server";

export const meta: MetaFunction = () => [{ title: "Network90 results · Back office" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { festival, viewer } = await requireAdmin(request);
  const zone = viewer.timeZone ?? festival.timeZone;
  const competition = await getCompetition(festival.id);
  const now = new Date();
  if (!competition) {
    return data(
      { competition: null, board: [], peoplesChoice: [] as string[] },
      { headers: { "Cache-Control": CACHE.none } },
    );
  }
  const board = await resultsBoard(festival.id, competition);
  return data(
    {
      competition: {
        name: competition.name,
        votingCloses: formatWhen(competition.votingClosesAt, zone),
        votingClosed: competition.votingClosesAt <= now,
        announced: competition.resultsAnnouncedAt
          ? formatWhen(competition.resultsAnnouncedAt, zone)
          : null,
      },
      board: board.map((b) => ({
        id: b.id,
        networkName: b.networkName,
        region: b.region,
        placing: b.placing,
        overall: b.totals.overall === null ? null : b.totals.overall.toFixed(2),
        judges: b.totals.judges,
        votes: b.votes,
      })),
      peoplesChoice: mostVoted(board).map((b) => b.networkName),
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { festival, viewer, actor } = await requireAdmin(request);
  const form = await request.formData();
  if (form.get("intent") !== "announce") throw new Response("Unknown action.", { status: 400 });
  const values = Object.fromEntries(
    PLACING_FIELDS.map((f) => {
      const v = form.get(f);
      return [f, typeof v === "string" ? v.slice(0, 100) : ""];
    }),
  );
  const result = await announceResults(
    { festival, actor, appUrl: env().APP_URL, zone: viewer.timeZone ?? festival.timeZone },
    values,
  );
  const headers = { "Cache-Control": CACHE.none };
  if (result.status === "invalid") {
    return data(
      { errors: result.errors, values: result.values, done: null },
      { status: 400, headers },
    );
  }
  return data(
    {
      errors: {} as Record<string, string>,
      values,
      done: `The results are announced and public. ${result.emailed} ${result.emailed === 1 ? "entrant is" : "entrants are"} being emailed their outcome.`,
    },
    { headers },
  );
}

const PLACE_LABELS = ["Winner", "Runner-up", "Second runner-up"] as const;

export default function Network90ResultsPage() {
  const { competition, board, peoplesChoice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors: Record<string, string> = result?.errors ?? {};
  const fieldErrors = Object.keys(errors).filter((k) => k !== "form").length;
  if (!competition) {
    return (
      <section aria-labelledby="n90-results" className="stack">
        <h1 id="n90-results">Results</h1>
        <p>
          The competition is not set up yet: <Link to="/admin/network90/settings">set it up</Link>.
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby="n90-results" className="stack">
      <p className="breadcrumb">
        <Link to="/admin/network90">Network90</Link>
      </p>
      <h1 id="n90-results">{competition.name} results</h1>
      <FormMessage
        error={errors.form ?? (fieldErrors ? "Nothing was announced: see below." : undefined)}
        success={result?.done ?? undefined}
      />
      {competition.announced ? (
        <p className="notice notice--success">Announced on {competition.announced}.</p>
      ) : (
        <p className="notice notice--warning">
          Only organisers see this page. The public sees the votes and the placings once you
          announce, which you can do after voting closes ({competition.votingCloses}).
        </p>
      )}

      {board.length === 0 ? (
        <p>Nothing is shortlisted.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <caption>Shortlisted entries, highest judges&rsquo; average first</caption>
            <thead>
              <tr>
                <th scope="col">Network</th>
                <th scope="col">Region</th>
                <th scope="col">Judges&rsquo; average (of 5)</th>
                <th scope="col">Public votes</th>
                {competition.announced ? <th scope="col">Placing</th> : null}
              </tr>
            </thead>
            <tbody>
              {board.map((b) => (
                <tr key={b.id}>
                  <th scope="row">
                    <Link to={`/admin/network90/${b.id}`}>{b.networkName}</Link>
                  </th>
                  <td>{b.region}</td>
                  <td>
                    {b.overall === null
                      ? "not scored"
                      : `${b.overall} (${b.judges} ${b.judges === 1 ? "judge" : "judges"})`}
                  </td>
                  <td>{b.votes}</td>
                  {competition.announced ? (
                    <td>{b.placing ? PLACE_LABELS[b.placing - 1] : ""}</td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        People&rsquo;s Choice (most votes
        {peoplesChoice.length > 1 ? ", tied" : ""}):{" "}
        {peoplesChoice.length ? peoplesChoice.join(" and ") : "nobody yet (no votes)"}.
      </p>

      {!competition.announced && board.length > 0 ? (
        <section aria-labelledby="n90-announce" className="stack editor-panel">
          <h2 id="n90-announce">Announce the results</h2>
          <p>
            Choose the judges&rsquo; award: a winner and up to two runners-up. Announcing makes the
            results public, emails every entrant their outcome, and cannot be undone.
          </p>
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="announce" />
            {PLACING_FIELDS.map((f, i) => (
              <div className="field" key={f}>
                <label htmlFor={`field-${f}`}>
                  {PLACE_LABELS[i]}
                  {i > 0 ? " (optional)" : ""}
                </label>
                <select
                  id={`field-${f}`}
                  name={f}
                  defaultValue={result?.values[f] ?? ""}
                  aria-invalid={errors[f] ? true : undefined}
                  aria-describedby={errors[f] ? `field-${f}-error` : undefined}
                >
                  <option value="">{i === 0 ? "Choose the winner" : "None"}</option>
                  {board.map((b) => (
                    <option key={b.id} value={b.id}>
                      {b.networkName} ({b.region})
                    </option>
                  ))}
                </select>
                {errors[f] ? (
                  <p id={`field-${f}-error`} className="field-error">
                    {errors[f]}
                  </p>
                ) : null}
              </div>
            ))}
            <button type="submit" disabled={busy || !competition.votingClosed}>
              Announce results
            </button>
            {!competition.votingClosed ? (
              <p className="field-hint">Voting closes {competition.votingCloses}.</p>
            ) : null}
          </Form>
        </section>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
