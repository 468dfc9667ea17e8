import { and, eq } from "drizzle-orm";
import { Feed, type Item } from "feed";
import sanitizeHtml from "sanitize-html";
import { db } from "~db/client.server";
import { facultyProfile } from "~db/schema";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { escapeMarkup } from "~/lib/markup-escape";
import { absoluteUrl } from "~/lib/social-meta";
import { isSlug } from "~/lib/slug";
import { mediaUrl } from "~/lib/uploads.server";
import { requireCurrentFestival, type Festival } from "./festival.server";
import { listPostsWithBodies, type PostSummary } from "./post.server";

/**
 * The blog as RSS 2.0 and Atom 1.0, for the whole festival or one author.
 * Feed readers have no page around an entry, so everything in it is absolute
 * and complete: full post bodies with addresses resolved, authors with a link
 * to their profile (never an email address).
 */

/** Newest posts a feed carries: a reader that polls daily misses nothing. */
export const FEED_LIMIT = 50;

export const FEED_CONTENT_TYPE = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
} as const;

export type FeedFormat = keyof typeof FEED_CONTENT_TYPE;

/**
 * The `feed` package writes one item the same way for both formats; the two
 * places where RSS and Atom readers expect different things are settled here.
 */
export class BlogFeed extends Feed {
  override rss2(): string {
    // RSS's <author> must be an email address, and a feed never publishes
    // one: names go in <dc:creator> (added as an extension) instead.
    return this.renderWith(
      (item) => ({ ...item, author: undefined }),
      () => super.rss2(),
    );
  }

  override atom1(): string {
    // Atom declares entry titles as type="html", while RSS readers take a
    // title as text: "Why <script> matters" must be escaped for Atom only.
    return this.renderWith(
      (item) => ({ ...item, title: escapeMarkup(item.title) }),
      () => super.atom1(),
    );
  }

  private renderWith(change: (item: Item) => Item, render: () => string): string {
    const items = this.items;
    this.items = items.map(change);
    try {
      return render();
    } finally {
      this.items = items;
    }
  }
}

export interface FeedAuthor {
  slug: string;
  name: string;
}

/** A faculty member by slug, for their own feed; null when there is no such person. */
export async function findFeedAuthor(festivalId: string, slug: string): Promise<FeedAuthor | null> {
  if (!isSlug(slug)) return null;
  const [row] = await (
    await db()
  )
    .select({ slug: facultyProfile.slug, name: facultyProfile.name })
    .from(facultyProfile)
    .where(and(eq(facultyProfile.festivalId, festivalId), eq(facultyProfile.slug, slug)))
    .limit(1);
  return row ?? null;
}

const IMAGE_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
};

/** The media type of an image address, from its extension; null when it cannot be told. */
function imageType(url: string): string | null {
  const extension = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return (extension && IMAGE_TYPES[extension]) || null;
}

/** An address resolved as a browser on the post's page would; null when it cannot be. */
function resolve(base: string, href: string | undefined): string | null {
  if (!href) return null;
  try {
    return new URL(href, base).toString();
  } catch {
    return null;
  }
}

/**
 * A post body for a feed. Its HTML has already been through the Markdown
 * sanitiser; this pass only rewrites addresses, with an HTML parser rather
 * than patterns: links and images are resolved against the post's own
 * address ("/media/x.png", "#section", "other-post" all mean what they mean
 * on the page), and the "#" beside each heading, which is for readers of the
 * page, is left out.
 */
export function feedContent(bodyHtml: string, postUrl: string): string {
  return sanitizeHtml(bodyHtml, {
    allowedTags: false,
    allowedAttributes: false,
    allowedSchemes: ["http", "https", "mailto"],
    allowProtocolRelative: false,
    exclusiveFilter: (frame) =>
      frame.tag === "a" && (frame.attribs.class ?? "").split(/\s+/).includes("heading-anchor"),
    transformTags: {
      a: (tagName, attribs) => {
        const { href, ...rest } = attribs;
        const resolved = resolve(postUrl, href);
        return { tagName, attribs: resolved ? { ...rest, href: resolved } : rest };
      },
      img: (tagName, attribs) => {
        const { src, ...rest } = attribs;
        const resolved = resolve(postUrl, src);
        return { tagName, attribs: resolved ? { ...rest, src: resolved } : rest };
      },
    },
  });
}

interface FeedScope {
  appUrl: string;
  now: Date;
  /** One author's posts only. */
  author?: FeedAuthor;
}

