import { randomUUID } from "node:crypto";
import { parseFeed } from "@rowanmanning/feed-parser";
import { eq } from "drizzle-orm";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { festival as festivalTable, post as postTable } from "~db/schema";
import { resetEnvForTests } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { scheduleChanged } from "~/lib/schedule-events.server";
import { buildBlogFeed, FEED_LIMIT } from "~/models/blog-feed.server";
import type { Festival } from "~/models/festival.server";
import { loader as blogAtomLoader } from "~/routes/blog.atom[.]xml";
import { loader as blogRssLoader } from "~/routes/blog.feed[.]xml";
import { loader as authorAtomLoader } from "~/routes/faculty.$slug_.atom[.]xml";
import { loader as authorRssLoader } from "~/routes/faculty.$slug_.feed[.]xml";
import { createFaculty, createFestival, createPost, dstWeekFestival } from "~tests/factories";
import { callRoute } from "~tests/helpers/remix";
import { withTestDatabase } from "~tests/helpers/test-database";

/**
 * The blog's RSS and Atom feeds, read the way feed readers read them: parsed
 * by a real feed parser, with the elements each format requires checked on
 * the raw XML as well (a lenient parser forgives what a strict reader may not).
 */
const testDb = withTestDatabase();
const APP_URL = "https://fest.example.org";
const originalAppUrl = process.env.APP_URL;
let week: Awaited<ReturnType<typeof dstWeekFestival>>;
let festival: Festival;
const logoFile = `${randomUUID()}.png`;
const coverFile = `${randomUUID()}.jpg`;
const inlineImage = `${randomUUID()}.png`;

// Published posts (oldest first), a draft and one scheduled far ahead.
const welcomeAt = new Date("2026-10-21T08:00:00Z");
const trickyAt = new Date("2026-10-22T07:30:00Z");
const trickyEditedAt = new Date("2026-10-25T16:45:00Z");
const scheduledAt = new Date("2099-03-01T09:00:00Z");
const TRICKY_TITLE = `Q&A: "<script>" tags & ]]> endings 🎉`;
const TRICKY_SUMMARY = `Less < more, & "quotes" 'too' 🌍`;

const WELCOME_BODY = [
  "Hello from the week.",
  "",
  "## The plan",
  "",
  "See [the schedule](/schedule), [below](#the-plan), [next post](monday-notes) and",
  "[a partner](https://partner.example.net/page?a=1&b=2).",
  "",
  `![A map of the networks](/media/${inlineImage})`,
  "",
  "<script>alert('x')</script>",
  '<a href="javascript:alert(1)">bad link</a>',
  '<img src="x" onerror="alert(1)">',
].join("\n");

const rawParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  // Elements that may repeat are always lists (RSS's single <link> is not).
  isArray: (name, jpath) =>
    ["item", "entry", "author", "category", "dc:creator", "atom:link"].includes(name) ||
    (name === "link" && String(jpath).startsWith("feed.")),
});

interface RawRss {
  rss: {
    "@_version": string;
    "@_xmlns:atom": string;
    channel: {
      title: string;
      link: string;
      description: string;
      lastBuildDate: string;
      language: string;
      copyright: string;
      image?: { url: string; title: string; link: string };
      "atom:link": { "@_href": string; "@_rel": string; "@_type": string }[];
      item?: {
        title: string;
        link: string;
        guid: { "#text": string; "@_isPermaLink": string };
        pubDate: string;
        description?: string;
        "content:encoded": string;
        author?: unknown;
        "dc:creator"?: string[];
        category?: string[];
        enclosure?: { "@_url": string; "@_type": string; "@_length": string };
      }[];
    };
  };
}

interface RawAtomLink {
  "@_href": string;
  "@_rel"?: string;
  "@_type"?: string;
}

interface RawAtom {
  feed: {
    "@_xmlns": string;
    id: string;
    title: string;
    updated: string;
    subtitle: string;
    logo?: string;
    icon?: string;
    author?: { name: string; uri?: string; email?: string }[];
    link: RawAtomLink[];
    entry?: {
      id: string;
      title: { "#text": string; "@_type": string };
      updated: string;
      published: string;
      link: RawAtomLink[];
      summary?: { "#text": string; "@_type": string };
      content: { "#text": string; "@_type": string };
      author?: { name: string; uri?: string; email?: string }[];
      category?: { "@_term": string }[];
    }[];
  };
}

/** Well-formed XML, read into plain objects. */
function readXml<T>(xml: string): T {
  expect(XMLValidator.validate(xml)).toBe(true);
  return rawParser.parse(xml) as T;
}

