import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { competition, entry, vote, voteRefusal } from "~db/schema";
import { CLIENT_IP_HEADER } from "~/lib/client-ip.server";
import {
  castVote,
  IP_WINDOW_MINUTES,
  refusalMessage,
  VOTES_PER_IP,
  type VoteRefusal,
} from "~/models/voting.server";
import { action as voteAction, loader as entryLoader } from "~/routes/network90.entries.$id";
import { loader as pageLoader } from "~/routes/network90._index";
import {
  createCompetition,
  createEntry,
  createFestival,
  createUser,
  type EntryRow,
  type FestivalRow,
} from "~tests/factories";
import { callRoute } from "~tests/helpers/remix";
import { signedInCookie } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";

/*
 * The public vote. The model is driven with a pinned clock (`now`) against a
 * competition on fixed dates; the routes run on the real clock against the
 * current festival, whose windows the tests move into the past or future.
 */

const testDb = withTestDatabase();
const db = () => testDb.handle.db;
const MINUTE = 60_000;
const DAY = 86_400_000;

// The model's competition: voting from Monday 09:00 to Wednesday 17:00 UTC.
const OPENS = new Date("2026-10-26T09:00:00Z");
const CLOSES = new Date("2026-10-28T17:00:00Z");
const DURING = new Date("2026-10-27T12:00:00Z");

let past: FestivalRow;
let alpha: EntryRow;
let beta: EntryRow;
let notPublic: EntryRow;

const voter = async (email?: string) => {
  const person = await createUser(db(), email ? { email } : {});
  return { id: person.id, email: person.email };
};

const votesOf = async (festivalId: string) =>
  db().select().from(vote).where(eq(vote.festivalId, festivalId));
const refusalsOf = async (festivalId: string, email?: string) =>
  db()
    .select()
    .from(voteRefusal)
    .where(
      and(eq(voteRefusal.festivalId, festivalId), email ? eq(voteRefusal.email, email) : undefined),
    );

beforeAll(async () => {
  // An older edition, so the route tests' festival below is the current one.
  past = await createFestival(db(), { startsOn: "2026-10-21", endsOn: "2026-10-28" });
  await createCompetition(db(), past, {
    entriesCloseAt: new Date("2026-10-22T12:00:00Z"),
    votingOpensAt: OPENS,
    votingClosesAt: CLOSES,
  });
  alpha = await createEntry(db(), past, { public: true, networkName: "Alpha Network" });
  beta = await createEntry(db(), past, { public: true, networkName: "Beta Network" });
  notPublic = await createEntry(db(), past, {
    public: true,
    status: "submitted",
    networkName: "Still Judged",
  });
});

