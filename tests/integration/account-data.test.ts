import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  competitionJudge,
  devMail,
  entry,
  entryScore,
  facultyInvite,
  facultyProfile,
  festivalRegistration,
  loginToken,
  outbox,
  post,
  postAuthor,
  rateLimit,
  recoveryCode,
  user,
  vote,
  voteRefusal,
  webinarRegistration,
} from "~db/schema";
import { storage } from "~/lib/storage.server";
import { voteCounts } from "~/models/vote-monitor.server";
import { action as deleteAction } from "~/routes/me.delete";
import { loader as exportLoader } from "~/routes/me.export[.]json";
import {
  createCompetition,
  createEntry,
  createFaculty,
  createFestival,
  createPost,
  createRegistration,
  createUser,
  createWebinar,
  type EntryRow,
  type FestivalRow,
  type PostRow,
  type WebinarRow,
} from "~tests/factories";
import { findText, findUserId } from "~tests/helpers/personal-data";
import { callRoute } from "~tests/helpers/remix";
import { signedInCookie } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";

/**
 * One person who did everything: registered (answers, a past webinar they
 * joined, one still to come), entered Network90 with an uploaded video,
 * voted (and was refused a second vote), judged, wrote blog posts alone and
 * with a colleague, signed in, was emailed, and was named in the audit log.
 * Their export must show all of it; deleting the account must leave no
 * trace of them in any table while every count stays.
 */
const testDb = withTestDatabase();
const db = () => testDb.handle.db;
const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-account-data-"));
const previousDir = process.env.STORAGE_DIR;
const tag = randomBytes(3).toString("hex");
const EMAIL = `ravi-${tag}@example.test`;
const NAME = `Ravi Thistlewood-${tag}`;
const IP = "192.0.2.77";

let festival: FestivalRow;
let person: typeof user.$inferSelect;
let cookie: string;
let past: WebinarRow;
let upcoming: WebinarRow;
let ownEntry: EntryRow;
let otherEntry: EntryRow;
let soloPost: PostRow;
let sharedPost: PostRow;
/** Words only this person's rows hold. */
const traces = [
  EMAIL,
  NAME,
  IP,
  `answer organisation ${tag}`,
  `answer network ${tag}`,
  `heard ${tag}`,
  `contact ${tag}`,
  `score comment ${tag}`,
  `bio ${tag}`,
];

