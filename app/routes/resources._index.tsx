import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LicenceNote } from "~/components/resources/licence-badge";
import {
  ResourceAction,
  ResourceFacts,
  ResourceTags,
  tagHref,
} from "~/components/resources/resource-facts";
import { getViewer } from "~/lib/auth.server";
import { env } from "~/lib/env.server";
import { CACHE, publicPageCache } from "~/lib/http.server";
import { loaderCacheHeaders } from "~/lib/http-headers";
import { renderMarkdown } from "~/lib/markdown.server";
import { toResourceView } from "~/lib/resource-view";
import { socialMeta } from "~/lib/social-meta";
import { formatWhen, zoneLabel } from "~/lib/time";
import { viewerZone } from "~/lib/viewer-zone.server";
import { requireCurrentFestival } from "~/models/festival.server";
import {
  isTag,
  listReleasedResources,
  listReleasedTags,
  normaliseTag,
  upcomingResources,
} from "~/models/resources.server";
import resourceStyles from "~/styles/resources.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: resourceStyles }];

export const headers = loaderCacheHeaders;

/** Visitors' words echoed back stay short. */
const echo = (value: string) => (value.length > 60 ? `${value.slice(0, 59)}…` : value);

export async function loader({ request }: LoaderFunctionArgs) {
  const [festival, viewer] = await Promise.all([requireCurrentFestival(), getViewer(request)]);
  // Read per request: a resource appears at its release time, like a reveal.
  const now = new Date();
  const zone = viewerZone(request, festival.timeZone, viewer?.timeZone ?? null).zone;
  const rawTag = new URL(request.url).searchParams.get("tag");
  const tag = rawTag === null ? null : normaliseTag(rawTag);

  let problem: string | null = null;
  if (tag !== null && !isTag(tag)) problem = `“${echo(tag)}” is not a tag in the library.`;
  const [resources, tags, upcoming] = await Promise.all([
    problem ? [] : listReleasedResources(festival.id, { now, tag }),
    listReleasedTags(festival.id, now),
    upcomingResources(festival.id, now),
  ]);
  if (!problem && tag && resources.length === 0) {
    problem = `No resource is tagged “${echo(tag)}” yet.`;
  }
  const appUrl = env().APP_URL;
  return data(
    {
      festivalName: festival.name,
      tag: problem ? null : tag,
      problem,
      resources: resources.map((r) => toResourceView(r, renderMarkdown(r.description), zone)),
      tags,
      upcoming: {
        count: upcoming.count,
        next: upcoming.nextAt ? formatWhen(upcoming.nextAt, zone) : null,
      },
      zone: zoneLabel(now, zone),
      canonical: `${appUrl}/resources${tag && !problem ? `?tag=${encodeURIComponent(tag)}` : ""}`,
    },
    {
      status: problem ? 404 : 200,
      headers: { "Cache-Control": problem ? CACHE.none : publicPageCache(request) },
    },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Resources" }];
  const heading = data.tag ? `Resources tagged “${data.tag}”` : "Resources";
  return [
    ...socialMeta(`${heading} · ${data.festivalName}`, {
      title: heading,
      description: `Open methods and toolkits from ${data.festivalName}, free to use under Creative Commons licences.`,
      url: data.canonical,
      siteName: data.festivalName,
      type: "website",
    }),
    ...(data.problem ? [{ name: "robots", content: "noindex" }] : []),
  ];
};

function Upcoming() {
  const { upcoming } = useLoaderData<typeof loader>();
  if (upcoming.count === 0) return null;
  const more =
    upcoming.count === 1 ? "1 more resource arrives" : `${upcoming.count} more resources arrive`;
  return (
    <p className="notice resource-upcoming" role="note">
      {more} during the festival.{" "}
      {upcoming.next ? (
        <>
          The next one is released <strong>{upcoming.next}</strong>.
        </>
      ) : null}
    </p>
  );
}

export default function ResourcesIndex() {
  const { resources, tags, tag, problem, zone } = useLoaderData<typeof loader>();
  return (
    <div className="resources">
      <h1>{tag ? `Resources tagged “${tag}”` : "Resources"}</h1>
      {tag || problem ? (
        <p>
          <Link to="/resources">Show all resources</Link>
        </p>
      ) : (
        <p className="lead">
          The festival’s methods and toolkits, free to use and share under Creative Commons
          licences.
        </p>
      )}
      <Upcoming />
      {problem ? (
        <p className="notice notice--warning" role="status">
          {problem}
        </p>
      ) : resources.length === 0 ? (
        <p className="notice">
          Nothing has been released yet. Resources appear here during the week.
        </p>
      ) : (
        <>
          <p className="muted">Release times are in {zone}.</p>
          <ol className="resource-list">
            {resources.map((r) => (
              <li key={r.slug}>
                <article className="resource-card" aria-labelledby={`resource-${r.slug}`}>
                  <h2 id={`resource-${r.slug}`}>
                    <Link to={`/resources/${r.slug}`}>{r.title}</Link>
                  </h2>
                  <LicenceNote licence={r.licence} />
                  <div
                    className="prose resource-card__description"
                    dangerouslySetInnerHTML={{ __html: r.descriptionHtml }}
                  />
                  <ResourceFacts resource={r} />
                  <ResourceTags tags={r.tags} label={`Tags of ${r.title}`} />
                  <p>
                    <ResourceAction resource={r} />
                  </p>
                </article>
              </li>
            ))}
          </ol>
        </>
      )}
      {tags.length > 0 ? (
        <nav className="resource-filters" aria-labelledby="resource-topics">
          <h2 id="resource-topics">Topics</h2>
          <ul className="resource-tags">
            {tags.map((t) => (
              <li key={t.tag}>
                <Link to={tagHref(t.tag)} aria-current={tag === t.tag ? "page" : undefined}>
                  {t.tag} <span className="muted">({t.count})</span>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
