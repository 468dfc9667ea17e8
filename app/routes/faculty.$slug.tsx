import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Avatar } from "~/components/avatar";
import { FeedLinks } from "~/components/feed-links";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PostTeaser } from "~/components/post-teaser";
import { TimeRange } from "~/components/time-range";
import { getViewer } from "~/lib/auth.server";
import { authorFeeds, feedAlternates, toPostEntry } from "~/lib/blog-view";
import { env } from "~/lib/env.server";
import { publicPageCache } from "~/lib/http.server";
import { loaderCacheHeaders } from "~/lib/http-headers";
import { markdownToText, renderMarkdown } from "~/lib/markdown.server";
import { facultyCard } from "~/lib/social-cards.server";
import { socialMeta } from "~/lib/social-meta";
import { viewerZone } from "~/lib/viewer-zone.server";
import { getFacultyProfile } from "~/models/faculty.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { listPublishedPosts } from "~/models/post.server";
import blogStyles from "~/styles/blog.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: blogStyles }];

// Feed readers find the author's feeds from the page, even before their first post.
export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        ...socialMeta(`${data.profile.name} · ${data.festivalName}`, data.social),
        ...feedAlternates(data.postFeeds),
      ]
    : [{ title: "Faculty member not found" }];

export const headers = loaderCacheHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [festival, viewer] = await Promise.all([requireCurrentFestival(), getViewer(request)]);
  const found = await getFacultyProfile(festival.id, params.slug ?? "");
  if (!found) throw new Response("There is no faculty member at this address.", { status: 404 });
  // Their posts, newest first, with dates in the reader's zone (as on the blog).
  const zone = viewerZone(request, festival.timeZone, viewer?.timeZone ?? null).zone;
  const { posts } = await listPublishedPosts(festival.id, {
    now: new Date(),
    authorSlug: found.profile.slug,
    limit: 100,
  });
  const { profile, webinars } = found;
  return data(
    {
      festivalName: festival.name,
      profile: {
        name: profile.name,
        title: profile.title,
        organisation: profile.organisation,
        location: profile.location,
        photoUrl: profile.photoUrl,
        isChair: profile.isChair,
      },
      bioHtml: renderMarkdown(profile.bio),
      social: facultyCard(festival, profile, markdownToText(profile.bio, 200), env().APP_URL),
      webinars: webinars.map((w) => ({ ...w, startsAt: w.startsAt.toISOString() })),
      posts: posts.map((p) => toPostEntry(p, zone, festival.startsOn.slice(0, 4))),
      postFeeds: authorFeeds(env().APP_URL, found.profile),
    },
    { headers: { "Cache-Control": publicPageCache(request) } },
  );
}

export default function FacultyProfilePage() {
  const { profile, bioHtml, webinars, posts, postFeeds } = useLoaderData<typeof loader>();
  return (
    <article aria-labelledby="profile-name">
      <p className="breadcrumb">
        <Link to="/faculty">Faculty</Link>
      </p>
      <div className="profile-head">
        <Avatar name={profile.name} photoUrl={profile.photoUrl} size={96} />
        <div>
          <h1 id="profile-name">{profile.name}</h1>
          {profile.isChair ? <p className="badge badge--chair">Chair of the faculty</p> : null}
          <p className="person-card__role">{profile.title}</p>
          <p className="person-card__place">{profile.location}</p>
        </div>
      </div>
      <div className="prose" dangerouslySetInnerHTML={{ __html: bioHtml }} />
      <section aria-labelledby="hosting">
        <h2 id="hosting">Webinars</h2>
        {webinars.length ? (
          <ul className="plain-list">
            {webinars.map((w) => (
              <li key={w.slug}>
                <Link to={`/webinars/${w.slug}`}>{w.title}</Link>
                {w.status === "cancelled" ? " (cancelled)" : ""}
                <br />
                <TimeRange
                  startsAt={w.startsAt}
                  durationMinutes={w.durationMinutes}
                  withFestivalTime={false}
                />
              </li>
            ))}
          </ul>
        ) : (
          <p>{profile.name} is not hosting a webinar this year.</p>
        )}
      </section>
      {posts.length ? (
        <section aria-labelledby="posts">
          <h2 id="posts">Blog posts</h2>
          <div className="post-list">
            {posts.map((entry) => (
              <PostTeaser key={entry.slug} entry={entry} showCover={false} showAuthors={false} />
            ))}
          </div>
          <FeedLinks feeds={postFeeds} label={`Follow ${profile.name}'s posts`} />
        </section>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
