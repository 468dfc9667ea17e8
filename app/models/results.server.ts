import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { db } from "~db/client.server";
import { competition, entry } from "~db/schema";
import { competitionResultsEmail, type EntryOutcome } from "~emails/competition-results";
import { enqueueEmails, type QueuedEmail } from "~emails/outbox.server";
import type { FieldErrors } from "~/lib/form";
import { PLACING_FIELDS } from "~/lib/network90-judging";
import { formatWhen } from "~/lib/time";
import { recordAudit } from "./audit.server";
import { getCompetition, type Competition } from "./competition.server";
import { emailFestival } from "./email-data.server";
import {
  entrantOf,
  NETWORK90_PATH,
  wasSubmitted,
  type DecisionContext,
} from "./entry-decisions.server";
import { isEntryId, scoreTotals, type ScoreTotals } from "./judging.server";
import { voteCounts } from "./vote-monitor.server";

/**
 * Network90's results: the judges' award (a winner and up to two
 * runners-up, chosen by the organisers from the shortlist) and the People's
 * Choice (the most public votes). Nothing of either is public until the
 * organisers announce; announcing happens once, after voting closes, and
 * emails every entrant their own outcome.
 */

export const RESULTS_PATH = `${NETWORK90_PATH}#results`;

interface Shortlisted {
  id: string;
  networkName: string;
  region: string;
  placing: number | null;
}

async function shortlisted(festivalId: string): Promise<Shortlisted[]> {
  return (await db())
    .select({
      id: entry.id,
      networkName: entry.networkName,
      region: entry.region,
      placing: entry.placing,
    })
    .from(entry)
    .where(and(eq(entry.festivalId, festivalId), eq(entry.status, "shortlisted")))
    .orderBy(asc(sql`lower(${entry.networkName})`), asc(entry.id));
}

/** The entries with the most votes: several when tied, none when nobody voted. */
export function mostVoted<T extends { votes: number }>(rows: readonly T[]): T[] {
  const top = Math.max(0, ...rows.map((r) => r.votes));
  return top === 0 ? [] : rows.filter((r) => r.votes === top);
}

export interface BoardRow extends Shortlisted {
  totals: ScoreTotals;
  votes: number;
}

/** For organisers: every shortlisted entry with the judges' averages and its votes. */
export async function resultsBoard(festivalId: string, c: Competition): Promise<BoardRow[]> {
  const rows = await shortlisted(festivalId);
  const [totals, votes] = await Promise.all([
    scoreTotals(
      rows.map((r) => r.id),
      c.criteria,
    ),
    voteCounts(festivalId),
  ]);
  return rows
    .map((r) => ({ ...r, totals: totals.get(r.id)!, votes: votes.get(r.id) ?? 0 }))
    .sort((a, b) => (b.totals.overall ?? 0) - (a.totals.overall ?? 0));
}

export interface PublicResults {
  announcedAt: Date;
  /** The judges' award, winner first. */
  placings: { placing: number; entryId: string; networkName: string; region: string }[];
  /** The shortlisted entries with the most votes: more than one when tied. */
  peoplesChoice: { entryId: string; networkName: string; region: string; votes: number }[];
  /** Every shortlisted entry's votes, most first. */
  votes: { entryId: string; networkName: string; region: string; votes: number }[];
  totalVotes: number;
}

/** What the public page shows: null until the organisers have announced. */
export async function publicResults(festivalId: string, now: Date): Promise<PublicResults | null> {
  const c = await getCompetition(festivalId);
  if (!c?.resultsAnnouncedAt || c.resultsAnnouncedAt > now) return null;
  const [rows, counts] = await Promise.all([shortlisted(festivalId), voteCounts(festivalId)]);
  const votes = rows
    .map((r) => ({
      entryId: r.id,
      networkName: r.networkName,
      region: r.region,
      votes: counts.get(r.id) ?? 0,
    }))
    .sort((a, b) => b.votes - a.votes || a.networkName.localeCompare(b.networkName));
  return {
    announcedAt: c.resultsAnnouncedAt,
    placings: rows
      .filter((r) => r.placing !== null)
      .map((r) => ({
        placing: r.placing!,
        entryId: r.id,
        networkName: r.networkName,
        region: r.region,
      }))
      .sort((a, b) => a.placing - b.placing),
    peoplesChoice: mostVoted(votes),
    votes,
    totalVotes: votes.reduce((n, v) => n + v.votes, 0),
  };
}

export type AnnounceResult =
  | { status: "announced"; emailed: number }
  | { status: "invalid"; errors: FieldErrors; values: Record<string, string> };

/** Checks the chosen placings against the shortlist: a winner, runners-up in order, no entry twice. */
function parsePlacings(
  values: Record<string, string>,
  shortlist: readonly Shortlisted[],
): { ok: true; ids: string[] } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const ids: string[] = [];
  const known = new Set(shortlist.map((s) => s.id));
  if (shortlist.length === 0) {
    return {
      ok: false,
      errors: { form: "Nothing is shortlisted, so there is no winner to choose." },
    };
  }
  PLACING_FIELDS.forEach((name, i) => {
    const id = (values[name] ?? "").trim();
    if (!id) {
      if (i === 0) errors[name] = "Choose the winner of the judges' award.";
      return;
    }
    if (!isEntryId(id) || !known.has(id)) {
      errors[name] = "Choose one of the shortlisted entries.";
      return;
    }
    if (ids.includes(id)) {
      errors[name] = "That entry already has a placing: each entry places once.";
      return;
    }
    if (i === 2 && !(values.placing2 ?? "").trim()) {
      errors[name] = "Choose the first runner-up before the second.";
      return;
    }
    ids.push(id);
  });
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, ids };
}

