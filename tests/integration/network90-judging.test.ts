import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  auditLog,
  competition,
  competitionJudge,
  entry,
  entryScore,
  outbox,
  user,
} from "~db/schema";
import { deliverDueEmails } from "~emails/deliver.server";
import { smtpTransport } from "~emails/transport.server";
import { action as entryAction, loader as entryLoader } from "~/routes/admin.network90.$entryId";
import { loader as listLoader } from "~/routes/admin.network90._index";
import {
  action as settingsAction,
  loader as settingsLoader,
} from "~/routes/admin.network90.settings";
import { loader as resultsLoader } from "~/routes/admin.network90.results";
import { loader as votesLoader } from "~/routes/admin.network90.votes";
import { action as scoreAction, loader as scoreLoader } from "~/routes/judging.$entryId";
import { loader as judgingLoader } from "~/routes/judging._index";
import {
  createEntry,
  createFestival,
  createUser,
  type EntryRow,
  type FestivalRow,
} from "~tests/factories";
import { accessCookies, expectGuarded, type AccessCookies } from "~tests/helpers/admin-access";
import { callRoute } from "~tests/helpers/remix";
import { signedInCookie } from "~tests/helpers/session";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";
import { withTestDatabase } from "~tests/helpers/test-database";

/*
 * Network90 judging through its routes, as organisers and judges use them:
 * who may open what, the settings form's refusals, scoring and its totals,
 * and the decisions with the emails they send (read back from a real SMTP
 * server).
 */

const testDb = withTestDatabase();
const conn = () => testDb.handle.db;
let festival: FestivalRow;
let cookies: AccessCookies;
let smtp: TestSmtp;
let judgeCookie: string;
let judgeId: string;

const london = DateTime.now().setZone("Europe/London").startOf("day");
const day = (n: number) => london.plus({ days: n }).toISODate()!;

/** A valid settings form: entries close in 10 days, voting from day 11 to day 15. */
const settings = (overrides: Record<string, string> = {}) => ({
  intent: "save",
  name: "Network90",
  entriesCloseDate: day(10),
  entriesCloseTime: "09:00",
  votingOpensDate: day(11),
  votingOpensTime: "12:00",
  votingClosesDate: day(15),
  votingClosesTime: "17:00",
  criteria: "Story\nImpact on the network\nCraft and accessibility",
  ...overrides,
});

type SettingsResult = { errors: Record<string, string>; done: string | null; notes: string[] };
const saveSettings = (form: Record<string, string>, cookie = cookies.organiser) =>
  callRoute<SettingsResult>(settingsAction, "/admin/network90/settings", { cookie, form });

beforeAll(async () => {
  smtp = await startTestSmtp();
  festival = await createFestival(conn(), {
    name: "Networkfest",
    startsOn: day(8),
    endsOn: day(16),
  });
  cookies = await accessCookies(conn());
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

const audits = (action: string) =>
  conn()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.festivalId, festival.id), eq(auditLog.action, action)));

