import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { competition, competitionJudge } from "~db/schema";
import type { CompetitionPhase } from "~/models/competition.server";
import { getCompetition } from "~/models/competition.server";
import { excerpt, listGallery, shortlistRevealed } from "~/models/gallery.server";
import { loader as entryLoader } from "~/routes/network90.entries.$id";
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
 * The public side of Network90: the competition page, the gallery and an
 * entry's page. Model tests pin the clock by passing `now`; route tests move
 * the competition's windows around the real clock.
 */

const testDb = withTestDatabase();
const db = () => testDb.handle.db;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Card {
  id: string;
  networkName: string;
  region: string;
  excerpt: string;
  linked: boolean;
}
interface PageData {
  running: boolean;
  festivalName: string;
  phase?: CompetitionPhase;
  zone?: string;
  timeline?: Record<string, { iso: string; text: string } | null>;
  gallery?: { cards: Card[]; regions: { region: string; count: number }[]; total: number } | null;
  region?: string | null;
  problem?: string | null;
  results?: unknown;
}
interface EntryData {
  entry: {
    id: string;
    networkName: string;
    paragraphs: string[];
    video: string | null;
    linked: { href: string; host: string } | null;
    captions: string | null;
  };
  preview: boolean;
  vote: { signedIn: boolean; votedFor: unknown } | null;
}

const page = (query = "", cookie?: string) =>
  callRoute<PageData>(pageLoader, `/network90${query}`, { cookie });
const entryPage = (id: string, cookie?: string) =>
  callRoute<EntryData>(entryLoader, `/network90/entries/${encodeURIComponent(id)}`, {
    params: { id },
    cookie,
  });

/** Puts the real clock in the given phase of the festival's competition. */
async function setPhase(festivalId: string, phase: CompetitionPhase) {
  const t = Date.now();
  const at = (offset: number) => new Date(t + offset);
  const windows = {
    "entries-open": [DAY, 2 * DAY, 3 * DAY, null],
    judging: [-DAY, DAY, 2 * DAY, null],
    voting: [-2 * DAY, -DAY, DAY, null],
    counting: [-3 * DAY, -2 * DAY, -DAY, null],
    announced: [-3 * DAY, -2 * DAY, -DAY, -HOUR],
  } as const;
  const [close, opens, closes, results] = windows[phase];
  await db()
    .update(competition)
    .set({
      entriesCloseAt: at(close),
      votingOpensAt: at(opens),
      votingClosesAt: at(closes),
      resultsAnnouncedAt: results === null ? null : at(results),
    })
    .where(eq(competition.festivalId, festivalId));
}

describe("before anything is set up", () => {
  it("says Network90 is not running, without a 404, when there is no festival", async () => {
    const result = await page();
    expect(result.status).toBe(200);
    expect(result.data!.running).toBe(false);
  });
});

