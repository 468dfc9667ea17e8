import fs from "node:fs";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { validateXML } from "xmllint-wasm";
import { competition as competitionTable, resource } from "~db/schema";
import { resetEnvForTests } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { renderSitemap, sitemapEntries } from "~/models/sitemap.server";
import { loader as robotsLoader } from "~/routes/robots[.]txt";
import { loader as sitemapLoader } from "~/routes/sitemap[.]xml";
import {
  createCompetition,
  createFaculty,
  createResource,
  createFestival,
  createPost,
  createWebinar,
  dstWeekFestival,
} from "~tests/factories";
import { callRoute } from "~tests/helpers/remix";
import { withTestDatabase } from "~tests/helpers/test-database";

/**
 * What search engines are told: every public page of the current festival
 * and nothing else, in a sitemap a validator accepts, and a robots.txt that
 * keeps crawlers out of private pages without hiding public ones.
 */
const testDb = withTestDatabase();
const APP_URL = "https://fest.example.org";
const originalAppUrl = process.env.APP_URL;
const SITEMAP_XSD = fs.readFileSync("tests/fixtures/sitemap/sitemap-0.9.xsd", "utf8");

let week: Awaited<ReturnType<typeof dstWeekFestival>>;
let quiet: Awaited<ReturnType<typeof createFaculty>>;
const welcomeAt = new Date("2026-10-21T08:00:00Z");
const welcomeEditedAt = new Date("2026-10-25T16:45:30.250Z");
const scheduledAt = new Date("2099-03-01T09:00:00Z");

interface Urlset {
  urlset: { "@_xmlns": string; url: { loc: string; lastmod?: string }[] };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  isArray: (name) => name === "url",
});

async function expectValidSitemap(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const result = await validateXML({
    xml: { fileName: "sitemap.xml", contents: xml },
    schema: { fileName: "sitemap.xsd", contents: SITEMAP_XSD },
  });
  expect(result.errors.map((e) => e.message)).toEqual([]);
  expect(result.valid).toBe(true);
  return (parser.parse(xml) as Urlset).urlset;
}

/** The sitemap's own second-precision form of an instant. */
const w3c = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");
const newest = (...dates: Date[]) => new Date(Math.max(...dates.map((d) => d.getTime())));

beforeAll(async () => {
  process.env.APP_URL = APP_URL;
  resetEnvForTests();
  const db = testDb.handle.db;
  // An earlier edition: its pages are not the site's any more.
  const past = await createFestival(db, { startsOn: "2025-10-21", endsOn: "2025-10-28" });
  await createWebinar(db, past, { slug: "last-year" });
  week = await dstWeekFestival(db);
  quiet = await createFaculty(db, week.festival, { name: "Quiet Person", slug: "quiet-person" });
  await createPost(db, week.festival, {
    slug: "welcome",
    publishAt: welcomeAt,
    contentUpdatedAt: welcomeEditedAt,
    authors: [week.chair],
  });
  await createPost(db, week.festival, { slug: "not-yet", publishAt: scheduledAt });
  await createPost(db, week.festival, {
    slug: "unfinished",
    status: "draft",
    publishAt: null,
    authors: [week.chair],
  });
});