describe("competition settings", () => {
  it("sets the competition up from wall-clock times in the festival's zone, with an audit row", async () => {
    const page = await callRoute<{ exists: boolean; values: Record<string, string> }>(
      settingsLoader,
      "/admin/network90/settings",
      { cookie: cookies.organiser },
    );
    expect(page.data?.exists).toBe(false);

    const saved = await saveSettings(settings({ name: "  Network90 2026 " }));
    expect(saved.status).toBe(200);
    expect(saved.data?.done).toBe("The competition is set up.");
    const [row] = await conn()
      .select()
      .from(competition)
      .where(eq(competition.festivalId, festival.id));
    expect(row!.name).toBe("Network90 2026");
    // 12:00 in London on that date, whatever its offset that day.
    const opens = DateTime.fromISO(`${day(11)}T12:00`, { zone: "Europe/London" });
    expect(row!.votingOpensAt.toISOString()).toBe(
      opens.toUTC().toISO({ suppressMilliseconds: false }),
    );
    expect(row!.criteria).toEqual(["Story", "Impact on the network", "Craft and accessibility"]);
    expect(await audits("competition.create")).toHaveLength(1);

    // The form shows the saved times back in the festival's zone.
    const again = await callRoute<{ exists: boolean; values: Record<string, string> }>(
      settingsLoader,
      "/admin/network90/settings",
      { cookie: cookies.organiser },
    );
    expect(again.data?.values).toMatchObject({
      votingOpensDate: day(11),
      votingOpensTime: "12:00",
      votingClosesTime: "17:00",
    });

    const changed = await saveSettings(
      settings({ name: "Network90 2026", criteria: "Story\nReach" }),
    );
    expect(changed.data?.done).toBe("Settings saved.");
    const [update] = await audits("competition.update");
    expect(update!.summary).toBe("Changed Network90 2026's judging criteria");
    expect(update!.after).toEqual({ criteria: ["Story", "Reach"] });
    const unchanged = await saveSettings(
      settings({ name: "Network90 2026", criteria: "Story\nReach" }),
    );
    expect(unchanged.data?.done).toBe("Nothing to change.");
    expect(await audits("competition.update")).toHaveLength(1);
  });

  it("refuses a time in the spring gap, by its field, and saves nothing", async () => {
    const before = await conn().select().from(competition);
    const gap = await saveSettings(
      settings({
        entriesCloseDate: "2027-03-20",
        votingOpensDate: "2027-03-28",
        votingOpensTime: "01:30",
        votingClosesDate: "2027-04-02",
      }),
    );
    expect(gap.status).toBe(400);
    expect(gap.data?.errors.votingOpensTime).toBe(
      "Voting opens: 01:30 does not exist on Sunday 28 March 2027 in London time: the clocks go forward from 01:00 to 02:00. Choose a time before 01:00 or from 02:00.",
    );
    expect(Object.keys(gap.data!.errors)).toEqual(["votingOpensTime"]);
    expect(await conn().select().from(competition)).toEqual(before);
  });

  it("says which times the autumn repeat makes ambiguous, and takes the first", async () => {
    const repeat = await saveSettings(
      settings({
        entriesCloseDate: "2027-10-30",
        votingOpensDate: "2027-10-31",
        votingOpensTime: "01:30",
        votingClosesDate: "2027-11-02",
      }),
    );
    expect(repeat.status).toBe(200);
    expect(repeat.data?.notes).toEqual([
      "Voting opens: 01:30 happens twice on Sunday 31 October 2027 in London time (the clocks go back). We use the first, 01:30 UTC+1 (00:30 UTC), not the second, 01:30 UTC (01:30 UTC).",
    ]);
    const [row] = await conn().select().from(competition);
    expect(row!.votingOpensAt.toISOString()).toBe("2027-10-31T00:30:00.000Z");
    await saveSettings(settings({ name: "Network90 2026", criteria: "Story\nReach" }));
  });

  it("keeps the timeline in order and the criteria between one and eight, each message by its field", async () => {
    const early = await saveSettings(settings({ votingOpensDate: day(9) }));
    expect(early.status).toBe(400);
    expect(early.data?.errors.votingOpensDate).toMatch(
      /^Voting cannot open before entries close \(.* London time \(UTC[+−0-9]*\)\): the judges need the entries first\.$/,
    );
    // Equal is allowed for close and open; not for open and close.
    const same = await saveSettings(
      settings({ votingOpensDate: day(10), votingOpensTime: "09:00" }),
    );
    expect(same.status).toBe(200);
    const backwards = await saveSettings(
      settings({ votingClosesDate: day(11), votingClosesTime: "12:00" }),
    );
    expect(backwards.data?.errors.votingClosesDate).toMatch(/^Voting must close after it opens/);

    const none = await saveSettings(settings({ criteria: " \n\n " }));
    expect(none.data?.errors.criteria).toBe("Give at least one criterion, one a line.");
    const nine = await saveSettings(
      settings({ criteria: Array.from({ length: 9 }, (_, i) => `Criterion ${i + 1}`).join("\n") }),
    );
    expect(nine.data?.errors.criteria).toBe("At most 8 criteria: there are 9. Merge some.");
    const twice = await saveSettings(settings({ criteria: "Story\nstory" }));
    expect(twice.data?.errors.criteria).toBe('"story" is in the list twice.');
    const badDate = await saveSettings(settings({ entriesCloseDate: "next week", name: "" }));
    expect(badDate.data?.errors).toEqual({
      name: "Give the competition a name, for example Network90.",
      entriesCloseDate: "Entries close: Enter the date as YYYY-MM-DD.",
    });

    // Back to the timeline the rest of the file uses.
    expect((await saveSettings(settings())).status).toBe(200);
  });
});

