import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, competition, entry, outbox, vote, voteRefusal } from "~db/schema";
import { deliverDueEmails } from "~emails/deliver.server";
import { smtpTransport } from "~emails/transport.server";
import { publicResults } from "~/models/results.server";
import { action as resultsAction, loader as resultsLoader } from "~/routes/admin.network90.results";
import { action as settingsAction } from "~/routes/admin.network90.settings";
import { loader as votesLoader } from "~/routes/admin.network90.votes";
import { action as scoreAction } from "~/routes/judging.$entryId";
import {
  createCompetition,
  createEntry,
  createFestival,
  createUser,
  type EntryRow,
  type FestivalRow,
} from "~tests/factories";
import { accessCookies, expectGuarded, type AccessCookies } from "~tests/helpers/admin-access";
import { callRoute } from "~tests/helpers/remix";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";
import { withTestDatabase } from "~tests/helpers/test-database";

/*
 * Network90's results: hidden from the public until the organisers
 * announce, announced once and only after voting closes, with one email to
 * each entrant saying their own outcome; and the organisers' read-only view
 * of the vote and of the attempts that were refused.
 */

const testDb = withTestDatabase();
const conn = () => testDb.handle.db;
const HOUR = 3_600_000;
let festival: FestivalRow;
let cookies: AccessCookies;
let smtp: TestSmtp;
/** Shortlisted: Alder and Birch tie on votes (3 each), Cedar has 1. */
let alder: EntryRow;
let birch: EntryRow;
let cedar: EntryRow;
let declined: EntryRow;
let undecided: EntryRow;
let draft: EntryRow;

async function entrant(email: string, name = "") {
  return (await createUser(conn(), { email, name })).id;
}

let voters = 0;
async function votes(e: EntryRow, count: number, ip: string, at: Date) {
  for (let i = 0; i < count; i++) {
    voters += 1;
    await conn()
      .insert(vote)
      .values({
        festivalId: festival.id,
        entryId: e.id,
        email: `voter-${voters}@example.test`,
        ip,
        createdAt: new Date(at.getTime() + i * 60_000),
      });
  }
}

beforeAll(async () => {
  smtp = await startTestSmtp();
  festival = await createFestival(conn(), {
    name: "Networkfest",
    timeZone: "Europe/London",
    startsOn: "2026-10-19",
    endsOn: "2026-10-30",
  });
  cookies = await accessCookies(conn());
  await createCompetition(conn(), festival, {
    entriesCloseAt: new Date(Date.now() - 72 * HOUR),
    votingOpensAt: new Date(Date.now() - 48 * HOUR),
    votingClosesAt: new Date(Date.now() + HOUR),
  });
  const shortlisted = async (name: string, email: string) =>
    createEntry(conn(), festival, {
      public: true,
      networkName: name,
      contactName: `${name} Contact`,
      userId: await entrant(email),
    });
  alder = await shortlisted("Alder", "alder@entrants.test");
  birch = await shortlisted("Birch", "birch@entrants.test");
  cedar = await shortlisted("Cedar", "cedar@entrants.test");
  declined = await createEntry(conn(), festival, {
    networkName: "Damson",
    contactName: "Dee",
    status: "declined",
    submittedAt: new Date(),
    decisionReason: "Not about a network",
    userId: await entrant("damson@entrants.test"),
  });
  undecided = await createEntry(conn(), festival, {
    networkName: "Elm",
    contactName: "",
    status: "submitted",
    submittedAt: new Date(),
    userId: await entrant("elm@entrants.test", "Elspeth Elm"),
  });
  draft = await createEntry(conn(), festival, {
    networkName: "Fir",
    userId: await entrant("fir@entrants.test"),
  });
  // Votes on two London days either side of the clocks going back (25 October 2026).
  await votes(alder, 2, "203.0.113.7", new Date("2026-10-24T22:30:00Z")); // Sat 23:30 BST
  await votes(alder, 1, "198.51.100.1", new Date("2026-10-25T23:30:00Z")); // Sun 23:30 GMT
  await votes(birch, 3, "198.51.100.2", new Date("2026-10-25T09:00:00Z"));
  await votes(cedar, 1, "198.51.100.3", new Date("2026-10-25T10:00:00Z"));
});
afterAll(() => smtp.close());
beforeEach(() => {
  smtp.messages.length = 0;
});

async function deliver() {
  const transport = smtpTransport(smtp.url, "Festival <festival@example.test>");
  await deliverDueEmails(conn(), transport, { limit: 500 });
  transport.close();
}

