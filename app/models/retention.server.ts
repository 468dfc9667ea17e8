import { and, eq, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { db, type Tx } from "~db/client.server";
import {
  auditLog,
  competitionJudge,
  devMail,
  entry,
  entryScore,
  facultyInvite,
  festival,
  festivalRegistration,
  loginToken,
  outbox,
  rateLimit,
  recoveryCode,
  session,
  user,
  vote,
  voteRefusal,
  webinar,
  webinarRegistration,
} from "~db/schema";
import { REMOVED_DOMAIN } from "~/lib/removed-person";
import { retentionDeadline, retentionHasPassed } from "~/lib/retention-date";
import { storage } from "~/lib/storage.server";
import { scrubAuditMentions } from "./audit-scrub.server";
import { isPublicEntry } from "./competition.server";
import type { Festival } from "./festival.server";

/**
 * The retention job. Once a festival's retention period has passed (its
 * last day, in its own zone, plus festival.retentionDays), everything that
 * says who its registrants were goes, in one transaction, while every
 * number organisers read stays the same:
 *
 * - People tied only to festivals whose period has passed are anonymised in
 *   place: the user row stays as a nameless placeholder (its email an
 *   undeliverable removed-<id>@removed.invalid) so registrations, attendance
 *   and votes still count, and the coarse country and time zone the
 *   dashboard charts by stay; everything else about them goes (name,
 *   organisation, role, sessions, sign-in requests, calendar feed, second
 *   factor, unsent and sent mail, dev mailbox copies, their address in the
 *   audit log).
 * - People also registered for a festival still within its period keep
 *   their account; this festival's rows move to a new placeholder carrying
 *   only their country and zone, so the account no longer says they came.
 * - Organisers and faculty (staff) are kept as they are.
 * - Every vote loses its email (a unique placeholder per row keeps the
 *   one-vote-per-address index) and its internet address; refused votes too.
 * - Entries lose their contact name, entrant link and decision reason, and
 *   judges' comments go (scores stay). An entry that was public in the
 *   gallery keeps its network name, description, video and captions (they
 *   were published with consent); one that never was loses its description,
 *   video and captions, files included (deleted once the transaction commits).
 */

export interface RetentionCounts {
  /** Accounts anonymised in place. */
  peopleAnonymised: number;
  /** Accounts kept (still registered for a festival within its period), unlinked from this one. */
  peopleUnlinked: number;
  /** Organisers and faculty among the festival's people, kept as they are. */
  staffKept: number;
  festivalRegistrationsCleared: number;
  entriesCleared: number;
  entryFilesRemoved: number;
  judgeCommentsCleared: number;
  votesAnonymised: number;
  voteRefusalsAnonymised: number;
  sessionsEnded: number;
  signInRequestsRemoved: number;
  emailsRemoved: number;
  devMailboxRemoved: number;
  auditRowsScrubbed: number;
}

export interface RetentionRun {
  festivalId: string;
  festivalName: string;
  deadline: Date;
  counts: RetentionCounts;
  dryRun: boolean;
}

/** Festivals whose period has passed and whose registrants are not anonymised yet. */
export async function festivalsDue(now: Date): Promise<Festival[]> {
  const pending = await (
    await db()
  )
    .select()
    .from(festival)
    .where(isNull(festival.personalDataRemovedAt));
  return pending.filter((f) => retentionHasPassed(f, now));
}

/** Runs the job for every festival due; each festival is its own transaction. */
export async function runRetention(
  options: { now?: Date; dryRun?: boolean } = {},
): Promise<RetentionRun[]> {
  const now = options.now ?? new Date();
  const runs: RetentionRun[] = [];
  for (const f of await festivalsDue(now)) {
    const run = await anonymiseFestival(f.id, { now, dryRun: options.dryRun ?? false });
    if (run) runs.push(run);
  }
  return runs;
}

class DryRunRollback extends Error {
  constructor(readonly run: RetentionRun) {
    super("dry run: rolled back");
  }
}

/**
 * Anonymises one festival's registrants, or with dryRun does all of it in a
 * transaction that is then rolled back, so the counts are exactly what a
 * real run would do. Null when the festival is not due (or already done).
 */
export async function anonymiseFestival(
  festivalId: string,
  options: { now?: Date; dryRun?: boolean } = {},
): Promise<RetentionRun | null> {
  const now = options.now ?? new Date();
  const dryRun = options.dryRun ?? false;
  const filesToDelete: string[] = [];
  let run: RetentionRun | null;
  try {
    run = await (
      await db()
    ).transaction(async (tx) => {
      const [f] = await tx.select().from(festival).where(eq(festival.id, festivalId)).for("update");
      // Checked again under the row lock: two planners racing do the work once.
      if (!f || f.personalDataRemovedAt || !retentionHasPassed(f, now)) return null;
      const counts = await anonymiseInTransaction(tx, f, now, filesToDelete);
      await tx
        .update(festival)
        .set({ personalDataRemovedAt: now })
        .where(eq(festival.id, festivalId));
      await tx.insert(auditLog).values({
        festivalId,
        actorId: null,
        actorEmail: "retention job",
        action: "festival.personal-data-removed",
        subjectType: "festival",
        subjectId: festivalId,
        summary: `Removed registrants' personal data ${f.retentionDays} days after the festival: ${counts.peopleAnonymised} people anonymised, ${counts.peopleUnlinked} unlinked, ${counts.votesAnonymised} votes and ${counts.entriesCleared} entries cleared; counts kept`,
        after: { ...counts },
        createdAt: now,
      });
      const result: RetentionRun = {
        festivalId,
        festivalName: f.name,
        deadline: retentionDeadline(f),
        counts,
        dryRun,
      };
      if (dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.run;
    throw error;
  }
  // Files go only once the rows no longer name them (a failed delete leaves an orphan, not a hole).
  for (const key of filesToDelete) {
    await storage()
      .delete(key)
      .catch(() => {});
  }
  return run;
}

const CHUNK = 500;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Runs a statement per chunk of ids and adds up the rows it touched. */
async function perChunk<T>(
  items: readonly T[],
  statement: (chunk: T[]) => Promise<unknown[]>,
): Promise<number> {
  let n = 0;
  for (const chunk of chunks(items)) n += (await statement(chunk)).length;
  return n;
}

/** Who has rows in a festival: registrants, seat holders, entrants, voters and judges. */
function peopleOf(festivalIds: SQL): SQL {
  return sql`
    select ${festivalRegistration.userId} from ${festivalRegistration}
      where ${festivalRegistration.festivalId} in (${festivalIds}) and ${festivalRegistration.userId} is not null
    union select ${webinarRegistration.userId} from ${webinarRegistration}
      join ${webinar} on ${webinar.id} = ${webinarRegistration.webinarId}
      where ${webinar.festivalId} in (${festivalIds}) and ${webinarRegistration.userId} is not null
    union select ${entry.userId} from ${entry}
      where ${entry.festivalId} in (${festivalIds}) and ${entry.userId} is not null
    union select ${vote.userId} from ${vote}
      where ${vote.festivalId} in (${festivalIds}) and ${vote.userId} is not null
    union select ${competitionJudge.userId} from ${competitionJudge}
      where ${competitionJudge.festivalId} in (${festivalIds})`;
}

async function anonymiseInTransaction(
  tx: Tx,
  f: Festival,
  now: Date,
  filesToDelete: string[],
): Promise<RetentionCounts> {
  const others = await tx
    .select()
    .from(festival)
    .where(and(sql`${festival.id} <> ${f.id}`, isNull(festival.personalDataRemovedAt)));
  const liveIds = others.filter((o) => !retentionHasPassed(o, now)).map((o) => o.id);
  const live = liveIds.length
    ? sql.join(
        liveIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )
    : sql`null::uuid`;
  const people = await tx
    .select({
      id: user.id,
      email: user.email,
      name: user.name,
      staff: sql<boolean>`${user.isOrganiser} or ${user.isFaculty}`,
      elsewhere: sql<boolean>`${user.id} in (${peopleOf(live)})`,
    })
    .from(user)
    .where(sql`${user.id} in (${peopleOf(sql`${f.id}::uuid`)})`);
  const staff = people.filter((p) => p.staff);
  const kept = people.filter((p) => !p.staff && p.elsewhere);
  const gone = people.filter((p) => !p.staff && !p.elsewhere);
  const goneIds = gone.map((p) => p.id);
  const goneEmails = gone.map((p) => p.email.toLowerCase());
  const festivalWebinars = tx
    .select({ id: webinar.id })
    .from(webinar)
    .where(eq(webinar.festivalId, f.id));

  // Mail, sign-ins and sessions first: they are found by the addresses about to go.
  const emailsRemoved =
    (await perChunk(goneIds, (ids) =>
      tx.delete(outbox).where(inArray(outbox.userId, ids)).returning({ id: outbox.id }),
    )) +
    (await perChunk(goneEmails, (emails) =>
      tx
        .delete(outbox)
        .where(inArray(sql`lower(${outbox.recipient})`, emails))
        .returning({ id: outbox.id }),
    )) +
    (await perChunk(
      kept.map((p) => p.id),
      (ids) =>
        tx
          .delete(outbox)
          .where(
            and(
              inArray(outbox.userId, ids),
              inArray(outbox.webinarId, festivalWebinars),
              eq(outbox.status, "pending"),
            ),
          )
          .returning({ id: outbox.id }),
    ));
  const devMailboxRemoved = await perChunk(goneEmails, (emails) =>
    tx
      .delete(devMail)
      .where(inArray(sql`lower(${devMail.recipient})`, emails))
      .returning({ id: devMail.id }),
  );
  const signInRequestsRemoved = await perChunk(goneEmails, (emails) =>
    tx.delete(loginToken).where(inArray(loginToken.email, emails)).returning({ id: loginToken.id }),
  );
  // Rate-limit counters keyed by an address or a person (they expire within minutes anyway).
  await perChunk([...goneEmails, ...goneIds], (keys) =>
    tx
      .delete(rateLimit)
      .where(or(...keys.map((k) => sql`position(${k} in lower(${rateLimit.key})) > 0`)))
      .returning({ key: rateLimit.key }),
  );
  await perChunk(goneEmails, (emails) =>
    tx
      .delete(facultyInvite)
      .where(and(inArray(facultyInvite.email, emails), isNull(facultyInvite.acceptedAt)))
      .returning({ id: facultyInvite.id }),
  );
  const sessionsEnded = await perChunk(goneIds, (ids) =>
    tx.delete(session).where(inArray(session.userId, ids)).returning({ id: session.id }),
  );
  await perChunk(goneIds, (ids) =>
    tx
      .delete(recoveryCode)
      .where(inArray(recoveryCode.userId, ids))
      .returning({ id: recoveryCode.id }),
  );
  const auditRowsScrubbed = await scrubAuditMentions(tx, gone);

  await perChunk(goneIds, (ids) =>
    tx
      .update(user)
      .set({
        email: sql`'removed-' || ${user.id} || ${`@${REMOVED_DOMAIN}`}`,
        name: "",
        organisation: "",
        networkRole: "",
        // A new secret retires the calendar feed's URL.
        calendarToken: sql`replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')`,
        emailReminders: false,
        emailDigest: false,
        emailNews: false,
        emailAnnouncements: false,
        privacyConsentAt: null,
        marketingConsentAt: null,
        totpSecret: null,
        totpEnabledAt: null,
        totpLastStep: null,
        updatedAt: now,
      })
      .where(inArray(user.id, ids))
      .returning({ id: user.id }),
  );

  for (const person of kept) await unlinkFromFestival(tx, f, person.id);

  const festivalRegistrationsCleared = (
    await tx
      .update(festivalRegistration)
      .set({ organisation: "", network: "", heardFrom: "" })
      .where(
        and(
          eq(festivalRegistration.festivalId, f.id),
          or(
            isNull(festivalRegistration.userId),
            sql`${festivalRegistration.userId} not in (select ${user.id} from ${user} where ${user.isOrganiser} or ${user.isFaculty})`,
          ),
        ),
      )
      .returning({ id: festivalRegistration.id })
  ).length;

  const entries = await tx.select().from(entry).where(eq(entry.festivalId, f.id));
  let entryFilesRemoved = 0;
  for (const e of entries) {
    const published = isPublicEntry(e);
    if (!published) {
      for (const key of [e.videoKey, e.captionsKey]) {
        if (key) {
          filesToDelete.push(key);
          entryFilesRemoved++;
        }
      }
    }
    await tx
      .update(entry)
      .set({
        userId: null,
        contactName: "",
        decisionReason: null,
        ...(published
          ? {}
          : { description: "", videoKey: null, videoUrl: null, captionsKey: null }),
        updatedAt: now,
      })
      .where(eq(entry.id, e.id));
  }
  const judgeCommentsCleared = (
    await tx
      .update(entryScore)
      .set({ comment: "" })
      .where(
        and(
          inArray(
            entryScore.entryId,
            tx.select({ id: entry.id }).from(entry).where(eq(entry.festivalId, f.id)),
          ),
          sql`${entryScore.comment} <> ''`,
        ),
      )
      .returning({ entryId: entryScore.entryId })
  ).length;
  const votesAnonymised = (
    await tx
      .update(vote)
      .set({
        email: sql`'vote-' || ${vote.id} || ${`@${REMOVED_DOMAIN}`}`,
        ip: null,
        userId: null,
      })
      .where(eq(vote.festivalId, f.id))
      .returning({ id: vote.id })
  ).length;
  const voteRefusalsAnonymised = (
    await tx
      .update(voteRefusal)
      .set({ email: sql`'refused-' || ${voteRefusal.id} || ${`@${REMOVED_DOMAIN}`}`, ip: null })
      .where(eq(voteRefusal.festivalId, f.id))
      .returning({ id: voteRefusal.id })
  ).length;
  await tx
    .delete(facultyInvite)
    .where(
      and(
        eq(facultyInvite.festivalId, f.id),
        isNull(facultyInvite.acceptedAt),
        lt(facultyInvite.expiresAt, now),
      ),
    );

  return {
    peopleAnonymised: gone.length,
    peopleUnlinked: kept.length,
    staffKept: staff.length,
    festivalRegistrationsCleared,
    entriesCleared: entries.length,
    entryFilesRemoved,
    judgeCommentsCleared,
    votesAnonymised,
    voteRefusalsAnonymised,
    sessionsEnded,
    signInRequestsRemoved,
    emailsRemoved,
    devMailboxRemoved,
    auditRowsScrubbed,
  };
}

/**
 * Someone who keeps their account (registered for a festival still within
 * its period): this festival's rows move to a new nameless placeholder that
 * carries only their country and zone, so the counts and charts stay and
 * the account no longer says they were here.
 */
async function unlinkFromFestival(tx: Tx, f: Festival, userId: string): Promise<void> {
  const [person] = await tx
    .select({ country: user.country, timeZone: user.timeZone })
    .from(user)
    .where(eq(user.id, userId));
  const [stand] = await tx
    .insert(user)
    .values({
      email: sql`'removed-' || gen_random_uuid() || ${`@${REMOVED_DOMAIN}`}`,
      country: person?.country ?? "",
      timeZone: person?.timeZone ?? null,
      emailReminders: false,
      emailAnnouncements: false,
    })
    .returning({ id: user.id });
  const to = stand!.id;
  await tx
    .update(festivalRegistration)
    .set({ userId: to })
    .where(and(eq(festivalRegistration.festivalId, f.id), eq(festivalRegistration.userId, userId)));
  await tx
    .update(webinarRegistration)
    .set({ userId: to })
    .where(
      and(
        eq(webinarRegistration.userId, userId),
        inArray(
          webinarRegistration.webinarId,
          tx.select({ id: webinar.id }).from(webinar).where(eq(webinar.festivalId, f.id)),
        ),
      ),
    );
  await tx
    .update(competitionJudge)
    .set({ userId: to })
    .where(and(eq(competitionJudge.festivalId, f.id), eq(competitionJudge.userId, userId)));
  await tx
    .update(entryScore)
    .set({ judgeId: to })
    .where(
      and(
        eq(entryScore.judgeId, userId),
        inArray(
          entryScore.entryId,
          tx.select({ id: entry.id }).from(entry).where(eq(entry.festivalId, f.id)),
        ),
      ),
    );
}