beforeAll(async () => {
  process.env.STORAGE_DIR = storageDir;
  festival = await createFestival(db(), { timeZone: "Europe/Paris" });
  person = await createUser(db(), {
    email: EMAIL,
    name: NAME,
    organisation: `Org ${tag}`,
    isFaculty: true,
    privacyConsentAt: new Date("2026-09-01T08:00:00Z"),
    totpSecret: "JBSWY3DPEHPK3PXP",
  });
  cookie = await signedInCookie(person.id);
  const [profile] = await db()
    .insert(facultyProfile)
    .values({
      festivalId: festival.id,
      userId: person.id,
      slug: `ravi-${tag}`,
      name: NAME,
      bio: `bio ${tag}`,
    })
    .returning();
  const colleague = await createFaculty(db(), festival, { name: "Colleague Author" });
  soloPost = await createPost(db(), festival, { title: "Ravi alone", authors: [profile!] });
  sharedPost = await createPost(db(), festival, {
    title: "Written together",
    authors: [profile!, colleague],
  });

  await db()
    .insert(festivalRegistration)
    .values({
      festivalId: festival.id,
      userId: person.id,
      organisation: `answer organisation ${tag}`,
      network: `answer network ${tag}`,
      heardFrom: `heard ${tag}`,
    });
  past = await createWebinar(db(), festival, {
    startsAt: new Date(Date.now() - 5 * 3600_000),
    title: "Already happened",
  });
  upcoming = await createWebinar(db(), festival, {
    startsAt: new Date(Date.now() + 5 * 86_400_000),
    title: "Still to come",
  });
  const seat = await createRegistration(db(), past, person);
  await db()
    .update(webinarRegistration)
    .set({ joinedAt: new Date(Date.now() - 4 * 3600_000) })
    .where(eq(webinarRegistration.id, seat.id));
  await createRegistration(db(), upcoming, person);

  await createCompetition(db(), festival);
  const file = path.join(storageDir, "video.tmp");
  fs.writeFileSync(file, "video bytes");
  const videoKey = `videos/${crypto.randomUUID()}.mp4`;
  await storage().putFile(videoKey, file);
  ownEntry = await createEntry(db(), festival, {
    public: true,
    userId: person.id,
    networkName: `Thistle Network ${tag}`,
    contactName: `contact ${tag}`,
    videoKey,
    videoUrl: null,
  });
  otherEntry = await createEntry(db(), festival, { public: true });
  await db().insert(vote).values({
    festivalId: festival.id,
    entryId: otherEntry.id,
    userId: person.id,
    email: EMAIL,
    ip: IP,
  });
  await db()
    .insert(vote)
    .values({ festivalId: festival.id, entryId: otherEntry.id, email: "someone@example.test" });
  await db()
    .insert(voteRefusal)
    .values({ festivalId: festival.id, email: EMAIL, ip: IP, reason: "already-voted" });
  await db().insert(competitionJudge).values({ festivalId: festival.id, userId: person.id });
  await db()
    .insert(entryScore)
    .values({
      entryId: otherEntry.id,
      judgeId: person.id,
      criterion: "Story",
      score: 5,
      comment: `score comment ${tag}`,
    });

  await db()
    .insert(recoveryCode)
    .values({ userId: person.id, codeHash: "h".repeat(64) });
  await db()
    .insert(loginToken)
    .values({
      email: EMAIL,
      tokenHash: randomBytes(32).toString("hex"),
      codeHash: randomBytes(32).toString("hex"),
      requestedIp: IP,
      expiresAt: new Date(Date.now() + 600_000),
    });
  await db()
    .insert(outbox)
    .values({
      kind: "registration-confirmed",
      recipient: EMAIL,
      dedupeKey: `sent-${tag}`,
      userId: person.id,
      message: { subject: "You're in: Already happened", text: `Hi ${NAME}`, html: "" },
      status: "sent",
      sentAt: new Date(),
    });
  await db()
    .insert(devMail)
    .values({ recipient: EMAIL, subject: "You're in", raw: `To: ${NAME} <${EMAIL}>` });
  await db()
    .insert(rateLimit)
    .values([
      { key: `sign-in:${EMAIL}`, points: 1, expire: new Date(Date.now() + 60_000) },
      { key: `vote:person:${person.id}`, points: 1, expire: new Date(Date.now() + 60_000) },
    ]);
  await db()
    .insert(facultyInvite)
    .values({
      festivalId: festival.id,
      email: EMAIL,
      name: NAME,
      tokenHash: randomBytes(32).toString("hex"),
      expiresAt: new Date(Date.now() - 86_400_000),
      acceptedAt: new Date(Date.now() - 2 * 86_400_000),
      acceptedBy: person.id,
    });
  const organiser = await createUser(db(), { isOrganiser: true });
  await db()
    .insert(auditLog)
    .values([
      {
        festivalId: festival.id,
        actorId: organiser.id,
        actorEmail: organiser.email,
        action: "person.view-data",
        subjectType: "user",
        subjectId: person.id,
        summary: `Viewed ${NAME} <${EMAIL}>'s data`,
      },
      {
        festivalId: festival.id,
        actorId: person.id,
        actorEmail: EMAIL,
        action: "faculty.accept",
        subjectType: "faculty",
        summary: `${EMAIL} accepted the faculty invitation`,
        after: { email: EMAIL },
      },
    ]);
});

afterAll(() => {
  if (previousDir === undefined) delete process.env.STORAGE_DIR;
  else process.env.STORAGE_DIR = previousDir;
  fs.rmSync(storageDir, { recursive: true, force: true });
});

/** Which part of the export shows the rows of each column that holds a user id. */
const EXPORT_SECTION: Record<string, string> = {
  "festival_registration.user_id": "festivalRegistrations",
  "webinar_registration.user_id": "webinarRegistrations",
  "entry.user_id": "network90Entries",
  "vote.user_id": "votes",
  "session.user_id": "sessions",
  "recovery_code.user_id": "secondFactor",
  "faculty_profile.user_id": "facultyProfiles",
  "competition_judge.user_id": "judging",
  "entry_score.judge_id": "judging",
  "outbox.user_id": "emails",
  "audit_log.actor_id": "backOfficeActions",
  "post.created_by": "postsAuthored",
  "post.working_saved_by": "postsAuthored",
  "resource.created_by": "backOfficeActions",
  "entry.decided_by": "backOfficeActions",
  "faculty_invite.invited_by": "backOfficeActions",
  "faculty_invite.accepted_by": "backOfficeActions",
};

type Export = Record<string, unknown> & {
  network90Entries: Record<string, unknown>[];
  votes: Record<string, unknown>[];
  refusedVotes: Record<string, unknown>[];
  postsAuthored: { title: string; coAuthors: number }[];
  judging: { festivals: unknown[]; scoresGiven: Record<string, unknown>[] };
  sessions: Record<string, unknown>[];
  webinarRegistrations: { webinar: string; attended: boolean }[];
  emails: { kind: string; subject: string }[];
  consents: Record<string, unknown>;
  emailPreferences: Record<string, unknown>;
  secondFactor: { unusedRecoveryCodes: number };
};

