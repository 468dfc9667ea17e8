import { and, eq, inArray, notExists, or, sql } from "drizzle-orm";
import type { Tx } from "~db/client.server";
import {
  devMail,
  entry,
  facultyInvite,
  facultyProfile,
  festivalRegistration,
  loginToken,
  outbox,
  post,
  postAuthor,
  rateLimit,
  vote,
  voteRefusal,
} from "~db/schema";
import { REMOVED_DOMAIN } from "~/lib/removed-person";
import { scrubAuditMentions } from "./audit-scrub.server";

/**
 * What deleting an account removes besides the user row itself (whose
 * foreign keys end sessions, recovery codes, faculty profiles, judge seats
 * and the judge's own scores, and unlink registrations, entries and votes).
 * Decisions, also in the README:
 *
 * - Registrations stay as anonymous rows (no person, answers cleared): the
 *   counts of who registered and came stay right.
 * - Votes stay counted, unlinked: the row's address becomes a unique
 *   undeliverable placeholder and its internet address goes. (So the same
 *   address could vote again after signing up anew; the per-address limit
 *   still applies.)
 * - Network90 entries they sent are withdrawn from the gallery: contact
 *   name, description, consent, video and captions go (files deleted after
 *   the transaction); network name, region, status, placing and votes stay
 *   so announced results still add up.
 * - Blog posts they wrote alone are deleted; posts written with others stay
 *   under the other authors' names.
 * - Mail to them (any state), sign-in requests, dev mailbox copies, rate
 *   limit counters and faculty invitations to their address are deleted;
 *   audit lines that name them keep what happened with [removed] instead.
 *
 * Returns the storage keys to delete once the transaction has committed.
 */
export async function eraseTraces(
  tx: Tx,
  account: { id: string; email: string; name: string },
): Promise<string[]> {
  const email = account.email.toLowerCase();
  const files: string[] = [];

  await tx
    .update(festivalRegistration)
    .set({ organisation: "", network: "", heardFrom: "" })
    .where(eq(festivalRegistration.userId, account.id));

  const entries = await tx.select().from(entry).where(eq(entry.userId, account.id));
  for (const e of entries) {
    if (e.videoKey) files.push(e.videoKey);
    if (e.captionsKey) files.push(e.captionsKey);
  }
  if (entries.length) {
    await tx
      .update(entry)
      .set({
        contactName: "",
        description: "",
        publicConsentAt: null,
        videoKey: null,
        videoUrl: null,
        videoType: null,
        videoBytes: null,
        videoSeconds: null,
        captionsKey: null,
        decisionReason: null,
        userId: null,
      })
      .where(
        inArray(
          entry.id,
          entries.map((e) => e.id),
        ),
      );
  }

  await tx
    .update(vote)
    .set({ email: sql`'vote-' || ${vote.id} || ${`@${REMOVED_DOMAIN}`}`, ip: null, userId: null })
    .where(or(eq(vote.userId, account.id), eq(vote.email, email)));
  await tx
    .update(voteRefusal)
    .set({ email: sql`'refused-' || ${voteRefusal.id} || ${`@${REMOVED_DOMAIN}`}`, ip: null })
    .where(eq(voteRefusal.email, email));

  // Posts whose only author is this person go; co-written ones lose their byline only.
  const mine = tx
    .select({ postId: postAuthor.postId })
    .from(postAuthor)
    .innerJoin(facultyProfile, eq(facultyProfile.id, postAuthor.facultyId))
    .where(eq(facultyProfile.userId, account.id));
  const others = tx
    .select({ one: sql`1` })
    .from(postAuthor)
    .innerJoin(facultyProfile, eq(facultyProfile.id, postAuthor.facultyId))
    .where(and(eq(postAuthor.postId, post.id), sql`${facultyProfile.userId} <> ${account.id}`));
  await tx.delete(post).where(and(inArray(post.id, mine), notExists(others)));

  await tx
    .delete(outbox)
    .where(or(eq(sql`lower(${outbox.recipient})`, email), eq(outbox.userId, account.id)));
  await tx.delete(loginToken).where(eq(loginToken.email, email));
  await tx.delete(devMail).where(eq(sql`lower(${devMail.recipient})`, email));
  // Rate-limit counters are keyed by address or by person (they expire within minutes anyway).
  await tx
    .delete(rateLimit)
    .where(
      or(
        sql`position(${email} in lower(${rateLimit.key})) > 0`,
        sql`position(${account.id} in ${rateLimit.key}) > 0`,
      ),
    );
  await tx.delete(facultyInvite).where(eq(facultyInvite.email, email));
  await scrubAuditMentions(tx, [account]);
  return files;
}
