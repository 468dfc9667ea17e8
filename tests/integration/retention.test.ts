import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  competitionJudge,
  devMail,
  entry,
  entryScore,
  festival as festivalTable,
  festivalRegistration,
  loginToken,
  outbox,
  session,
  user,
  vote,
  voteRefusal,
  webinarRegistration,
} from "~db/schema";
import { enqueueEmails } from "~emails/outbox.server";
import { retentionDeadline } from "~/lib/retention-date";
import { storage } from "~/lib/storage.server";
import { dashboard } from "~/models/dashboard.server";
import { searchPeople } from "~/models/people.server";
import { scoreTotals } from "~/models/judging.server";
import { anonymiseFestival, runRetention } from "~/models/retention.server";
import { voteCounts, votesOverTime } from "~/models/vote-monitor.server";
import {
  createCompetition,
  createEntry,
  createFaculty,
  createFestival,
  createFestivalRegistration,
  createRegistration,
  createUser,
  createWebinar,
  type EntryRow,
  type FestivalRow,
} from "~tests/factories";
import { findText } from "~tests/helpers/personal-data";
import { withTestDatabase } from "~tests/helpers/test-database";
import { retentionReport } from "~scripts/lib/retention-report";

/**
 * The old festival ends on Saturday 31 October 2026 in New York, the day
 * before the clocks go back (Sunday 1 November, 02:00 EDT -> 01:00 EST).
 * With one day's retention its data goes at midnight after Sunday, New York
 * time, which is then EST: 2026-11-02T05:00Z. Counting 24-hour blocks from
 * the EDT end of Saturday would say 04:00Z, an hour early.
 */
const testDb = withTestDatabase();
const db = () => testDb.handle.db;
const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-retention-"));
const previousDir = process.env.STORAGE_DIR;
const tag = randomBytes(3).toString("hex");
const DEADLINE = new Date("2026-11-02T05:00:00Z");

let old: FestivalRow;
let current: FestivalRow;
let publicEntry: EntryRow;
let hiddenEntry: EntryRow;
const people = {} as Record<
  "alice" | "bob" | "carol" | "dave" | "erin" | "judge" | "organiser" | "faculty",
  typeof user.$inferSelect
>;
/** What identifies the people who go: none of it may remain anywhere. */
const secrets: string[] = [];

async function person(key: keyof typeof people, extra: Partial<typeof user.$inferInsert> = {}) {
  const name = `${key[0]!.toUpperCase()}${key.slice(1)} Quillfeather-${tag}`;
  people[key] = await createUser(db(), {
    email: `${key}-${tag}@example.test`,
    name,
    organisation: `${key} organisation ${tag}`,
    networkRole: `${key} coordinator ${tag}`,
    country: "Canada",
    timeZone: "America/Toronto",
    privacyConsentAt: new Date("2026-10-01T10:00:00Z"),
    ...extra,
  });
  return people[key];
}

/** Everything organisers read about the old festival, as plain data. */
async function figures() {
  const now = new Date("2026-11-20T12:00:00Z");
  const d = await dashboard(old, now);
  const { mail: _mail, headlines, ...charts } = d;
  const { emailsPending: _p, emailsFailed: _f, ...counts } = headlines;
  const totals = await scoreTotals([publicEntry.id, hiddenEntry.id], ["Story"]);
  return JSON.parse(
    JSON.stringify({
      charts,
      counts,
      votes: [...(await voteCounts(old.id))].sort(),
      votesOverTime: await votesOverTime(old.id, old.timeZone),
      scores: [...totals].sort(),
      entries: (
        await db().select({ id: entry.id, status: entry.status }).from(entry).orderBy(entry.id)
      ).map((e) => `${e.id}:${e.status}`),
    }),
  ) as unknown;
}

