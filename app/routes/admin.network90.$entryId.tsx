import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { EntryMedia } from "~/components/entry-media";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormMessage, TextAreaField } from "~/components/field";
import { ScoreTotalsTable } from "~/components/score-totals";
import { requireAdmin } from "~/lib/admin-auth.server";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { REASON_MAX } from "~/lib/network90-judging";
import { formatWhen } from "~/lib/time";
import { getCompetition, publicationBlockers } from "~/models/competition.server";
import {
  declineEntry,
  findEntryForAdmin,
  shortlistEntry,
  votingStarted,
} from "~/models/entry-decisions.server";
import { entryMediaView, scoreSheets, scoreTotals } from "~/models/judging.server";
import { voteCounts } from "~/models/vote-monitor.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.entry.networkName ?? "Entry"} · Network90 · Back office` },
];

const notFound = () =>
  new Response("There is no entry with that id in this festival.", { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { festival, viewer } = await requireAdmin(request);
  const e = await findEntryForAdmin(festival.id, params.entryId ?? "");
  if (!e) throw notFound();
  const now = new Date();
  const zone = viewer.timeZone ?? festival.timeZone;
  const competition = await getCompetition(festival.id);
  const criteria = competition?.criteria ?? [];
  const [totals, sheets, votes] = await Promise.all([
    scoreTotals([e.id], criteria),
    scoreSheets(e.id, criteria),
    votingStarted(competition, now) ? voteCounts(festival.id) : null,
  ]);
  const when = (d: Date | null) => (d ? formatWhen(d, zone) : null);
  return data(
    {
      entry: {
        id: e.id,
        networkName: e.networkName,
        region: e.region,
        contactName: e.contactName,
        description: e.description,
        status: e.status,
        submittedAt: when(e.submittedAt),
        decidedAt: when(e.decidedAt),
        decisionReason: e.decisionReason,
        consentAt: when(e.publicConsentAt),
        videoSeconds: e.videoSeconds,
        placing: e.placing,
      },
      media: entryMediaView(e),
      blockers: publicationBlockers(e),
      totals: totals.get(e.id)!,
      sheets: sheets.map((s) => ({ ...s, updatedAt: when(s.updatedAt) })),
      votes: votes ? (votes.get(e.id) ?? 0) : null,
      competitionReady: competition !== null,
    },
    { headers: { "Cache-Control": CACHE.none } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { festival, viewer, actor } = await requireAdmin(request);
  const form = await request.formData();
  const intent = form.get("intent");
  const reason = form.get("reason");
  const ctx = {
    festival,
    actor,
    appUrl: env().APP_URL,
    zone: viewer.timeZone ?? festival.timeZone,
  };
  const id = params.entryId ?? "";
  const result =
    intent === "shortlist"
      ? await shortlistEntry(ctx, id)
      : intent === "decline"
        ? await declineEntry(ctx, id, typeof reason === "string" ? reason : "")
        : null;
  if (!result) throw new Response("Unknown action.", { status: 400 });
  if (result.status === "not-found") throw notFound();
  const headers = { "Cache-Control": CACHE.none };
  if (result.status === "refused") {
    return data(
      {
        intent,
        done: null,
        error: result.error,
        field: result.field ?? null,
        values: result.values ?? {},
      },
      { status: 400, headers },
    );
  }
  return data({ intent, done: result.message, error: null, field: null, values: {} }, { headers });
}

const STATUS = {
  draft: "Draft: not submitted yet",
  submitted: "Submitted: waiting for a decision",
  shortlisted: "Shortlisted",
  declined: "Declined",
} as const;

export default function Network90EntryPage() {
  const { entry, media, blockers, totals, sheets, votes, competitionReady } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const formError = result?.error && result.field !== "reason" ? result.error : undefined;
  const decidable =
    competitionReady && (entry.status === "submitted" || entry.status === "shortlisted");
  return (
    <section aria-labelledby="n90-entry" className="stack">
      <p className="breadcrumb">
        <Link to="/admin/network90">Network90</Link>
      </p>
      <h1 id="n90-entry">{entry.networkName}</h1>
      <FormMessage error={formError} success={result?.done ?? undefined} />
      <dl className="facts">
        <dt>Region</dt>
        <dd>{entry.region}</dd>
        <dt>Contact</dt>
        <dd>{entry.contactName || "not given"}</dd>
        <dt>Status</dt>
        <dd>
          {STATUS[entry.status]}
          {entry.decidedAt ? ` (${entry.decidedAt})` : ""}
          {entry.placing ? ` · placed ${entry.placing}` : ""}
        </dd>
        {entry.decisionReason ? (
          <>
            <dt>Reason given</dt>
            <dd>{entry.decisionReason}</dd>
          </>
        ) : null}
        <dt>Submitted</dt>
        <dd>{entry.submittedAt ?? "not yet"}</dd>
        <dt>Consent to show publicly</dt>
        <dd>{entry.consentAt ?? "not given"}</dd>
        {entry.videoSeconds ? (
          <>
            <dt>Video length</dt>
            <dd>{Math.round(entry.videoSeconds)} seconds</dd>
          </>
        ) : null}
        {votes !== null ? (
          <>
            <dt>Public votes</dt>
            <dd>{votes}</dd>
          </>
        ) : null}
      </dl>
      {blockers.length ? (
        <p className="notice notice--warning">
          Before it can be shown publicly this entry needs {blockers.join(", ")}.
        </p>
      ) : null}

      <h2>Description</h2>
      <div className="prose">
        {entry.description
          .split(/\n\s*\n/)
          .filter((p) => p.trim())
          .map((p, i) => (
            <p key={i}>{p.trim()}</p>
          ))}
      </div>

      <h2>Video</h2>
      <EntryMedia media={media} />

      <h2>Scores</h2>
      <ScoreTotalsTable totals={totals} id="n90-totals" />
      <p>
        <Link to={`/judging/${entry.id}`}>Score this entry yourself</Link>
      </p>
      {sheets.map((s) => (
        <section key={s.judgeId} aria-label={`Scores from ${s.judge}`} className="stack">
          <h3>{s.judge}</h3>
          <p className="muted">Last changed {s.updatedAt}</p>
          <ul>
            {s.scores.map((c) => (
              <li key={c.criterion}>
                {c.criterion}: <strong>{c.score ?? "not scored"}</strong>
                {c.comment ? ` · “${c.comment}”` : ""}
              </li>
            ))}
          </ul>
        </section>
      ))}

      {decidable ? (
        <section aria-labelledby="n90-decide" className="stack editor-panel">
          <h2 id="n90-decide">Decision</h2>
          {entry.status === "submitted" ? (
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="shortlist" />
              <p>
                Shortlisting puts the entry in the public gallery when voting opens, and emails the
                entrant.
              </p>
              <button type="submit" disabled={busy}>
                Shortlist {entry.networkName}
              </button>
            </Form>
          ) : null}
          <Form method="post" className="stack" noValidate>
            <input type="hidden" name="intent" value="decline" />
            <TextAreaField
              name="reason"
              label="Reason for declining"
              hint="Emailed to the entrant as you write it."
              rows={3}
              maxLength={REASON_MAX}
              defaultValue={result?.values && "reason" in result.values ? result.values.reason : ""}
              error={result?.field === "reason" ? (result.error ?? undefined) : undefined}
              required
            />
            <button type="submit" className="danger" disabled={busy}>
              Decline {entry.networkName}
            </button>
          </Form>
        </section>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
