import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { post } from "~db/schema";
import { recordSlugChange } from "~/models/slug-redirect.server";
import {
  findPublishedPost,
  listPostAuthors,
  listPostTags,
  listPublishedPosts,
} from "~/models/post.server";
import { createFaculty, createPost, dstWeekFestival, type PostRow } from "~tests/factories";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
let week: Awaited<ReturnType<typeof dstWeekFestival>>;
let published: PostRow;
let scheduled: PostRow;
let draft: PostRow;

// The clock of these tests: a scheduled post goes public at 09:00 London on
// Monday 26 October 2026, the day after the clocks went back (09:00 UTC).
const publishAt = new Date("2026-10-26T09:00:00Z");
const justBefore = new Date(publishAt.getTime() - 1);

beforeAll(async () => {
  week = await dstWeekFestival(testDb.handle.db);
  const db = testDb.handle.db;
  const other = await createFaculty(db, week.festival, { name: "Priya Shah", slug: "priya-shah" });
  published = await createPost(db, week.festival, {
    slug: "welcome",
    title: "Welcome to the week",
    tags: ["welcome", "networks"],
    publishAt: new Date("2026-10-21T08:00:00Z"),
    authors: [week.chair, other],
    webinars: [week.beforeChange, week.draft, week.cancelled],
  });
  scheduled = await createPost(db, week.festival, {
    slug: "monday-thoughts",
    title: "Monday thoughts",
    tags: ["networks"],
    publishAt,
    authors: [week.ohio],
  });
  draft = await createPost(db, week.festival, {
    slug: "unfinished",
    title: "Unfinished",
    status: "draft",
    publishAt: null,
    authors: [week.chair],
  });
});

describe("what readers can see", () => {
  it("shows neither drafts nor scheduled posts before their time", async () => {
    const { posts, total } = await listPublishedPosts(week.festival.id, { now: justBefore });
    expect(posts.map((p) => p.slug)).toEqual(["welcome"]);
    expect(total).toBe(1);
    expect(await findPublishedPost(week.festival.id, "monday-thoughts", justBefore)).toEqual({
      kind: "missing",
    });
    expect(await findPublishedPost(week.festival.id, "unfinished", publishAt)).toEqual({
      kind: "missing",
    });
  });

  it("shows a scheduled post from the very minute it was scheduled for, newest first", async () => {
    const { posts } = await listPublishedPosts(week.festival.id, { now: publishAt });
    expect(posts.map((p) => p.slug)).toEqual(["monday-thoughts", "welcome"]);
    const found = await findPublishedPost(week.festival.id, "monday-thoughts", publishAt);
    expect(found.kind).toBe("post");
  });

  it("filters by tag and by author, and counts them", async () => {
    const now = publishAt;
    const byTag = await listPublishedPosts(week.festival.id, { now, tag: "welcome" });
    expect(byTag.posts.map((p) => p.slug)).toEqual(["welcome"]);
    const byAuthor = await listPublishedPosts(week.festival.id, {
      now,
      authorSlug: "daniel-reyes",
    });
    expect(byAuthor.posts.map((p) => p.slug)).toEqual(["monday-thoughts"]);
    const unknown = await listPublishedPosts(week.festival.id, { now, authorSlug: "no-one" });
    expect(unknown.posts).toEqual([]);
    expect(await listPostTags(week.festival.id, now)).toEqual([
      { tag: "networks", count: 2 },
      { tag: "welcome", count: 1 },
    ]);
    expect(await listPostTags(week.festival.id, justBefore)).toEqual([
      { tag: "networks", count: 1 },
      { tag: "welcome", count: 1 },
    ]);
    expect((await listPostAuthors(week.festival.id, justBefore)).map((a) => a.slug)).toEqual([
      "amara-okafor",
      "priya-shah",
    ]);
  });

  it("gives a post its authors in byline order, public related webinars and neighbours", async () => {
    const found = await findPublishedPost(week.festival.id, "welcome", publishAt);
    if (found.kind !== "post") throw new Error("expected the post");
    expect(found.post.authors.map((a) => a.name)).toEqual(["Amara Okafor", "Priya Shah"]);
    expect(found.post.relatedWebinars.map((w) => [w.slug, w.status])).toEqual([
      ["before-the-change", "published"],
      ["called-off", "cancelled"],
    ]);
    expect(found.post.previous).toBeNull();
    expect(found.post.next).toEqual({ slug: "monday-thoughts", title: "Monday thoughts" });
    expect(found.post.readingMinutes).toBe(1);
    // The next post is not announced before it is public.
    const earlier = await findPublishedPost(week.festival.id, "welcome", justBefore);
    expect(earlier.kind === "post" && earlier.post.next).toBeNull();
  });

  it("leads an old slug to the post's new address, but never to a hidden post", async () => {
    const db = testDb.handle.db;
    await db.transaction(async (tx) => {
      await tx.update(post).set({ slug: "welcome-to-the-week" }).where(eq(post.id, published.id));
      await recordSlugChange(tx, {
        festivalId: week.festival.id,
        kind: "post",
        targetId: published.id,
        oldSlug: "welcome",
        newSlug: "welcome-to-the-week",
      });
      await recordSlugChange(tx, {
        festivalId: week.festival.id,
        kind: "post",
        targetId: draft.id,
        oldSlug: "old-draft-name",
        newSlug: "unfinished",
      });
    });
    expect(await findPublishedPost(week.festival.id, "welcome", publishAt)).toEqual({
      kind: "redirect",
      slug: "welcome-to-the-week",
    });
    expect(await findPublishedPost(week.festival.id, "old-draft-name", publishAt)).toEqual({
      kind: "missing",
    });
    expect(await findPublishedPost(week.festival.id, "../etc", publishAt)).toEqual({
      kind: "missing",
    });
    expect(scheduled.slug).toBe("monday-thoughts");
  });
});
