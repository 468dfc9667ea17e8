import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { EntryMedia } from "~/components/entry-media";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage } from "~/components/field";
import { ScoreTotalsTable } from "~/components/score-totals";
import { CACHE } from "~/lib/http.server";
import { COMMENT_MAX, SCORES } from "~/lib/network90-judging";
import { requireJudge } from "~/lib/judge-auth.server";
import { formatWhen } from "~/lib/time";
import { viewerZone } from "~/lib/viewer-zone.server";
import {
  entryForJudging,
  entryMediaView,
  ownScores,
  saveScores,
  scoreTotals,
} from "~/models/judging.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.entry.networkName ?? "Entry"} · Judging · Network90` },
];

const notFound = () => new Response("There is no entry to judge at this address.", { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { festival, viewer, competition } = await requireJudge(request);
  if (!competition) throw notFound();
  const e = await entryForJudging(festival.id, params.entryId ?? "");
  if (!e) throw notFound();
  const { zone } = viewerZone(request, festival.timeZone, viewer.timeZone);
  const [mine, totals] = await Promise.all([
    ownScores(e.id, viewer.id, competition.criteria),
    scoreTotals([e.id], competition.criteria),
  ]);
  return data(
    {
      entry: {
        id: e.id,
        networkName: e.networkName,
        region: e.region,
        description: e.description,
        status: e.status,
        submittedAt: e.submittedAt ? formatWhen(e.submittedAt, zone) : null,
      },
      media: entryMediaView(e),
      mine,
      totals: totals.get(e.id)!,
      closed:
        competition.resultsAnnouncedAt !== null
          ? "The results are announced: scores are final."
          : e.status === "declined"
            ? "This entry was declined: it is no longer scored."
            : null,
      saved: new URL(request.url).searchParams.has("saved"),
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { festival, viewer, competition } = await requireJudge(request);
  if (!competition) throw notFound();
  const e = await entryForJudging(festival.id, params.entryId ?? "");
  if (!e) throw notFound();
  const { zone } = viewerZone(request, festival.timeZone, viewer.timeZone);
  const result = await saveScores(competition, e, viewer.id, await request.formData(), { zone });
  const headers = { "Cache-Control": CACHE.none };
  if (result.status === "refused") {
    return data(
      { errors: { form: result.error }, values: {} as Record<string, string> },
      {
        status: 400,
        headers,
      },
    );
  }
  if (result.status === "invalid") {
    return data({ errors: result.errors, values: result.values }, { status: 400, headers });
  }
  throw redirect(`/judging/${e.id}?saved=1`, 303);
}

export default function JudgeEntryPage() {
  const { entry, media, mine, totals, closed, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors: Record<string, string> = result?.errors ?? {};
  const values = result?.values ?? null;
  const fieldErrors = Object.keys(errors).filter((k) => k !== "form").length;
  return (
    <section aria-labelledby="judge-entry" className="stack">
      <p className="breadcrumb">
        <Link to="/judging">All entries</Link>
      </p>
      <h1 id="judge-entry">{entry.networkName}</h1>
      <p className="muted">
        {entry.region}
        {entry.submittedAt ? ` · submitted ${entry.submittedAt}` : ""}
      </p>
      <FormMessage
        error={errors.form ?? (fieldErrors ? "Your scores were not saved: see below." : undefined)}
        success={saved && !result ? "Your scores are saved." : undefined}
      />

      <h2>The video</h2>
      <EntryMedia media={media} />

      <h2>About the network</h2>
      <div className="prose">
        {entry.description
          .split(/\n\s*\n/)
          .filter((p) => p.trim())
          .map((p, i) => (
            <p key={i}>{p.trim()}</p>
          ))}
      </div>

      <h2 id="your-scores">Your scores</h2>
      {closed ? (
        <>
          <p className="notice notice--warning">{closed}</p>
          <ul>
            {mine.map((m) => (
              <li key={m.criterion}>
                {m.criterion}: <strong>{m.score ?? "not scored"}</strong>
                {m.comment ? ` · “${m.comment}”` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <Form method="post" className="stack" aria-labelledby="your-scores" noValidate>
          <p className="field-hint">
            1 is weak, 5 is outstanding. Comments are for the other judges and the organisers.
          </p>
          {mine.map((m, i) => {
            const typed = values?.[`score-${i}`];
            const current = typed !== undefined ? typed : m.score === null ? "" : String(m.score);
            const scoreError = errors[`score-${i}`];
            const commentError = errors[`comment-${i}`];
            return (
              <fieldset
                key={m.criterion}
                aria-describedby={scoreError ? `score-${i}-error` : undefined}
              >
                <legend>{m.criterion}</legend>
                <input type="hidden" name={`criterion-${i}`} value={m.criterion} />
                <div className="row-actions">
                  {SCORES.map((n) => (
                    <label key={n}>
                      <input
                        type="radio"
                        name={`score-${i}`}
                        value={n}
                        defaultChecked={current === String(n)}
                        required
                      />{" "}
                      {n}
                    </label>
                  ))}
                </div>
                {scoreError ? (
                  <p id={`score-${i}-error`} className="field-error">
                    {scoreError}
                  </p>
                ) : null}
                <div className="field">
                  <label htmlFor={`comment-${i}`}>Comment on {m.criterion} (optional)</label>
                  <textarea
                    id={`comment-${i}`}
                    name={`comment-${i}`}
                    rows={2}
                    maxLength={COMMENT_MAX}
                    defaultValue={values?.[`comment-${i}`] ?? m.comment}
                    aria-invalid={commentError ? true : undefined}
                    aria-describedby={commentError ? `comment-${i}-error` : undefined}
                  />
                  {commentError ? (
                    <p id={`comment-${i}-error`} className="field-error">
                      {commentError}
                    </p>
                  ) : null}
                </div>
              </fieldset>
            );
          })}
          <button type="submit" disabled={busy}>
            Save my scores
          </button>
        </Form>
      )}

      <h2>All judges</h2>
      <ScoreTotalsTable totals={totals} id="judge-totals" />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
