import { and, desc, eq, isNull, or, sql } from "drizzle-orm";
import { db } from "~db/client.server";
import {
  auditLog,
  competitionJudge,
  entry,
  entryScore,
  facultyProfile,
  festival,
  festivalRegistration,
  loginToken,
  outbox,
  post,
  postAuthor,
  recoveryCode,
  session,
  user,
  vote,
  voteRefusal,
  webinar,
  webinarRegistration,
} from "~db/schema";

/**
 * Everything Meridian holds about a person, as they can download it: one
 * section per kind of row that names them. Judges' scores of an entry they
 * sent are not included: they are the judges' assessment of the network's
 * video, not data about the entrant (the decision and its reason, which
 * were emailed to them, are). Secrets (session and calendar tokens, the
 * second-factor secret, recovery codes) are never included, only that they
 * exist.
 */
export async function exportAccount(userId: string) {
  const conn = await db();
  const [account] = await conn.select().from(user).where(eq(user.id, userId));
  if (!account) return null;
  const email = account.email.toLowerCase();
  const [
    festivals,
    webinars,
    entries,
    votes,
    refusedVotes,
    profiles,
    posts,
    judging,
    scores,
    sessions,
    recovery,
    signIns,
    emails,
    actions,
  ] = await Promise.all([
    conn
      .select({
        festival: festival.name,
        organisation: festivalRegistration.organisation,
        network: festivalRegistration.network,
        heardFrom: festivalRegistration.heardFrom,
        registeredAt: festivalRegistration.createdAt,
      })
      .from(festivalRegistration)
      .innerJoin(festival, eq(festival.id, festivalRegistration.festivalId))
      .where(eq(festivalRegistration.userId, userId)),
    conn
      .select({
        webinar: webinar.title,
        startsAt: webinar.startsAt,
        status: webinarRegistration.status,
        registeredAt: webinarRegistration.createdAt,
        confirmedAt: webinarRegistration.confirmedAt,
        waitlistedAt: webinarRegistration.waitlistedAt,
        cancelledAt: webinarRegistration.cancelledAt,
        joinedAt: webinarRegistration.joinedAt,
      })
      .from(webinarRegistration)
      .innerJoin(webinar, eq(webinar.id, webinarRegistration.webinarId))
      .where(eq(webinarRegistration.userId, userId)),
    conn
      .select({
        festival: festival.name,
        networkName: entry.networkName,
        region: entry.region,
        contactName: entry.contactName,
        description: entry.description,
        videoUrl: entry.videoUrl,
        videoUploaded: sql<boolean>`${entry.videoKey} is not null`,
        videoType: entry.videoType,
        videoBytes: entry.videoBytes,
        videoSeconds: entry.videoSeconds,
        captionsUploaded: sql<boolean>`${entry.captionsKey} is not null`,
        publicConsentAt: entry.publicConsentAt,
        status: entry.status,
        submittedAt: entry.submittedAt,
        decisionReason: entry.decisionReason,
        decidedAt: entry.decidedAt,
        placing: entry.placing,
        createdAt: entry.createdAt,
        updatedAt: entry.updatedAt,
      })
      .from(entry)
      .innerJoin(festival, eq(festival.id, entry.festivalId))
      .where(eq(entry.userId, userId)),
    conn
      .select({
        festival: festival.name,
        entry: entry.networkName,
        votedAt: vote.createdAt,
        fromAddress: vote.ip,
      })
      .from(vote)
      .innerJoin(entry, eq(entry.id, vote.entryId))
      .innerJoin(festival, eq(festival.id, vote.festivalId))
      .where(or(eq(vote.userId, userId), eq(vote.email, email))),
    conn
      .select({
        festival: festival.name,
        reason: voteRefusal.reason,
        fromAddress: voteRefusal.ip,
        at: voteRefusal.createdAt,
      })
      .from(voteRefusal)
      .innerJoin(festival, eq(festival.id, voteRefusal.festivalId))
      .where(eq(voteRefusal.email, email)),
    conn
      .select({
        festival: festival.name,
        slug: facultyProfile.slug,
        name: facultyProfile.name,
        title: facultyProfile.title,
        organisation: facultyProfile.organisation,
        location: facultyProfile.location,
        bio: facultyProfile.bio,
        photoUrl: facultyProfile.photoUrl,
        isChair: facultyProfile.isChair,
      })
      .from(facultyProfile)
      .innerJoin(festival, eq(festival.id, facultyProfile.festivalId))
      .where(eq(facultyProfile.userId, userId)),
    conn
      .select({
        title: post.title,
        slug: post.slug,
        status: post.status,
        publishAt: post.publishAt,
        createdAt: post.createdAt,
        coAuthors:
          sql<number>`(select count(*) - 1 from ${postAuthor} pa where pa.post_id = ${post.id})`.mapWith(
            Number,
          ),
      })
      .from(post)
      .innerJoin(postAuthor, eq(postAuthor.postId, post.id))
      .innerJoin(facultyProfile, eq(facultyProfile.id, postAuthor.facultyId))
      .where(eq(facultyProfile.userId, userId)),
    conn
      .select({ festival: festival.name, since: competitionJudge.createdAt })
      .from(competitionJudge)
      .innerJoin(festival, eq(festival.id, competitionJudge.festivalId))
      .where(eq(competitionJudge.userId, userId)),
    conn
      .select({
        entry: entry.networkName,
        criterion: entryScore.criterion,
        score: entryScore.score,
        comment: entryScore.comment,
        updatedAt: entryScore.updatedAt,
      })
      .from(entryScore)
      .innerJoin(entry, eq(entry.id, entryScore.entryId))
      .where(eq(entryScore.judgeId, userId)),
    conn
      .select({
        startedAt: session.createdAt,
        expiresAt: session.expiresAt,
        secondFactorAt: session.secondFactorAt,
      })
      .from(session)
      .where(eq(session.userId, userId)),
    conn
      .select({ count: sql<number>`count(*)`.mapWith(Number) })
      .from(recoveryCode)
      .where(and(eq(recoveryCode.userId, userId), isNull(recoveryCode.usedAt))),
    conn
      .select({
        requestedAt: loginToken.createdAt,
        requestedFromIp: loginToken.requestedIp,
        usedAt: loginToken.usedAt,
      })
      .from(loginToken)
      .where(eq(loginToken.email, email)),
    conn
      .select({
        kind: outbox.kind,
        message: outbox.message,
        status: outbox.status,
        queuedAt: outbox.createdAt,
        sentAt: outbox.sentAt,
      })
      .from(outbox)
      .where(or(eq(sql`lower(${outbox.recipient})`, email), eq(outbox.userId, userId))),
    conn
      .select({ action: auditLog.action, summary: auditLog.summary, at: auditLog.createdAt })
      .from(auditLog)
      .where(eq(auditLog.actorId, userId))
      .orderBy(desc(auditLog.createdAt)),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    profile: {
      email: account.email,
      name: account.name,
      organisation: account.organisation,
      networkRole: account.networkRole,
      country: account.country,
      timeZone: account.timeZone,
      roles: {
        attendee: true,
        faculty: account.isFaculty,
        organiser: account.isOrganiser,
      },
      createdAt: account.createdAt,
    },
    emailPreferences: {
      reminders: account.emailReminders,
      dailyDigest: account.emailDigest,
      festivalNews: account.emailNews,
      announcements: account.emailAnnouncements,
    },
    consents: {
      privacyNoticeAcceptedAt: account.privacyConsentAt,
      marketingConsentGivenAt: account.marketingConsentAt,
    },
    festivalRegistrations: festivals,
    webinarRegistrations: webinars.map((w) => ({ ...w, attended: w.joinedAt !== null })),
    network90Entries: entries,
    votes,
    refusedVotes,
    facultyProfiles: profiles,
    postsAuthored: posts,
    judging: { festivals: judging, scoresGiven: scores },
    sessions,
    secondFactor: {
      enabledAt: account.totpEnabledAt,
      unusedRecoveryCodes: recovery[0]?.count ?? 0,
    },
    calendarFeed: { exists: true, note: "Its secret address is on your My festival page." },
    signInRequests: signIns,
    emails: emails.map(({ message, ...e }) => ({ ...e, subject: message.subject })),
    backOfficeActions: actions,
  };
}
