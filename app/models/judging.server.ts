import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { db } from "~db/client.server";
import { entry, entryScore, user } from "~db/schema";
import type { EntryMediaView } from "~/components/entry-media";
import type { FieldErrors } from "~/lib/form";
import { COMMENT_MAX, SCORES } from "~/lib/network90-judging";
import { formatWhen } from "~/lib/time";
import type { Competition, Entry } from "./competition.server";
import { isEntryId } from "./gallery.server";

/**
 * Judging: each judge scores each entry against the competition's criteria
 * (1 to 5, with an optional comment), and everyone judging sees the totals.
 * Scores are keyed by the criterion's text, so only the criteria in the
 * settings now are counted: a criterion renamed or removed starts afresh.
 */

/** The entries judges see: submitted, and the ones already decided. Drafts are the entrant's own. */
export const JUDGED_STATUSES = ["submitted", "shortlisted", "declined"] as const;
type JudgedStatus = (typeof JUDGED_STATUSES)[number];

export { isEntryId };

export interface CriterionTotal {
  criterion: string;
  /** Mean across judges; null when nobody has scored it. */
  average: number | null;
  /** How many judges scored it. */
  scores: number;
}

export interface ScoreTotals {
  criteria: CriterionTotal[];
  /** Mean of every score given against the current criteria; null when none. */
  overall: number | null;
  /** Judges who scored this entry on at least one current criterion. */
  judges: number;
}

const emptyTotals = (criteria: readonly string[]): ScoreTotals => ({
  criteria: criteria.map((criterion) => ({ criterion, average: null, scores: 0 })),
  overall: null,
  judges: 0,
});

/** Totals for many entries at once (one query for the sums, one for the judges). */
export async function scoreTotals(
  entryIds: readonly string[],
  criteria: readonly string[],
): Promise<Map<string, ScoreTotals>> {
  const totals = new Map<string, ScoreTotals>(entryIds.map((id) => [id, emptyTotals(criteria)]));
  if (entryIds.length === 0 || criteria.length === 0) return totals;
  const conn = await db();
  const current = and(
    inArray(entryScore.entryId, [...entryIds]),
    inArray(entryScore.criterion, [...criteria]),
  );
  const sums = await conn
    .select({
      entryId: entryScore.entryId,
      criterion: entryScore.criterion,
      sum: sql<number>`sum(${entryScore.score})`.mapWith(Number),
      count: sql<number>`count(*)`.mapWith(Number),
    })
    .from(entryScore)
    .where(current)
    .groupBy(entryScore.entryId, entryScore.criterion);
  const judges = await conn
    .select({
      entryId: entryScore.entryId,
      judges: sql<number>`count(distinct ${entryScore.judgeId})`.mapWith(Number),
    })
    .from(entryScore)
    .where(current)
    .groupBy(entryScore.entryId);
  const overall = new Map<string, { sum: number; count: number }>();
  for (const row of sums) {
    const t = totals.get(row.entryId)!;
    const c = t.criteria.find((x) => x.criterion === row.criterion)!;
    c.average = row.sum / row.count;
    c.scores = row.count;
    const o = overall.get(row.entryId) ?? { sum: 0, count: 0 };
    overall.set(row.entryId, { sum: o.sum + row.sum, count: o.count + row.count });
  }
  for (const [id, o] of overall) totals.get(id)!.overall = o.sum / o.count;
  for (const row of judges) totals.get(row.entryId)!.judges = row.judges;
  return totals;
}

/** An entry judges may open: in this festival, and submitted or decided. */
export async function entryForJudging(festivalId: string, entryId: string): Promise<Entry | null> {
  if (!isEntryId(entryId)) return null;
  const [row] = await (
    await db()
  )
    .select()
    .from(entry)
    .where(
      and(
        eq(entry.festivalId, festivalId),
        eq(entry.id, entryId),
        inArray(entry.status, [...JUDGED_STATUSES]),
      ),
    )
    .limit(1);
  return row ?? null;
}

export interface JudgingListRow {
  id: string;
  networkName: string;
  region: string;
  status: JudgedStatus;
  submittedAt: Date | null;
  /** How many of the current criteria the viewer has scored. */
  scoredByViewer: number;
  totals: ScoreTotals;
}

/** Every entry to judge, with the viewer's own progress: unscored first, then by name. */
export async function listForJudging(
  festivalId: string,
  judgeId: string,
  criteria: readonly string[],
): Promise<JudgingListRow[]> {
  const conn = await db();
  const rows = await conn
    .select({
      id: entry.id,
      networkName: entry.networkName,
      region: entry.region,
      status: entry.status,
      submittedAt: entry.submittedAt,
    })
    .from(entry)
    .where(and(eq(entry.festivalId, festivalId), inArray(entry.status, [...JUDGED_STATUSES])))
    .orderBy(asc(sql`lower(${entry.networkName})`), asc(entry.id));
  const ids = rows.map((r) => r.id);
  const mine =
    ids.length && criteria.length
      ? await conn
          .select({
            entryId: entryScore.entryId,
            scored: sql<number>`count(*)`.mapWith(Number),
          })
          .from(entryScore)
          .where(
            and(
              eq(entryScore.judgeId, judgeId),
              inArray(entryScore.entryId, ids),
              inArray(entryScore.criterion, [...criteria]),
            ),
          )
          .groupBy(entryScore.entryId)
      : [];
  const scored = new Map(mine.map((m) => [m.entryId, m.scored]));
  const totals = await scoreTotals(ids, criteria);
  return rows
    .map((r) => ({
      ...r,
      status: r.status as JudgedStatus,
      scoredByViewer: scored.get(r.id) ?? 0,
      totals: totals.get(r.id)!,
    }))
    .sort(
      (a, b) =>
        Number(a.scoredByViewer >= criteria.length) - Number(b.scoredByViewer >= criteria.length),
    );
}

