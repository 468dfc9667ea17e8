import { and, count, eq, gte, sql } from "drizzle-orm";
import { db, type Tx } from "~db/client.server";
import { entry, vote, voteRefusal } from "~db/schema";
import { formatWhen } from "~/lib/time";
import { competitionPhase, getCompetition, isPublicEntry } from "./competition.server";
import { findEntry } from "./gallery.server";

/**
 * Network90's public vote: one vote per verified email per festival, for a
 * public entry, inside the voting window. Every refusal is written down so
 * organisers can see attempts at stuffing the ballot.
 */

/**
 * At most this many votes from one internet address in IP_WINDOW_MINUTES.
 * Generous on purpose: a household, an office or a conference venue shares
 * one address, and each of its people may vote once. It only slows down one
 * machine signing in as many addresses.
 */
export const VOTES_PER_IP = 10;
export const IP_WINDOW_MINUTES = 10;

export type VoteRefusalReason = "already-voted" | "ip-limit" | "window-closed";

export interface Voter {
  id: string;
  /** Verified by signing in. */
  email: string;
}

export type VoteResult =
  | { status: "voted"; networkName: string }
  /** No competition, no such entry, or one the public may not see: the page answers 404. */
  | { status: "not-found" }
  | { status: "refused"; reason: "already-voted"; networkName: string }
  | { status: "refused"; reason: "ip-limit" }
  | {
      status: "refused";
      reason: "window-closed";
      /** Whether the window is still to come or already gone, for the message. */
      when: "before" | "after";
      opensAt: Date;
      closesAt: Date;
    };

export type VoteRefusal = Extract<VoteResult, { status: "refused" }>;

export interface VoteInput {
  festivalId: string;
  entryId: string;
  voter: Voter;
  /** The request's address (null when unknown: then no address limit applies). */
  ip: string | null;
  now?: Date;
}

const normalEmail = (email: string) => email.trim().toLowerCase();

/** The entry this address voted for in the festival, if it has voted. */
export async function voteOf(
  festivalId: string,
  email: string,
  conn?: Tx,
): Promise<{ entryId: string; networkName: string } | null> {
  const [row] = await (conn ?? (await db()))
    .select({ entryId: vote.entryId, networkName: entry.networkName })
    .from(vote)
    .innerJoin(entry, eq(entry.id, vote.entryId))
    .where(and(eq(vote.festivalId, festivalId), eq(vote.email, normalEmail(email))))
    .limit(1);
  return row ?? null;
}

/** The loser of two simultaneous first votes by one address meets the unique index. */
function isDuplicateVote(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { code, constraint_name, constraint } = e as Record<string, unknown>;
    if (code !== "23505") continue;
    if ((constraint_name ?? constraint) === "vote_email_key") return true;
    if (String((e as Error).message).includes("vote_email_key")) return true;
  }
  return false;
}

async function recordRefusal(
  input: VoteInput,
  reason: VoteRefusalReason,
  now: Date,
): Promise<void> {
  await (await db()).insert(voteRefusal).values({
    festivalId: input.festivalId,
    email: normalEmail(input.voter.email),
    ip: input.ip,
    reason,
    createdAt: now,
  });
}

export async function castVote(input: VoteInput): Promise<VoteResult> {
  const now = input.now ?? new Date();
  const email = normalEmail(input.voter.email);
  const competition = await getCompetition(input.festivalId);
  const chosen = competition ? await findEntry(input.festivalId, input.entryId) : null;
  if (!competition || !chosen || !isPublicEntry(chosen)) return { status: "not-found" };

  if (competitionPhase(competition, now) !== "voting") {
    await recordRefusal(input, "window-closed", now);
    return {
      status: "refused",
      reason: "window-closed",
      when: now < competition.votingOpensAt ? "before" : "after",
      opensAt: competition.votingOpensAt,
      closesAt: competition.votingClosesAt,
    };
  }

  let result: VoteResult;
  try {
    result = await (
      await db()
    ).transaction(async (tx): Promise<VoteResult> => {
      if (input.ip) {
        // One vote at a time per address, so ten simultaneous votes cannot all
        // count the same nine before them.
        await tx.execute(
          sql`select pg_advisory_xact_lock(hashtextextended(${`vote-ip:${input.festivalId}:${input.ip}`}, 0))`,
        );
      }
      const prior = await voteOf(input.festivalId, email, tx);
      if (prior)
        return { status: "refused", reason: "already-voted", networkName: prior.networkName };
      if (input.ip) {
        const since = new Date(now.getTime() - IP_WINDOW_MINUTES * 60_000);
        const [recent] = await tx
          .select({ n: count() })
          .from(vote)
          .where(
            and(
              eq(vote.festivalId, input.festivalId),
              eq(vote.ip, input.ip),
              gte(vote.createdAt, since),
            ),
          );
        if ((recent?.n ?? 0) >= VOTES_PER_IP) return { status: "refused", reason: "ip-limit" };
      }
      await tx.insert(vote).values({
        festivalId: input.festivalId,
        entryId: chosen.id,
        userId: input.voter.id,
        email,
        ip: input.ip,
        createdAt: now,
      });
      return { status: "voted", networkName: chosen.networkName };
    });
  } catch (error) {
    if (!isDuplicateVote(error)) throw error;
    // The same person voting twice at once: the unique index kept one, and
    // the other gets the answer a later second vote would get.
    const prior = await voteOf(input.festivalId, email);
    result = {
      status: "refused",
      reason: "already-voted",
      networkName: prior?.networkName ?? chosen.networkName,
    };
  }
  if (result.status === "refused") await recordRefusal(input, result.reason, now);
  return result;
}

/** What a refused voter reads, with times in their zone (named). */
export function refusalMessage(refusal: VoteRefusal, zone: string): string {
  switch (refusal.reason) {
    case "already-voted":
      return `You have already voted for ${refusal.networkName}. Each person has one vote.`;
    case "ip-limit":
      return (
        `Too many votes have come from your internet address in the last ${IP_WINDOW_MINUTES} minutes. ` +
        "People in one home or office share an address, so the limit is generous: please try again in a few minutes."
      );
    case "window-closed":
      return refusal.when === "before"
        ? `Voting has not opened yet: it opens ${formatWhen(refusal.opensAt, zone)}.`
        : `Voting closed ${formatWhen(refusal.closesAt, zone)}.`;
  }
}
