import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FeedLinks } from "~/components/feed-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PostTeaser, tagHref } from "~/components/post-teaser";
import { getViewer } from "~/lib/auth.server";
import {
  authorFeeds,
  blogFeeds,
  feedAlternates,
  groupByFestivalDay,
  POSTS_PER_PAGE,
  toPostEntry,
} from "~/lib/blog-view";
import { env } from "~/lib/env.server";
import { CACHE, publicPageCache } from "~/lib/http.server";
import { loaderCacheHeaders } from "~/lib/http-headers";
import { socialMeta } from "~/lib/social-meta";
import { isSlug } from "~/lib/slug";
import { zoneCity, zoneLabel } from "~/lib/time";
import { viewerZone } from "~/lib/viewer-zone.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { listPostAuthors, listPostTags, listPublishedPosts } from "~/models/post.server";
import blogStyles from "~/styles/blog.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: blogStyles }];

export const headers = loaderCacheHeaders;

// Tags are stored as the studio saves them: lower case, words, spaces and hyphens.
const Tag = z
  .string()
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} '-]*$/u);
const Page = z.coerce.number().int().min(1).max(100_000);

/** What the address asks for; any value that cannot name something becomes a message, not an error. */
function readQuery(url: URL) {
  const raw = (name: string) => url.searchParams.get(name)?.trim() ?? "";
  const tag = raw("tag").toLowerCase().replace(/\s+/g, " ");
  const author = raw("author");
  const page = raw("page");
  const parsedPage = page === "" ? 1 : Page.safeParse(page);
  return {
    tag: tag || null,
    tagValid: tag === "" || Tag.safeParse(tag).success,
    author: author || null,
    authorValid: author === "" || isSlug(author),
    page: typeof parsedPage === "number" ? parsedPage : parsedPage.success ? parsedPage.data : null,
    rawPage: page,
  };
}

/** Visitors' words echoed back stay short. */
const echo = (value: string) => (value.length > 60 ? `${value.slice(0, 59)}…` : value);

