import { and, asc, desc, eq, gt, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { db } from "~db/client.server";
import { facultyProfile, post, postAuthor, postWebinar, webinar } from "~db/schema";
import { renderMarkdown } from "~/lib/markdown.server";
import { readingMinutes } from "~/lib/reading-time";
import { isSlug } from "~/lib/slug";
import { redirectTarget } from "./slug-redirect.server";

/**
 * The blog as readers see it. A post is visible when it is published and its
 * publish time has come: a scheduled post appears at its minute with no job
 * to run and no redeploy. Every function takes `now`, so tests control the clock.
 */

export interface PostAuthorCard {
  slug: string;
  name: string;
  title: string;
  organisation: string;
  location: string;
  bio: string;
  photoUrl: string | null;
}

export interface PostSummary {
  id: string;
  slug: string;
  title: string;
  summary: string;
  coverImageUrl: string | null;
  coverImageAlt: string;
  tags: string[];
  publishedAt: Date;
  /** When readers last saw the content change. */
  updatedAt: Date;
  readingMinutes: number;
  authors: PostAuthorCard[];
}

export interface RelatedWebinar {
  slug: string;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  status: "published" | "cancelled";
}

export interface PostDetail extends PostSummary {
  bodyHtml: string;
  relatedWebinars: RelatedWebinar[];
  /** The next older and next newer posts. */
  previous: { slug: string; title: string } | null;
  next: { slug: string; title: string } | null;
}

export interface PostQuery {
  now: Date;
  /** A tag, as stored (lower case). */
  tag?: string;
  /** A faculty profile's slug. */
  authorSlug?: string;
  /** Only posts published at or after this instant (the daily digest). */
  since?: Date;
  limit?: number;
  offset?: number;
}

export function visibleAt(now: Date): SQL {
  return and(eq(post.status, "published"), lte(post.publishAt, now))!;
}

const summaryColumns = {
  id: post.id,
  slug: post.slug,
  title: post.title,
  summary: post.summary,
  body: post.body,
  coverImageUrl: post.coverImageUrl,
  coverImageAlt: post.coverImageAlt,
  tags: post.tags,
  publishAt: post.publishAt,
  contentUpdatedAt: post.contentUpdatedAt,
  updatedAt: post.updatedAt,
};

type SummaryRow = {
  [K in keyof typeof summaryColumns]: (typeof summaryColumns)[K]["_"]["data"] | null;
} & { id: string; slug: string; title: string; summary: string; body: string; tags: string[] };

async function authorsOf(postIds: string[]): Promise<Map<string, PostAuthorCard[]>> {
  const byPost = new Map<string, PostAuthorCard[]>();
  if (postIds.length === 0) return byPost;
  const rows = await (
    await db()
  )
    .select({
      postId: postAuthor.postId,
      slug: facultyProfile.slug,
      name: facultyProfile.name,
      title: facultyProfile.title,
      organisation: facultyProfile.organisation,
      location: facultyProfile.location,
      bio: facultyProfile.bio,
      photoUrl: facultyProfile.photoUrl,
    })
    .from(postAuthor)
    .innerJoin(facultyProfile, eq(facultyProfile.id, postAuthor.facultyId))
    .where(inArray(postAuthor.postId, postIds))
    .orderBy(asc(postAuthor.position), asc(facultyProfile.name));
  for (const { postId, ...card } of rows) {
    const list = byPost.get(postId) ?? [];
    list.push(card);
    byPost.set(postId, list);
  }
  return byPost;
}

function toSummary(row: SummaryRow, authors: PostAuthorCard[]): PostSummary {
  const publishedAt = row.publishAt ?? row.updatedAt ?? new Date(0);
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    coverImageUrl: row.coverImageUrl ?? null,
    coverImageAlt: row.coverImageAlt ?? "",
    tags: row.tags,
    publishedAt,
    // Edits made before publication are not updates a reader saw.
    updatedAt:
      row.contentUpdatedAt && row.contentUpdatedAt > publishedAt
        ? row.contentUpdatedAt
        : publishedAt,
    readingMinutes: readingMinutes(row.body),
    authors,
  };
}

async function authorFacultyId(festivalId: string, slug: string): Promise<string | null> {
  if (!isSlug(slug)) return null;
  const [row] = await (
    await db()
  )
    .select({ id: facultyProfile.id })
    .from(facultyProfile)
    .where(and(eq(facultyProfile.festivalId, festivalId), eq(facultyProfile.slug, slug)))
    .limit(1);
  return row?.id ?? null;
}

async function filters(festivalId: string, query: PostQuery): Promise<SQL | null> {
  const conditions: SQL[] = [eq(post.festivalId, festivalId), visibleAt(query.now)];
  if (query.tag !== undefined) conditions.push(sql`${post.tags} @> array[${query.tag}]::text[]`);
  if (query.since) conditions.push(gte(post.publishAt, query.since));
  if (query.authorSlug !== undefined) {
    const facultyId = await authorFacultyId(festivalId, query.authorSlug);
    if (!facultyId) return null;
    conditions.push(
      inArray(
        post.id,
        (await db())
          .select({ id: postAuthor.postId })
          .from(postAuthor)
          .where(eq(postAuthor.facultyId, facultyId)),
      ),
    );
  }
  return and(...conditions)!;
}