beforeAll(async () => {
  process.env.STORAGE_DIR = storageDir;
  old = await createFestival(db(), {
    name: "Old Networks Week",
    timeZone: "America/New_York",
    startsOn: "2026-10-26",
    endsOn: "2026-10-31",
    retentionDays: 1,
  });
  current = await createFestival(db(), {
    name: "Next Networks Week",
    timeZone: "Europe/London",
    startsOn: "2027-10-20",
    endsOn: "2027-10-27",
  });
  const fac = await createFaculty(db(), old, { name: `Faculty Quillfeather-${tag}` });
  people.faculty = (await db().select().from(user).where(eq(user.id, fac.userId)))[0]!;
  await person("organiser", { isOrganiser: true, totpSecret: "JBSWY3DPEHPK3PXP" });
  const webinar = await createWebinar(db(), old, {
    localStart: "2026-10-28T12:00",
    hosts: [fac],
    capacity: 50,
  });
  for (const key of ["alice", "bob", "carol", "dave", "erin"] as const) {
    const p = await person(key, key === "alice" ? { totpSecret: "JBSWY3DPEHPK3PXP" } : {});
    await db()
      .insert(festivalRegistration)
      .values({
        festivalId: old.id,
        userId: p.id,
        organisation: `${key} answer organisation ${tag}`,
        network: `${key} answer network ${tag}`,
        heardFrom: `${key} heard on the radio ${tag}`,
      });
    const seat = await createRegistration(db(), webinar, p);
    if (key !== "erin") {
      await db()
        .update(webinarRegistration)
        .set({ joinedAt: new Date("2026-10-28T16:05:00Z") })
        .where(eq(webinarRegistration.id, seat.id));
    }
  }
  await person("judge");
  await createFestivalRegistration(db(), old, people.organiser);
  // Bob is back next year: he keeps his account.
  await createFestivalRegistration(db(), current, people.bob);

  await createCompetition(db(), old, {
    entriesCloseAt: new Date("2026-10-20T12:00:00Z"),
    votingOpensAt: new Date("2026-10-27T12:00:00Z"),
    votingClosesAt: new Date("2026-10-30T12:00:00Z"),
  });
  await db().insert(competitionJudge).values({ festivalId: old.id, userId: people.judge.id });
  publicEntry = await createEntry(db(), old, {
    public: true,
    userId: people.carol.id,
    networkName: `Riverside Carers ${tag}`,
    contactName: people.carol.name,
  });
  const video = path.join(storageDir, "upload.tmp");
  fs.writeFileSync(video, "not really a video");
  const videoKey = `videos/${crypto.randomUUID()}.mp4`;
  await storage().putFile(videoKey, video);
  hiddenEntry = await createEntry(db(), old, {
    userId: people.dave.id,
    contactName: people.dave.name,
    description: `Dave's network, ring ${people.dave.email}`,
    status: "declined",
    decisionReason: `Sorry ${people.dave.name}, no captions`,
    videoKey,
  });
  await db()
    .insert(entryScore)
    .values({
      entryId: publicEntry.id,
      judgeId: people.judge.id,
      criterion: "Story",
      score: 4,
      comment: `Lovely, ${people.carol.name}`,
    });
  for (const [key, at] of [
    ["alice", "2026-10-28T10:00:00Z"],
    ["bob", "2026-10-29T10:00:00Z"],
    ["erin", "2026-10-29T23:30:00Z"],
  ] as const) {
    await db()
      .insert(vote)
      .values({
        festivalId: old.id,
        entryId: publicEntry.id,
        userId: people[key].id,
        email: people[key].email,
        ip: "203.0.113.7",
        createdAt: new Date(at),
      });
  }
  await db().insert(voteRefusal).values({
    festivalId: old.id,
    email: people.alice.email,
    ip: "203.0.113.7",
    reason: "already-voted",
  });

  // Alice's traces beyond the festival's own rows.
  await db()
    .insert(session)
    .values({ id: randomBytes(32).toString("hex"), userId: people.alice.id, expiresAt: DEADLINE });
  await db()
    .insert(loginToken)
    .values({
      email: people.alice.email,
      tokenHash: randomBytes(32).toString("hex"),
      codeHash: randomBytes(32).toString("hex"),
      requestedIp: "198.51.100.4",
      expiresAt: new Date("2026-10-28T10:10:00Z"),
    });
  for (const status of ["pending", "sent"] as const) {
    await db()
      .insert(outbox)
      .values({
        kind: "reminder",
        recipient: people.alice.email,
        dedupeKey: `test-${status}-${tag}`,
        userId: people.alice.id,
        webinarId: webinar.id,
        message: { subject: `Hello ${people.alice.name}`, text: "Hi", html: "<p>Hi</p>" },
        status,
        sendAfter: new Date("2027-01-01T00:00:00Z"),
      });
  }
  await db()
    .insert(devMail)
    .values({
      recipient: people.alice.email,
      subject: "Your place",
      raw: `To: ${people.alice.name} <${people.alice.email}>`,
    });
  await db()
    .insert(auditLog)
    .values({
      festivalId: old.id,
      actorId: people.organiser.id,
      actorEmail: people.organiser.email,
      action: "judge.add",
      subjectType: "user",
      subjectId: people.judge.id,
      summary: `Made ${people.judge.email} a judge of the competition`,
      after: { email: people.judge.email, name: people.judge.name },
    });

  for (const key of ["alice", "carol", "dave", "erin", "judge"] as const) {
    secrets.push(people[key].email, people[key].name, `${key} answer`, `${key} heard`);
    secrets.push(`${key} organisation ${tag}`, `${key} coordinator ${tag}`);
  }
  secrets.push("bob answer", "bob heard", "203.0.113.7", "198.51.100.4");
});