describe("judges", () => {
  it("adds a judge by email (creating the account), lists them, and removes them, with audit rows", async () => {
    const added = await saveSettings({ intent: "add-judge", email: " June.Judge@Example.TEST " });
    expect(added.status).toBe(200);
    expect(added.data?.done).toBe(
      "june.judge@example.test is now a judge. They sign in with that address at /judging.",
    );
    const [person] = await conn()
      .select()
      .from(user)
      .where(eq(user.email, "june.judge@example.test"));
    expect(person).toBeDefined();
    judgeId = person!.id;
    judgeCookie = await signedInCookie(judgeId);

    const again = await saveSettings({ intent: "add-judge", email: "june.judge@example.test" });
    expect(again.status).toBe(400);
    expect(again.data?.errors.email).toBe("june.judge@example.test is a judge already.");
    const bad = await saveSettings({ intent: "add-judge", email: "not an address" });
    expect(bad.data?.errors.email).toBe("Enter an email address like name@example.org.");

    // An existing account keeps its own spelling.
    const existing = await createUser(conn(), { email: "Kofi.Judge@example.test", name: "Kofi" });
    await saveSettings({ intent: "add-judge", email: "kofi.judge@example.test" });
    const page = await callRoute<{ judges: { email: string; name: string }[] }>(
      settingsLoader,
      "/admin/network90/settings",
      { cookie: cookies.organiser },
    );
    expect(page.data?.judges.map((j) => j.email)).toEqual([
      "june.judge@example.test",
      "Kofi.Judge@example.test",
    ]);
    const kofiCookie = await signedInCookie(existing.id);
    expect((await callRoute(judgingLoader, "/judging", { cookie: kofiCookie })).status).toBe(200);

    const removed = await saveSettings({ intent: "remove-judge", userId: existing.id });
    expect(removed.data?.done).toBe("Kofi.Judge@example.test is no longer a judge.");
    expect((await callRoute(judgingLoader, "/judging", { cookie: kofiCookie })).status).toBe(403);
    const gone = await saveSettings({ intent: "remove-judge", userId: existing.id });
    expect(gone.status).toBe(404);
    expect((await saveSettings({ intent: "remove-judge", userId: "../../etc" })).status).toBe(404);

    expect((await audits("competition.judge-add")).map((a) => a.summary).sort()).toEqual([
      "Made Kofi.Judge@example.test a judge of the competition",
      "Made june.judge@example.test a judge of the competition",
    ]);
    expect((await audits("competition.judge-remove")).map((a) => a.summary)).toEqual([
      "Removed Kofi.Judge@example.test from the judges",
    ]);
    const rows = await conn()
      .select()
      .from(competitionJudge)
      .where(eq(competitionJudge.festivalId, festival.id));
    expect(rows.map((r) => r.userId)).toEqual([judgeId]);
  });
});

