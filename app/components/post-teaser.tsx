import { Link } from "@remix-run/react";
import { Fragment } from "react";
import type { PostEntry } from "~/lib/blog-view";

/** "By Amara Okafor and Priya Shah", each name linking to the author's profile. */
export function Byline({ authors }: { authors: PostEntry["authors"] }) {
  if (authors.length === 0) return null;
  return (
    <p className="byline">
      By{" "}
      {authors.map((a, i) => (
        <Fragment key={a.slug}>
          {i === 0 ? "" : i === authors.length - 1 ? " and " : ", "}
          <Link to={`/faculty/${a.slug}`} rel="author">
            {a.name}
          </Link>
        </Fragment>
      ))}
    </p>
  );
}

export function tagHref(tag: string): string {
  return `/blog?${new URLSearchParams({ tag }).toString()}`;
}

export function PostTags({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  return (
    <ul className="tag-list" aria-label="Tags">
      {tags.map((t) => (
        <li key={t}>
          <Link to={tagHref(t)} rel="tag">
            {t}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** "3 min read" after the publish time; the time names the reader's zone. */
export function PostMeta({ entry }: { entry: PostEntry }) {
  return (
    <p className="post-meta">
      <time dateTime={entry.published.iso}>{entry.published.text}</time>
      <span aria-hidden="true"> · </span>
      <span className="visually-hidden">, </span>
      {entry.readingMinutes} min read
    </p>
  );
}

/**
 * One post in a list: the blog, an author's profile, the home page. The
 * cover keeps the alt text its author wrote (empty only for a decorative one).
 */
export function PostTeaser({
  entry,
  level = 3,
  showCover = true,
  showAuthors = true,
  showTags = true,
}: {
  entry: PostEntry;
  level?: 2 | 3;
  showCover?: boolean;
  showAuthors?: boolean;
  showTags?: boolean;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  const id = `post-${entry.slug}`;
  const cover = showCover ? entry.cover : null;
  return (
    <article className={`post-teaser${cover ? " post-teaser--cover" : ""}`} aria-labelledby={id}>
      <div className="post-teaser__text">
        <Heading id={id} className="post-teaser__title">
          <Link to={`/blog/${entry.slug}`}>{entry.title}</Link>
        </Heading>
        <PostMeta entry={entry} />
        {showAuthors ? <Byline authors={entry.authors} /> : null}
        {entry.summary ? <p className="post-teaser__summary">{entry.summary}</p> : null}
        {showTags ? <PostTags tags={entry.tags} /> : null}
      </div>
      {cover ? (
        <img
          className="post-teaser__cover"
          src={cover.url}
          alt={cover.alt}
          loading="lazy"
          width={160}
          height={100}
        />
      ) : null}
    </article>
  );
}
