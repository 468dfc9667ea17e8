import type { MetaDescriptor } from "@remix-run/node";
import { DateTime } from "luxon";
import type { PostSummary } from "~/models/post.server";
import { formatClock, formatDay, formatShortDay, localDate, zoneLabel, type Instant } from "./time";

/**
 * Posts as pages receive them: plain and serialisable, every time already
 * written out in the reader's zone with the zone named. Loaders build these
 * (they know the reader's zone from the same request the root loader reads),
 * so what a test sees in the loader's data is what the page prints.
 */

export const POSTS_PER_PAGE = 20;

/** An instant for people ("Mon 26 Oct, 09:00 London time (UTC)") and for machines (ISO). */
export interface ShownTime {
  iso: string;
  text: string;
}

export interface PostEntry {
  slug: string;
  title: string;
  summary: string;
  readingMinutes: number;
  tags: string[];
  authors: { slug: string; name: string }[];
  published: ShownTime;
  cover: { url: string; alt: string } | null;
}

export interface PostDay {
  /** yyyy-MM-dd in the festival's zone. */
  date: string;
  /** "Monday 26 October" (with the year when it is not the festival's). */
  heading: string;
  /** 1 for the festival's first day; null for days before or after the week. */
  festivalDay: number | null;
  posts: PostEntry[];
}

export interface FeedLink {
  type: "application/rss+xml" | "application/atom+xml";
  title: string;
  href: string;
}

const yearOf = (instant: Instant, zone: string) => localDate(instant, zone).slice(0, 4);

/** The year is only spelled out for a date outside the festival's year (older editions). */
export function shownTime(instant: Instant, zone: string, festivalYear: string): ShownTime {
  const iso = typeof instant === "string" ? instant : instant.toISOString();
  const year = yearOf(instant, zone);
  const day = `${formatShortDay(instant, zone)}${year === festivalYear ? "" : ` ${year}`}`;
  return { iso, text: `${day}, ${formatClock(instant, zone)} ${zoneLabel(instant, zone)}` };
}

export function toPostEntry(post: PostSummary, zone: string, festivalYear: string): PostEntry {
  return {
    slug: post.slug,
    title: post.title,
    summary: post.summary,
    readingMinutes: post.readingMinutes,
    tags: post.tags,
    authors: post.authors.map((a) => ({ slug: a.slug, name: a.name })),
    published: shownTime(post.publishedAt, zone, festivalYear),
    cover: post.coverImageUrl ? { url: post.coverImageUrl, alt: post.coverImageAlt } : null,
  };
}

/**
 * Posts (newest first) grouped by the day they were published on in the
 * festival's zone: the festival's days are the same for every reader, so a
 * post at 00:30 London time belongs to that London day wherever it is read.
 */
export function groupByFestivalDay(
  posts: readonly PostEntry[],
  festival: { timeZone: string; startsOn: string; endsOn: string },
): PostDay[] {
  const festivalYear = festival.startsOn.slice(0, 4);
  const first = DateTime.fromISO(festival.startsOn, { zone: "utc" });
  const days = new Map<string, PostDay>();
  for (const entry of posts) {
    const at = entry.published.iso;
    const date = localDate(at, festival.timeZone);
    let day = days.get(date);
    if (!day) {
      const year = date.slice(0, 4);
      const inWeek = date >= festival.startsOn && date <= festival.endsOn;
      day = {
        date,
        heading: `${formatDay(at, festival.timeZone)}${year === festivalYear ? "" : ` ${year}`}`,
        festivalDay: inWeek
          ? Math.round(DateTime.fromISO(date, { zone: "utc" }).diff(first, "days").days) + 1
          : null,
        posts: [],
      };
      days.set(date, day);
    }
    day.posts.push(entry);
  }
  return [...days.values()].sort((a, b) => b.date.localeCompare(a.date));
}

export function blogFeeds(appUrl: string, festivalName: string): FeedLink[] {
  return [
    {
      type: "application/rss+xml",
      title: `${festivalName} blog (RSS)`,
      href: `${appUrl}/blog/feed.xml`,
    },
    {
      type: "application/atom+xml",
      title: `${festivalName} blog (Atom)`,
      href: `${appUrl}/blog/atom.xml`,
    },
  ];
}

export function authorFeeds(appUrl: string, author: { slug: string; name: string }): FeedLink[] {
  return [
    {
      type: "application/rss+xml",
      title: `Posts by ${author.name} (RSS)`,
      href: `${appUrl}/faculty/${author.slug}/feed.xml`,
    },
    {
      type: "application/atom+xml",
      title: `Posts by ${author.name} (Atom)`,
      href: `${appUrl}/faculty/${author.slug}/atom.xml`,
    },
  ];
}

/** `<link rel="alternate">` for each feed, so feed readers find them from the page. */
export function feedAlternates(feeds: readonly FeedLink[]): MetaDescriptor[] {
  return feeds.map((f) => ({
    tagName: "link",
    rel: "alternate",
    type: f.type,
    title: f.title,
    href: f.href,
  }));
}

/** "Amara Okafor", "Amara Okafor and Priya Shah", "A, B and C" */
export function namesInWords(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
