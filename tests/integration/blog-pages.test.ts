import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { post } from "~db/schema";
import type { PostDay, PostEntry, ShownTime } from "~/lib/blog-view";
import type { SeatView } from "~/lib/seat-view";
import type { WebinarView } from "~/lib/webinar-view";
import { recordSlugChange } from "~/models/slug-redirect.server";
import { loader as homeLoader } from "~/routes/_index";
import { loader as postLoader, meta as postMeta } from "~/routes/blog.$slug";
import { loader as blogLoader, meta as blogMeta } from "~/routes/blog._index";
import { loader as facultyLoader } from "~/routes/faculty.$slug";
import {
  createAttendee,
  createFaculty,
  createPost,
  createRegistration,
  dstWeekFestival,
  type PostRow,
} from "~tests/factories";
import { callRoute } from "~tests/helpers/remix";
import { signedInCookie } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";

/*
 * The blog as a reader meets it. The clock is pinned to Friday 30 October
 * 2026, two days after the festival week (Wednesday 21 to Wednesday 28
 * October, London, which leaves BST for GMT at 01:00 UTC on Sunday 25).
 */
const NOW = new Date("2026-10-30T12:00:00Z");

const testDb = withTestDatabase();
let week: Awaited<ReturnType<typeof dstWeekFestival>>;
let monday: PostRow;

interface BlogData {
  title: string;
  page: number;
  pages: number;
  total: number;
  days: PostDay[];
  problem: string | null;
  filters: { tag: string | null; author: string | null };
  tags: { tag: string; count: number }[];
  authors: { slug: string; name: string; count: number }[];
  feeds: { type: string; title: string; href: string }[];
  zone: { reader: string; festivalCity: string };
  prev: string | null;
  next: string | null;
}

interface PostData {
  post: PostEntry & {
    bodyHtml: string;
    updated: ShownTime | null;
    authors: { slug: string; name: string; title: string }[];
    previous: { slug: string; title: string } | null;
    next: { slug: string; title: string } | null;
  };
  related: WebinarView[];
  seats: Record<string, SeatView>;
}

const blog = (query = "", cookie?: string) =>
  callRoute<BlogData>(blogLoader, `/blog${query}`, { cookie });
const postPage = (slug: string, cookie?: string) =>
  callRoute<PostData>(postLoader, `/blog/${encodeURIComponent(slug)}`, {
    params: { slug },
    cookie,
  });
const slugsOf = (days: PostDay[]) => days.flatMap((d) => d.posts.map((p) => p.slug));
const entry = (days: PostDay[], slug: string) =>
  days.flatMap((d) => d.posts).find((p) => p.slug === slug)!;
const melbourne = "meridian_tz=Australia%2FMelbourne";

/** What Remix hands a route's meta function, for the parts our meta functions read. */
function metaArgs<T>(data: T) {
  return { data, params: {}, matches: [], error: undefined, location: {} } as never;
}
type Tag = Record<string, string>;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"], now: NOW });
  week = await dstWeekFestival(testDb.handle.db);
});

afterAll(() => {
  vi.useRealTimers();
});

describe("an empty blog", () => {
  it("says so kindly, and the home and faculty pages leave the blog out", async () => {
    const result = await blog();
    expect(result.status).toBe(200);
    expect(result.data!.total).toBe(0);
    expect(result.data!.days).toEqual([]);
    expect(result.data!.problem).toBeNull();
    const home = await callRoute<{ posts: PostEntry[] }>(homeLoader, "/");
    expect(home.data!.posts).toEqual([]);
    const profile = await callRoute<{ posts: PostEntry[] }>(
      facultyLoader,
      "/faculty/amara-okafor",
      {
        params: { slug: "amara-okafor" },
      },
    );
    expect(profile.data!.posts).toEqual([]);
  });
});

