import { and, asc, eq, sql } from "drizzle-orm";
import { db } from "~db/client.server";
import { entry } from "~db/schema";
import type { SessionUser } from "~/lib/auth.server";
import { isRegion, type Region } from "~/lib/regions";
import { isStorageKey } from "~/lib/storage.server";
import {
  competitionPhase,
  getCompetition,
  isJudge,
  isPublicEntry,
  mayViewEntryMedia,
  type Competition,
  type Entry,
  findEntry,
  isEntryId,
} from "./competition.server";

export { findEntry, isEntryId };

/**
 * Network90 as the public meets it: the gallery of shortlisted entries and
 * who may open one entry's page, video and captions. Vote counts are never
 * read here: results come only from the results model, once announced.
 */

/**
 * The shortlist stays private until voting opens (the judges may still be
 * changing it), and stays up afterwards so the results can be watched.
 */
export function shortlistRevealed(c: Competition | null, now: Date): boolean {
  if (!c) return false;
  const phase = competitionPhase(c, now);
  return phase === "voting" || phase === "counting" || phase === "announced";
}

export interface GalleryCard {
  id: string;
  networkName: string;
  region: Region;
  excerpt: string;
  /** The video is on a hosting site rather than uploaded here. */
  linked: boolean;
}

export interface Gallery {
  cards: GalleryCard[];
  /** Regions with at least one public entry, in the list's own order, with how many. */
  regions: { region: Region; count: number }[];
}

const EXCERPT_LENGTH = 160;

/** The start of a description as one line, cut at a word, for a card. */
export function excerpt(text: string, maxLength = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= maxLength) return flat;
  const cut = flat.slice(0, maxLength - 1);
  const atWord = cut.lastIndexOf(" ");
  return `${(atWord > maxLength / 2 ? cut.slice(0, atWord) : cut).replace(/[\s,.;:–-]+$/, "")}…`;
}

/** A plain-text description as paragraphs (blank lines separate them; single line breaks stay). */
export function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/**
 * Every public entry of the festival, by network name (then id, so equal
 * names keep their places): a stable order that says nothing about votes.
 * `region` narrows the cards; the region list always counts all of them.
 */
export async function listGallery(
  festivalId: string,
  { region = null }: { region?: Region | null } = {},
): Promise<Gallery> {
  const rows = await (
    await db()
  )
    .select()
    .from(entry)
    .where(and(eq(entry.festivalId, festivalId), eq(entry.status, "shortlisted")))
    .orderBy(asc(sql`lower(${entry.networkName})`), asc(entry.networkName), asc(entry.id));
  // Shortlisted is not enough: isPublicEntry also wants video, captions and consent.
  const shown = rows.filter(isPublicEntry).flatMap((e) => (isRegion(e.region) ? [e] : []));
  const counts = new Map<Region, number>();
  for (const e of shown) counts.set(e.region as Region, (counts.get(e.region as Region) ?? 0) + 1);
  return {
    cards: shown
      .filter((e) => region === null || e.region === region)
      .map((e) => ({
        id: e.id,
        networkName: e.networkName,
        region: e.region as Region,
        excerpt: excerpt(e.description),
        linked: !e.videoKey && Boolean(e.videoUrl),
      })),
    regions: [...counts].map(([r, count]) => ({ region: r, count })),
  };
}

/**
 * Who this entry's page and media are for: "public" (anyone, so shared
 * caches may keep them), "private" (its entrant, organisers and judges:
 * never stored), or null (answer 404, so a hidden entry's existence does
 * not leak through a 403).
 */
export type EntryAudience = "public" | "private" | null;

export async function entryAudience(
  e: Entry,
  c: Competition | null,
  viewer: SessionUser | null,
  now: Date,
): Promise<EntryAudience> {
  if (!(await mayViewEntryMedia(e, viewer))) return null;
  if (isPublicEntry(e) && shortlistRevealed(c, now)) return "public";
  // mayViewEntryMedia lets anyone see a public entry; before the reveal only
  // the entrant and the judges (organisers included) may.
  if (viewer && (e.userId === viewer.id || (await isJudge(e.festivalId, viewer)))) {
    return "private";
  }
  return null;
}

/** The entry at this id if the viewer may see it, with who it is for. */
export async function viewableEntry(
  festivalId: string,
  id: string,
  c: Competition | null,
  viewer: SessionUser | null,
  now: Date,
): Promise<{ entry: Entry; audience: "public" | "private" } | null> {
  const found = await findEntry(festivalId, id);
  if (!found) return null;
  const audience = await entryAudience(found, c, viewer, now);
  return audience ? { entry: found, audience } : null;
}

/** The hosting site's address for a linked video, only if it is a web address (never javascript: and the like). */
export function linkedVideo(url: string | null): { href: string; host: string } | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return null;
    return { href: parsed.toString(), host: parsed.hostname.replace(/^www\./, "") };
  } catch {
    return null;
  }
}

/** Which stored file of an entry a media address names. */
export type EntryMediaKind = "video" | "captions";

const MEDIA_FOLDER: Record<EntryMediaKind, string> = { video: "videos/", captions: "captions/" };

/**
 * The storage key of an entry's video or captions and who it is for, or
 * null when this viewer may not have it (or there is none: a linked video,
 * captions not uploaded). Callers answer null with 404.
 */
export async function entryMedia(
  festivalId: string,
  id: string,
  kind: EntryMediaKind,
  viewer: SessionUser | null,
  now: Date,
): Promise<{ key: string; audience: "public" | "private" } | null> {
  if (!isEntryId(id)) return null;
  const c = await getCompetition(festivalId);
  const found = await viewableEntry(festivalId, id, c, viewer, now);
  if (!found) return null;
  const key = kind === "video" ? found.entry.videoKey : found.entry.captionsKey;
  // Only keys the server made, in the folder for this kind, ever reach storage.
  if (!isStorageKey(key) || !key.startsWith(MEDIA_FOLDER[kind])) return null;
  return { key, audience: found.audience };
}

/**
 * Cache-Control for an entry's video and captions. A public entry's files are
 * the same for everyone, so browsers and CDNs may keep them for five minutes
 * (short: an entry can still be withdrawn). A private one depends on who
 * asked, and is never stored anywhere.
 */
export const MEDIA_CACHE = {
  public: "public, max-age=300",
  private: "private, no-store",
} as const;
