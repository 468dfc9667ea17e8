import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FeedLinks } from "~/components/feed-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PersonCard } from "~/components/person-card";
import { PostArticle } from "~/components/post-article";
import { PostMeta, PostTags } from "~/components/post-teaser";
import { WebinarCard } from "~/components/webinar-card";
import { getViewer } from "~/lib/auth.server";
import { blogFeeds, feedAlternates, shownTime, toPostEntry } from "~/lib/blog-view";
import { env } from "~/lib/env.server";
import { publicPageCache } from "~/lib/http.server";
import { loaderCacheHeaders } from "~/lib/http-headers";
import { useNow } from "~/lib/root-data";
import { absoluteUrl, socialMeta, type SocialCard } from "~/lib/social-meta";
import { viewerZone } from "~/lib/viewer-zone.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { findPublishedPost } from "~/models/post.server";
import { seatViews } from "~/models/registration.server";
import { listPublicWebinars, toWebinarView } from "~/models/webinar.server";
import blogStyles from "~/styles/blog.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: blogStyles }];

export const headers = loaderCacheHeaders;

// Times are shown to the minute, so an edit within the minute of publication is no "update".
const UPDATE_SHOWN_AFTER_MS = 60_000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [festival, viewer] = await Promise.all([requireCurrentFestival(), getViewer(request)]);
  const found = await findPublishedPost(festival.id, params.slug ?? "", new Date());
  if (found.kind === "redirect") throw redirect(`/blog/${found.slug}`, 301);
  if (found.kind === "missing") {
    throw new Response("There is no post at this address. The link may be mistyped.", {
      status: 404,
    });
  }
  const post = found.post;
  const appUrl = env().APP_URL;
  const zone = viewerZone(request, festival.timeZone, viewer?.timeZone ?? null).zone;
  const festivalYear = festival.startsOn.slice(0, 4);

  // The schedule as everyone sees it (cached): a related webinar shows exactly as it does there.
  const schedule = await listPublicWebinars(festival.id);
  const related = post.relatedWebinars.flatMap((r) => schedule.filter((w) => w.slug === r.slug));
  const seats = await seatViews(related, festival.id, viewer?.id ?? null);

  const url = `${appUrl}/blog/${post.slug}`;
  const social: SocialCard = {
    title: post.title,
    description: post.summary || `A post on the ${festival.name} blog.`,
    url,
    siteName: festival.name,
    type: "article",
    image: post.coverImageUrl
      ? { url: absoluteUrl(appUrl, post.coverImageUrl), alt: post.coverImageAlt }
      : null,
    publishedTime: post.publishedAt.toISOString(),
    modifiedTime: post.updatedAt.toISOString(),
    authors: post.authors.map((a) => `${appUrl}/faculty/${a.slug}`),
    tags: post.tags,
  };
  const updated = post.updatedAt.getTime() - post.publishedAt.getTime() >= UPDATE_SHOWN_AFTER_MS;
  return data(
    {
      festivalName: festival.name,
      post: {
        ...toPostEntry(post, zone, festivalYear),
        bodyHtml: post.bodyHtml,
        updated: updated ? shownTime(post.updatedAt, zone, festivalYear) : null,
        authors: post.authors.map((a) => ({
          kind: "faculty" as const,
          slug: a.slug,
          name: a.name,
          title: a.title,
          organisation: a.organisation,
          location: a.location,
          photoUrl: a.photoUrl,
          isChair: false,
        })),
        previous: post.previous,
        next: post.next,
      },
      related: related.map(toWebinarView),
      seats,
      social,
      feeds: blogFeeds(appUrl, festival.name),
    },
    { headers: { "Cache-Control": publicPageCache(request) } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        ...socialMeta(`${data.post.title} · ${data.festivalName}`, data.social),
        ...feedAlternates(data.feeds),
      ]
    : [{ title: "Post not found" }];

export default function BlogPost() {
  const { post, related, seats, feeds } = useLoaderData<typeof loader>();
  const now = useNow();
  return (
    <div className="blog-post">
      <p className="breadcrumb">
        <Link to="/blog">Blog</Link>
      </p>
      <PostArticle
        title={post.title}
        summary={post.summary}
        coverImageUrl={post.cover?.url ?? null}
        coverImageAlt={post.cover?.alt ?? ""}
        bodyHtml={post.bodyHtml}
        byline={
          <>
            <PostMeta entry={post} />
            {post.updated ? (
              <p className="post-meta">
                Updated <time dateTime={post.updated.iso}>{post.updated.text}</time>
              </p>
            ) : null}
            {post.authors.length ? (
              <div className="post-authors" role="group" aria-label="Written by">
                {post.authors.map((a) => (
                  <PersonCard key={a.slug} person={a} />
                ))}
              </div>
            ) : null}
          </>
        }
      >
        <PostTags tags={post.tags} />
      </PostArticle>

      {related.length ? (
        <section aria-labelledby="related-webinars">
          <h2 id="related-webinars">
            {related.length === 1 ? "Related webinar" : "Related webinars"}
          </h2>
          <div className="webinar-list">
            {related.map((w) => (
              <WebinarCard key={w.slug} webinar={w} now={now} seat={seats[w.slug]} />
            ))}
          </div>
        </section>
      ) : null}

      {post.previous || post.next ? (
        <nav className="post-neighbours" aria-label="More posts">
          {post.previous ? (
            <Link to={`/blog/${post.previous.slug}`} rel="prev">
              <span className="post-neighbours__label">Older post</span>
              {post.previous.title}
            </Link>
          ) : null}
          {post.next ? (
            <Link to={`/blog/${post.next.slug}`} rel="next" className="post-neighbours__next">
              <span className="post-neighbours__label">Newer post</span>
              {post.next.title}
            </Link>
          ) : null}
        </nav>
      ) : null}

      <FeedLinks feeds={feeds} label="Follow in a feed reader" />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
