import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { shareLinks, type EmbedSchedule, type ShareLinks } from "~/models/schedule-embed.server";
import { handle, loader as embedLoader } from "~/routes/embed.schedule";
import { loader as shareLoader } from "~/routes/schedule_.share";
import { dstWeekFestival } from "~tests/factories";
import { callRoute } from "~tests/helpers/remix";
import { withTestDatabase } from "~tests/helpers/test-database";

/*
 * The schedule partner networks embed on their sites, and the page that
 * hands them the code. The week crosses London's clock change (25 October
 * 2026); New York changes a week later and Melbourne is on summer time.
 */

const testDb = withTestDatabase();
let week: Awaited<ReturnType<typeof dstWeekFestival>>;

beforeAll(async () => {
  week = await dstWeekFestival(testDb.handle.db);
});

async function embed(query = "") {
  const result = await callRoute<EmbedSchedule>(embedLoader, `/embed/schedule${query}`);
  const rows = (result.data?.days ?? []).flatMap((d) =>
    d.webinars.map((w) => ({ day: d.date, heading: d.heading, ...w })),
  );
  return { ...result, rows };
}

const times = (rows: Awaited<ReturnType<typeof embed>>["rows"]) =>
  rows.map((r) => [
    r.slug,
    r.day,
    `${r.clock}${r.endsNextDay ? " (next day)" : ""} ${r.zoneLabel}`,
  ]);

describe("the embedded schedule", () => {
  it("is bare, so the site's header and footer stay out of other sites' pages", () => {
    expect(handle).toEqual({ bare: true });
  });

  it("shows the published week in festival time by default, the offset changing with the clocks", async () => {
    const { status, data, rows, headers } = await embed();
    expect(status).toBe(200);
    expect(data!.zone).toBe("Europe/London");
    expect(data!.zoneName).toBe("London time");
    expect(times(rows)).toEqual([
      ["before-the-change", "2026-10-23", "12:30–13:00 London time (UTC+1)"],
      ["after-the-change", "2026-10-27", "12:30–13:00 London time (UTC)"],
    ]);
    expect(data!.days.map((d) => d.heading)).toEqual(["Friday 23 October", "Tuesday 27 October"]);
    expect(headers.get("Cache-Control")).toMatch(/^public/);
  });

  it("never lists drafts or cancelled webinars", async () => {
    const { rows, data } = await embed();
    const slugs = rows.map((r) => r.slug);
    expect(slugs).not.toContain(week.draft.slug);
    expect(slugs).not.toContain(week.cancelled.slug);
    expect(JSON.stringify(data)).not.toContain("Still a draft");
  });

  it("shows the embedder's zone: Melbourne sees the later webinar cross midnight", async () => {
    const { data, rows } = await embed("?tz=Australia/Melbourne");
    expect(data!.zone).toBe("Australia/Melbourne");
    expect(data!.zoneName).toBe("Melbourne time");
    expect(times(rows)).toEqual([
      ["before-the-change", "2026-10-23", "22:30–23:00 Melbourne time (UTC+11)"],
      ["after-the-change", "2026-10-27", "23:30–00:00 (next day) Melbourne time (UTC+11)"],
    ]);
  });

  it("keeps New York on summer time the week London has changed", async () => {
    const { rows } = await embed("?tz=America/New_York");
    expect(times(rows)).toEqual([
      ["before-the-change", "2026-10-23", "07:30–08:00 New York time (UTC−4)"],
      ["after-the-change", "2026-10-27", "08:30–09:00 New York time (UTC−4)"],
    ]);
  });

  it("falls back to festival time for a zone it does not know, without an error", async () => {
    for (const tz of ["Nowhere/Land", "../../etc/passwd", "", "UTC+5", "%00"]) {
      const { status, data } = await embed(`?tz=${encodeURIComponent(tz)}`);
      expect(status, tz).toBe(200);
      expect(data!.zone, tz).toBe("Europe/London");
    }
  });

  it("narrows to one day, counted in the chosen zone", async () => {
    const london = await embed("?day=2026-10-27");
    expect(london.data!.dayHeading).toBe("Tuesday 27 October 2026");
    expect(london.rows.map((r) => r.slug)).toEqual(["after-the-change"]);
    // 12:30 in London on the 27th is already the 28th in Auckland.
    const auckland = await embed("?day=2026-10-27&tz=Pacific/Auckland");
    expect(auckland.rows).toEqual([]);
    const aucklandNext = await embed("?day=2026-10-28&tz=Pacific/Auckland");
    expect(times(aucklandNext.rows)).toEqual([
      ["after-the-change", "2026-10-28", "01:30–02:00 Auckland time (UTC+13)"],
    ]);
    const empty = await embed("?day=2026-10-22");
    expect(empty.status).toBe(200);
    expect(empty.data!.days).toEqual([]);
  });

  it("refuses a malformed day with a clear 400, not a 500", async () => {
    for (const day of ["2026-13-45", "tomorrow", "2026-10-2", "2026-02-30"]) {
      const { status, body } = await embed(`?day=${day}`);
      expect(status, day).toBe(400);
      expect(body, day).toMatch(/YYYY-MM-DD/);
    }
  });

  it("links each webinar and registration to the festival site, never a join link", async () => {
    const { data, rows } = await embed();
    expect(rows[1]).toMatchObject({
      url: "http://localhost:3000/webinars/after-the-change",
      people: ["Daniel Reyes", "Amara Okafor", "Tom Whitfield"],
    });
    expect(data!.festival).toMatchObject({
      name: "Autumn Networks Week",
      registerUrl: "http://localhost:3000/register",
      registrationOpen: true,
    });
    const text = JSON.stringify(data);
    expect(text).not.toContain("meet.example.test");
    expect(text).not.toContain("@");
  });
});

const iframeParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" });

function iframeAttributes(snippet: string): Record<string, string> {
  return (iframeParser.parse(snippet) as { iframe: Record<string, string> }).iframe;
}

describe("the share page", () => {
  const share = (query = "") =>
    callRoute<{ zone: string; day: string | null; zones: string[]; links: ShareLinks }>(
      shareLoader,
      `/schedule/share${query}`,
    );

  it("lists the calendar feed, the frab files and the embed in festival time", async () => {
    const { status, data, headers } = await share();
    expect(status).toBe(200);
    expect(headers.get("Cache-Control")).toMatch(/^public/);
    expect(data!.links).toMatchObject({
      ics: "http://localhost:3000/schedule.ics",
      xml: "http://localhost:3000/schedule.xml",
      json: "http://localhost:3000/schedule.json",
      previewPath: "/embed/schedule?tz=Europe/London",
    });
    expect(data!.links.snippet).toBe(
      '<iframe src="http://localhost:3000/embed/schedule?tz=Europe/London" ' +
        'title="Autumn Networks Week schedule" width="100%" height="600" ' +
        'style="border:0;max-width:48rem" loading="lazy"></iframe>',
    );
    expect(data!.links.festivalDays.map((d) => d.date)).toEqual([
      "2026-10-21",
      "2026-10-22",
      "2026-10-23",
      "2026-10-24",
      "2026-10-25",
      "2026-10-26",
      "2026-10-27",
      "2026-10-28",
    ]);
    expect(data!.zones).toContain("Australia/Melbourne");
  });

  it("builds a snippet whose address shows the chosen zone and day in the embed", async () => {
    const { data } = await share("?tz=Australia/Melbourne&day=2026-10-27");
    expect(data!.zone).toBe("Australia/Melbourne");
    expect(data!.links.snippet).toContain(
      'src="http://localhost:3000/embed/schedule?tz=Australia/Melbourne&amp;day=2026-10-27"',
    );
    // Read the snippet as a browser would, then follow its address.
    const src = new URL(iframeAttributes(data!.links.snippet).src!);
    const { status, data: shown } = await callRoute<EmbedSchedule>(
      embedLoader,
      `${src.pathname}${src.search}`,
    );
    expect(status).toBe(200);
    expect(shown!.zone).toBe("Australia/Melbourne");
    expect(shown!.days.flatMap((d) => d.webinars.map((w) => w.slug))).toEqual(["after-the-change"]);
  });

  it("falls back to festival time for a bad zone, and refuses a malformed day", async () => {
    const bad = await share("?tz=Mars/Olympus_Mons");
    expect(bad.status).toBe(200);
    expect(bad.data!.zone).toBe("Europe/London");
    expect(bad.data!.links.snippet).toContain("tz=Europe/London");
    const empty = await share("?tz=Asia/Kolkata&day=");
    expect(empty.data!.day).toBeNull();
    expect(empty.data!.links.previewPath).toBe("/embed/schedule?tz=Asia/Kolkata");
    expect((await share("?day=27-10-2026")).status).toBe(400);
  });

  it("escapes the festival's name inside the snippet", () => {
    const links = shareLinks(
      { ...week.festival, name: `Q&A "Week" <2026>` },
      { zone: "America/Argentina/Buenos_Aires", day: null },
      "https://fest.example.org",
    );
    const attrs = iframeAttributes(links.snippet);
    expect(attrs.title).toBe(`Q&A "Week" <2026> schedule`);
    expect(attrs.src).toBe(
      "https://fest.example.org/embed/schedule?tz=America/Argentina/Buenos_Aires",
    );
  });
});