describe("the gallery", () => {
  let festival: FestivalRow;
  let other: FestivalRow;
  const shown: EntryRow[] = [];
  let hidden: EntryRow[];

  beforeAll(async () => {
    other = await createFestival(db(), { startsOn: "2025-10-01", endsOn: "2025-10-07" });
    festival = await createFestival(db(), { startsOn: "2026-10-21", endsOn: "2026-10-28" });
    shown.push(
      await createEntry(db(), festival, {
        public: true,
        networkName: "zebra crossing network",
        region: "Wales",
      }),
      await createEntry(db(), festival, {
        public: true,
        networkName: "Allotment Alliance",
        region: "Scotland",
        description: "We share seeds. ".repeat(30),
      }),
      await createEntry(db(), festival, {
        public: true,
        networkName: "Mill Town Makers",
        region: "Wales",
      }),
    );
    hidden = [
      // Shortlisted, but no captions yet.
      await createEntry(db(), festival, {
        public: true,
        networkName: "Aardvark Uncaptioned",
        captionsKey: null,
      }),
      // Shortlisted, but the entrant has not agreed to public showing.
      await createEntry(db(), festival, {
        public: true,
        networkName: "Aardvark Unconsented",
        publicConsentAt: null,
      }),
      // Complete, but still with the judges.
      await createEntry(db(), festival, {
        public: true,
        networkName: "Aardvark Submitted",
        status: "submitted",
      }),
      await createEntry(db(), festival, {
        public: true,
        networkName: "Aardvark Declined",
        status: "declined",
      }),
      // Public, but in another year's festival.
      await createEntry(db(), other, { public: true, networkName: "Aardvark Last Year" }),
    ];
  });

  it("before a competition exists, the page says it is not running this year", async () => {
    const result = await page();
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ running: false, festivalName: festival.name });
  });

  it("lists only public entries of the festival, by network name whatever the case", async () => {
    const gallery = await listGallery(festival.id);
    expect(gallery.cards.map((c) => c.networkName)).toEqual([
      "Allotment Alliance",
      "Mill Town Makers",
      "zebra crossing network",
    ]);
    expect(gallery.regions).toEqual(
      expect.arrayContaining([
        { region: "Wales", count: 2 },
        { region: "Scotland", count: 1 },
      ]),
    );
    expect(gallery.regions).toHaveLength(2);
    const names = gallery.cards.map((c) => c.networkName);
    for (const e of hidden) expect(names).not.toContain(e.networkName);
    // A long description becomes a short excerpt cut at a word.
    const long = gallery.cards.find((c) => c.networkName === "Allotment Alliance")!;
    expect(long.excerpt.length).toBeLessThanOrEqual(160);
    expect(long.excerpt).toMatch(/^We share seeds\. .*\S…$/);
    expect(long.linked).toBe(true);
  });

  it("filters by region, and still counts every region", async () => {
    const wales = await listGallery(festival.id, { region: "Wales" });
    expect(wales.cards.map((c) => c.networkName)).toEqual([
      "Mill Town Makers",
      "zebra crossing network",
    ]);
    expect(wales.regions).toHaveLength(2);
    const london = await listGallery(festival.id, { region: "London" });
    expect(london.cards).toEqual([]);
  });

  it("reveals the shortlist exactly when voting opens (controlled clock)", async () => {
    const c = await createCompetition(db(), festival, {
      entriesCloseAt: new Date("2026-10-22T12:00:00Z"),
      votingOpensAt: new Date("2026-10-26T09:00:00Z"),
      votingClosesAt: new Date("2026-10-28T17:00:00Z"),
    });
    const at = (iso: string) => shortlistRevealed(c, new Date(iso));
    expect(at("2026-10-22T11:59:59Z")).toBe(false); // entries open
    expect(at("2026-10-25T12:00:00Z")).toBe(false); // judging
    expect(at("2026-10-26T08:59:59.999Z")).toBe(false);
    expect(at("2026-10-26T09:00:00Z")).toBe(true); // voting
    expect(at("2026-10-28T17:00:00Z")).toBe(true); // counting: the gallery stays up
    expect(at("2030-01-01T00:00:00Z")).toBe(true);
    expect(shortlistRevealed(null, new Date())).toBe(false);
  });

  it("while entries are open: the call to enter, the timeline in the viewer's zone, no shortlist", async () => {
    await setPhase(festival.id, "entries-open");
    const london = await page();
    expect(london.status).toBe(200);
    expect(london.data!.running).toBe(true);
    expect(london.data!.phase).toBe("entries-open");
    expect(london.data!.gallery).toBeNull();
    expect(london.data!.zone).toMatch(/^London time \(UTC(\+1)?\)$/);
    expect(london.data!.timeline!.entriesClose!.text).toMatch(/London time/);
    expect(london.headers.get("Cache-Control")).toContain("public");

    const melbourne = await page("", "meridian_tz=Australia%2FMelbourne");
    expect(melbourne.data!.zone).toMatch(/^Melbourne time \(UTC\+1[01]\)$/);
    const c = (await getCompetition(festival.id))!;
    const shown = melbourne.data!.timeline!.votingOpens!;
    expect(shown.iso).toBe(c.votingOpensAt.toISOString());
    expect(shown.text).toMatch(/Melbourne time/);
    // The same instant, written in Melbourne's wall clock.
    const hour = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Australia/Melbourne",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }).format(c.votingOpensAt);
    expect(shown.text).toContain(hour);
    expect(melbourne.data!.timeline!.results).toBeNull();
  });

  it("while judging: still no shortlist, and a shortlisted entry's page is not public yet", async () => {
    await setPhase(festival.id, "judging");
    const result = await page();
    expect(result.data!.phase).toBe("judging");
    expect(result.data!.gallery).toBeNull();
    expect((await entryPage(shown[0]!.id)).status).toBe(404);
  });

  it("once voting opens: the gallery, with the region filter", async () => {
    await setPhase(festival.id, "voting");
    const all = await page();
    expect(all.data!.phase).toBe("voting");
    expect(all.data!.gallery!.cards.map((c) => c.networkName)).toEqual([
      "Allotment Alliance",
      "Mill Town Makers",
      "zebra crossing network",
    ]);
    expect(all.data!.gallery!.total).toBe(3);

    const wales = await page("?region=Wales");
    expect(wales.status).toBe(200);
    expect(wales.data!.region).toBe("Wales");
    expect(wales.data!.gallery!.cards.map((c) => c.region)).toEqual(["Wales", "Wales"]);

    const bad = await page("?region=Atlantis");
    expect(bad.status).toBe(404);
    expect(bad.data!.problem).toContain("“Atlantis” is not one of the regions");
    expect(bad.headers.get("Cache-Control")).toBe("no-store");
  });

  it("after voting closes the gallery stays, in the same order", async () => {
    await setPhase(festival.id, "counting");
    const result = await page();
    expect(result.data!.phase).toBe("counting");
    expect(result.data!.gallery!.cards).toHaveLength(3);
    expect(result.data!.results).toBeNull();
  });

  describe("an entry's page", () => {
    let entrant: { id: string; cookie: string };
    let waiting: EntryRow;
    let uploaded: EntryRow;

    beforeAll(async () => {
      await setPhase(festival.id, "voting");
      const person = await createUser(db());
      entrant = { id: person.id, cookie: await signedInCookie(person.id) };
      waiting = await createEntry(db(), festival, {
        userId: person.id,
        status: "submitted",
        networkName: "Waiting Network",
        videoKey: `videos/${crypto.randomUUID()}.mp4`,
        captionsKey: `captions/${crypto.randomUUID()}.vtt`,
        publicConsentAt: new Date(),
      });
      uploaded = await createEntry(db(), festival, {
        public: true,
        networkName: "Uploaded Network",
        videoUrl: null,
        videoKey: `videos/${crypto.randomUUID()}.mp4`,
        description: "First paragraph.\nSame paragraph.\n\n\nSecond paragraph.",
      });
    });

    it("shows a public entry with its player, captions and the vote", async () => {
      const result = await entryPage(uploaded.id);
      expect(result.status).toBe(200);
      expect(result.data!.entry).toMatchObject({
        networkName: "Uploaded Network",
        video: `/network90/entries/${uploaded.id}/video`,
        captions: `/network90/entries/${uploaded.id}/captions.vtt`,
        linked: null,
        paragraphs: ["First paragraph.\nSame paragraph.", "Second paragraph."],
      });
      expect(result.data!.preview).toBe(false);
      expect(result.data!.vote).toMatchObject({ signedIn: false, votedFor: null });
      expect(result.headers.get("Cache-Control")).toContain("public");
    });

    it("links a linked video to its hosting site (no frame), and never a javascript: address", async () => {
      const result = await entryPage(shown[0]!.id);
      expect(result.data!.entry.video).toBeNull();
      expect(result.data!.entry.linked).toEqual({
        href: "https://video.example.org/watch/42",
        host: "video.example.org",
      });
      const sneaky = await createEntry(db(), festival, {
        public: true,
        videoUrl: "javascript:alert(1)",
      });
      expect((await entryPage(sneaky.id)).data!.entry.linked).toBeNull();
    });

    it("hides an entry that is not public from the public, with a 404", async () => {
      for (const e of [waiting, ...hidden]) {
        const result = await entryPage(e.id);
        expect(result.status, e.networkName).toBe(404);
      }
      const stranger = await signedInCookie((await createUser(db())).id);
      expect((await entryPage(waiting.id, stranger)).status).toBe(404);
    });

    it("shows a non-public entry to its entrant and to judges, privately, without a vote", async () => {
      const own = await entryPage(waiting.id, entrant.cookie);
      expect(own.status).toBe(200);
      expect(own.data!.preview).toBe(true);
      expect(own.data!.vote).toBeNull();
      expect(own.headers.get("Cache-Control")).toBe("private, no-cache");

      const judge = await createUser(db());
      await db().insert(competitionJudge).values({ festivalId: festival.id, userId: judge.id });
      const judged = await entryPage(waiting.id, await signedInCookie(judge.id));
      expect(judged.status).toBe(200);
      expect(judged.data!.preview).toBe(true);
    });

    it("answers malformed and unknown ids with 404, not an error", async () => {
      for (const id of ["nope", "1 or 1=1", "../../etc/passwd", crypto.randomUUID(), ""]) {
        expect((await entryPage(id)).status, id).toBe(404);
      }
    });
  });
});

describe("excerpt", () => {
  it("keeps short text whole and cuts long text at a word", () => {
    expect(excerpt("  A  short\n description ")).toBe("A short description");
    expect(excerpt("one two three four five", 12)).toBe("one two…");
  });
});