const RFC_822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Every check a strict RSS 2.0 reader relies on; returns the channel. */
function checkRss(xml: string, self: string) {
  const { rss } = readXml<RawRss>(xml);
  expect(rss["@_version"]).toBe("2.0");
  expect(rss["@_xmlns:atom"]).toBe("http://www.w3.org/2005/Atom");
  const { channel } = rss;
  expect(channel.title).not.toBe("");
  expect(channel.link).toMatch(/^https:\/\//);
  expect(channel.description).not.toBe("");
  expect(channel["atom:link"]).toContainEqual({
    "@_href": self,
    "@_rel": "self",
    "@_type": "application/rss+xml",
  });
  for (const item of channel.item ?? []) {
    expect(item.title).not.toBe("");
    expect(item.link).toMatch(/^https:\/\//);
    expect(item.guid["#text"]).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(item.pubDate).toMatch(RFC_822);
    // RSS's <author> is an email address: names go in dc:creator instead.
    expect(item.author).toBeUndefined();
  }
  return channel;
}

/** Every check a strict Atom 1.0 reader relies on; returns the feed element. */
function checkAtom(xml: string, self: string) {
  const { feed } = readXml<RawAtom>(xml);
  expect(feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
  expect(feed.id).toMatch(/^https:\/\//);
  expect(feed.title).not.toBe("");
  expect(feed.updated).toMatch(RFC_3339);
  expect(feed.link).toContainEqual({ "@_href": self, "@_rel": "self" });
  for (const entry of feed.entry ?? []) {
    expect(entry.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(entry.title["#text"]).not.toBe("");
    expect(entry.updated).toMatch(RFC_3339);
    expect(entry.link[0]!["@_href"]).toMatch(/^https:\/\//);
    expect(entry.content["@_type"]).toBe("html");
    // An entry needs an author of its own or the feed's.
    expect((entry.author ?? feed.author ?? []).length).toBeGreaterThan(0);
  }
  return feed;
}

const noPrivateData = (xml: string) => {
  expect(xml).not.toMatch(/@example\.test/);
  expect(xml).not.toContain("hello@festival.test");
};

beforeAll(async () => {
  process.env.APP_URL = APP_URL;
  resetEnvForTests();
  const db = testDb.handle.db;
  week = await dstWeekFestival(db);
  const [updated] = await db
    .update(festivalTable)
    .set({ logoFile, tagline: "Seven days of network leaders" })
    .where(eq(festivalTable.id, week.festival.id))
    .returning();
  festival = updated!;
  scheduleChanged();
  const priya = await createFaculty(db, week.festival, { name: "Priya Shah", slug: "priya-shah" });
  await createFaculty(db, week.festival, { name: "Quiet Person", slug: "quiet-person" });
  await createPost(db, week.festival, {
    slug: "welcome",
    title: "Welcome to the week",
    summary: "Why we meet, and how to follow along.",
    body: WELCOME_BODY,
    tags: ["welcome", "networks"],
    coverImageUrl: `/media/${coverFile}`,
    coverImageAlt: "Delegates at a table",
    publishAt: welcomeAt,
    authors: [week.chair, priya],
  });
  await createPost(db, week.festival, {
    slug: "tricky-characters",
    title: TRICKY_TITLE,
    summary: TRICKY_SUMMARY,
    body: "Fish & chips, <b>bold</b> & emoji 🐟.",
    tags: ["q-and-a"],
    publishAt: trickyAt,
    contentUpdatedAt: trickyEditedAt,
    authors: [week.ohio],
  });
  await createPost(db, week.festival, {
    slug: "not-yet",
    title: "Not yet",
    publishAt: scheduledAt,
    authors: [week.chair, week.ohio],
  });
  await createPost(db, week.festival, {
    slug: "unfinished",
    title: "Unfinished",
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

describe("the blog's RSS feed", () => {
  it("is served as RSS for shared caches", async () => {
    const result = await callRoute(blogRssLoader, "/blog/feed.xml");
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("application/rss+xml; charset=utf-8");
    expect(result.headers.get("Cache-Control")).toBe(CACHE.publicFeed);
  });

  it("describes the festival's blog with absolute addresses", async () => {
    const { body } = await callRoute(blogRssLoader, "/blog/feed.xml");
    const channel = checkRss(body!, `${APP_URL}/blog/feed.xml`);
    expect(channel.lastBuildDate).toBe(trickyEditedAt.toUTCString());
    expect(channel.language).toBe("en-GB");
    expect(channel.copyright).toBe("© 2026 Autumn Networks Week and the authors");
    expect(channel.image?.url).toBe(`${APP_URL}/media/${logoFile}`);
    const feed = parseFeed(body!);
    expect(feed.title).toBe("Autumn Networks Week blog");
    expect(feed.description).toBe("Seven days of network leaders");
    expect(feed.url).toBe(`${APP_URL}/blog`);
    expect(feed.self).toBe(`${APP_URL}/blog/feed.xml`);
  });

  it("lists published posts newest first, never drafts or posts scheduled for later", async () => {
    const { body } = await callRoute(blogRssLoader, "/blog/feed.xml");
    const feed = parseFeed(body!);
    expect(feed.items.map((i) => i.url)).toEqual([
      `${APP_URL}/blog/tricky-characters`,
      `${APP_URL}/blog/welcome`,
    ]);
    expect(body).not.toContain("not-yet");
    expect(body).not.toContain("Unfinished");
    noPrivateData(body!);
  });

  it("keeps special characters and emoji exactly as written", async () => {
    const { body } = await callRoute(blogRssLoader, "/blog/feed.xml");
    const [tricky] = parseFeed(body!).items;
    expect(tricky!.title).toBe(TRICKY_TITLE);
    expect(tricky!.description).toBe(TRICKY_SUMMARY);
    // The summary is plain text and feed descriptions are HTML: sent escaped.
    const channel = checkRss(body!, `${APP_URL}/blog/feed.xml`);
    expect(channel.item![0]!.description).toBe(
      "Less &lt; more, &amp; &quot;quotes&quot; &#39;too&#39; 🌍",
    );
    expect(tricky!.content).toBe("<p>Fish & chips, bold & emoji 🐟.</p>");
    expect(channel.item![0]!["content:encoded"].trim()).toBe(
      "<p>Fish &amp; chips, bold &amp; emoji 🐟.</p>",
    );
    expect(tricky!.published?.toISOString()).toBe(trickyAt.toISOString());
  });

  it("carries each post in full, with every address absolute and nothing unsafe", async () => {
    const { body } = await callRoute(blogRssLoader, "/blog/feed.xml");
    const channel = checkRss(body!, `${APP_URL}/blog/feed.xml`);
    // Read from the raw XML: the parser would resolve relative links by itself.
    const welcome = channel.item!.find((i) => i.link === `${APP_URL}/blog/welcome`)!;
    const html = welcome["content:encoded"];
    expect(html).toContain(`<h2 id="the-plan">The plan </h2>`);
    expect(html).not.toContain("heading-anchor");
    expect(html).toContain(`href="${APP_URL}/schedule"`);
    expect(html).toContain(`href="${APP_URL}/blog/welcome#the-plan"`);
    expect(html).toContain(`href="${APP_URL}/blog/monday-notes"`);
    expect(html).toContain('href="https://partner.example.net/page?a=1&amp;b=2"');
    expect(html).toContain(
      `<img alt="A map of the networks" src="${APP_URL}/media/${inlineImage}"`,
    );
    expect(html).not.toMatch(/(href|src)="\/(?!\/)/);
    expect(html).not.toMatch(/<script|javascript:|onerror/i);
    expect(welcome.description).toBe("Why we meet, and how to follow along.");
  });

  it("names the authors (never their addresses), the tags and the cover image", async () => {
    const { body } = await callRoute(blogRssLoader, "/blog/feed.xml");
    const channel = checkRss(body!, `${APP_URL}/blog/feed.xml`);
    const welcome = channel.item!.find((i) => i.link === `${APP_URL}/blog/welcome`)!;
    expect(welcome["dc:creator"]).toEqual(["Amara Okafor", "Priya Shah"]);
    expect(welcome.category).toEqual(["welcome", "networks"]);
    expect(welcome.enclosure).toEqual({
      "@_url": `${APP_URL}/media/${coverFile}`,
      "@_type": "image/jpeg",
      "@_length": "0",
    });
    const parsed = parseFeed(body!).items.find((i) => i.url === `${APP_URL}/blog/welcome`)!;
    expect(parsed.authors.map((a) => [a.name, a.email])).toEqual([
      ["Amara Okafor", null],
      ["Priya Shah", null],
    ]);
    expect(parsed.categories.map((c) => c.term)).toEqual(["welcome", "networks"]);
    expect(parsed.mediaImages.map((m) => [m.url, m.mimeType])).toEqual([
      [`${APP_URL}/media/${coverFile}`, "image/jpeg"],
    ]);
  });
});

describe("the blog's Atom feed", () => {
  it("is served as Atom for shared caches", async () => {
    const result = await callRoute(blogAtomLoader, "/blog/atom.xml");
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    expect(result.headers.get("Cache-Control")).toBe(CACHE.publicFeed);
  });

  it("has a stable id, its own address, and the time of the latest change", async () => {
    const { body } = await callRoute(blogAtomLoader, "/blog/atom.xml");
    const feed = checkAtom(body!, `${APP_URL}/blog/atom.xml`);
    expect(feed.id).toBe(`${APP_URL}/blog`);
    expect(feed.updated).toBe(trickyEditedAt.toISOString());
    expect(feed.link).toContainEqual({ "@_href": `${APP_URL}/blog`, "@_rel": "alternate" });
    expect(feed.subtitle).toBe("Seven days of network leaders");
    expect(feed.logo).toBe(`${APP_URL}/media/${logoFile}`);
    expect(feed.icon).toBe(`${APP_URL}/favicon.svg`);
    const parsed = parseFeed(body!);
    expect(parsed.self).toBe(`${APP_URL}/blog/atom.xml`);
    expect(parsed.items.map((i) => i.url)).toEqual([
      `${APP_URL}/blog/tricky-characters`,
      `${APP_URL}/blog/welcome`,
    ]);
    noPrivateData(body!);
  });

  it("gives each entry its published and updated times, full HTML content and linked authors", async () => {
    const { body } = await callRoute(blogAtomLoader, "/blog/atom.xml");
    const feed = checkAtom(body!, `${APP_URL}/blog/atom.xml`);
    const [tricky, welcome] = feed.entry!;
    expect(tricky!.published).toBe(trickyAt.toISOString());
    expect(tricky!.updated).toBe(trickyEditedAt.toISOString());
    // Atom titles are declared HTML, so markup-like text is escaped, not interpreted.
    expect(tricky!.title).toEqual({
      "#text": "Q&amp;A: &quot;&lt;script&gt;&quot; tags &amp; ]]&gt; endings 🎉",
      "@_type": "html",
    });
    expect(parseFeed(body!).items[0]!.title).toBe(TRICKY_TITLE);
    expect(welcome!.published).toBe(welcomeAt.toISOString());
    expect(welcome!.author).toEqual([
      { name: "Amara Okafor", uri: `${APP_URL}/faculty/amara-okafor` },
      { name: "Priya Shah", uri: `${APP_URL}/faculty/priya-shah` },
    ]);
    expect(welcome!.category?.map((c) => c["@_term"])).toEqual(["welcome", "networks"]);
    expect(welcome!.link).toContainEqual({
      "@_href": `${APP_URL}/media/${coverFile}`,
      "@_rel": "enclosure",
      "@_type": "image/jpg",
      "@_length": "0",
    });
    const html = welcome!.content["#text"];
    expect(html).toContain(`src="${APP_URL}/media/${inlineImage}"`);
    expect(html).toContain(`href="${APP_URL}/blog/welcome#the-plan"`);
    expect(html).not.toMatch(/(href|src)="\/(?!\/)/);
    expect(html).not.toMatch(/<script|javascript:|onerror/i);
    const parsed = parseFeed(body!).items[1]!;
    expect(parsed.content).toContain(`src="${APP_URL}/media/${inlineImage}"`);
    expect(parsed.authors.map((a) => a.url)).toEqual([
      `${APP_URL}/faculty/amara-okafor`,
      `${APP_URL}/faculty/priya-shah`,
    ]);
  });
});

describe("an author's feeds", () => {
  it("carry only that author's visible posts", async () => {
    const rss = await callRoute(authorRssLoader, "/faculty/daniel-reyes/feed.xml", {
      params: { slug: "daniel-reyes" },
    });
    expect(rss.headers.get("Content-Type")).toBe("application/rss+xml; charset=utf-8");
    const channel = checkRss(rss.body!, `${APP_URL}/faculty/daniel-reyes/feed.xml`);
    expect(channel.title).toBe("Daniel Reyes · Autumn Networks Week blog");
    expect(channel.link).toBe(`${APP_URL}/faculty/daniel-reyes`);
    expect(channel.item!.map((i) => i.link)).toEqual([`${APP_URL}/blog/tricky-characters`]);

    const atom = await callRoute(authorAtomLoader, "/faculty/amara-okafor/atom.xml", {
      params: { slug: "amara-okafor" },
    });
    expect(atom.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    expect(atom.headers.get("Cache-Control")).toBe(CACHE.publicFeed);
    const feed = checkAtom(atom.body!, `${APP_URL}/faculty/amara-okafor/atom.xml`);
    expect(feed.id).toBe(`${APP_URL}/faculty/amara-okafor`);
    // A co-author's post is theirs too; their draft and scheduled post are not shown.
    expect(parseFeed(atom.body!).items.map((i) => i.url)).toEqual([`${APP_URL}/blog/welcome`]);
  });

  it("is a valid empty feed for someone who has not posted yet", async () => {
    for (const [loader, check] of [
      [authorRssLoader, checkRss],
      [authorAtomLoader, checkAtom],
    ] as const) {
      const file = check === checkRss ? "feed.xml" : "atom.xml";
      const result = await callRoute(loader, `/faculty/quiet-person/${file}`, {
        params: { slug: "quiet-person" },
      });
      expect(result.status).toBe(200);
      check(result.body!, `${APP_URL}/faculty/quiet-person/${file}`);
      expect(parseFeed(result.body!).items).toEqual([]);
    }
  });

  it("is not found for an unknown or malformed author", async () => {
    for (const loader of [authorRssLoader, authorAtomLoader]) {
      for (const slug of ["no-one", "../etc", "Amara-Okafor"]) {
        const result = await callRoute(loader, `/faculty/${slug}/feed.xml`, { params: { slug } });
        expect(result.status).toBe(404);
        expect(result.body).toBe("There is no faculty member at this address.");
        expect(result.headers.get("Cache-Control")).toBe(CACHE.none);
      }
    }
  });
});

describe("the feed model", () => {
  it("adds a scheduled post at its minute, not before", async () => {
    const before = await buildBlogFeed(festival, {
      appUrl: APP_URL,
      now: new Date(scheduledAt.getTime() - 1),
    });
    expect(parseFeed(before.rss2()).items.map((i) => i.url)).not.toContain(
      `${APP_URL}/blog/not-yet`,
    );
    const at = await buildBlogFeed(festival, { appUrl: APP_URL, now: scheduledAt });
    const items = parseFeed(at.atom1()).items;
    expect(items[0]!.url).toBe(`${APP_URL}/blog/not-yet`);
    expect(items[0]!.published?.toISOString()).toBe(scheduledAt.toISOString());
    expect(items).toHaveLength(3);
  });

  it("gives an empty blog a valid feed, without a logo when the festival has none", async () => {
    const empty = await createFestival(testDb.handle.db, {
      name: "Spring Networks Week",
      tagline: "",
      startsOn: "2025-03-01",
      endsOn: "2025-03-07",
    });
    const feed = await buildBlogFeed(empty, { appUrl: APP_URL, now: new Date() });
    const channel = checkRss(feed.rss2(), `${APP_URL}/blog/feed.xml`);
    expect(channel.item).toBeUndefined();
    expect(channel.image).toBeUndefined();
    expect(channel.description).toBe("Posts from the Spring Networks Week faculty.");
    const atom = checkAtom(feed.atom1(), `${APP_URL}/blog/atom.xml`);
    expect(atom.entry).toBeUndefined();
    // Nothing posted yet: the feed has not changed since the festival was set up.
    expect(atom.updated).toBe(empty.updatedAt.toISOString());
    expect(parseFeed(feed.atom1()).items).toEqual([]);
  });

  it(`carries the ${FEED_LIMIT} newest posts`, async () => {
    const busy = await createFestival(testDb.handle.db, {
      startsOn: "2024-05-01",
      endsOn: "2024-05-07",
    });
    const first = Date.parse("2024-05-01T08:00:00Z");
    await testDb.handle.db.insert(postTable).values(
      Array.from({ length: FEED_LIMIT + 2 }, (_, n) => ({
        festivalId: busy.id,
        slug: `day-${n}`,
        title: `Day ${n}`,
        status: "published" as const,
        publishAt: new Date(first + n * 3_600_000),
      })),
    );
    const feed = await buildBlogFeed(busy, { appUrl: APP_URL, now: new Date() });
    const urls = parseFeed(feed.rss2()).items.map((i) => i.url);
    expect(urls).toHaveLength(FEED_LIMIT);
    expect(urls[0]).toBe(`${APP_URL}/blog/day-${FEED_LIMIT + 1}`);
    expect(urls.at(-1)).toBe(`${APP_URL}/blog/day-2`);
  });
});