describe("castVote (controlled clock)", () => {
  it("refuses before the window opens and after it closes, and records each refusal", async () => {
    const person = await voter();
    const early = await castVote({
      festivalId: past.id,
      entryId: alpha.id,
      voter: person,
      ip: "203.0.113.1",
      now: new Date(OPENS.getTime() - 1),
    });
    expect(early).toMatchObject({ status: "refused", reason: "window-closed", when: "before" });
    expect(refusalMessage(early as VoteRefusal, "Europe/London")).toBe(
      "Voting has not opened yet: it opens Mon 26 Oct 2026, 09:00 London time (UTC).",
    );
    const late = await castVote({
      festivalId: past.id,
      entryId: alpha.id,
      voter: person,
      ip: "203.0.113.1",
      now: CLOSES,
    });
    expect(late).toMatchObject({ status: "refused", reason: "window-closed", when: "after" });
    expect(refusalMessage(late as VoteRefusal, "Australia/Melbourne")).toBe(
      "Voting closed Thu 29 Oct 2026, 04:00 Melbourne time (UTC+11).",
    );
    expect((await votesOf(past.id)).filter((v) => v.email === person.email)).toEqual([]);
    const refusals = await refusalsOf(past.id, person.email);
    expect(refusals.map((r) => [r.reason, r.ip])).toEqual([
      ["window-closed", "203.0.113.1"],
      ["window-closed", "203.0.113.1"],
    ]);

    // The first instant of the window counts.
    const onTime = await castVote({
      festivalId: past.id,
      entryId: alpha.id,
      voter: person,
      ip: "203.0.113.1",
      now: OPENS,
    });
    expect(onTime).toEqual({ status: "voted", networkName: "Alpha Network" });
  });

  it("takes one vote per email: a second, even for another entry or in other capitals, is refused", async () => {
    const person = await voter("Sam.Voter@Example.test");
    const first = await castVote({
      festivalId: past.id,
      entryId: alpha.id,
      voter: person,
      ip: null,
      now: DURING,
    });
    expect(first).toEqual({ status: "voted", networkName: "Alpha Network" });
    const second = await castVote({
      festivalId: past.id,
      entryId: beta.id,
      voter: { ...person, email: "SAM.VOTER@example.test" },
      ip: null,
      now: DURING,
    });
    expect(second).toEqual({
      status: "refused",
      reason: "already-voted",
      networkName: "Alpha Network",
    });
    expect(refusalMessage(second as VoteRefusal, "UTC")).toMatch(
      /^You have already voted for Alpha Network\./,
    );
    const mine = (await votesOf(past.id)).filter((v) => v.email === "sam.voter@example.test");
    expect(mine.map((v) => v.entryId)).toEqual([alpha.id]);
    const refusals = await refusalsOf(past.id, "sam.voter@example.test");
    expect(refusals.map((r) => r.reason)).toEqual(["already-voted"]);
  });

  it("refuses a vote for an entry that is not public, or not in this festival, as not found", async () => {
    const person = await voter();
    for (const entryId of [notPublic.id, crypto.randomUUID(), "not-an-id"]) {
      const result = await castVote({
        festivalId: past.id,
        entryId,
        voter: person,
        ip: null,
        now: DURING,
      });
      expect(result).toEqual({ status: "not-found" });
    }
    expect((await votesOf(past.id)).filter((v) => v.email === person.email)).toEqual([]);
  });

  it(`limits one address to ${VOTES_PER_IP} votes in ${IP_WINDOW_MINUTES} minutes, and records the refusal`, async () => {
    const ip = "198.51.100.7";
    const start = new Date(DURING.getTime() + 60 * MINUTE);
    for (let i = 0; i < VOTES_PER_IP; i++) {
      const result = await castVote({
        festivalId: past.id,
        entryId: i % 2 ? alpha.id : beta.id,
        voter: await voter(),
        ip,
        now: new Date(start.getTime() + i * 30_000),
      });
      expect(result.status, `vote ${i + 1}`).toBe("voted");
    }
    const eleventh = await voter();
    const refused = await castVote({
      festivalId: past.id,
      entryId: alpha.id,
      voter: eleventh,
      ip,
      now: new Date(start.getTime() + 6 * MINUTE),
    });
    expect(refused).toEqual({ status: "refused", reason: "ip-limit" });
    expect(refusalMessage(refused as VoteRefusal, "UTC")).toMatch(/Too many votes .* try again/);
    expect(await refusalsOf(past.id, eleventh.email)).toMatchObject([{ reason: "ip-limit", ip }]);
    expect((await votesOf(past.id)).filter((v) => v.ip === ip)).toHaveLength(VOTES_PER_IP);

    // Another address is not held back by this one.
    const neighbour = await castVote({
      festivalId: past.id,
      entryId: alpha.id,
      voter: await voter(),
      ip: "198.51.100.8",
      now: new Date(start.getTime() + 6 * MINUTE),
    });
    expect(neighbour.status).toBe("voted");

    // Ten minutes after the first vote, the address has room again.
    const later = await castVote({
      festivalId: past.id,
      entryId: alpha.id,
      voter: eleventh,
      ip,
      now: new Date(start.getTime() + IP_WINDOW_MINUTES * MINUTE + 1),
    });
    expect(later.status).toBe("voted");
  });

  it("ten simultaneous votes by one person leave exactly one vote (the unique index decides)", async () => {
    const person = await voter();
    // No address, so nothing serialises them but the database's unique index.
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        castVote({
          festivalId: past.id,
          entryId: i % 2 ? alpha.id : beta.id,
          voter: person,
          ip: null,
          now: DURING,
        }),
      ),
    );
    const rows = (await votesOf(past.id)).filter((v) => v.email === person.email);
    expect(rows).toHaveLength(1);
    const voted = results.filter((r) => r.status === "voted");
    expect(voted).toHaveLength(1);
    const chosen = rows[0]!.entryId === alpha.id ? "Alpha Network" : "Beta Network";
    for (const r of results.filter((r) => r.status !== "voted")) {
      expect(r).toEqual({ status: "refused", reason: "already-voted", networkName: chosen });
    }
    expect(await refusalsOf(past.id, person.email)).toHaveLength(9);
  });

  it("ten simultaneous votes by one person from one address also leave one vote", async () => {
    const person = await voter();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        castVote({
          festivalId: past.id,
          entryId: alpha.id,
          voter: person,
          ip: "192.0.2.10",
          now: DURING,
        }),
      ),
    );
    expect(results.filter((r) => r.status === "voted")).toHaveLength(1);
    expect((await votesOf(past.id)).filter((v) => v.email === person.email)).toHaveLength(1);
  });
});

