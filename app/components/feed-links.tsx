import type { FeedLink } from "~/lib/blog-view";

/** Visible links to a blog's RSS and Atom feeds (the <head> carries the same as alternates). */
export function FeedLinks({ feeds, label }: { feeds: readonly FeedLink[]; label: string }) {
  return (
    <ul className="inline-list feed-links" aria-label={label}>
      {feeds.map((f) => (
        <li key={f.href}>
          <a href={f.href} type={f.type}>
            {f.title}
          </a>
        </li>
      ))}
    </ul>
  );
}
