import { and, eq } from "drizzle-orm";
import { db } from "~db/client.server";
import { competition, competitionJudge, entry } from "~db/schema";
import type { SessionUser } from "~/lib/auth.server";

/**
 * Network90's shared rules: where the competition is in its timeline, which
 * entries the public may see, and who may judge. Every function takes `now`
 * where time matters, so tests control the clock.
 */

export type Competition = typeof competition.$inferSelect;
export type Entry = typeof entry.$inferSelect;

export type CompetitionPhase =
  /** Networks may enter and replace their videos. */
  | "entries-open"
  /** Entries closed; judges shortlist before the vote. */
  | "judging"
  | "voting"
  /** The vote is over; results not yet announced. */
  | "counting"
  | "announced";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Only something shaped like an id reaches a query. */
export function isEntryId(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}

/** One of this festival's entries, whatever its state (callers decide who may see it). */
export async function findEntry(festivalId: string, id: string): Promise<Entry | null> {
  if (!isEntryId(id)) return null;
  const [row] = await (
    await db()
  )
    .select()
    .from(entry)
    .where(and(eq(entry.festivalId, festivalId), eq(entry.id, id)))
    .limit(1);
  return row ?? null;
}

export async function getCompetition(festivalId: string): Promise<Competition | null> {
  const [row] = await (
    await db()
  )
    .select()
    .from(competition)
    .where(eq(competition.festivalId, festivalId))
    .limit(1);
  return row ?? null;
}

export function competitionPhase(c: Competition, now: Date): CompetitionPhase {
  const t = now.getTime();
  if (c.resultsAnnouncedAt && c.resultsAnnouncedAt.getTime() <= t) return "announced";
  if (t < c.entriesCloseAt.getTime()) return "entries-open";
  if (t < c.votingOpensAt.getTime()) return "judging";
  if (t < c.votingClosesAt.getTime()) return "voting";
  return "counting";
}

export function votingOpen(c: Competition, now: Date): boolean {
  return competitionPhase(c, now) === "voting";
}

/** Why an entry cannot be shown publicly yet, in words; empty when it can. */
export function publicationBlockers(
  e: Pick<Entry, "videoKey" | "videoUrl" | "captionsKey" | "publicConsentAt">,
): string[] {
  const missing: string[] = [];
  if (!e.videoKey && !e.videoUrl) missing.push("a video");
  if (!e.captionsKey) missing.push("a captions file (WebVTT)");
  if (!e.publicConsentAt) missing.push("consent to show the video publicly");
  return missing;
}

/** Shown in the gallery: shortlisted, with video, captions and consent. */
export function isPublicEntry(e: Entry): boolean {
  return e.status === "shortlisted" && publicationBlockers(e).length === 0;
}

export async function isJudge(festivalId: string, viewer: SessionUser | null): Promise<boolean> {
  if (!viewer) return false;
  if (viewer.isOrganiser) return true;
  const [row] = await (
    await db()
  )
    .select({ userId: competitionJudge.userId })
    .from(competitionJudge)
    .where(and(eq(competitionJudge.festivalId, festivalId), eq(competitionJudge.userId, viewer.id)))
    .limit(1);
  return Boolean(row);
}

/**
 * Who may watch an entry's video and read its captions: everyone once it is
 * public; before that, only its entrant, organisers and judges.
 */
export async function mayViewEntryMedia(e: Entry, viewer: SessionUser | null): Promise<boolean> {
  if (isPublicEntry(e)) return true;
  if (!viewer) return false;
  if (e.userId === viewer.id) return true;
  return isJudge(e.festivalId, viewer);
}
