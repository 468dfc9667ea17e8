import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LicenceBadge } from "~/components/resources/licence-badge";
import { ResourceAction, ResourceFacts, ResourceTags } from "~/components/resources/resource-facts";
import { getViewer } from "~/lib/auth.server";
import { env } from "~/lib/env.server";
import { CACHE, publicPageCache } from "~/lib/http.server";
import { loaderCacheHeaders } from "~/lib/http-headers";
import { markdownToText, renderMarkdown } from "~/lib/markdown.server";
import { citation, shareLinks, toResourceView } from "~/lib/resource-view";
import { absoluteUrl, socialMeta, type SocialCard } from "~/lib/social-meta";
import { mediaUrl } from "~/lib/uploads.server";
import { viewerZone } from "~/lib/viewer-zone.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { findReleasedResource } from "~/models/resources.server";
import resourceStyles from "~/styles/resources.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: resourceStyles }];

export const headers = loaderCacheHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const [festival, viewer] = await Promise.all([requireCurrentFestival(), getViewer(request)]);
  // Unreleased and unknown look the same: nothing is revealed before its time.
  const row = await findReleasedResource(festival.id, params.slug ?? "", new Date());
  if (!row) {
    throw new Response("There is no resource at this address (yet). The link may be mistyped.", {
      status: 404,
      headers: { "Cache-Control": CACHE.none },
    });
  }
  const appUrl = env().APP_URL;
  const zone = viewerZone(request, festival.timeZone, viewer?.timeZone ?? null).zone;
  const pageUrl = `${appUrl}/resources/${row.slug}`;
  const summary = markdownToText(row.description);
  const social: SocialCard = {
    title: row.title,
    description: summary || `An open resource from ${festival.name}.`,
    url: pageUrl,
    siteName: festival.name,
    type: "article",
    image: festival.logoFile
      ? { url: absoluteUrl(appUrl, mediaUrl(festival.logoFile)), alt: `${festival.name} logo` }
      : null,
    publishedTime: row.releaseAt.toISOString(),
    modifiedTime: row.updatedAt.toISOString(),
    tags: row.tags,
  };
  return data(
    {
      festivalName: festival.name,
      resource: toResourceView(row, renderMarkdown(row.description), zone),
      citation: citation(row, {
        festivalName: festival.name,
        festivalZone: festival.timeZone,
        pageUrl,
      }),
      share: shareLinks(row.title, pageUrl, festival.name),
      social,
    },
    { headers: { "Cache-Control": publicPageCache(request) } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? socialMeta(`${data.resource.title} · Resources · ${data.festivalName}`, data.social)
    : [{ title: "Resource not found" }];

/** The citation in a read-only box anyone can select; with JavaScript, a button copies it. */
function Citation({ text }: { text: string }) {
  const [canCopy, setCanCopy] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setCanCopy(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  return (
    <section aria-labelledby="cite-title" className="resource-cite">
      <h2 id="cite-title">Cite this resource</h2>
      <label htmlFor="citation" className="field-hint">
        Reference (APA style)
      </label>
      <textarea
        id="citation"
        readOnly
        rows={3}
        value={text}
        onFocus={(e) => e.currentTarget.select()}
      />
      {canCopy ? (
        <p>
          <button
            type="button"
            onClick={() => {
              void navigator.clipboard.writeText(text).then(() => setCopied(true));
            }}
          >
            Copy the reference
          </button>{" "}
          <span role="status">{copied ? "Copied." : ""}</span>
        </p>
      ) : null}
    </section>
  );
}

export default function ResourcePage() {
  const { resource, citation: reference, share } = useLoaderData<typeof loader>();
  return (
    <article className="resource-page" aria-labelledby="resource-title">
      <p className="breadcrumb">
        <Link to="/resources">Resources</Link>
      </p>
      <h1 id="resource-title">{resource.title}</h1>
      <div className="prose" dangerouslySetInnerHTML={{ __html: resource.descriptionHtml }} />
      <p>
        <ResourceAction resource={resource} />
      </p>
      <ResourceFacts resource={resource} />
      <ResourceTags tags={resource.tags} label="Tags" />
      <section aria-labelledby="licence-title" className="resource-licence">
        <h2 id="licence-title">Licence</h2>
        <p>
          <LicenceBadge licence={resource.licence} />
        </p>
        <p>
          {resource.licence.name}. {resource.licence.summary}{" "}
          <a href={resource.licence.url} rel="license noopener noreferrer">
            Read the licence deed
          </a>
        </p>
      </section>
      <Citation text={reference} />
      <section aria-labelledby="share-title" className="resource-share">
        <h2 id="share-title">Share</h2>
        <ul>
          {share.map((s) => (
            <li key={s.network}>
              <a href={s.href} rel="noopener noreferrer" data-network={s.network}>
                {s.network === "email" ? "Send by email" : `Share on ${s.label}`}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