describe("the vote button (routes, real clock)", () => {
  let festival: FestivalRow;
  let gamma: EntryRow;
  let hiddenEntry: EntryRow;

  const entryPath = (id: string) => `/network90/entries/${id}`;

  /** POSTs the vote the way a browser would, from an address. */
  async function post(id: string, { cookie, ip }: { cookie?: string; ip?: string } = {}) {
    const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
    if (cookie) headers.set("Cookie", cookie);
    if (ip) headers.set(CLIENT_IP_HEADER, ip);
    const request = new Request(`http://localhost:3000${entryPath(id)}`, {
      method: "POST",
      headers,
      body: "",
    });
    try {
      const result = (await voteAction({ request, params: { id }, context: {} })) as {
        data: { error: string; reason: string };
        init: ResponseInit | null;
      };
      return { status: result.init?.status ?? 200, data: result.data, location: null };
    } catch (thrown) {
      if (!(thrown instanceof Response)) throw thrown;
      return { status: thrown.status, data: null, location: thrown.headers.get("Location") };
    }
  }

  async function setWindow(opensIn: number, closesIn: number, announcedAgo: number | null = null) {
    const t = Date.now();
    await db()
      .update(competition)
      .set({
        entriesCloseAt: new Date(t + opensIn - DAY),
        votingOpensAt: new Date(t + opensIn),
        votingClosesAt: new Date(t + closesIn),
        resultsAnnouncedAt: announcedAgo === null ? null : new Date(t - announcedAgo),
      })
      .where(eq(competition.festivalId, festival.id));
  }

  beforeAll(async () => {
    festival = await createFestival(db(), { startsOn: "2027-10-20", endsOn: "2027-10-27" });
    await createCompetition(db(), festival);
    gamma = await createEntry(db(), festival, { public: true, networkName: "Gamma Network" });
    hiddenEntry = await createEntry(db(), festival, {
      public: true,
      status: "declined",
      networkName: "Declined Network",
    });
  });

  it("sends an anonymous voter to sign in, coming back to the entry", async () => {
    await setWindow(-DAY, DAY);
    const result = await post(gamma.id);
    expect(result.status).toBe(303);
    expect(result.location).toBe(`/login?redirectTo=${encodeURIComponent(entryPath(gamma.id))}`);
    expect(await votesOf(festival.id)).toEqual([]);
  });

  it("counts a signed-in vote once, with the address; the second is refused by name", async () => {
    await setWindow(-DAY, DAY);
    const person = await createUser(db());
    const cookie = await signedInCookie(person.id);
    const first = await post(gamma.id, { cookie, ip: "203.0.113.50" });
    expect(first.status).toBe(303);
    expect(first.location).toBe(`${entryPath(gamma.id)}?voted=1`);
    expect(await votesOf(festival.id)).toMatchObject([
      { entryId: gamma.id, userId: person.id, email: person.email, ip: "203.0.113.50" },
    ]);

    const page = await callRoute<{ vote: { votedFor: { networkName: string } | null } }>(
      entryLoader,
      `${entryPath(gamma.id)}?voted=1`,
      { params: { id: gamma.id }, cookie },
    );
    expect(page.data!.vote!.votedFor!.networkName).toBe("Gamma Network");

    const second = await post(gamma.id, { cookie, ip: "203.0.113.50" });
    expect(second.status).toBe(409);
    expect(second.data!.error).toMatch(/^You have already voted for Gamma Network\./);
    expect(await votesOf(festival.id)).toHaveLength(1);
    expect(await refusalsOf(festival.id, person.email)).toMatchObject([
      { reason: "already-voted", ip: "203.0.113.50" },
    ]);
  });

  it("refuses a vote before the window and after it, saying when", async () => {
    const person = await createUser(db());
    const cookie = await signedInCookie(person.id);
    await setWindow(DAY, 2 * DAY);
    const early = await post(gamma.id, { cookie });
    expect(early.status).toBe(403);
    expect(early.data!.error).toMatch(/^Voting has not opened yet: it opens .* London time/);
    await setWindow(-2 * DAY, -DAY);
    const late = await post(gamma.id, { cookie });
    expect(late.status).toBe(403);
    expect(late.data!.error).toMatch(/^Voting closed /);
    const rows = await db().select().from(vote).where(eq(vote.userId, person.id));
    expect(rows).toEqual([]);
    expect((await refusalsOf(festival.id, person.email)).map((r) => r.reason)).toEqual([
      "window-closed",
      "window-closed",
    ]);
  });

  it("answers a vote for an entry the public cannot see, or a malformed id, with 404", async () => {
    await setWindow(-DAY, DAY);
    const cookie = await signedInCookie((await createUser(db())).id);
    for (const id of [hiddenEntry.id, "nonsense", crypto.randomUUID()]) {
      expect((await post(id, { cookie })).status, id).toBe(404);
    }
  });

  it("turns away the eleventh vote from one address in ten minutes with a clear message", async () => {
    await setWindow(-DAY, DAY);
    const ip = "198.51.100.200";
    for (let i = 0; i < VOTES_PER_IP; i++) {
      const cookie = await signedInCookie((await createUser(db())).id);
      expect((await post(gamma.id, { cookie, ip })).status).toBe(303);
    }
    const last = await createUser(db());
    const refused = await post(gamma.id, { cookie: await signedInCookie(last.id), ip });
    expect(refused.status).toBe(429);
    expect(refused.data!.error).toMatch(/Too many votes have come from your internet address/);
    expect(await refusalsOf(festival.id, last.email)).toMatchObject([{ reason: "ip-limit", ip }]);
  });

  it("never shows vote counts before the results are announced: not in the page data", async () => {
    await setWindow(-DAY, DAY);
    const votes = (await votesOf(festival.id)).length;
    expect(votes).toBeGreaterThan(5);
    const cookie = await signedInCookie((await createUser(db())).id);
    const pages = [
      await callRoute(pageLoader, "/network90"),
      await callRoute(pageLoader, "/network90", { cookie }),
      await callRoute(entryLoader, entryPath(gamma.id), { params: { id: gamma.id } }),
      await callRoute(entryLoader, entryPath(gamma.id), { params: { id: gamma.id }, cookie }),
    ];
    await setWindow(-2 * DAY, -DAY);
    pages.push(await callRoute(pageLoader, "/network90"));
    for (const result of pages) {
      expect(result.status).toBe(200);
      const json = JSON.stringify(result.data);
      expect(json).not.toMatch(/"(votes|voteCount|totalVotes)"\s*:/i);
      expect(json).not.toMatch(new RegExp(`:${votes}[,}]`));
      expect((result.data as { results?: unknown }).results ?? null).toBeNull();
    }
  });

  it("once announced, the page shows the winner, the People's Choice and every vote total", async () => {
    await db().update(entry).set({ placing: 1 }).where(eq(entry.id, gamma.id));
    await setWindow(-3 * DAY, -2 * DAY, 60_000);
    const votes = (await votesOf(festival.id)).length;
    const result = await callRoute<{
      phase: string;
      results: {
        placings: { placing: number; networkName: string }[];
        peoplesChoice: { networkName: string }[];
        votes: { networkName: string; votes: number }[];
        totalVotes: number;
      } | null;
    }>(pageLoader, "/network90");
    expect(result.data!.phase).toBe("announced");
    const results = result.data!.results!;
    expect(results.placings).toMatchObject([{ placing: 1, networkName: "Gamma Network" }]);
    expect(results.peoplesChoice.map((p) => p.networkName)).toEqual(["Gamma Network"]);
    expect(results.votes).toEqual([
      { entryId: gamma.id, networkName: "Gamma Network", region: gamma.region, votes },
    ]);
    expect(results.totalVotes).toBe(votes);
  });
});
