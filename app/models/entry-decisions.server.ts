import { and, asc, eq, inArray, isNotNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "~db/client.server";
import { entry, user } from "~db/schema";
import { entryDeclinedEmail } from "~emails/entry-declined";
import { entryShortlistedEmail } from "~emails/entry-shortlisted";
import { enqueueEmails } from "~emails/outbox.server";
import { withoutNul } from "~/lib/form";
import { ENTRY_STATUSES, REASON_MAX, type EntryStatus } from "~/lib/network90-judging";
import { isRegion, type Region } from "~/lib/regions";
import { formatWhen, isValidZone } from "~/lib/time";
import { recordAudit, type Actor } from "./audit.server";
import {
  competitionPhase,
  getCompetition,
  publicationBlockers,
  type Competition,
  type Entry,
} from "./competition.server";
import { emailFestival } from "./email-data.server";
import type { Festival } from "./festival.server";
import { isEntryId, scoreTotals, type ScoreTotals } from "./judging.server";
import { voteCounts } from "./vote-monitor.server";

/**
 * The organisers' decisions on entries: shortlist one for the public vote
 * (only when it can be shown: video, captions and consent) or decline it
 * with a reason. Each decision, its audit line and the email to the entrant
 * are one transaction.
 */

/** Where entrants see their entry, and the public the gallery and the results. */
export const NETWORK90_PATH = "/network90";

export const isEntryStatus = (v: unknown): v is EntryStatus =>
  typeof v === "string" && (ENTRY_STATUSES as readonly string[]).includes(v);

export interface Entrant {
  userId: string;
  email: string;
  name: string;
  timeZone: string | null;
}

/** The entrant's address and name for emails (null when their account is gone). */
export async function entrantOf(conn: Tx, e: Entry): Promise<Entrant | null> {
  if (!e.userId) return null;
  const [row] = await conn
    .select({ email: user.email, name: user.name, timeZone: user.timeZone })
    .from(user)
    .where(eq(user.id, e.userId));
  if (!row) return null;
  return {
    userId: e.userId,
    email: row.email,
    // The contact named on the entry is who reads it; the account name otherwise.
    name: e.contactName || row.name,
    timeZone: isValidZone(row.timeZone) ? row.timeZone : null,
  };
}

export interface AdminEntryRow {
  id: string;
  networkName: string;
  region: string;
  status: EntryStatus;
  submittedAt: Date | null;
  blockers: string[];
  totals: ScoreTotals;
  /** Null until voting has opened. */
  votes: number | null;
}

export interface AdminEntryFilter {
  status: EntryStatus | null;
  region: Region | null;
}

/** Reads ?status= and ?region=; anything unknown means "all". */
export function parseEntryFilter(url: string): AdminEntryFilter {
  const params = new URL(url).searchParams;
  const status = params.get("status");
  const region = params.get("region");
  return {
    status: isEntryStatus(status) ? status : null,
    region: isRegion(region) ? region : null,
  };
}

/** Whether vote counts mean anything yet (and so are worth showing organisers). */
export const votingStarted = (c: Competition | null, now: Date) =>
  Boolean(c && c.votingOpensAt <= now);

/** Every entry for the back office, filtered, with the judges' totals and (once voting started) votes. */
export async function listEntriesForAdmin(
  festivalId: string,
  c: Competition | null,
  filter: AdminEntryFilter,
  now = new Date(),
): Promise<AdminEntryRow[]> {
  const conditions: SQL[] = [eq(entry.festivalId, festivalId)];
  if (filter.status) conditions.push(eq(entry.status, filter.status));
  if (filter.region) conditions.push(eq(entry.region, filter.region));
  const rows = await (
    await db()
  )
    .select()
    .from(entry)
    .where(and(...conditions))
    .orderBy(asc(sql`lower(${entry.networkName})`), asc(entry.id));
  const totals = await scoreTotals(
    rows.map((r) => r.id),
    c?.criteria ?? [],
  );
  const votes = votingStarted(c, now) ? await voteCounts(festivalId) : null;
  return rows.map((r) => ({
    id: r.id,
    networkName: r.networkName,
    region: r.region,
    status: r.status,
    submittedAt: r.submittedAt,
    blockers: publicationBlockers(r),
    totals: totals.get(r.id)!,
    votes: votes ? (votes.get(r.id) ?? 0) : null,
  }));
}

/** Any of the festival's entries, for organisers. */
export { findEntry as findEntryForAdmin } from "./competition.server";

export interface DecisionContext {
  festival: Festival;
  actor: Actor;
  appUrl: string;
  /** The zone refusals name times in (the organiser's). */
  zone: string;
  now?: Date;
}

export type DecisionResult =
  | { status: "done"; message: string }
  | { status: "refused"; error: string; field?: "reason"; values?: Record<string, string> }
  | { status: "not-found" };

/** Why captions matter, said whenever they are what is missing. */
export const CAPTIONS_WHY =
  "Captions are required for accessibility: deaf and hard-of-hearing visitors, and anyone watching without sound, follow the video through them.";

/** The refusal when an entry is not ready to be public, naming each missing piece. */
export function blockersMessage(blockers: string[]): string {
  const list =
    blockers.length > 1
      ? `${blockers.slice(0, -1).join(", ")} and ${blockers.at(-1)}`
      : (blockers[0] ?? "");
  const captions = blockers.some((b) => b.includes("captions")) ? ` ${CAPTIONS_WHY}` : "";
  return `This entry cannot be shortlisted yet: it still needs ${list}.${captions} Ask the entrant to add what is missing.`;
}

async function lockedEntry(tx: Tx, festivalId: string, id: string): Promise<Entry | null> {
  if (!isEntryId(id)) return null;
  const [row] = await tx
    .select()
    .from(entry)
    .where(and(eq(entry.festivalId, festivalId), eq(entry.id, id)))
    .for("update");
  return row ?? null;
}

/** Common refusals for any decision: no competition, results out, or already decided. */
function decisionRefusal(e: Entry, c: Competition | null, ctx: DecisionContext, now: Date) {
  if (!c) return "Set up the competition first (Network90 settings).";
  if (competitionPhase(c, now) === "announced") {
    return "The results have been announced: decisions can no longer change.";
  }
  if (e.status === "draft")
    return "This entry has not been submitted yet: there is nothing to decide.";
  if (e.status === "declined") {
    const when = e.decidedAt ? ` on ${formatWhen(e.decidedAt, ctx.zone)}` : "";
    return `This entry was declined${when}.`;
  }
  return null;
}

/**
 * Puts a submitted entry on the shortlist: it will be in the public gallery
 * when voting opens. Refused once voting has opened (the public is already
 * choosing among a fixed list) and when the entry could not be shown.
 */
export async function shortlistEntry(
  ctx: DecisionContext,
  entryId: string,
): Promise<DecisionResult> {
  const now = ctx.now ?? new Date();
  const c = await getCompetition(ctx.festival.id);
  return (await db()).transaction(async (tx): Promise<DecisionResult> => {
    const e = await lockedEntry(tx, ctx.festival.id, entryId);
    if (!e) return { status: "not-found" };
    const refusal = decisionRefusal(e, c, ctx, now);
    if (refusal) return { status: "refused", error: refusal };
    const competition = c!;
    if (e.status === "shortlisted") {
      return { status: "refused", error: "This entry is on the shortlist already." };
    }
    if (competition.votingOpensAt <= now) {
      return {
        status: "refused",
        error: `Voting opened on ${formatWhen(competition.votingOpensAt, ctx.zone)}: the shortlist is fixed while the public votes.`,
      };
    }
    const blockers = publicationBlockers(e);
    if (blockers.length > 0) return { status: "refused", error: blockersMessage(blockers) };

    await tx
      .update(entry)
      .set({
        status: "shortlisted",
        decidedAt: now,
        decidedBy: ctx.actor.id,
        decisionReason: null,
        updatedAt: now,
      })
      .where(eq(entry.id, e.id));
    const entrant = await entrantOf(tx, e);
    if (entrant) {
      await enqueueEmails(tx, [
        {
          kind: "entry-shortlisted",
          to: entrant.email,
          dedupeKey: `entry-shortlisted:${e.id}:${now.toISOString()}`,
          userId: entrant.userId,
          message: entryShortlistedEmail({
            festival: emailFestival(ctx.festival, ctx.appUrl),
            competitionName: competition.name,
            recipient: { name: entrant.name, timeZone: entrant.timeZone },
            networkName: e.networkName,
            votingOpensAt: competition.votingOpensAt,
            votingClosesAt: competition.votingClosesAt,
            galleryUrl: `${ctx.appUrl}${NETWORK90_PATH}`,
          }),
        },
      ]);
    }
    await recordAudit(
      tx,
      ctx.actor,
      {
        festivalId: ctx.festival.id,
        action: "entry.shortlist",
        subjectType: "entry",
        subjectId: e.id,
        summary: `Shortlisted "${e.networkName}" (${e.region}) for ${competition.name}`,
        before: { status: e.status },
        after: { status: "shortlisted" },
      },
      now,
    );
    return {
      status: "done",
      message: entrant
        ? `"${e.networkName}" is on the shortlist; ${entrant.email} has been emailed.`
        : `"${e.networkName}" is on the shortlist. Its entrant's account is gone, so nobody was emailed.`,
    };
  });
}

const reasonSchema = z
  .string()
  .optional()
  .transform((v) => (v ?? "").trim())
  .pipe(
    z
      .string()
      .min(1, "Give the reason: it is emailed to the entrant, who deserves to know why.")
      .max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters.`),
  );

/**
 * Declines an entry with a reason, which is emailed to the entrant. A
 * shortlisted entry may be declined until voting opens (after that the
 * public may have voted for it).
 */
export async function declineEntry(
  ctx: DecisionContext,
  entryId: string,
  reasonInput: string,
): Promise<DecisionResult> {
  const now = ctx.now ?? new Date();
  const typed = withoutNul(reasonInput);
  const values = { reason: typed.slice(0, REASON_MAX + 100) };
  const c = await getCompetition(ctx.festival.id);
  return (await db()).transaction(async (tx): Promise<DecisionResult> => {
    const e = await lockedEntry(tx, ctx.festival.id, entryId);
    if (!e) return { status: "not-found" };
    const refusal = decisionRefusal(e, c, ctx, now);
    if (refusal) return { status: "refused", error: refusal, values };
    const competition = c!;
    if (e.status === "shortlisted" && competition.votingOpensAt <= now) {
      return {
        status: "refused",
        error: `Voting opened on ${formatWhen(competition.votingOpensAt, ctx.zone)}: a shortlisted entry stays in the vote.`,
        values,
      };
    }
    const reason = reasonSchema.safeParse(typed);
    if (!reason.success) {
      return { status: "refused", error: reason.error.issues[0]!.message, field: "reason", values };
    }
    await tx
      .update(entry)
      .set({
        status: "declined",
        decisionReason: reason.data,
        decidedAt: now,
        decidedBy: ctx.actor.id,
        updatedAt: now,
      })
      .where(eq(entry.id, e.id));
    const entrant = await entrantOf(tx, e);
    if (entrant) {
      await enqueueEmails(tx, [
        {
          kind: "entry-declined",
          to: entrant.email,
          dedupeKey: `entry-declined:${e.id}:${now.toISOString()}`,
          userId: entrant.userId,
          message: entryDeclinedEmail({
            festival: emailFestival(ctx.festival, ctx.appUrl),
            competitionName: competition.name,
            recipient: { name: entrant.name },
            networkName: e.networkName,
            reason: reason.data,
            entryUrl: `${ctx.appUrl}${NETWORK90_PATH}`,
          }),
        },
      ]);
    }
    await recordAudit(
      tx,
      ctx.actor,
      {
        festivalId: ctx.festival.id,
        action: "entry.decline",
        subjectType: "entry",
        subjectId: e.id,
        summary: `Declined "${e.networkName}" (${e.region}): ${reason.data}`,
        before: { status: e.status },
        after: { status: "declined", reason: reason.data },
      },
      now,
    );
    return {
      status: "done",
      message: entrant
        ? `"${e.networkName}" was declined; ${entrant.email} has been emailed the reason.`
        : `"${e.networkName}" was declined. Its entrant's account is gone, so nobody was emailed.`,
    };
  });
}

/** Entries that were submitted (whatever was decided since): who hears the results. */
export const wasSubmitted = () =>
  or(
    isNotNull(entry.submittedAt),
    inArray(entry.status, ["submitted", "shortlisted", "declined"]),
  )!;
