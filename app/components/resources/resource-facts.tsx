import { Link } from "@remix-run/react";
import type { ResourceView } from "~/lib/resource-view";

const downloads = (n: number) => `${n.toLocaleString("en-GB")} download${n === 1 ? "" : "s"}`;

/** Kind and size (or the site a link leads to), downloads and release time, as a description list. */
export function ResourceFacts({ resource }: { resource: ResourceView }) {
  return (
    <dl className="resource-facts">
      <div>
        <dt>Format</dt>
        <dd>
          {resource.file
            ? `${resource.file.label}, ${resource.file.size}`
            : `Link to ${resource.link?.host || "another site"}`}
        </dd>
      </div>
      <div>
        <dt>{resource.file ? "Downloads" : "Opened"}</dt>
        <dd>
          {resource.file
            ? downloads(resource.downloads)
            : `${resource.downloads.toLocaleString("en-GB")} times`}
        </dd>
      </div>
      <div>
        <dt>Released</dt>
        <dd>
          <time dateTime={resource.releasedIso}>{resource.released}</time>
        </dd>
      </div>
    </dl>
  );
}

/** The main action: download the file or open the link, both counted on our side first. */
export function ResourceAction({ resource }: { resource: ResourceView }) {
  const href = `/resources/${resource.slug}/download`;
  if (resource.file) {
    return (
      <a
        className="button button--primary resource-action"
        href={href}
        download={resource.file.name}
      >
        Download {resource.file.extension.toUpperCase()}
        <span className="visually-hidden">: {resource.title}</span> ({resource.file.size})
      </a>
    );
  }
  return (
    <a className="button button--primary resource-action" href={href} rel="noopener noreferrer">
      Open the link<span className="visually-hidden">: {resource.title}</span>
      {resource.link?.host ? ` (${resource.link.host})` : ""}
    </a>
  );
}

export function tagHref(tag: string): string {
  return `/resources?tag=${encodeURIComponent(tag)}`;
}

export function ResourceTags({ tags, label }: { tags: string[]; label: string }) {
  if (tags.length === 0) return null;
  return (
    <ul className="resource-tags" aria-label={label}>
      {tags.map((tag) => (
        <li key={tag}>
          <Link to={tagHref(tag)}>{tag}</Link>
        </li>
      ))}
    </ul>
  );
}