/**
 * Announces the results: the placings and resultsAnnouncedAt in one
 * transaction, with one email per entrant who submitted (their own outcome,
 * deduplicated per entry). Refused before voting closes, and a second time
 * (the competition row is locked, so two organisers clicking at once
 * announce once).
 */
export async function announceResults(
  ctx: DecisionContext,
  values: Record<string, string>,
): Promise<AnnounceResult> {
  const now = ctx.now ?? new Date();
  const festivalId = ctx.festival.id;
  const invalid = (errors: FieldErrors): AnnounceResult => ({ status: "invalid", errors, values });
  return (await db()).transaction(async (tx): Promise<AnnounceResult> => {
    const [c] = await tx
      .select()
      .from(competition)
      .where(eq(competition.festivalId, festivalId))
      .for("update");
    if (!c) return invalid({ form: "Set up the competition first (Network90 settings)." });
    if (c.resultsAnnouncedAt) {
      return invalid({
        form: `The results were announced on ${formatWhen(c.resultsAnnouncedAt, ctx.zone)}. They are announced once; nothing was changed or sent again.`,
      });
    }
    if (now < c.votingClosesAt) {
      return invalid({
        form: `Voting closes on ${formatWhen(c.votingClosesAt, ctx.zone)}: the results can be announced after that.`,
      });
    }
    const shortlist = await tx
      .select({
        id: entry.id,
        networkName: entry.networkName,
        region: entry.region,
        placing: entry.placing,
      })
      .from(entry)
      .where(and(eq(entry.festivalId, festivalId), eq(entry.status, "shortlisted")));
    const parsed = parsePlacings(values, shortlist);
    if (!parsed.ok) return invalid(parsed.errors);

    await tx
      .update(entry)
      .set({ placing: null })
      .where(and(eq(entry.festivalId, festivalId), isNotNull(entry.placing)));
    for (const [i, id] of parsed.ids.entries()) {
      await tx
        .update(entry)
        .set({ placing: i + 1, updatedAt: now })
        .where(eq(entry.id, id));
    }
    await tx
      .update(competition)
      .set({ resultsAnnouncedAt: now, updatedAt: now })
      .where(eq(competition.festivalId, festivalId));

    const counts = await voteCounts(festivalId, tx);
    const votes = shortlist.map((s) => ({ ...s, votes: counts.get(s.id) ?? 0 }));
    const peoples = mostVoted(votes);
    const placings = parsed.ids.map((id, i) => ({
      placing: i + 1,
      networkName: shortlist.find((s) => s.id === id)!.networkName,
    }));
    const entered = await tx
      .select()
      .from(entry)
      .where(and(eq(entry.festivalId, festivalId), wasSubmitted()));
    const emails: QueuedEmail[] = [];
    for (const e of entered) {
      const entrant = await entrantOf(tx, e);
      if (!entrant) continue;
      const place = parsed.ids.indexOf(e.id);
      const outcome: EntryOutcome =
        place >= 0
          ? { kind: "placed", placing: (place + 1) as 1 | 2 | 3 }
          : e.status === "shortlisted"
            ? { kind: "shortlisted" }
            : { kind: "thanks" };
      emails.push({
        kind: "competition-results",
        to: entrant.email,
        dedupeKey: `competition-results:${e.id}`,
        userId: entrant.userId,
        message: competitionResultsEmail({
          festival: emailFestival(ctx.festival, ctx.appUrl),
          competitionName: c.name,
          recipient: { name: entrant.name },
          networkName: e.networkName,
          outcome,
          peoplesChoice: peoples.some((p) => p.id === e.id),
          placings,
          peoplesChoiceNames: peoples.map((p) => p.networkName),
          resultsUrl: `${ctx.appUrl}${RESULTS_PATH}`,
        }),
      });
    }
    const emailed = await enqueueEmails(tx, emails);
    await recordAudit(
      tx,
      ctx.actor,
      {
        festivalId,
        action: "competition.announce",
        subjectType: "competition",
        subjectId: festivalId,
        summary: `Announced the results of ${c.name}: ${placings.map((p) => `${p.placing}. ${p.networkName}`).join("; ")}; People's Choice ${peoples.map((p) => p.networkName).join(" and ") || "none (no votes)"}`,
        after: {
          placings: parsed.ids.map((id, i) => ({ placing: i + 1, entryId: id })),
          peoplesChoice: peoples.map((p) => p.id),
          emailed,
        },
      },
      now,
    );
    return { status: "announced", emailed };
  });
}

/** The shortlist as choices for the placings' selects. */
export async function shortlistOptions(festivalId: string) {
  const rows = await shortlisted(festivalId);
  return rows.map((r) => ({ id: r.id, label: `${r.networkName} (${r.region})` }));
}
