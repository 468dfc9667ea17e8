import { DateTime } from "luxon";
import { DOCUMENT_LABELS, formatBytes, isDocumentType, type DocumentType } from "./document-types";
import { isLicence, LICENCE_INFO, type LicenceInfo } from "./licences";
import { formatWhen } from "./time";

/**
 * What the public resource pages show of a resource, built in the loader:
 * plain strings only, with the licence spelled out, the release time in the
 * reader's zone, a citation and share links.
 */

export interface LicenceView extends LicenceInfo {
  code: string;
}

export interface ResourceView {
  slug: string;
  title: string;
  descriptionHtml: string;
  licence: LicenceView;
  /** A stored file: its kind, extension and size. */
  file: { label: string; extension: DocumentType; size: string; name: string } | null;
  /** A link: the site it leads to. */
  link: { host: string } | null;
  tags: string[];
  downloads: number;
  /** "Tue 27 Oct 2026, 09:00 London time (UTC+0)" in the reader's zone. */
  released: string;
  releasedIso: string;
}

export interface ResourceRow {
  slug: string;
  title: string;
  licence: string;
  fileType: string | null;
  fileBytes: number | null;
  fileName: string | null;
  url: string | null;
  tags: string[];
  downloads: number;
  releaseAt: Date;
}

export function licenceView(code: string): LicenceView {
  // The database only admits known licences; a stray value still shows its code.
  if (isLicence(code)) return { code, ...LICENCE_INFO[code] };
  return {
    code,
    name: code,
    short: code,
    url: "https://creativecommons.org/licenses/",
    summary: "",
  };
}

export function toResourceView(
  row: ResourceRow,
  descriptionHtml: string,
  zone: string,
): ResourceView {
  const type = isDocumentType(row.fileType) ? row.fileType : null;
  let host = "";
  try {
    host = row.url ? new URL(row.url).hostname : "";
  } catch {
    host = "";
  }
  return {
    slug: row.slug,
    title: row.title,
    descriptionHtml,
    licence: licenceView(row.licence),
    file: type
      ? {
          label: DOCUMENT_LABELS[type],
          extension: type,
          size: formatBytes(row.fileBytes ?? 0),
          name: row.fileName ?? `${row.slug}.${type}`,
        }
      : null,
    link: row.url ? { host } : null,
    tags: row.tags,
    downloads: row.downloads,
    released: formatWhen(row.releaseAt, zone),
    releasedIso: row.releaseAt.toISOString(),
  };
}

/** What the citation calls the work, in the bracket APA uses for non-book formats. */
function descriptor(fileType: string | null): string {
  if (fileType === "pptx" || fileType === "odp") return "Slides";
  if (fileType === "xlsx" || fileType === "ods") return "Spreadsheet";
  if (fileType) return "Toolkit";
  return "Online resource";
}

/**
 * An APA-like reference: "Networkfest (2026). Mapping your network [Toolkit].
 * CC BY 4.0. https://…/resources/mapping-your-network". The year is the
 * release's year in the festival's zone (where the festival dates its work).
 */
export function citation(
  row: Pick<ResourceRow, "title" | "fileType" | "licence" | "releaseAt">,
  {
    festivalName,
    festivalZone,
    pageUrl,
  }: { festivalName: string; festivalZone: string; pageUrl: string },
): string {
  const year = DateTime.fromJSDate(row.releaseAt, { zone: festivalZone }).year;
  const title = row.title.replace(/[.\s]+$/, "");
  return `${festivalName} (${year}). ${title} [${descriptor(row.fileType)}]. ${licenceView(row.licence).short}. ${pageUrl}`;
}

export interface ShareLink {
  network: string;
  label: string;
  href: string;
}

/**
 * Plain links to each network's own "share" page: nothing of theirs loads
 * on ours, and nobody is tracked until they choose to share.
 */
export function shareLinks(title: string, pageUrl: string, festivalName: string): ShareLink[] {
  const text = `${title} · ${festivalName}`;
  const e = encodeURIComponent;
  return [
    {
      network: "email",
      label: "Email",
      href: `mailto:?subject=${e(text)}&body=${e(`${text}\n\n${pageUrl}`)}`,
    },
    {
      network: "linkedin",
      label: "LinkedIn",
      href: `https://www.linkedin.com/sharing/share-offsite/?url=${e(pageUrl)}`,
    },
    {
      network: "bluesky",
      label: "Bluesky",
      href: `https://bsky.app/intent/compose?text=${e(`${text} ${pageUrl}`)}`,
    },
    {
      network: "mastodon",
      label: "Mastodon",
      // Mastodon's own share page asks for the reader's server; the text rides in the fragment, which no server sees.
      href: `https://share.joinmastodon.org/#text=${e(`${text} ${pageUrl}`)}`,
    },
    {
      network: "x",
      label: "X",
      href: `https://x.com/intent/post?text=${e(text)}&url=${e(pageUrl)}`,
    },
  ];
}