describe("with posts", () => {
  beforeAll(async () => {
    const db = testDb.handle.db;
    const priya = await createFaculty(db, week.festival, {
      name: "Priya Shah",
      slug: "priya-shah",
    });
    // 23:30 London (BST) on Tuesday 20 October: the evening before the week.
    await createPost(db, week.festival, {
      slug: "eve-of-the-week",
      title: "On the eve of the week",
      tags: ["welcome"],
      publishAt: new Date("2026-10-20T22:30:00Z"),
      authors: [week.chair],
    });
    // 00:30 BST on Sunday 25 October, half an hour before the clocks go back:
    // still Saturday in UTC, already Sunday in London.
    await createPost(db, week.festival, {
      slug: "late-saturday",
      title: "Late on Saturday",
      tags: ["networks"],
      publishAt: new Date("2026-10-24T23:30:00Z"),
      authors: [week.ohio],
    });
    // 23:30 GMT on Sunday 25 October: after the change, still Sunday in London.
    await createPost(db, week.festival, {
      slug: "sunday-after-change",
      title: "Sunday, after the change",
      tags: ["networks"],
      publishAt: new Date("2026-10-25T23:30:00Z"),
      authors: [priya],
    });
    monday = await createPost(db, week.festival, {
      slug: "monday-post",
      title: "Monday: what networks need",
      summary: "Three things every network needs in its first year.",
      body: "## Funding & trust\n\nText.\n\n<script>alert(1)</script>\n\n| a | b |\n|---|---|\n| 1 | 2 |",
      tags: ["networks", "funding"],
      coverImageUrl: "/media/cover-monday.png",
      coverImageAlt: "A map of the network's members",
      publishAt: new Date("2026-10-26T09:00:00Z"),
      contentUpdatedAt: new Date("2026-10-27T15:45:00Z"),
      authors: [week.chair, priya],
      webinars: [week.afterChange, week.draft, week.cancelled],
    });
    await createPost(db, week.festival, {
      slug: "after-the-week",
      title: "After the week",
      tags: ["welcome"],
      publishAt: new Date("2026-10-30T10:00:00Z"),
      authors: [week.chair],
    });
    await createPost(db, week.festival, {
      slug: "unfinished",
      title: "Unfinished",
      status: "draft",
      publishAt: null,
      authors: [week.chair],
    });
    await createPost(db, week.festival, {
      slug: "next-month",
      title: "Next month",
      // Scheduled: published, for a time still to come.
      publishAt: new Date("2026-11-30T09:00:00Z"),
      authors: [week.chair],
    });
  });

  describe("the blog list", () => {
    it("lists visible posts newest first, grouped by their day in London across the DST change", async () => {
      const { status, data, headers } = await blog();
      expect(status).toBe(200);
      expect(headers.get("Cache-Control")).toMatch(/^public.*s-maxage/);
      expect(slugsOf(data!.days)).toEqual([
        "after-the-week",
        "monday-post",
        "sunday-after-change",
        "late-saturday",
        "eve-of-the-week",
      ]);
      expect(data!.days.map((d) => [d.heading, d.festivalDay, d.posts.map((p) => p.slug)])).toEqual(
        [
          ["Friday 30 October", null, ["after-the-week"]],
          ["Monday 26 October", 6, ["monday-post"]],
          ["Sunday 25 October", 5, ["sunday-after-change", "late-saturday"]],
          ["Tuesday 20 October", null, ["eve-of-the-week"]],
        ],
      );
      expect(data!.zone.festivalCity).toBe("London");
    });

    it("shows each entry's authors, reading time, tags and cover with its alt text", async () => {
      const { data } = await blog();
      const first = entry(data!.days, "monday-post");
      expect(first).toMatchObject({
        title: "Monday: what networks need",
        summary: "Three things every network needs in its first year.",
        readingMinutes: 1,
        tags: ["networks", "funding"],
        authors: [
          { slug: "amara-okafor", name: "Amara Okafor" },
          { slug: "priya-shah", name: "Priya Shah" },
        ],
        cover: { url: "/media/cover-monday.png", alt: "A map of the network's members" },
      });
      expect(entry(data!.days, "late-saturday").cover).toBeNull();
    });

    it("shows publish times in the reader's zone, naming it, without moving the days", async () => {
      const london = await blog();
      expect(entry(london.data!.days, "monday-post").published).toEqual({
        iso: "2026-10-26T09:00:00.000Z",
        text: "Mon 26 Oct, 09:00 London time (UTC)",
      });
      expect(entry(london.data!.days, "late-saturday").published.text).toBe(
        "Sun 25 Oct, 00:30 London time (UTC+1)",
      );

      const far = await blog("", melbourne);
      expect(far.headers.get("Cache-Control")).toMatch(/private/);
      expect(entry(far.data!.days, "monday-post").published.text).toBe(
        "Mon 26 Oct, 20:00 Melbourne time (UTC+11)",
      );
      expect(far.data!.zone.reader).toBe("Melbourne time (UTC+11)");

      // New York is still on summer time: Saturday evening there, but the post stays on London's Sunday.
      const ny = await blog("?tz=America/New_York");
      expect(entry(ny.data!.days, "late-saturday").published.text).toBe(
        "Sat 24 Oct, 19:30 New York time (UTC−4)",
      );
      expect(ny.data!.days.map((d) => d.heading)).toEqual(london.data!.days.map((d) => d.heading));

      // A signed-in reader's own zone wins over the festival's.
      const reader = await createAttendee(testDb.handle.db, week.festival, {
        timeZone: "Asia/Kolkata",
      });
      const own = await blog("", await signedInCookie(reader.id));
      expect(entry(own.data!.days, "monday-post").published.text).toBe(
        "Mon 26 Oct, 14:30 Kolkata time (UTC+5:30)",
      );
    });

    it("offers every tag and author as a filter, counting visible posts only", async () => {
      const { data } = await blog();
      expect(data!.tags).toEqual([
        { tag: "networks", count: 3 },
        { tag: "welcome", count: 2 },
        { tag: "funding", count: 1 },
      ]);
      expect(data!.authors.map((a) => [a.slug, a.count])).toEqual([
        ["amara-okafor", 3],
        ["daniel-reyes", 1],
        ["priya-shah", 2],
      ]);
    });

    it("filters by tag, however the address spells it", async () => {
      const { status, data } = await blog("?tag=Networks");
      expect(status).toBe(200);
      expect(data!.title).toBe("Posts tagged “networks”");
      expect(data!.filters).toEqual({ tag: "networks", author: null });
      expect(slugsOf(data!.days)).toEqual(["monday-post", "sunday-after-change", "late-saturday"]);
    });

    it("filters by author, and offers that author's feeds too", async () => {
      const { status, data } = await blog("?author=priya-shah");
      expect(status).toBe(200);
      expect(data!.title).toBe("Posts by Priya Shah");
      expect(slugsOf(data!.days)).toEqual(["monday-post", "sunday-after-change"]);
      expect(data!.feeds.map((f) => f.href)).toEqual([
        "http://localhost:3000/faculty/priya-shah/feed.xml",
        "http://localhost:3000/faculty/priya-shah/atom.xml",
        "http://localhost:3000/blog/feed.xml",
        "http://localhost:3000/blog/atom.xml",
      ]);
      const both = await blog("?author=amara-okafor&tag=welcome");
      expect(both.data!.title).toBe("Posts by Amara Okafor tagged “welcome”");
      expect(slugsOf(both.data!.days)).toEqual(["after-the-week", "eve-of-the-week"]);
    });

    it("answers odd addresses with a clear message and no posts, never an error", async () => {
      const cases: [string, number, RegExp][] = [
        ["?tag=nothing-here", 404, /no posts tagged “nothing-here”/],
        ["?tag=%3Cscript%3E", 404, /“<script>” is not a tag/],
        [`?tag=${"x".repeat(5000)}`, 404, /is not a tag/],
        ["?author=no-one", 404, /no posts by “no-one”/],
        ["?author=still-a-draft%20'", 404, /is not an author/],
        ["?author=daniel-reyes&tag=funding", 404, /no posts tagged “funding” by Daniel Reyes/],
        ["?page=abc", 400, /“abc” is not a page number/],
        ["?page=0", 400, /not a page number/],
        ["?page=-1", 400, /not a page number/],
        ["?page=1.5", 400, /not a page number/],
        ["?page=99", 404, /There is no page 99: there is one page/],
      ];
      for (const [query, status, message] of cases) {
        const result = await blog(query);
        expect(result.status, query).toBe(status);
        expect(result.data!.problem, query).toMatch(message);
        expect(result.data!.days, query).toEqual([]);
        expect(result.headers.get("Cache-Control"), query).toBe("no-store");
      }
      // A visitor's words come back short.
      const long = await blog(`?author=${"a".repeat(300)}`);
      expect(long.data!.problem!.length).toBeLessThan(120);
    });

    it("links the feeds from the page head and names the page in its title", async () => {
      const { data } = await blog("?tag=networks");
      const tags = blogMeta(metaArgs(data)) as Tag[];
      expect(tags.find((t) => "title" in t)).toEqual({
        title: "Posts tagged “networks” · Blog · Autumn Networks Week",
      });
      expect(tags.filter((t) => t.rel === "alternate")).toEqual([
        {
          tagName: "link",
          rel: "alternate",
          type: "application/rss+xml",
          title: "Autumn Networks Week blog (RSS)",
          href: "http://localhost:3000/blog/feed.xml",
        },
        {
          tagName: "link",
          rel: "alternate",
          type: "application/atom+xml",
          title: "Autumn Networks Week blog (Atom)",
          href: "http://localhost:3000/blog/atom.xml",
        },
      ]);
      expect(tags.find((t) => t.rel === "canonical")!.href).toBe(
        "http://localhost:3000/blog?tag=networks",
      );
    });
  });

  describe("a post page", () => {
    it("shows the post with its authors, sanitised body, related public webinars and neighbours", async () => {
      const { status, data, headers } = await postPage("monday-post");
      expect(status).toBe(200);
      expect(headers.get("Cache-Control")).toMatch(/^public/);
      const p = data!.post;
      expect(p.title).toBe("Monday: what networks need");
      expect(p.authors.map((a) => [a.slug, a.name])).toEqual([
        ["amara-okafor", "Amara Okafor"],
        ["priya-shah", "Priya Shah"],
      ]);
      expect(p.bodyHtml).toContain('<h2 id="funding-trust">Funding &amp; trust');
      expect(p.bodyHtml).toContain('class="heading-anchor"');
      expect(p.bodyHtml).toContain("<table>");
      expect(p.bodyHtml).not.toMatch(/<script/i);
      expect(p.cover).toEqual({
        url: "/media/cover-monday.png",
        alt: "A map of the network's members",
      });
      expect(p.tags).toEqual(["networks", "funding"]);
      // The draft webinar stays hidden; the cancelled one is there, as cancelled.
      expect(data!.related.map((w) => [w.slug, w.status])).toEqual([
        ["after-the-change", "published"],
        ["called-off", "cancelled"],
      ]);
      expect(data!.related[0]!.startsAt).toBe("2026-10-27T12:30:00.000Z");
      expect(Object.keys(data!.seats).sort()).toEqual(["after-the-change", "called-off"]);
      expect(JSON.stringify(data)).not.toContain("still-a-draft");
      expect(p.previous).toEqual({
        slug: "sunday-after-change",
        title: "Sunday, after the change",
      });
      expect(p.next).toEqual({ slug: "after-the-week", title: "After the week" });
    });

    it("gives the publish and update times in the reader's zone, naming it", async () => {
      const london = await postPage("monday-post");
      expect(london.data!.post.published.text).toBe("Mon 26 Oct, 09:00 London time (UTC)");
      expect(london.data!.post.updated).toEqual({
        iso: "2026-10-27T15:45:00.000Z",
        text: "Tue 27 Oct, 15:45 London time (UTC)",
      });
      const far = await postPage("monday-post", melbourne);
      expect(far.data!.post.published.text).toBe("Mon 26 Oct, 20:00 Melbourne time (UTC+11)");
      expect(far.data!.post.updated!.text).toBe("Wed 28 Oct, 02:45 Melbourne time (UTC+11)");
      // Never edited after publication: no "Updated" line.
      const plain = await postPage("late-saturday");
      expect(plain.data!.post.updated).toBeNull();
    });

    it("shows the viewer's own registration on a related webinar", async () => {
      const reader = await createAttendee(testDb.handle.db, week.festival);
      await createRegistration(testDb.handle.db, week.afterChange, reader);
      const { data } = await postPage("monday-post", await signedInCookie(reader.id));
      expect(data!.seats["after-the-change"]!.mine).toBe("confirmed");
      const anonymous = await postPage("monday-post");
      expect(anonymous.data!.seats["after-the-change"]!.mine).toBeNull();
    });

    it("describes itself to link previews as an article", async () => {
      const { data } = await postPage("monday-post");
      const tags = postMeta(metaArgs(data)) as Tag[];
      const content = (property: string) =>
        tags.filter((t) => t.property === property).map((t) => t.content);
      expect(tags.find((t) => "title" in t)).toEqual({
        title: "Monday: what networks need · Autumn Networks Week",
      });
      expect(content("og:type")).toEqual(["article"]);
      expect(content("og:url")).toEqual(["http://localhost:3000/blog/monday-post"]);
      expect(content("og:description")).toEqual([
        "Three things every network needs in its first year.",
      ]);
      expect(content("og:image")).toEqual(["http://localhost:3000/media/cover-monday.png"]);
      expect(content("og:image:alt")).toEqual(["A map of the network's members"]);
      expect(content("article:published_time")).toEqual(["2026-10-26T09:00:00.000Z"]);
      expect(content("article:modified_time")).toEqual(["2026-10-27T15:45:00.000Z"]);
      expect(content("article:author")).toEqual([
        "http://localhost:3000/faculty/amara-okafor",
        "http://localhost:3000/faculty/priya-shah",
      ]);
      expect(content("article:tag")).toEqual(["networks", "funding"]);
      expect(tags.find((t) => t.name === "twitter:card")!.content).toBe("summary_large_image");
      expect(tags.filter((t) => t.rel === "alternate").map((t) => t.type)).toEqual([
        "application/rss+xml",
        "application/atom+xml",
      ]);
      expect(postMeta(metaArgs(undefined))).toEqual([{ title: "Post not found" }]);
    });

    it("answers 404 for drafts, scheduled posts, unknown and malformed slugs", async () => {
      for (const slug of [
        "unfinished",
        "next-month",
        "no-such-post",
        "../../etc/passwd",
        "Monday-Post",
        "x".repeat(5000),
        "DROP TABLE post",
        "",
      ]) {
        const result = await postPage(slug);
        expect(result.status, slug).toBe(404);
        expect(result.body, slug).toMatch(/no post at this address/);
      }
    });

    it("moves an old address permanently to the post's new one", async () => {
      const db = testDb.handle.db;
      await db.transaction(async (tx) => {
        await tx.update(post).set({ slug: "what-networks-need" }).where(eq(post.id, monday.id));
        await recordSlugChange(tx, {
          festivalId: week.festival.id,
          kind: "post",
          targetId: monday.id,
          oldSlug: "monday-post",
          newSlug: "what-networks-need",
        });
      });
      const moved = await postPage("monday-post");
      expect(moved.status).toBe(301);
      expect(moved.headers.get("Location")).toBe("/blog/what-networks-need");
      expect((await postPage("what-networks-need")).status).toBe(200);
      // Neighbours follow the new address too.
      const neighbour = await postPage("after-the-week");
      expect(neighbour.data!.post.previous!.slug).toBe("what-networks-need");
      await db.transaction(async (tx) => {
        await tx.update(post).set({ slug: "monday-post" }).where(eq(post.id, monday.id));
        await recordSlugChange(tx, {
          festivalId: week.festival.id,
          kind: "post",
          targetId: monday.id,
          oldSlug: "what-networks-need",
          newSlug: "monday-post",
        });
      });
      expect((await postPage("monday-post")).status).toBe(200);
    });
  });

  describe("posts elsewhere on the site", () => {
    it("lists a faculty member's visible posts on their profile, with their feeds", async () => {
      const { data } = await callRoute<{
        posts: PostEntry[];
        postFeeds: { href: string }[];
      }>(facultyLoader, "/faculty/amara-okafor", {
        params: { slug: "amara-okafor" },
        cookie: melbourne,
      });
      expect(data!.posts.map((p) => p.slug)).toEqual([
        "after-the-week",
        "monday-post",
        "eve-of-the-week",
      ]);
      expect(data!.posts[1]!.published.text).toBe("Mon 26 Oct, 20:00 Melbourne time (UTC+11)");
      expect(data!.posts[1]!.summary).toBe("Three things every network needs in its first year.");
      expect(data!.postFeeds.map((f) => f.href)).toEqual([
        "http://localhost:3000/faculty/amara-okafor/feed.xml",
        "http://localhost:3000/faculty/amara-okafor/atom.xml",
      ]);
      const daniel = await callRoute<{ posts: PostEntry[] }>(
        facultyLoader,
        "/faculty/daniel-reyes",
        { params: { slug: "daniel-reyes" } },
      );
      expect(daniel.data!.posts.map((p) => p.slug)).toEqual(["late-saturday"]);
    });

    it("shows the three newest posts on the home page", async () => {
      const { data } = await callRoute<{ posts: PostEntry[] }>(homeLoader, "/");
      expect(data!.posts.map((p) => p.slug)).toEqual([
        "after-the-week",
        "monday-post",
        "sunday-after-change",
      ]);
      expect(data!.posts[0]!.authors).toEqual([{ slug: "amara-okafor", name: "Amara Okafor" }]);
    });
  });

  describe("pagination", () => {
    beforeAll(async () => {
      // 21 posts from the previous September: 26 in all, so two pages of 20.
      for (let day = 1; day <= 21; day++) {
        await createPost(testDb.handle.db, week.festival, {
          slug: `archive-${day}`,
          title: `From the archive, ${day}`,
          tags: ["archive"],
          publishAt: new Date(Date.UTC(2025, 8, day, 12)),
          authors: [week.ohio],
        });
      }
    });

    it("shows 20 posts a page with links to newer and older pages", async () => {
      const first = await blog();
      expect(first.data!.total).toBe(26);
      expect(first.data!.pages).toBe(2);
      expect(slugsOf(first.data!.days)).toHaveLength(20);
      expect(slugsOf(first.data!.days).at(-1)).toBe("archive-7");
      expect(first.data!.prev).toBeNull();
      expect(first.data!.next).toBe("/blog?page=2");
      const head = blogMeta(metaArgs(first.data)) as Tag[];
      expect(head.filter((t) => t.rel === "next" || t.rel === "prev")).toEqual([
        { tagName: "link", rel: "next", href: "/blog?page=2" },
      ]);

      const second = await blog("?page=2");
      expect(second.status).toBe(200);
      expect(slugsOf(second.data!.days)).toEqual([
        "archive-6",
        "archive-5",
        "archive-4",
        "archive-3",
        "archive-2",
        "archive-1",
      ]);
      expect(second.data!.prev).toBe("/blog");
      expect(second.data!.next).toBeNull();
      // Another year's days say which year.
      expect(second.data!.days[0]!.heading).toBe("Saturday 6 September 2025");
      // (ICU spells September's short form "Sep" or "Sept", depending on its version.)
      expect(second.data!.days[0]!.posts[0]!.published.text).toMatch(
        /^Sat 6 Sept? 2025, 13:00 London time \(UTC\+1\)$/,
      );
      expect((await blog("?page=3")).status).toBe(404);
    });

    it("keeps the filter on the page links", async () => {
      const first = await blog("?tag=archive");
      expect(first.data!.total).toBe(21);
      expect(first.data!.next).toBe("/blog?tag=archive&page=2");
      const second = await blog("?tag=archive&page=2");
      expect(slugsOf(second.data!.days)).toEqual(["archive-1"]);
      expect(second.data!.prev).toBe("/blog?tag=archive");
    });
  });
});