function pageHref(filters: { tag: string | null; author: string | null }, page: number): string {
  const params = new URLSearchParams();
  if (filters.tag) params.set("tag", filters.tag);
  if (filters.author) params.set("author", filters.author);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return `/blog${query ? `?${query}` : ""}`;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const [festival, viewer] = await Promise.all([requireCurrentFestival(), getViewer(request)]);
  const now = new Date();
  const appUrl = env().APP_URL;
  const query = readQuery(new URL(request.url));
  const zone = viewerZone(request, festival.timeZone, viewer?.timeZone ?? null).zone;
  const festivalYear = festival.startsOn.slice(0, 4);

  const [tags, authors] = await Promise.all([
    listPostTags(festival.id, now),
    listPostAuthors(festival.id, now),
  ]);
  const author = query.author ? (authors.find((a) => a.slug === query.author) ?? null) : null;

  let problem: { status: 400 | 404; message: string } | null = null;
  if (!query.tagValid) {
    problem = { status: 404, message: `“${echo(query.tag!)}” is not a tag on this blog.` };
  } else if (!query.authorValid) {
    problem = { status: 404, message: `“${echo(query.author!)}” is not an author on this blog.` };
  } else if (query.page === null) {
    problem = { status: 400, message: `“${echo(query.rawPage)}” is not a page number.` };
  } else if (query.author && !author) {
    problem = { status: 404, message: `There are no posts by “${echo(query.author)}”.` };
  }

  const page = query.page ?? 1;
  const { posts, total } = problem
    ? { posts: [], total: 0 }
    : await listPublishedPosts(festival.id, {
        now,
        tag: query.tag ?? undefined,
        authorSlug: query.author ?? undefined,
        limit: POSTS_PER_PAGE,
        offset: (page - 1) * POSTS_PER_PAGE,
      });
  const pages = Math.max(1, Math.ceil(total / POSTS_PER_PAGE));
  const filtered = Boolean(query.tag || query.author);
  if (!problem && total === 0 && filtered) {
    problem = {
      status: 404,
      message: query.tag
        ? `There are no posts tagged “${echo(query.tag)}”${author ? ` by ${author.name}` : ""}.`
        : `There are no posts by “${echo(query.author!)}”.`,
    };
  } else if (!problem && total > 0 && page > pages) {
    problem = {
      status: 404,
      message: `There is no page ${page}: ${pages === 1 ? "there is one page" : `there are ${pages} pages`} of posts.`,
    };
  }

  const filters = { tag: query.tagValid ? query.tag : null, author: author?.slug ?? null };
  const heading = [
    "Posts",
    filters.author && author ? ` by ${author.name}` : "",
    filters.tag ? ` tagged “${filters.tag}”` : "",
  ].join("");
  const feeds = [
    ...(author ? authorFeeds(appUrl, author) : []),
    ...blogFeeds(appUrl, festival.name),
  ];
  const entries = problem ? [] : posts.map((p) => toPostEntry(p, zone, festivalYear));
  return data(
    {
      festivalName: festival.name,
      title: filtered ? heading : "Blog",
      page,
      pages,
      total,
      days: groupByFestivalDay(entries, festival),
      problem: problem?.message ?? null,
      filtered,
      filters,
      tags,
      authors,
      feeds,
      zone: { reader: zoneLabel(now, zone), festivalCity: zoneCity(festival.timeZone) },
      prev: !problem && page > 1 ? pageHref(filters, page - 1) : null,
      next: !problem && page < pages ? pageHref(filters, page + 1) : null,
      canonical: `${appUrl}${pageHref(filters, page)}`,
    },
    {
      status: problem?.status ?? 200,
      headers: { "Cache-Control": problem ? CACHE.none : publicPageCache(request) },
    },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Blog" }];
  const pageNote = data.page > 1 && !data.problem ? ` (page ${data.page})` : "";
  const title = `${data.title}${pageNote}${data.filtered ? " · Blog" : ""} · ${data.festivalName}`;
  return [
    ...socialMeta(title, {
      title: `${data.title}${pageNote}`,
      description: `Posts from the faculty of ${data.festivalName}.`,
      url: data.canonical,
      siteName: data.festivalName,
      type: "website",
    }),
    ...(data.problem ? [{ name: "robots", content: "noindex" }] : []),
    ...(data.prev ? [{ tagName: "link", rel: "prev", href: data.prev }] : []),
    ...(data.next ? [{ tagName: "link", rel: "next", href: data.next }] : []),
    ...feedAlternates(data.feeds),
  ];
};

function Filters() {
  const { tags, authors, filters } = useLoaderData<typeof loader>();
  if (tags.length === 0 && authors.length === 0) return null;
  return (
    <nav className="blog-filters" aria-label="Browse the blog">
      {tags.length ? (
        <div>
          <h2 id="blog-topics">Topics</h2>
          <ul className="tag-list" aria-labelledby="blog-topics">
            {tags.map(({ tag, count }) => (
              <li key={tag}>
                <Link
                  to={tagHref(tag)}
                  aria-current={filters.tag === tag && !filters.author ? "page" : undefined}
                >
                  {tag} <span className="muted">({count})</span>
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {authors.length ? (
        <div>
          <h2 id="blog-authors">Authors</h2>
          <ul className="inline-list" aria-labelledby="blog-authors">
            {authors.map((a) => (
              <li key={a.slug}>
                <Link
                  to={`/blog?author=${a.slug}`}
                  aria-current={filters.author === a.slug && !filters.tag ? "page" : undefined}
                >
                  {a.name}
                </Link>{" "}
                <span className="muted">({a.count})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </nav>
  );
}

export default function BlogIndex() {
  const { title, days, problem, filtered, total, page, pages, prev, next, zone, feeds } =
    useLoaderData<typeof loader>();
  return (
    <div className="blog">
      <h1>{title}</h1>
      {filtered ? (
        <p>
          <Link to="/blog">Show all posts</Link>
        </p>
      ) : (
        <p className="lead">Thoughts from the faculty, day by day through the festival.</p>
      )}
      <FeedLinks feeds={feeds} label="Follow in a feed reader" />
      {problem ? (
        <p className="notice notice--warning" role="status">
          {problem} <Link to="/blog">Show all posts</Link>
        </p>
      ) : total === 0 ? (
        <p className="notice">
          Nothing has been posted yet. The faculty write through the festival week: follow a feed to
          hear of the first post.
        </p>
      ) : (
        <>
          <p className="muted">
            Days are dates in {zone.festivalCity}, where the festival is based; times are in{" "}
            {zone.reader}.{" "}
            <Link className="small-link" to="/zone?redirectTo=%2Fblog">
              Change time zone
            </Link>
          </p>
          {days.map((day) => (
            <section key={day.date} className="blog-day" aria-labelledby={`day-${day.date}`}>
              <h2 id={`day-${day.date}`}>
                {day.heading}
                {day.festivalDay ? (
                  <span className="blog-day__note"> · festival day {day.festivalDay}</span>
                ) : null}
              </h2>
              <div className="post-list">
                {day.posts.map((entry) => (
                  <PostTeaser key={entry.slug} entry={entry} />
                ))}
              </div>
            </section>
          ))}
          {pages > 1 ? (
            <nav className="pager" aria-label="Pages">
              {prev ? (
                <Link to={prev} rel="prev">
                  ← Newer posts
                </Link>
              ) : null}
              <span>
                Page {page} of {pages}
              </span>
              {next ? (
                <Link to={next} rel="next">
                  Older posts →
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
      <Filters />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