describe("/me/export.json", () => {
  it("has a section for every table that holds the person's id, each with their rows", async () => {
    const res = await callRoute(exportLoader, "/me/export.json", { cookie });
    expect(res.status).toBe(200);
    const data = JSON.parse(res.body!) as Export;
    const holding = await findUserId(db(), person.id);
    expect(holding.length).toBeGreaterThan(10);
    for (const hit of holding) {
      const section = EXPORT_SECTION[`${hit.table}.${hit.column}`];
      expect(section, `${hit.table}.${hit.column} holds the person's id`).toBeDefined();
      expect(data[section!], section).toBeTruthy();
    }
  });

  it("shows entries, votes, posts, scores given, sessions, attendance, consents and mail", async () => {
    const res = await callRoute(exportLoader, "/me/export.json", { cookie });
    const data = JSON.parse(res.body!) as Export;
    expect(data.network90Entries).toEqual([
      expect.objectContaining({
        networkName: ownEntry.networkName,
        contactName: `contact ${tag}`,
        status: "shortlisted",
        videoUploaded: true,
        captionsUploaded: true,
      }),
    ]);
    expect(data.votes).toEqual([
      expect.objectContaining({ entry: otherEntry.networkName, fromAddress: IP }),
    ]);
    expect(data.votes[0]!.votedAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    expect(data.refusedVotes).toEqual([expect.objectContaining({ reason: "already-voted" })]);
    expect(data.postsAuthored).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ title: "Ravi alone", coAuthors: 0 }),
        expect.objectContaining({ title: "Written together", coAuthors: 1 }),
      ]),
    );
    expect(data.judging.scoresGiven).toEqual([
      expect.objectContaining({ entry: otherEntry.networkName, score: 5, criterion: "Story" }),
    ]);
    expect(data.sessions).toHaveLength(1);
    expect(Object.keys(data.sessions[0]!)).toEqual(["startedAt", "expiresAt", "secondFactorAt"]);
    expect(data.webinarRegistrations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ webinar: "Already happened", attended: true }),
        expect.objectContaining({ webinar: "Still to come", attended: false }),
      ]),
    );
    expect(data.emails).toEqual([
      expect.objectContaining({
        kind: "registration-confirmed",
        subject: "You're in: Already happened",
      }),
    ]);
    expect(data.consents.privacyNoticeAcceptedAt).toBe("2026-09-01T08:00:00.000Z");
    expect(data.emailPreferences).toMatchObject({ reminders: true });
    expect(data.secondFactor.unusedRecoveryCodes).toBe(1);
    // Secrets never leave: not the session's hash, the calendar token or the second factor.
    expect(res.body).not.toContain(person.calendarToken);
    expect(res.body).not.toContain("JBSWY3DPEHPK3PXP");
  });
});

describe("/me/delete", () => {
  it("leaves no trace of the person in any table, and every count stays", async () => {
    const votesBefore = await voteCounts(festival.id);
    const seatsBefore = await db()
      .select()
      .from(webinarRegistration)
      .where(eq(webinarRegistration.webinarId, past.id));
    const res = await callRoute(deleteAction, "/me/delete", { cookie, form: { confirm: "on" } });
    expect(res.status).toBe(303);

    expect(await findUserId(db(), person.id)).toEqual([]);
    expect(await findText(db(), traces)).toEqual([]);
    expect(await db().select().from(rateLimit)).toEqual([]);

    expect(await voteCounts(festival.id)).toEqual(votesBefore);
    const seatsAfter = await db()
      .select()
      .from(webinarRegistration)
      .where(eq(webinarRegistration.webinarId, past.id));
    expect(seatsAfter).toHaveLength(seatsBefore.length);
    expect(seatsAfter[0]).toMatchObject({ userId: null, status: "confirmed" });
    expect(seatsAfter[0]!.joinedAt).toBeInstanceOf(Date);
  });

  it("withdraws their entry from the gallery but keeps it in the results, and deletes its files", async () => {
    const [kept] = await db().select().from(entry).where(eq(entry.id, ownEntry.id));
    expect(kept).toMatchObject({
      networkName: ownEntry.networkName,
      status: "shortlisted",
      publicConsentAt: null,
      videoKey: null,
      captionsKey: null,
      contactName: "",
      userId: null,
    });
    expect(await storage().size(ownEntry.videoKey!)).toBeNull();
  });

  it("deletes posts they wrote alone and keeps co-written ones under the other author", async () => {
    expect(await db().select().from(post).where(eq(post.id, soloPost.id))).toEqual([]);
    const [shared] = await db().select().from(post).where(eq(post.id, sharedPost.id));
    expect(shared?.title).toBe("Written together");
    const bylines = await db()
      .select()
      .from(postAuthor)
      .where(eq(postAuthor.postId, sharedPost.id));
    expect(bylines).toHaveLength(1);
  });

  it("keeps what happened in the audit log without naming them", async () => {
    const rows = await db().select().from(auditLog);
    expect(rows.map((r) => r.summary)).toEqual(
      expect.arrayContaining([
        "Viewed [removed] <[removed]>'s data",
        "[removed] accepted the faculty invitation",
      ]),
    );
  });
});