type AnnounceData = { errors: Record<string, string>; done: string | null };
const announce = (form: Record<string, string>) =>
  callRoute<AnnounceData>(resultsAction, "/admin/network90/results", {
    cookie: cookies.organiser,
    form: { intent: "announce", ...form },
  });

const competitionRow = async () =>
  (await conn().select().from(competition).where(eq(competition.festivalId, festival.id)))[0]!;

describe("before the announcement", () => {
  it("guards the results and votes pages", async () => {
    await expectGuarded(resultsLoader, "/admin/network90/results", cookies);
    await expectGuarded(resultsAction, "/admin/network90/results", cookies, {
      form: { intent: "announce", placing1: cedar.id },
    });
    await expectGuarded(votesLoader, "/admin/network90/votes", cookies);
    expect((await competitionRow()).resultsAnnouncedAt).toBeNull();
  });

  it("shows organisers the judges' averages and the votes, while the public sees nothing", async () => {
    const page = await callRoute<{
      board: { networkName: string; votes: number }[];
      peoplesChoice: string[];
    }>(resultsLoader, "/admin/network90/results", { cookie: cookies.organiser });
    expect(page.status).toBe(200);
    expect(Object.fromEntries(page.data!.board.map((b) => [b.networkName, b.votes]))).toEqual({
      Alder: 3,
      Birch: 3,
      Cedar: 1,
    });
    expect(page.data?.peoplesChoice).toEqual(["Alder", "Birch"]);
    expect(await publicResults(festival.id, new Date())).toBeNull();
    // Not even once voting is over, until someone announces.
    expect(await publicResults(festival.id, new Date(Date.now() + 10 * HOUR))).toBeNull();
  });

  it("refuses to announce before voting closes, saying when it closes", async () => {
    const early = await announce({ placing1: cedar.id });
    expect(early.status).toBe(400);
    expect(early.data?.errors.form).toMatch(
      /^Voting closes on \w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d London time \(UTC\): the results can be announced after that\.$/,
    );
    expect((await competitionRow()).resultsAnnouncedAt).toBeNull();
    expect(await conn().select().from(outbox)).toEqual([]);
  });
});