describe("who may open what", () => {
  let target: EntryRow;
  beforeAll(async () => {
    target = await createEntry(conn(), festival, { status: "submitted", submittedAt: new Date() });
  });

  it("guards every back-office loader and action (anonymous, attendee, organiser without the second factor)", async () => {
    const params = { entryId: target.id };
    await expectGuarded(listLoader, "/admin/network90", cookies);
    await expectGuarded(entryLoader, `/admin/network90/${target.id}`, cookies, { params });
    await expectGuarded(entryAction, `/admin/network90/${target.id}`, cookies, {
      params,
      form: { intent: "shortlist" },
    });
    await expectGuarded(settingsLoader, "/admin/network90/settings", cookies);
    await expectGuarded(settingsAction, "/admin/network90/settings", cookies, { form: settings() });
    await expectGuarded(resultsLoader, "/admin/network90/results", cookies);
    await expectGuarded(votesLoader, "/admin/network90/votes", cookies);
    // Nothing changed on the way.
    const [still] = await conn().select().from(entry).where(eq(entry.id, target.id));
    expect(still!.status).toBe("submitted");
  });

  it("lets a judge into /judging but not into the back office", async () => {
    expect((await callRoute(judgingLoader, "/judging", { cookie: judgeCookie })).status).toBe(200);
    const one = await callRoute(scoreLoader, `/judging/${target.id}`, {
      cookie: judgeCookie,
      params: { entryId: target.id },
    });
    expect(one.status).toBe(200);
    for (const [fn, url] of [
      [listLoader, "/admin/network90"],
      [settingsLoader, "/admin/network90/settings"],
      [resultsLoader, "/admin/network90/results"],
      [votesLoader, "/admin/network90/votes"],
    ] as const) {
      expect((await callRoute(fn, url, { cookie: judgeCookie })).status, url).toBe(403);
    }
    const shortlist = await callRoute(entryAction, `/admin/network90/${target.id}`, {
      cookie: judgeCookie,
      params: { entryId: target.id },
      form: { intent: "shortlist" },
    });
    expect(shortlist.status).toBe(403);
  });

  it("refuses /judging to anyone else, and asks organisers for their second factor there too", async () => {
    const params = { entryId: target.id };
    const form = { "criterion-0": "Story", "score-0": "5" };
    for (const [fn, url, options] of [
      [judgingLoader, "/judging", {}],
      [scoreLoader, `/judging/${target.id}`, { params }],
      [scoreAction, `/judging/${target.id}`, { params, form }],
    ] as const) {
      const anonymous = await callRoute(fn, url, options);
      expect(anonymous.status, `${url} anonymous`).toBe(303);
      expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
      const attendee = await callRoute<string>(fn, url, { ...options, cookie: cookies.attendee });
      expect(attendee.status, `${url} attendee`).toBe(403);
      expect(attendee.body).toMatch(/^Judging is for the competition's judges/);
      const unverified = await callRoute(fn, url, { ...options, cookie: cookies.unverified });
      expect(unverified.status, `${url} organiser without second factor`).toBe(303);
      expect(unverified.headers.get("Location")).toMatch(/^\/admin\/security\/verify\?/);
      const organiser = await callRoute(fn, url, { ...options, cookie: cookies.organiser });
      expect([200, 400], `${url} organiser`).toContain(organiser.status);
    }
    expect(await conn().select().from(entryScore)).toEqual([]);
  });

  it("answers 404 for drafts, other festivals' entries and ids that are not ids", async () => {
    const draft = await createEntry(conn(), festival);
    const earlier = await createFestival(conn(), { startsOn: "2025-10-20", endsOn: "2025-10-24" });
    const elsewhere = await createEntry(conn(), earlier, { public: true });
    for (const id of [draft.id, elsewhere.id, crypto.randomUUID(), "not-an-id", "' or 1=1 --"]) {
      const judging = await callRoute(scoreLoader, `/judging/${encodeURIComponent(id)}`, {
        cookie: judgeCookie,
        params: { entryId: id },
      });
      expect(judging.status, id).toBe(404);
      const admin = await callRoute(entryLoader, `/admin/network90/${encodeURIComponent(id)}`, {
        cookie: cookies.organiser,
        params: { entryId: id },
      });
      expect(admin.status, id).toBe(draft.id === id ? 200 : 404);
    }
  });
});

describe("scoring", () => {
  type ScorePage = {
    mine: { criterion: string; score: number | null; comment: string }[];
    totals: {
      criteria: { criterion: string; average: number | null; scores: number }[];
      overall: number | null;
      judges: number;
    };
  };
  let scored: EntryRow;
  beforeAll(async () => {
    scored = await createEntry(conn(), festival, {
      networkName: "Aardvark Allotments",
      status: "submitted",
      submittedAt: new Date(),
    });
  });
  const score = (cookie: string, form: Record<string, string>) =>
    callRoute<{ errors: Record<string, string> }>(scoreAction, `/judging/${scored.id}`, {
      cookie,
      params: { entryId: scored.id },
      form,
    });
  const page = (cookie: string) =>
    callRoute<ScorePage>(scoreLoader, `/judging/${scored.id}`, {
      cookie,
      params: { entryId: scored.id },
    });
  const full = (
    a: string,
    b: string,
    c: string,
    comments: [string, string, string] = ["", "", ""],
  ) => ({
    "criterion-0": "Story",
    "score-0": a,
    "comment-0": comments[0],
    "criterion-1": "Impact on the network",
    "score-1": b,
    "comment-1": comments[1],
    "criterion-2": "Craft and accessibility",
    "score-2": c,
    "comment-2": comments[2],
  });

  it("needs every criterion scored 1 to 5, saying which, and saves nothing otherwise", async () => {
    const missing = await score(judgeCookie, { ...full("4", "", "9") });
    expect(missing.status).toBe(400);
    expect(missing.data?.errors).toEqual({
      "score-1": 'Choose a score from 1 to 5 for "Impact on the network".',
      "score-2": 'Choose a score from 1 to 5 for "Craft and accessibility".',
    });
    const stale = await score(judgeCookie, { "criterion-0": "Story", "score-0": "4" });
    expect(stale.data?.errors.form).toMatch(/^The judging criteria changed while you were scoring/);
    const long = await score(judgeCookie, full("1", "2", "3", ["x".repeat(2001), "", ""]));
    expect(long.data?.errors["comment-0"]).toBe("Keep the comment under 2000 characters.");
    expect(await conn().select().from(entryScore).where(eq(entryScore.entryId, scored.id))).toEqual(
      [],
    );
  });

  it("saves a judge's scores, replaces them when they score again, and totals across judges", async () => {
    const first = await score(judgeCookie, full("2", "3", "4", ["Clear story", "", ""]));
    expect(first.status).toBe(303);
    expect(first.headers.get("Location")).toBe(`/judging/${scored.id}?saved=1`);
    const again = await score(
      judgeCookie,
      full("4", "3", "5", ["Clearer on second viewing", "", "Captions well timed"]),
    );
    expect(again.status).toBe(303);
    const rows = await conn()
      .select()
      .from(entryScore)
      .where(and(eq(entryScore.entryId, scored.id), eq(entryScore.judgeId, judgeId)));
    expect(rows).toHaveLength(3);
    expect(Object.fromEntries(rows.map((r) => [r.criterion, [r.score, r.comment]]))).toEqual({
      Story: [4, "Clearer on second viewing"],
      "Impact on the network": [3, ""],
      "Craft and accessibility": [5, "Captions well timed"],
    });

    // An organiser judges too.
    expect((await score(cookies.organiser, full("2", "5", "3"))).status).toBe(303);

    const mine = await page(judgeCookie);
    expect(mine.data?.mine.map((m) => m.score)).toEqual([4, 3, 5]);
    expect(mine.data?.totals).toEqual({
      criteria: [
        { criterion: "Story", average: 3, scores: 2 },
        { criterion: "Impact on the network", average: 4, scores: 2 },
        { criterion: "Craft and accessibility", average: 4, scores: 2 },
      ],
      overall: 22 / 6,
      judges: 2,
    });

    const list = await callRoute<{
      entries: {
        id: string;
        scoredByViewer: number;
        overall: string | null;
        judges: number;
        status: string;
      }[];
    }>(judgingLoader, "/judging", { cookie: judgeCookie });
    const row = list.data!.entries.find((e) => e.id === scored.id)!;
    expect(row).toMatchObject({
      scoredByViewer: 3,
      overall: "3.7",
      judges: 2,
      status: "submitted",
    });
    // Unfinished entries come first for this judge.
    expect(list.data!.entries.at(-1)!.id).toBe(scored.id);

    const admin = await callRoute<{
      entries: { id: string; overall: string | null; judges: number }[];
    }>(listLoader, "/admin/network90", { cookie: cookies.organiser });
    expect(admin.data!.entries.find((e) => e.id === scored.id)).toMatchObject({
      overall: "3.7",
      judges: 2,
    });
    const detail = await callRoute<{
      sheets: { judge: string; scores: { score: number | null; comment: string }[] }[];
    }>(entryLoader, `/admin/network90/${scored.id}`, {
      cookie: cookies.organiser,
      params: { entryId: scored.id },
    });
    expect(
      detail.data!.sheets.find((s) => s.judge === "june.judge@example.test")!.scores[2],
    ).toEqual({
      criterion: "Craft and accessibility",
      score: 5,
      comment: "Captions well timed",
    });
  });

  it("filters the back-office list by status and region, ignoring values it does not know", async () => {
    await createEntry(conn(), festival, {
      networkName: "Zebra Crossing Club",
      region: "Wales",
      status: "submitted",
      submittedAt: new Date(),
    });
    type List = { entries: { networkName: string; region: string; status: string }[] };
    const wales = await callRoute<List>(listLoader, "/admin/network90?region=Wales", {
      cookie: cookies.organiser,
    });
    expect(wales.data!.entries.map((e) => e.networkName)).toEqual(["Zebra Crossing Club"]);
    const drafts = await callRoute<List>(listLoader, "/admin/network90?status=draft", {
      cookie: cookies.organiser,
    });
    expect(drafts.data!.entries.length).toBeGreaterThan(0);
    expect(drafts.data!.entries.every((e) => e.status === "draft")).toBe(true);
    const junk = await callRoute<List>(listLoader, "/admin/network90?status=%00&region=Atlantis", {
      cookie: cookies.organiser,
    });
    expect(junk.status).toBe(200);
    expect(junk.data!.entries.length).toBeGreaterThan(drafts.data!.entries.length);
  });
});

describe("decisions", () => {
  const decide = (id: string, form: Record<string, string>) =>
    callRoute<{ done: string | null; error: string | null; field: string | null }>(
      entryAction,
      `/admin/network90/${id}`,
      { cookie: cookies.organiser, params: { entryId: id }, form },
    );

  it("refuses to shortlist an entry without captions, saying why captions are needed; allows it once they are there, and emails the entrant", async () => {
    const entrant = await createUser(conn(), {
      email: "nia@network.test",
      name: "Nia Account",
      timeZone: "America/New_York",
    });
    const e = await createEntry(conn(), festival, {
      userId: entrant.id,
      networkName: "Harbour Voices",
      contactName: "Nia Okafor",
      status: "submitted",
      submittedAt: new Date(),
      videoUrl: "https://video.example.org/watch/7",
      publicConsentAt: new Date(),
    });
    const refused = await decide(e.id, { intent: "shortlist" });
    expect(refused.status).toBe(400);
    expect(refused.data?.error).toBe(
      "This entry cannot be shortlisted yet: it still needs a captions file (WebVTT). Captions are required for accessibility: deaf and hard-of-hearing visitors, and anyone watching without sound, follow the video through them. Ask the entrant to add what is missing.",
    );
    const [still] = await conn().select().from(entry).where(eq(entry.id, e.id));
    expect(still!.status).toBe("submitted");
    expect(
      await conn().select().from(outbox).where(eq(outbox.recipient, "nia@network.test")),
    ).toEqual([]);

    await conn()
      .update(entry)
      .set({ captionsKey: `captions/${crypto.randomUUID()}.vtt` })
      .where(eq(entry.id, e.id));
    const done = await decide(e.id, { intent: "shortlist" });
    expect(done.status).toBe(200);
    expect(done.data?.done).toBe(
      '"Harbour Voices" is on the shortlist; nia@network.test has been emailed.',
    );
    const [now] = await conn().select().from(entry).where(eq(entry.id, e.id));
    expect(now).toMatchObject({ status: "shortlisted", decidedBy: cookies.organiserUser.id });
    const twice = await decide(e.id, { intent: "shortlist" });
    expect(twice.data?.error).toBe("This entry is on the shortlist already.");

    await deliver();
    expect(smtp.messages).toHaveLength(1);
    const message = smtp.messages[0]!;
    expect(message.to).toMatchObject({ text: "nia@network.test" });
    expect(message.subject).toBe("Shortlisted: Harbour Voices in Network90");
    expect(message.text).toContain("Hello Nia,");
    // The entrant's own zone, named.
    const opens = DateTime.fromISO(`${day(11)}T12:00`, { zone: "Europe/London" }).setZone(
      "America/New_York",
    );
    expect(message.text).toContain(
      `${opens.setLocale("en-GB").toFormat("ccc d LLL yyyy, HH:mm")} New York time (UTC−`,
    );
    expect(message.text).toContain("public gallery");

    const [audit] = await audits("entry.shortlist");
    expect(audit).toMatchObject({
      subjectId: e.id,
      actorId: cookies.organiserUser.id,
      summary: 'Shortlisted "Harbour Voices" (Yorkshire and the Humber) for Network90',
    });
  });

  it("names every missing piece: video, captions and consent", async () => {
    const bare = await createEntry(conn(), festival, {
      status: "submitted",
      submittedAt: new Date(),
    });
    const refused = await decide(bare.id, { intent: "shortlist" });
    expect(refused.data?.error).toMatch(
      /^This entry cannot be shortlisted yet: it still needs a video, a captions file \(WebVTT\) and consent to show the video publicly\. Captions are required for accessibility/,
    );
    const draft = await createEntry(conn(), festival, { public: true, status: "draft" });
    expect((await decide(draft.id, { intent: "shortlist" })).data?.error).toBe(
      "This entry has not been submitted yet: there is nothing to decide.",
    );
  });

  it("declines only with a reason, and emails the entrant that reason", async () => {
    const entrant = await createUser(conn(), { email: "tom@network.test", name: "Tom Field" });
    const e = await createEntry(conn(), festival, {
      userId: entrant.id,
      networkName: "Moorland Makers",
      contactName: "",
      status: "submitted",
      submittedAt: new Date(),
    });
    const blank = await decide(e.id, { intent: "decline", reason: "   " });
    expect(blank.status).toBe(400);
    expect(blank.data).toMatchObject({
      field: "reason",
      error: "Give the reason: it is emailed to the entrant, who deserves to know why.",
    });
    expect((await conn().select().from(entry).where(eq(entry.id, e.id)))[0]!.status).toBe(
      "submitted",
    );

    const reason = "The video is about a product, not about your network. <b>Sorry</b>";
    const done = await decide(e.id, { intent: "decline", reason });
    expect(done.data?.done).toBe(
      '"Moorland Makers" was declined; tom@network.test has been emailed the reason.',
    );
    const [row] = await conn().select().from(entry).where(eq(entry.id, e.id));
    expect(row).toMatchObject({ status: "declined", decisionReason: reason });

    await deliver();
    expect(smtp.messages).toHaveLength(1);
    const message = smtp.messages[0]!;
    expect(message.to).toMatchObject({ text: "tom@network.test" });
    expect(message.subject).toBe("Your Network90 entry: Moorland Makers");
    expect(message.text).toContain("Hello Tom,");
    expect(message.text).toContain(reason);
    // In the HTML part the reason is text, never markup.
    expect(message.html).toContain("&lt;b&gt;Sorry&lt;/b&gt;");
    expect(message.html).not.toContain("<b>Sorry</b>");

    const again = await decide(e.id, { intent: "decline", reason: "Again" });
    expect(again.data?.error).toMatch(/^This entry was declined on .* time/);
    const shortlistDeclined = await decide(e.id, { intent: "shortlist" });
    expect(shortlistDeclined.data?.error).toMatch(/^This entry was declined/);

    const [audit] = await audits("entry.decline");
    expect(audit).toMatchObject({
      subjectId: e.id,
      summary: `Declined "Moorland Makers" (Yorkshire and the Humber): ${reason}`,
      after: { status: "declined", reason },
    });
    const judgeView = await callRoute<{ closed: string | null }>(scoreLoader, `/judging/${e.id}`, {
      cookie: judgeCookie,
      params: { entryId: e.id },
    });
    expect(judgeView.data?.closed).toBe("This entry was declined: it is no longer scored.");
  });

  it("fixes the shortlist once voting opens", async () => {
    const ready = await createEntry(conn(), festival, {
      public: true,
      status: "submitted",
      networkName: "Late Bloomers",
    });
    const listed = await createEntry(conn(), festival, {
      public: true,
      networkName: "Early Birds",
    });
    await conn()
      .update(competition)
      .set({ votingOpensAt: new Date(Date.now() - 60_000) })
      .where(eq(competition.festivalId, festival.id));
    try {
      expect((await decide(ready.id, { intent: "shortlist" })).data?.error).toMatch(
        /^Voting opened on .*: the shortlist is fixed while the public votes\.$/,
      );
      expect(
        (await decide(listed.id, { intent: "decline", reason: "Changed our minds" })).data?.error,
      ).toMatch(/: a shortlisted entry stays in the vote\.$/);
      // Declining one still waiting is fine.
      expect(
        (await decide(ready.id, { intent: "decline", reason: "Too late to judge" })).status,
      ).toBe(200);
    } finally {
      await saveSettings(settings());
    }
  });
});
