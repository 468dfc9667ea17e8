import { and, eq, inArray, sql } from "drizzle-orm";
import { db } from "~db/client.server";
import { facultyProfile, post, postAuthor, webinar, webinarHost } from "~db/schema";
import { ACCESSIBILITY_STATEMENT } from "~/lib/accessibility-statement";
import { escapeMarkup } from "~/lib/markup-escape";
import type { Festival } from "./festival.server";
import { getCompetition } from "./competition.server";
import { listReleasedResources } from "./resources.server";
import { visibleAt } from "./post.server";

/**
 * Every public page of the current festival for search engines
 * (sitemaps.org 0.9): the fixed pages, published and cancelled webinars,
 * visible posts and faculty profiles. Drafts, posts scheduled for later and
 * anything behind a sign-in are never listed.
 */

export interface SitemapEntry {
  /** Absolute URL. */
  loc: string;
  /** When the page last changed, where that is known. */
  lastmod: Date | null;
}

/** The statement changes when it is reviewed, whatever the festival does. */
const statementDate = new Date(`${ACCESSIBILITY_STATEMENT.preparedOn}T00:00:00Z`);

const newest = (dates: (Date | null | undefined)[]): Date | null =>
  dates.reduce<Date | null>((latest, d) => (d && (!latest || d > latest) ? d : latest), null);

export async function sitemapEntries(
  festival: Festival | null,
  appUrl: string,
  now: Date,
): Promise<SitemapEntry[]> {
  if (!festival) return [{ loc: `${appUrl}/`, lastmod: null }];
  const conn = await db();
  const publicWebinar = and(
    eq(webinar.festivalId, festival.id),
    inArray(webinar.status, ["published", "cancelled"]),
  );
  const visiblePost = and(eq(post.festivalId, festival.id), visibleAt(now));
  // What readers see as a post's last change: its publication, or a later edit.
  const postUpdated = sql<Date>`greatest(${post.publishAt}, ${post.contentUpdatedAt})`.mapWith(
    post.publishAt,
  );
  const [webinars, posts, faculty, postsByAuthor, webinarsByHost] = await Promise.all([
    conn
      .select({ slug: webinar.slug, updatedAt: webinar.updatedAt })
      .from(webinar)
      .where(publicWebinar)
      .orderBy(webinar.startsAt, webinar.slug),
    conn
      .select({ slug: post.slug, updatedAt: postUpdated })
      .from(post)
      .where(visiblePost)
      .orderBy(post.publishAt, post.slug),
    conn
      .select({
        id: facultyProfile.id,
        slug: facultyProfile.slug,
        updatedAt: facultyProfile.updatedAt,
      })
      .from(facultyProfile)
      .where(eq(facultyProfile.festivalId, festival.id))
      .orderBy(facultyProfile.slug),
    // A profile page lists its person's posts and webinars: their changes change it.
    conn
      .select({ facultyId: postAuthor.facultyId, updatedAt: postUpdated })
      .from(postAuthor)
      .innerJoin(post, eq(post.id, postAuthor.postId))
      .where(visiblePost),
    conn
      .select({ facultyId: webinarHost.facultyId, updatedAt: webinar.updatedAt })
      .from(webinarHost)
      .innerJoin(webinar, eq(webinar.id, webinarHost.webinarId))
      .where(publicWebinar),
  ]);
  const facultyLastmod = (id: string, own: Date) =>
    newest([
      own,
      ...postsByAuthor.filter((p) => p.facultyId === id).map((p) => p.updatedAt),
      ...webinarsByHost.filter((w) => w.facultyId === id).map((w) => w.updatedAt),
    ]);
  const [resources, competition] = await Promise.all([
    listReleasedResources(festival.id, { now }),
    getCompetition(festival.id),
  ]);
  const released = (r: { updatedAt: Date; releaseAt: Date }) => newest([r.updatedAt, r.releaseAt]);
  const schedule = newest(webinars.map((w) => w.updatedAt));
  const blog = newest(posts.map((p) => p.updatedAt));
  const faculties = newest(faculty.map((f) => f.updatedAt));
  return [
    { loc: `${appUrl}/`, lastmod: newest([festival.updatedAt, schedule, blog, faculties]) },
    { loc: `${appUrl}/schedule`, lastmod: schedule },
    { loc: `${appUrl}/blog`, lastmod: blog },
    { loc: `${appUrl}/faculty`, lastmod: faculties },
    { loc: `${appUrl}/accessibility`, lastmod: statementDate },
    ...(competition ? [{ loc: `${appUrl}/network90`, lastmod: competition.updatedAt }] : []),
    ...(resources.length
      ? [{ loc: `${appUrl}/resources`, lastmod: newest(resources.map(released)) }]
      : []),
    ...resources.map((r) => ({ loc: `${appUrl}/resources/${r.slug}`, lastmod: released(r) })),
    ...webinars.map((w) => ({ loc: `${appUrl}/webinars/${w.slug}`, lastmod: w.updatedAt })),
    ...posts.map((p) => ({ loc: `${appUrl}/blog/${p.slug}`, lastmod: p.updatedAt })),
    ...faculty.map((f) => ({
      loc: `${appUrl}/faculty/${f.slug}`,
      lastmod: facultyLastmod(f.id, f.updatedAt),
    })),
  ];
}

/** W3C Datetime to the second, in UTC. */
function w3cDatetime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function renderSitemap(entries: SitemapEntry[]): string {
  const urls = entries.map((e) => {
    const lastmod = e.lastmod ? `<lastmod>${w3cDatetime(e.lastmod)}</lastmod>` : "";
    return `  <url><loc>${escapeMarkup(e.loc)}</loc>${lastmod}</url>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls,
    "</urlset>",
    "",
  ].join("\n");
}

/** Addresses crawlers are asked to leave alone: private pages and links that carry a token. */
export const ROBOTS_DISALLOW = [
  "/admin",
  "/studio",
  // "/me" alone would also match "/media/...", which previews need.
  "/me$",
  "/me/",
  "/dev/",
  "/login",
  "/logout",
  "/zone",
  "/calendar/",
  "/unsubscribe/",
  "/faculty-invite/",
  "/webinars/*/join",
  "/webinars/*/register",
] as const;

/** robots.txt: everything public may be crawled, including /api/schedule.json (open data). */
export function renderRobots(appUrl: string): string {
  return [
    // Everything not disallowed may be crawled (no "Allow: /": parsers that take
    // the first matching line would let it override every Disallow below).
    "User-agent: *",
    ...ROBOTS_DISALLOW.map((path) => `Disallow: ${path}`),
    "",
    `Sitemap: ${appUrl}/sitemap.xml`,
    "",
  ].join("\n");
}