export interface OwnScore {
  criterion: string;
  score: number | null;
  comment: string;
}

/** The viewer's own scores for an entry, one per current criterion. */
export async function ownScores(
  entryId: string,
  judgeId: string,
  criteria: readonly string[],
): Promise<OwnScore[]> {
  const rows = await (
    await db()
  )
    .select()
    .from(entryScore)
    .where(and(eq(entryScore.entryId, entryId), eq(entryScore.judgeId, judgeId)));
  return criteria.map((criterion) => {
    const row = rows.find((r) => r.criterion === criterion);
    return { criterion, score: row?.score ?? null, comment: row?.comment ?? "" };
  });
}

export interface JudgeScoreSheet {
  judgeId: string;
  judge: string;
  scores: OwnScore[];
  updatedAt: Date;
}

/** Each judge's scores and comments for an entry (for organisers deciding). */
export async function scoreSheets(
  entryId: string,
  criteria: readonly string[],
): Promise<JudgeScoreSheet[]> {
  const rows = await (
    await db()
  )
    .select({
      judgeId: entryScore.judgeId,
      name: user.name,
      email: user.email,
      criterion: entryScore.criterion,
      score: entryScore.score,
      comment: entryScore.comment,
      updatedAt: entryScore.updatedAt,
    })
    .from(entryScore)
    .innerJoin(user, eq(user.id, entryScore.judgeId))
    .where(and(eq(entryScore.entryId, entryId), inArray(entryScore.criterion, [...criteria])))
    .orderBy(asc(user.email));
  const sheets = new Map<string, JudgeScoreSheet>();
  for (const r of rows) {
    const sheet = sheets.get(r.judgeId) ?? {
      judgeId: r.judgeId,
      judge: r.name ? `${r.name} (${r.email})` : r.email,
      scores: criteria.map((criterion) => ({ criterion, score: null, comment: "" })),
      updatedAt: r.updatedAt,
    };
    const s = sheet.scores.find((x) => x.criterion === r.criterion)!;
    s.score = r.score;
    s.comment = r.comment;
    if (r.updatedAt > sheet.updatedAt) sheet.updatedAt = r.updatedAt;
    sheets.set(r.judgeId, sheet);
  }
  return [...sheets.values()];
}

export type SaveScoresResult =
  | { status: "saved" }
  | { status: "invalid"; errors: FieldErrors; values: Record<string, string> }
  | { status: "refused"; error: string };

const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

/**
 * Saves one judge's scores for one entry: every current criterion scored
 * 1 to 5, each with an optional comment. Saving again replaces the judge's
 * earlier scores (one row per entry, judge and criterion).
 */
export async function saveScores(
  c: Competition,
  e: Entry,
  judgeId: string,
  form: FormData,
  { now = new Date(), zone }: { now?: Date; zone: string },
): Promise<SaveScoresResult> {
  if (c.resultsAnnouncedAt && c.resultsAnnouncedAt <= now) {
    return {
      status: "refused",
      error: `The results were announced on ${formatWhen(c.resultsAnnouncedAt, zone)}: scores are final.`,
    };
  }
  if (e.status === "declined") {
    return { status: "refused", error: "This entry was declined: it is no longer scored." };
  }
  const values: Record<string, string> = {};
  const errors: FieldErrors = {};
  const rows: { criterion: string; score: number; comment: string }[] = [];
  c.criteria.forEach((criterion, i) => {
    const typed = field(form, `criterion-${i}`);
    const raw = field(form, `score-${i}`).trim();
    const comment = field(form, `comment-${i}`).trim();
    values[`score-${i}`] = raw;
    values[`comment-${i}`] = comment.slice(0, COMMENT_MAX + 100);
    if (typed !== criterion) {
      errors.form =
        "The judging criteria changed while you were scoring. Your scores were not saved: look at the criteria below and score again.";
      return;
    }
    const score = Number(raw);
    if (!/^[1-5]$/.test(raw) || !SCORES.includes(score as 1)) {
      errors[`score-${i}`] = `Choose a score from 1 to 5 for "${criterion}".`;
    }
    if (comment.length > COMMENT_MAX) {
      errors[`comment-${i}`] = `Keep the comment under ${COMMENT_MAX} characters.`;
    }
    rows.push({ criterion, score, comment });
  });
  if (field(form, `criterion-${c.criteria.length}`)) {
    errors.form ??=
      "The judging criteria changed while you were scoring. Your scores were not saved: look at the criteria below and score again.";
  }
  if (Object.keys(errors).length > 0) return { status: "invalid", errors, values };
  await (
    await db()
  )
    .insert(entryScore)
    .values(rows.map((r) => ({ entryId: e.id, judgeId, ...r, updatedAt: now })))
    .onConflictDoUpdate({
      target: [entryScore.entryId, entryScore.judgeId, entryScore.criterion],
      set: {
        score: sql`excluded.score`,
        comment: sql`excluded.comment`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
  return { status: "saved" };
}

/** What the player needs; a linked video's address only if it is a web address (never javascript: and the like). */
export function entryMediaView(e: Entry): EntryMediaView {
  let videoUrl: string | null = null;
  if (!e.videoKey && e.videoUrl) {
    try {
      const url = new URL(e.videoUrl);
      if (url.protocol === "https:" || url.protocol === "http:") videoUrl = url.toString();
    } catch {
      videoUrl = null;
    }
  }
  return {
    id: e.id,
    networkName: e.networkName,
    uploaded: Boolean(e.videoKey),
    hasCaptions: Boolean(e.captionsKey),
    videoUrl,
  };
}
