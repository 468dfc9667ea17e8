import type { MetaDescriptor } from "@remix-run/node";

/**
 * What a link preview needs (Open Graph, read by most apps, and the Twitter
 * card tags X and Mastodon still look for). Built in the loader, where the
 * absolute addresses are known, and turned into tags by `socialMeta`.
 */
export interface SocialCard {
  title: string;
  description: string;
  /** Absolute URL of the page: also the canonical link. */
  url: string;
  siteName: string;
  type: "website" | "article" | "profile";
  /** Absolute URL of an image, and its text alternative. */
  image?: { url: string; alt: string } | null;
  /** For articles. */
  publishedTime?: string;
  modifiedTime?: string;
  authors?: string[];
  tags?: string[];
}

/** The page title, description, canonical link and every preview tag for one page. */
export function socialMeta(pageTitle: string, card: SocialCard): MetaDescriptor[] {
  const tags: MetaDescriptor[] = [
    { title: pageTitle },
    { name: "description", content: card.description },
    { tagName: "link", rel: "canonical", href: card.url },
    { property: "og:type", content: card.type },
    { property: "og:title", content: card.title },
    { property: "og:description", content: card.description },
    { property: "og:url", content: card.url },
    { property: "og:site_name", content: card.siteName },
    { name: "twitter:card", content: card.image ? "summary_large_image" : "summary" },
    { name: "twitter:title", content: card.title },
    { name: "twitter:description", content: card.description },
  ];
  if (card.image) {
    tags.push(
      { property: "og:image", content: card.image.url },
      { property: "og:image:alt", content: card.image.alt },
      { name: "twitter:image", content: card.image.url },
      { name: "twitter:image:alt", content: card.image.alt },
    );
  }
  if (card.type === "article") {
    if (card.publishedTime)
      tags.push({ property: "article:published_time", content: card.publishedTime });
    if (card.modifiedTime)
      tags.push({ property: "article:modified_time", content: card.modifiedTime });
    for (const author of card.authors ?? [])
      tags.push({ property: "article:author", content: author });
    for (const tag of card.tags ?? []) tags.push({ property: "article:tag", content: tag });
  }
  return tags;
}

/** An address on this site made absolute; outside addresses are kept as they are. */
export function absoluteUrl(appUrl: string, pathOrUrl: string): string {
  return new URL(pathOrUrl, appUrl).toString();
}