function toItem(
  post: PostSummary & { bodyHtml: string },
  appUrl: string,
): Item & { published: Date } {
  const url = `${appUrl}/blog/${post.slug}`;
  const summary = post.summary.trim();
  const cover = post.coverImageUrl ? resolve(appUrl, post.coverImageUrl) : null;
  const coverType = cover ? imageType(cover) : null;
  return {
    title: post.title,
    // A post keeps its id when its slug changes, so readers do not show it
    // again as new; the link still follows the current address.
    id: `urn:uuid:${post.id}`,
    link: url,
    date: post.updatedAt,
    published: post.publishedAt,
    // Feed descriptions are HTML; the summary is plain text.
    description: summary ? escapeMarkup(summary) : undefined,
    // Never empty: the RSS writer declares the dc: namespace only with content.
    content: feedContent(post.bodyHtml, url) || `<p>${escapeMarkup(summary || post.title)}</p>`,
    author: post.authors.map((a) => ({ name: a.name, link: `${appUrl}/faculty/${a.slug}` })),
    extensions: post.authors.length
      ? [
          {
            name: "dc:creator",
            // One <dc:creator> per author: the XML writer repeats an element given
            // an array, which the package's type for `objects` does not admit.
            objects: post.authors.map((a) => ({ _text: a.name })) as unknown as Record<
              string,
              unknown
            >,
          },
        ]
      : [],
    category: post.tags.map((tag) => ({ name: tag, term: tag })),
    enclosure: cover && coverType ? { url: cover, type: coverType, length: 0 } : undefined,
  };
}

/**
 * The feed of a festival's visible posts, newest first, or of one author's.
 * Drafts and posts scheduled after `now` are never in it.
 */
export async function buildBlogFeed(festival: Festival, scope: FeedScope): Promise<BlogFeed> {
  const { appUrl, now, author } = scope;
  const posts = await listPostsWithBodies(festival.id, {
    now,
    authorSlug: author?.slug,
    limit: FEED_LIMIT,
  });
  const base = author ? `${appUrl}/faculty/${author.slug}` : `${appUrl}/blog`;
  const logo = festival.logoFile ? absoluteUrl(appUrl, mediaUrl(festival.logoFile)) : undefined;
  const updated = posts.reduce(
    (latest, p) => (p.updatedAt > latest ? p.updatedAt : latest),
    posts[0]?.updatedAt ?? festival.updatedAt,
  );
  const feed = new BlogFeed({
    id: base,
    title: author ? `${author.name} · ${festival.name} blog` : `${festival.name} blog`,
    description: author
      ? `Posts by ${author.name} on the ${festival.name} blog.`
      : festival.tagline || `Posts from the ${festival.name} faculty.`,
    link: base,
    feedLinks: { rss: `${base}/feed.xml`, atom: `${base}/atom.xml` },
    language: "en-GB",
    updated,
    generator: "Meridian",
    // Atom needs an author for every entry; this stands in for a post without one.
    author: { name: festival.name, link: appUrl },
    image: logo,
    favicon: absoluteUrl(appUrl, "/favicon.svg"),
    copyright: `© ${festival.startsOn.slice(0, 4)} ${festival.name} and the authors`,
  });
  for (const post of posts) feed.addItem(toItem(post, appUrl));
  return feed;
}

/** A feed document as the response feed readers and caches expect. */
export function feedResponse(xml: string, format: FeedFormat): Response {
  return new Response(xml, {
    headers: { "Content-Type": FEED_CONTENT_TYPE[format], "Cache-Control": CACHE.publicFeed },
  });
}

/**
 * A feed route's whole answer: the current festival's blog, or one author's
 * posts (an unknown author is a 404), as RSS or Atom.
 */
export async function blogFeedResponse(format: FeedFormat, authorSlug?: string): Promise<Response> {
  const festival = await requireCurrentFestival();
  let author: FeedAuthor | undefined;
  if (authorSlug !== undefined) {
    const found = await findFeedAuthor(festival.id, authorSlug);
    if (!found) {
      throw new Response("There is no faculty member at this address.", {
        status: 404,
        headers: { "Cache-Control": CACHE.none },
      });
    }
    author = found;
  }
  const feed = await buildBlogFeed(festival, { appUrl: env().APP_URL, now: new Date(), author });
  return feedResponse(format === "rss" ? feed.rss2() : feed.atom1(), format);
}