/** Visible posts, newest first, with their authors. */
export async function listPublishedPosts(
  festivalId: string,
  query: PostQuery,
): Promise<{ posts: PostSummary[]; total: number }> {
  const where = await filters(festivalId, query);
  if (!where) return { posts: [], total: 0 };
  const conn = await db();
  const [rows, [count]] = await Promise.all([
    conn
      .select(summaryColumns)
      .from(post)
      .where(where)
      .orderBy(desc(post.publishAt), desc(post.id))
      .limit(Math.min(query.limit ?? 20, 100))
      .offset(Math.max(0, query.offset ?? 0)),
    conn
      .select({ n: sql<number>`count(*)::int` })
      .from(post)
      .where(where),
  ]);
  const authors = await authorsOf(rows.map((r) => r.id));
  return {
    posts: rows.map((r) => toSummary(r, authors.get(r.id) ?? [])),
    total: count?.n ?? 0,
  };
}

/** Visible posts with their rendered bodies, newest first: what feeds carry. */
export async function listPostsWithBodies(
  festivalId: string,
  query: PostQuery,
): Promise<(PostSummary & { bodyHtml: string })[]> {
  const where = await filters(festivalId, query);
  if (!where) return [];
  const rows = await (
    await db()
  )
    .select(summaryColumns)
    .from(post)
    .where(where)
    .orderBy(desc(post.publishAt), desc(post.id))
    .limit(Math.min(query.limit ?? 50, 100));
  const authors = await authorsOf(rows.map((r) => r.id));
  return rows.map((r) => ({
    ...toSummary(r, authors.get(r.id) ?? []),
    bodyHtml: renderMarkdown(r.body),
  }));
}

/** Tags of visible posts with how many posts carry each, most used first. */
export async function listPostTags(
  festivalId: string,
  now: Date,
): Promise<{ tag: string; count: number }[]> {
  const tag = sql<string>`unnest(${post.tags})`;
  const rows = await (
    await db()
  )
    .select({ tag, count: sql<number>`count(*)::int` })
    .from(post)
    .where(and(eq(post.festivalId, festivalId), visibleAt(now)))
    .groupBy(tag)
    .orderBy(desc(sql`count(*)`), asc(tag));
  return rows;
}

/** Faculty with at least one visible post, for the author filter. */
export async function listPostAuthors(
  festivalId: string,
  now: Date,
): Promise<{ slug: string; name: string; count: number }[]> {
  return (await db())
    .select({
      slug: facultyProfile.slug,
      name: facultyProfile.name,
      count: sql<number>`count(*)::int`,
    })
    .from(postAuthor)
    .innerJoin(post, eq(post.id, postAuthor.postId))
    .innerJoin(facultyProfile, eq(facultyProfile.id, postAuthor.facultyId))
    .where(and(eq(post.festivalId, festivalId), visibleAt(now)))
    .groupBy(facultyProfile.slug, facultyProfile.name)
    .orderBy(asc(facultyProfile.name));
}

export type PostLookup =
  { kind: "post"; post: PostDetail } | { kind: "redirect"; slug: string } | { kind: "missing" };

/**
 * A visible post by its slug; an old slug of a visible post redirects to the
 * current one. Drafts, scheduled posts before their time, and unknown slugs
 * are all simply missing (a reader cannot tell which).
 */
export async function findPublishedPost(
  festivalId: string,
  slug: string,
  now: Date,
): Promise<PostLookup> {
  if (!isSlug(slug)) return { kind: "missing" };
  const conn = await db();
  const visible = and(eq(post.festivalId, festivalId), visibleAt(now));
  const [row] = await conn
    .select(summaryColumns)
    .from(post)
    .where(and(visible, eq(post.slug, slug)))
    .limit(1);
  if (!row) {
    const targetId = await redirectTarget(festivalId, "post", slug);
    if (!targetId) return { kind: "missing" };
    const [target] = await conn
      .select({ slug: post.slug })
      .from(post)
      .where(and(visible, eq(post.id, targetId)))
      .limit(1);
    return target ? { kind: "redirect", slug: target.slug } : { kind: "missing" };
  }
  const publishAt = row.publishAt!;
  const neighbour = (direction: "previous" | "next") =>
    conn
      .select({ slug: post.slug, title: post.title })
      .from(post)
      .where(
        and(
          visible,
          direction === "previous"
            ? or(
                lt(post.publishAt, publishAt),
                and(eq(post.publishAt, publishAt), lt(post.id, row.id)),
              )
            : or(
                gt(post.publishAt, publishAt),
                and(eq(post.publishAt, publishAt), gt(post.id, row.id)),
              ),
        ),
      )
      .orderBy(
        ...(direction === "previous"
          ? [desc(post.publishAt), desc(post.id)]
          : [asc(post.publishAt), asc(post.id)]),
      )
      .limit(1);
  const [authors, related, [previous], [next]] = await Promise.all([
    authorsOf([row.id]),
    conn
      .select({
        slug: webinar.slug,
        title: webinar.title,
        startsAt: webinar.startsAt,
        durationMinutes: webinar.durationMinutes,
        status: webinar.status,
      })
      .from(postWebinar)
      .innerJoin(webinar, eq(webinar.id, postWebinar.webinarId))
      .where(
        and(eq(postWebinar.postId, row.id), inArray(webinar.status, ["published", "cancelled"])),
      )
      .orderBy(asc(postWebinar.position), asc(webinar.startsAt)),
    neighbour("previous"),
    neighbour("next"),
  ]);
  return {
    kind: "post",
    post: {
      ...toSummary(row, authors.get(row.id) ?? []),
      bodyHtml: renderMarkdown(row.body),
      relatedWebinars: related.map((w) => ({
        ...w,
        status: w.status === "cancelled" ? "cancelled" : "published",
      })),
      previous: previous ?? null,
      next: next ?? null,
    },
  };
}