afterAll(() => {
  if (previousDir === undefined) delete process.env.STORAGE_DIR;
  else process.env.STORAGE_DIR = previousDir;
  fs.rmSync(storageDir, { recursive: true, force: true });
});

describe("the retention deadline", () => {
  it("is midnight after the last day plus the period, in the festival's zone across a clock change", () => {
    expect(retentionDeadline(old).toISOString()).toBe(DEADLINE.toISOString());
    expect(
      retentionDeadline({ endsOn: "2026-10-28", timeZone: "Europe/London", retentionDays: 180 }),
    ).toEqual(new Date("2027-04-26T23:00:00Z")); // 27 April 00:00 BST
  });
});

describe("the retention job", () => {
  let before: unknown;
  let staffBefore: (typeof user.$inferSelect)[];

  it("does nothing before the deadline", async () => {
    before = await figures();
    staffBefore = await db()
      .select()
      .from(user)
      .where(eq(user.isOrganiser, true))
      .union(db().select().from(user).where(eq(user.isFaculty, true)));
    expect(await runRetention({ now: new Date(DEADLINE.getTime() - 60_000) })).toEqual([]);
    const [alice] = await db().select().from(user).where(eq(user.id, people.alice.id));
    expect(alice!.email).toBe(people.alice.email);
  });

  it("in a dry run says what it would do and changes nothing", async () => {
    const [run] = await runRetention({ now: DEADLINE, dryRun: true });
    expect(run).toMatchObject({ festivalId: old.id, dryRun: true });
    expect(run!.counts).toMatchObject({
      peopleAnonymised: 5, // alice, carol, dave, erin, the judge
      peopleUnlinked: 1, // bob
      staffKept: 1, // the organiser; faculty hosting only appear through other rows
      votesAnonymised: 3,
      voteRefusalsAnonymised: 1,
      entriesCleared: 2,
      entryFilesRemoved: 1,
      judgeCommentsCleared: 1,
      sessionsEnded: 1,
      signInRequestsRemoved: 1,
      emailsRemoved: 2,
      devMailboxRemoved: 1,
      auditRowsScrubbed: 1,
    });
    const [f] = await db().select().from(festivalTable).where(eq(festivalTable.id, old.id));
    expect(f!.personalDataRemovedAt).toBeNull();
    expect(await findText(db(), [people.alice.email])).not.toEqual([]);
    expect(await storage().size(hiddenEntry.videoKey!)).not.toBeNull();
    const report = retentionReport([{ ...run!, timeZone: old.timeZone }], true);
    expect(report).toContain(
      "Old Networks Week: retention ended Mon 2 Nov 2026, 00:00 New York time (UTC−5); would remove (dry run, nothing changed)",
    );
    expect(report).toMatch(/ {5}3 {2}votes unlinked from email and address/);
  });

  it("at the deadline removes every trace of who came, in one go, and records it", async () => {
    const [run] = await runRetention({ now: DEADLINE });
    expect(run).toMatchObject({ festivalId: old.id, dryRun: false });
    expect(run!.counts.peopleAnonymised).toBe(5);
    expect(await findText(db(), secrets)).toEqual([]);

    const [f] = await db().select().from(festivalTable).where(eq(festivalTable.id, old.id));
    expect(f!.personalDataRemovedAt).toEqual(DEADLINE);
    const [logged] = await db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "festival.personal-data-removed"));
    expect(logged!.summary).toMatch(/5 people anonymised, 1 unlinked/);
    expect(logged!.after).toMatchObject({ peopleAnonymised: 5, votesAnonymised: 3 });
  });

  it("keeps every number organisers read", async () => {
    expect(await figures()).toEqual(before);
  });

  it("leaves placeholders no one can sign in as, with no feed, second factor or mail", async () => {
    const [alice] = await db().select().from(user).where(eq(user.id, people.alice.id));
    expect(alice).toMatchObject({
      email: `removed-${people.alice.id}@removed.invalid`,
      name: "",
      organisation: "",
      networkRole: "",
      country: "Canada", // coarse: the dashboard charts by it
      timeZone: "America/Toronto",
      totpSecret: null,
      emailReminders: false,
      privacyConsentAt: null,
    });
    expect(alice!.calendarToken).not.toBe(people.alice.calendarToken);
    const found = await searchPeople("");
    expect(found.rows.map((r) => r.id)).not.toContain(people.alice.id);
    expect(found.rows.map((r) => r.id)).toContain(people.bob.id);
    expect(await db().select().from(session).where(eq(session.userId, people.alice.id))).toEqual(
      [],
    );
    expect(await db().select().from(outbox)).toEqual([]);
    // Nor can anything queue mail to a placeholder later (a change to an old webinar, say).
    const queued = await enqueueEmails(db(), [
      {
        kind: "webinar-changed",
        to: alice!.email,
        dedupeKey: `after-removal-${tag}`,
        message: { subject: "Changed", text: "Changed", html: "" },
      },
    ]);
    expect(queued).toBe(0);
    const votes = await db().select().from(vote);
    expect(votes.every((v) => v.ip === null && v.userId === null)).toBe(true);
    expect(votes.every((v) => v.email.endsWith("@removed.invalid"))).toBe(true);
  });

  it("keeps a published entry public and withdraws one that never was, file and all", async () => {
    const [shown] = await db().select().from(entry).where(eq(entry.id, publicEntry.id));
    expect(shown).toMatchObject({
      networkName: publicEntry.networkName,
      videoUrl: publicEntry.videoUrl,
      status: "shortlisted",
      contactName: "",
      userId: null,
    });
    const [hidden] = await db().select().from(entry).where(eq(entry.id, hiddenEntry.id));
    expect(hidden).toMatchObject({ description: "", videoKey: null, decisionReason: null });
    expect(await storage().size(hiddenEntry.videoKey!)).toBeNull();
    const [score] = await db().select().from(entryScore);
    expect(score).toMatchObject({ score: 4, comment: "" });
  });

  it("keeps the account of someone registered for a festival still within its period, unlinked from this one", async () => {
    const [bob] = await db().select().from(user).where(eq(user.id, people.bob.id));
    expect(bob).toEqual(people.bob);
    const regs = await db()
      .select({ festivalId: festivalRegistration.festivalId })
      .from(festivalRegistration)
      .where(eq(festivalRegistration.userId, people.bob.id));
    expect(regs).toEqual([{ festivalId: current.id }]);
    expect(
      await db()
        .select()
        .from(webinarRegistration)
        .where(eq(webinarRegistration.userId, people.bob.id)),
    ).toEqual([]);
  });

  it("leaves organisers and faculty as they were", async () => {
    const staffAfter = await db()
      .select()
      .from(user)
      .where(eq(user.isOrganiser, true))
      .union(db().select().from(user).where(eq(user.isFaculty, true)));
    const byId = (rows: typeof staffAfter) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(staffAfter)).toEqual(byId(staffBefore));
    expect(staffAfter.map((s) => s.id)).toEqual(
      expect.arrayContaining([people.organiser.id, people.faculty.id]),
    );
  });

  it("is idempotent: a second run finds nothing to do and changes nothing", async () => {
    const snapshot = JSON.stringify(await db().select().from(user).orderBy(user.id));
    expect(await runRetention({ now: new Date(DEADLINE.getTime() + 86_400_000) })).toEqual([]);
    expect(await anonymiseFestival(old.id, { now: new Date("2027-01-01T00:00:00Z") })).toBeNull();
    expect(JSON.stringify(await db().select().from(user).orderBy(user.id))).toBe(snapshot);
    const logged = await db()
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.festivalId, old.id), eq(auditLog.action, "festival.personal-data-removed")),
      );
    expect(logged).toHaveLength(1);
  });

  it("leaves the festival still within its period alone", async () => {
    const [f] = await db().select().from(festivalTable).where(eq(festivalTable.id, current.id));
    expect(f!.personalDataRemovedAt).toBeNull();
  });
});
