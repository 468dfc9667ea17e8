import type { OutboxMessage } from "~db/schema";
import { namesInWords } from "~/lib/blog-view";
import { formatRange } from "~/lib/time";
import {
  type EmailBlock,
  type EmailFestival,
  brandOf,
  escapeHtml,
  renderHtml,
  renderText,
} from "./layout";

export interface DigestWebinar {
  slug: string;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  mine: boolean;
  placesLeft: number | null;
}

export interface DigestPost {
  title: string;
  /** Absolute. */
  url: string;
  /** Names, in byline order. */
  authors: string[];
  summary: string;
}

/** A post as a block: title linked, byline, summary; the text part gives the address in full. */
function postBlock(p: DigestPost): EmailBlock {
  const byline = p.authors.length ? `By ${namesInWords(p.authors)}` : "";
  const html = [
    `<a href="${escapeHtml(p.url)}"><strong>${escapeHtml(p.title)}</strong></a>`,
    byline ? `<span style="color:#57534e">${escapeHtml(byline)}</span>` : "",
    p.summary ? escapeHtml(p.summary) : "",
  ]
    .filter(Boolean)
    .join("<br>");
  const text = [p.title, byline, p.url, p.summary].filter(Boolean).join("\n");
  return { rich: { html: `<p style="margin:12px 0">${html}</p>`, text } };
}

export interface DigestEmailData {
  appUrl: string;
  festival: EmailFestival;
  recipient: { email: string; name: string; timeZone: string };
  /** yyyy-MM-dd in the recipient's zone. */
  date: string;
  dayLabel: string;
  webinars: DigestWebinar[];
  /** Blog posts published in the 24 hours before the digest was built, newest first. */
  posts: DigestPost[];
  unsubscribeUrl: string;
  headers: Record<string, string>;
}

/** One email at 08:00 their time: the day's webinars in their zone and festival time, new posts, what is open. */
export function digestEmail(d: DigestEmailData): OutboxMessage {
  const line = (w: DigestWebinar) => {
    const local = formatRange(w.startsAt, w.durationMinutes, d.recipient.timeZone);
    const fest = formatRange(w.startsAt, w.durationMinutes, d.festival.timeZone);
    const festival = fest.text === local.text ? "" : ` (festival time ${fest.clock} ${fest.zone})`;
    return `${local.clock} ${local.zone}${festival}: ${w.title}${w.mine ? " (you are registered)" : ""}`;
  };
  const mine = d.webinars.filter((w) => w.mine);
  const open = d.webinars.filter((w) => !w.mine && w.placesLeft !== 0);
  const blocks: EmailBlock[] = [
    {
      text: d.recipient.name ? `Good morning ${d.recipient.name.split(" ")[0]},` : "Good morning,",
    },
    { text: `Here is ${d.festival.name} for ${d.dayLabel}.` },
  ];
  if (mine.length) {
    blocks.push({ strong: "Your webinars today" });
    blocks.push({
      links: mine.map((w) => ({ label: line(w), href: `${d.appUrl}/webinars/${w.slug}/join` })),
    });
  }
  if (open.length) {
    blocks.push({ strong: "Open for registration today" });
    blocks.push({
      links: open.map((w) => ({ label: line(w), href: `${d.appUrl}/webinars/${w.slug}` })),
    });
  }
  if (d.webinars.length === 0) blocks.push({ text: "There are no webinars today." });
  if (d.posts.length) {
    blocks.push({ strong: "New on the blog" });
    blocks.push(...d.posts.map(postBlock));
  }
  blocks.push({
    muted: `You chose a daily digest instead of day-before reminders. Stop the digest: ${d.unsubscribeUrl}`,
  });
  const content = {
    heading: `${d.festival.name}: ${d.dayLabel}`,
    blocks,
    footer: `${d.festival.name} · Questions? Write to ${d.festival.contactEmail}. Email preferences: ${d.appUrl}/me/profile`,
    brand: brandOf(d.festival),
  };
  return {
    subject: `Today at ${d.festival.name}: ${d.dayLabel}`,
    text: renderText(content),
    html: renderHtml(content),
    headers: d.headers,
  };
}
