import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PersonCard } from "~/components/person-card";
import { PostTeaser } from "~/components/post-teaser";
import { WebinarCard } from "~/components/webinar-card";
import { getViewer } from "~/lib/auth.server";
import { toPostEntry } from "~/lib/blog-view";
import { publicPageCache } from "~/lib/http.server";
import { loaderCacheHeaders } from "~/lib/http-headers";
import { useNow, useViewerZone } from "~/lib/root-data";
import { formatDateSpan, localDate, zoneLabel } from "~/lib/time";
import { viewerZone } from "~/lib/viewer-zone.server";
import { listFaculty, toFacultyView } from "~/models/faculty.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { listPublishedPosts } from "~/models/post.server";
import { listPublicWebinars, toWebinarView } from "~/models/webinar.server";
import blogStyles from "~/styles/blog.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: blogStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.festival.name}: ${data.festival.tagline}` },
        { name: "description", content: data.festival.description },
      ]
    : [{ title: "Meridian" }];

export const headers = loaderCacheHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const [festival, viewer] = await Promise.all([requireCurrentFestival(), getViewer(request)]);
  const [webinars, faculty, blog] = await Promise.all([
    listPublicWebinars(festival.id),
    listFaculty(festival.id),
    listPublishedPosts(festival.id, { now: new Date(), limit: 3 }),
  ]);
  const zone = viewerZone(request, festival.timeZone, viewer?.timeZone ?? null).zone;
  return data(
    {
      festival: {
        name: festival.name,
        tagline: festival.tagline,
        description: festival.description,
        startsOn: festival.startsOn,
        endsOn: festival.endsOn,
        registrationOpen: festival.registrationOpen,
      },
      webinars: webinars.map(toWebinarView),
      faculty: faculty.map(toFacultyView),
      posts: blog.posts.map((p) => toPostEntry(p, zone, festival.startsOn.slice(0, 4))),
    },
    { headers: { "Cache-Control": publicPageCache(request) } },
  );
}

export default function Home() {
  const { festival, webinars, faculty, posts } = useLoaderData<typeof loader>();
  const { zone } = useViewerZone();
  const now = useNow();
  const nowIso = now.toISOString();
  const today = localDate(now, zone);
  const open = webinars.filter((w) => w.status === "published");
  const live = open.filter((w) => w.startsAt <= nowIso && nowIso < w.endsAt);
  const todays = webinars.filter((w) => localDate(w.startsAt, zone) === today && !live.includes(w));
  const next = open.find((w) => w.startsAt > nowIso && !todays.includes(w));
  const finished = open.length > 0 && open.every((w) => w.endsAt <= nowIso);
  const deleted = useSearchParams()[0].get("account") === "deleted";
  return (
    <>
      {deleted ? (
        <p className="notice notice--success" role="status">
          Your account has been deleted. Thank you for being part of {festival.name}.
        </p>
      ) : null}
      <section className="hero" aria-labelledby="festival-name">
        <h1 id="festival-name">{festival.name}</h1>
        <p className="hero__tagline">{festival.tagline}</p>
        <p className="hero__dates">{formatDateSpan(festival.startsOn, festival.endsOn)}</p>
        <p>{festival.description}</p>
        <p className="hero__actions">
          <Link className="button button--primary" to="/schedule">
            {finished
              ? "Watch the recordings"
              : festival.registrationOpen
                ? "Register: pick your webinars"
                : "See the schedule"}
          </Link>
          <Link className="button" to="/faculty">
            Meet the faculty
          </Link>
        </p>
        {!festival.registrationOpen && !finished ? (
          <p className="muted">Registration is closed.</p>
        ) : null}
      </section>

      {live.length ? (
        <section aria-labelledby="live-now">
          <h2 id="live-now">On now</h2>
          <div className="webinar-list">
            {live.map((w) => (
              <WebinarCard key={w.slug} webinar={w} now={now} />
            ))}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="today">
        <h2 id="today">Today</h2>
        <p className="muted">In {zoneLabel(now, zone)}.</p>
        {todays.length ? (
          <div className="webinar-list">
            {todays.map((w) => (
              <WebinarCard key={w.slug} webinar={w} now={now} />
            ))}
          </div>
        ) : (
          <p>Nothing is scheduled today.</p>
        )}
      </section>

      {next ? (
        <section aria-labelledby="next-up">
          <h2 id="next-up">Next up</h2>
          <div className="webinar-list">
            <WebinarCard webinar={next} now={now} />
          </div>
        </section>
      ) : null}

      {posts.length ? (
        <section aria-labelledby="from-the-blog">
          <h2 id="from-the-blog">From the blog</h2>
          <div className="post-list">
            {posts.map((entry) => (
              <PostTeaser key={entry.slug} entry={entry} showTags={false} />
            ))}
          </div>
          <p>
            <Link to="/blog">All posts on the blog</Link>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="faculty">
        <h2 id="faculty">The faculty</h2>
        <div className="person-grid">
          {faculty.map((f) => (
            <PersonCard key={f.slug} person={f} />
          ))}
        </div>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