describe("announcing", () => {
  beforeAll(async () => {
    await conn()
      .update(competition)
      .set({ votingClosesAt: new Date(Date.now() - HOUR) })
      .where(eq(competition.festivalId, festival.id));
  });

  it("checks the placings: a winner from the shortlist, no entry twice, runners-up in order", async () => {
    expect((await announce({})).data?.errors).toEqual({
      placing1: "Choose the winner of the judges' award.",
    });
    expect((await announce({ placing1: declined.id })).data?.errors).toEqual({
      placing1: "Choose one of the shortlisted entries.",
    });
    expect((await announce({ placing1: "'; drop table entry; --" })).data?.errors).toEqual({
      placing1: "Choose one of the shortlisted entries.",
    });
    expect((await announce({ placing1: cedar.id, placing2: cedar.id })).data?.errors).toEqual({
      placing2: "That entry already has a placing: each entry places once.",
    });
    expect((await announce({ placing1: cedar.id, placing3: alder.id })).data?.errors).toEqual({
      placing3: "Choose the first runner-up before the second.",
    });
    expect((await competitionRow()).resultsAnnouncedAt).toBeNull();
    expect(await conn().select().from(outbox)).toEqual([]);
  });

  it("announces once: placings and the time together, the People's Choice tied, every entrant emailed their own outcome", async () => {
    const before = Date.now();
    // Two organisers clicking at once: the competition row's lock lets one through.
    const both = await Promise.all([
      announce({ placing1: cedar.id, placing2: alder.id }),
      announce({ placing1: cedar.id, placing2: alder.id }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
    const done = both.find((r) => r.status === 200)!;
    expect(done.data?.done).toBe(
      "The results are announced and public. 5 entrants are being emailed their outcome.",
    );
    const announcedAt = (await competitionRow()).resultsAnnouncedAt!;
    expect(announcedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const placings = await conn()
      .select({ name: entry.networkName, placing: entry.placing })
      .from(entry)
      .where(eq(entry.festivalId, festival.id));
    expect(
      placings.filter((p) => p.placing !== null).sort((a, b) => a.placing! - b.placing!),
    ).toEqual([
      { name: "Cedar", placing: 1 },
      { name: "Alder", placing: 2 },
    ]);

    // The public page's data: placings, the tied People's Choice, every vote total.
    const results = await publicResults(festival.id, new Date());
    expect(results).toEqual({
      announcedAt,
      placings: [
        { placing: 1, entryId: cedar.id, networkName: "Cedar", region: cedar.region },
        { placing: 2, entryId: alder.id, networkName: "Alder", region: alder.region },
      ],
      peoplesChoice: [
        { entryId: alder.id, networkName: "Alder", region: alder.region, votes: 3 },
        { entryId: birch.id, networkName: "Birch", region: birch.region, votes: 3 },
      ],
      votes: [
        { entryId: alder.id, networkName: "Alder", region: alder.region, votes: 3 },
        { entryId: birch.id, networkName: "Birch", region: birch.region, votes: 3 },
        { entryId: cedar.id, networkName: "Cedar", region: cedar.region, votes: 1 },
      ],
      totalVotes: 7,
    });
    // Hidden to a clock that has not reached the announcement.
    expect(await publicResults(festival.id, new Date(announcedAt.getTime() - 1))).toBeNull();

    // A second announcement changes and sends nothing.
    const queued = await conn().select().from(outbox);
    const again = await announce({ placing1: birch.id });
    expect(again.status).toBe(400);
    expect(again.data?.errors.form).toMatch(
      /^The results were announced on .*\. They are announced once; nothing was changed or sent again\.$/,
    );
    expect((await competitionRow()).resultsAnnouncedAt).toEqual(announcedAt);
    expect(await conn().select().from(outbox)).toEqual(queued);
    expect((await publicResults(festival.id, new Date()))!.placings[0]!.entryId).toBe(cedar.id);

    await deliver();
    const byRecipient = new Map<string, { subject: string; text: string }[]>();
    for (const m of smtp.messages) {
      const to = (Array.isArray(m.to) ? m.to[0] : m.to)!.text;
      byRecipient.set(to, [...(byRecipient.get(to) ?? []), { subject: m.subject!, text: m.text! }]);
    }
    // Everyone who submitted, once each; the draft's entrant hears nothing.
    expect([...byRecipient.keys()].sort()).toEqual([
      "alder@entrants.test",
      "birch@entrants.test",
      "cedar@entrants.test",
      "damson@entrants.test",
      "elm@entrants.test",
    ]);
    for (const [to, messages] of byRecipient) expect(messages, to).toHaveLength(1);
    const mail = (to: string) => byRecipient.get(to)![0]!;

    expect(mail("cedar@entrants.test").subject).toBe("Network90 results: Cedar is the winner");
    expect(mail("cedar@entrants.test").text).toContain("Cedar won the judges' award of Network90.");
    expect(mail("cedar@entrants.test").text).not.toContain("People's Choice: the most votes");

    expect(mail("alder@entrants.test").subject).toBe("Network90 results: Alder is a runner-up");
    expect(mail("alder@entrants.test").text).toContain(
      "Alder shares the People's Choice: the most votes from the public.",
    );

    expect(mail("birch@entrants.test").subject).toBe("Network90: the results");
    expect(mail("birch@entrants.test").text).toContain("Birch was on the shortlist");
    expect(mail("birch@entrants.test").text).toContain("Birch shares the People's Choice");

    for (const to of ["damson@entrants.test", "elm@entrants.test"]) {
      expect(mail(to).subject).toBe("Network90: the results");
      expect(mail(to).text).toContain("Thank you for entering");
      expect(mail(to).text).toContain("Winner: Cedar");
      expect(mail(to).text).toContain("Runner-up: Alder");
      expect(mail(to).text).toContain("People's Choice: Alder and Birch");
    }
    expect(mail("elm@entrants.test").text).toContain("Hello Elspeth,");
    expect(mail("damson@entrants.test").text).toContain("Hello Dee,");
    expect(mail("cedar@entrants.test").text).toContain("http://localhost:3000/network90#results");

    const audits = await conn()
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.festivalId, festival.id), eq(auditLog.action, "competition.announce")),
      );
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorId: cookies.organiserUser.id,
      summary:
        "Announced the results of Network90: 1. Cedar; 2. Alder; People's Choice Alder and Birch",
    });
    void draft;
    void undecided;
  });

  it("then freezes the settings and the scores", async () => {
    const settings = await callRoute<{ errors: Record<string, string> }>(
      settingsAction,
      "/admin/network90/settings",
      {
        cookie: cookies.organiser,
        form: {
          intent: "save",
          name: "Renamed",
          entriesCloseDate: "2026-10-20",
          entriesCloseTime: "09:00",
          votingOpensDate: "2026-10-21",
          votingOpensTime: "09:00",
          votingClosesDate: "2026-10-22",
          votingClosesTime: "09:00",
          criteria: "Story",
        },
      },
    );
    expect(settings.status).toBe(400);
    expect(settings.data?.errors.form).toMatch(
      /^The results were announced on .*: the competition's settings can no longer change\.$/,
    );
    expect((await competitionRow()).name).toBe("Network90");

    const scored = await callRoute<{ errors: Record<string, string> }>(
      scoreAction,
      `/judging/${alder.id}`,
      {
        cookie: cookies.organiser,
        params: { entryId: alder.id },
        form: { "criterion-0": "Story", "score-0": "5" },
      },
    );
    expect(scored.status).toBe(400);
    expect(scored.data?.errors.form).toMatch(/: scores are final\.$/);
  });
});