afterAll(() => {
  if (originalAppUrl === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = originalAppUrl;
  resetEnvForTests();
});

describe("/sitemap.xml", () => {
  it("is served as XML for shared caches and passes the sitemap schema", async () => {
    const result = await callRoute(sitemapLoader, "/sitemap.xml");
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
    expect(result.headers.get("Cache-Control")).toBe(CACHE.publicFeed);
    const urlset = await expectValidSitemap(result.body!);
    expect(urlset["@_xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
  });

  it("lists every public page, and no draft, later post, past edition or private page", async () => {
    const { body } = await callRoute(sitemapLoader, "/sitemap.xml");
    const urlset = await expectValidSitemap(body!);
    expect(urlset.url.map((u) => u.loc)).toEqual([
      `${APP_URL}/`,
      `${APP_URL}/schedule`,
      `${APP_URL}/blog`,
      `${APP_URL}/faculty`,
      `${APP_URL}/accessibility`,
      `${APP_URL}/webinars/before-the-change`,
      `${APP_URL}/webinars/called-off`,
      `${APP_URL}/webinars/after-the-change`,
      `${APP_URL}/blog/welcome`,
      `${APP_URL}/faculty/amara-okafor`,
      `${APP_URL}/faculty/daniel-reyes`,
      `${APP_URL}/faculty/quiet-person`,
    ]);
    expect(body).not.toMatch(/still-a-draft|not-yet|unfinished|last-year|\/admin|\/studio|\/me\b/);
  });

  it("lists Network90 and released resources, never one still to come", async () => {
    const db = testDb.handle.db;
    const competition = await createCompetition(db, week.festival);
    const out = await createResource(db, week.festival, { slug: "health-check" });
    await createResource(db, week.festival, {
      slug: "still-secret",
      releaseAt: new Date(Date.now() + 86_400_000),
    });
    try {
      const { body } = await callRoute(sitemapLoader, "/sitemap.xml");
      const urlset = await expectValidSitemap(body!);
      const locs = urlset.url.map((u) => u.loc);
      expect(locs).toEqual(
        expect.arrayContaining([
          `${APP_URL}/network90`,
          `${APP_URL}/resources`,
          `${APP_URL}/resources/health-check`,
        ]),
      );
      expect(body).not.toContain("still-secret");
      expect(urlset.url.find((u) => u.loc === `${APP_URL}/resources/health-check`)?.lastmod).toBe(
        w3c(newest(out.updatedAt, out.releaseAt)),
      );
    } finally {
      await db.delete(resource).where(eq(resource.festivalId, week.festival.id));
      await db
        .delete(competitionTable)
        .where(eq(competitionTable.festivalId, competition.festivalId));
    }
  });

  it("dates each page by its last change a reader could see", async () => {
    const { body } = await callRoute(sitemapLoader, "/sitemap.xml");
    const urlset = await expectValidSitemap(body!);
    const lastmod = (path: string) =>
      urlset.url.find((u) => u.loc === `${APP_URL}${path}`)?.lastmod;
    for (const url of urlset.url) expect(url.lastmod).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // A post edited after publication: the edit.
    expect(lastmod("/blog/welcome")).toBe(w3c(welcomeEditedAt));
    expect(lastmod("/blog")).toBe(w3c(welcomeEditedAt));
    expect(lastmod("/webinars/called-off")).toBe(w3c(week.cancelled.updatedAt));
    expect(lastmod("/faculty/quiet-person")).toBe(w3c(quiet.updatedAt));
    // The accessibility statement: the day it was last prepared.
    expect(lastmod("/accessibility")).toBe("2026-11-28T00:00:00Z");
    // A profile page lists its person's webinars and posts.
    expect(lastmod("/faculty/amara-okafor")).toBe(
      w3c(
        newest(
          week.chair.updatedAt,
          week.beforeChange.updatedAt,
          week.afterChange.updatedAt,
          welcomeEditedAt,
        ),
      ),
    );
  });

  it("adds a scheduled post from its minute", async () => {
    const before = await sitemapEntries(
      week.festival,
      APP_URL,
      new Date(scheduledAt.getTime() - 1),
    );
    expect(before.map((e) => e.loc)).not.toContain(`${APP_URL}/blog/not-yet`);
    const at = await sitemapEntries(week.festival, APP_URL, scheduledAt);
    expect(at.find((e) => e.loc === `${APP_URL}/blog/not-yet`)?.lastmod).toEqual(scheduledAt);
  });

  it("escapes addresses, and is still valid with no festival set up", async () => {
    const odd = renderSitemap([{ loc: "https://fest.example.org/?a=1&b=<2>", lastmod: null }]);
    expect(odd).toContain("<loc>https://fest.example.org/?a=1&amp;b=&lt;2&gt;</loc>");
    await expectValidSitemap(odd);
    const empty = renderSitemap(await sitemapEntries(null, APP_URL, new Date()));
    expect((await expectValidSitemap(empty)).url).toEqual([{ loc: `${APP_URL}/` }]);
  });
});

/** RFC 9309 matching: the longest matching rule wins, Allow on a tie; `*` and a final `$`. */
function crawlable(robots: string, path: string): boolean {
  const rules = robots
    .split("\n")
    .map((line) => /^(Allow|Disallow):\s*(\S*)$/i.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null && m[2] !== "")
    .map(([, kind, pattern]) => ({ allow: kind!.toLowerCase() === "allow", pattern: pattern! }));
  let best: { allow: boolean; length: number } = { allow: true, length: -1 };
  for (const { allow, pattern } of rules) {
    const anchored = pattern.endsWith("$");
    const body = (anchored ? pattern.slice(0, -1) : pattern)
      .split("*")
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    if (!new RegExp(`^${body}${anchored ? "$" : ""}`).test(path)) continue;
    if (pattern.length > best.length || (pattern.length === best.length && allow)) {
      best = { allow, length: pattern.length };
    }
  }
  return best.allow;
}

describe("/robots.txt", () => {
  it("is plain text that points crawlers at the sitemap", async () => {
    const result = await callRoute(robotsLoader, "/robots.txt");
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(result.headers.get("Cache-Control")).toBe(CACHE.publicFeed);
    const lines = result.body!.split("\n");
    expect(lines).toContain("User-agent: *");
    expect(lines).toContain(`Sitemap: ${APP_URL}/sitemap.xml`);
    for (const path of ["/admin", "/studio", "/me$", "/me/", "/dev/", "/login"]) {
      expect(lines).toContain(`Disallow: ${path}`);
    }
  });

  it("keeps crawlers out of private pages and token links, and lets them read every public page", async () => {
    const { body } = await callRoute(robotsLoader, "/robots.txt");
    for (const path of [
      "/admin",
      "/admin/webinars/1",
      "/studio",
      "/studio/posts/1",
      "/me",
      "/me/profile",
      "/dev/mailbox",
      "/login",
      "/login/verify?token=x",
      "/calendar/abc.ics",
      "/unsubscribe/abc",
      "/faculty-invite/abc",
      "/webinars/after-the-change/join",
    ]) {
      expect([path, crawlable(body!, path)]).toEqual([path, false]);
    }
    for (const path of [
      "/",
      "/schedule",
      "/schedule.ics",
      "/webinars/after-the-change",
      "/blog",
      "/blog/welcome",
      "/blog/feed.xml",
      "/faculty/amara-okafor",
      "/faculty/amara-okafor/atom.xml",
      "/media/3f1c2a7e-8b4d-4c6e-9f0a-1b2c3d4e5f60.png",
      "/api/schedule.json",
      "/sitemap.xml",
      "/register",
      "/privacy",
      "/accessibility",
    ]) {
      expect([path, crawlable(body!, path)]).toEqual([path, true]);
    }
  });
});