describe("the organisers' view of the vote", () => {
  beforeAll(async () => {
    const refuse = (email: string, ip: string | null, reason: string, at: string) =>
      conn()
        .insert(voteRefusal)
        .values({ festivalId: festival.id, email, ip, reason, createdAt: new Date(at) });
    for (let i = 0; i < 4; i++) {
      await refuse(`bot${i}@example.test`, "192.0.2.66", "ip-limit", `2026-10-25T10:0${i}:00Z`);
    }
    await refuse("voter-1@example.test", "192.0.2.66", "already-voted", "2026-10-25T10:30:00Z");
    await refuse("voter-1@example.test", "203.0.113.7", "already-voted", "2026-10-24T22:45:00Z");
    await refuse("late@example.test", null, "window-closed", "2026-10-29T18:00:00Z");
  });

  it("counts votes per entry per festival day, and groups refused attempts by reason and by address", async () => {
    type Group = { key: string; attempts: number; emails: number; first: string; last: string };
    const page = await callRoute<{
      zone: string;
      days: { key: string; label: string }[];
      rows: { networkName: string; perDay: number[]; total: number }[];
      byReason: (Group & { label: string })[];
      byIp: (Group & { reasons: string[] })[];
      busiest: Group[];
    }>(votesLoader, "/admin/network90/votes", { cookie: cookies.organiser });
    expect(page.status).toBe(200);
    const d = page.data!;
    expect(d.zone).toBe("Europe/London");
    // Alder's votes at 22:30 UTC on the 24th fall on Saturday in London (BST), its last at 23:30 UTC on the 25th on Sunday (GMT).
    expect(d.days).toEqual([
      { key: "2026-10-24", label: "Saturday 24 October" },
      { key: "2026-10-25", label: "Sunday 25 October" },
    ]);
    expect(d.rows).toEqual([
      { entryId: alder.id, networkName: "Alder", perDay: [2, 1], total: 3 },
      { entryId: birch.id, networkName: "Birch", perDay: [0, 3], total: 3 },
      { entryId: cedar.id, networkName: "Cedar", perDay: [0, 1], total: 1 },
    ]);

    expect(d.byReason.map((g) => [g.key, g.attempts, g.emails])).toEqual([
      ["ip-limit", 4, 4],
      ["already-voted", 2, 1],
      ["window-closed", 1, 1],
    ]);
    expect(d.byReason[0]).toMatchObject({
      label: "Too many votes from one internet address",
      first: "Sun 25 Oct 2026, 10:00:00 London time (UTC)",
      last: "Sun 25 Oct 2026, 10:03:00 London time (UTC)",
    });
    expect(d.byReason[1]).toMatchObject({
      first: "Sat 24 Oct 2026, 23:45:00 London time (UTC+1)",
      last: "Sun 25 Oct 2026, 10:30:00 London time (UTC)",
    });
    expect(d.byIp.map((g) => [g.key, g.attempts, g.emails])).toEqual([
      ["192.0.2.66", 5, 5],
      ["(unknown)", 1, 1],
      ["203.0.113.7", 1, 1],
    ]);
    expect(d.byIp[0]!.reasons.sort()).toEqual([
      "Too many votes from one internet address",
      "Voted already (the same email again)",
    ]);
    expect(d.busiest.map((g) => [g.key, g.attempts, g.emails])).toEqual([
      ["198.51.100.2", 3, 3],
      ["203.0.113.7", 2, 2],
    ]);
  });
});
