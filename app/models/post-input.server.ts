import { z } from "zod";
import type { PostWorkingCopy } from "~db/schema";
import { instantFromFestivalTime } from "~/lib/festival-time";
import { withoutNul, type FieldErrors } from "~/lib/form";
import { isSlug } from "~/lib/slug";
import { formatWhen } from "~/lib/time";
import { isUploadName, uploadNameFromUrl } from "~/lib/uploads.server";

/**
 * What the studio's editor sends, read into fields the model can save.
 * Limits are generous for writing and small enough that no one request can
 * hold much.
 */

export const POST_LIMITS = {
  title: 200,
  slug: 120,
  summary: 400,
  body: 100_000,
  tags: 10,
  tag: 40,
  alt: 300,
  url: 2_000,
} as const;

export const STUDIO_INTENTS = [
  "save",
  "publish",
  "schedule",
  "unpublish",
  "discard",
  "delete",
] as const;
export type StudioIntent = (typeof STUDIO_INTENTS)[number];

export interface PostFields {
  title: string;
  /** Empty: made from the title. */
  slug: string;
  summary: string;
  body: string;
  tags: string[];
  coverImageUrl: string | null;
  coverImageAlt: string;
  webinarIds: string[];
  authorIds: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const ids = (form: FormData, name: string) =>
  [...new Set(form.getAll(name).filter((v): v is string => typeof v === "string"))]
    .filter((v) => UUID.test(v))
    .slice(0, 50);

const field = (form: FormData, name: string, max: number) => {
  const value = form.get(name);
  return typeof value === "string" ? withoutNul(value).slice(0, max) : "";
};

/** "Network health, Funding ,funding" -> ["network health", "funding"] */
export function parseTags(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(",")
        .map((t) => t.trim().toLowerCase().replace(/\s+/g, " "))
        .filter(Boolean),
    ),
  ];
}

/** Everything as typed: what autosave keeps, and what a refused form is filled back with. */
export function workingCopyFromForm(form: FormData): PostWorkingCopy {
  return {
    title: field(form, "title", POST_LIMITS.title * 2),
    slug: field(form, "slug", POST_LIMITS.slug * 2),
    summary: field(form, "summary", POST_LIMITS.summary * 2),
    body: field(form, "body", POST_LIMITS.body),
    tags: field(form, "tags", 1_000),
    coverImageUrl: field(form, "coverImageUrl", POST_LIMITS.url),
    coverImageAlt: field(form, "coverImageAlt", POST_LIMITS.alt * 2),
    webinarIds: ids(form, "webinarIds"),
    authorIds: ids(form, "authorIds"),
  };
}

const tagSchema = z
  .string()
  .max(POST_LIMITS.tag, `Keep each tag under ${POST_LIMITS.tag} characters.`)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} '-]*$/u, "Tags are words: letters, digits, spaces and hyphens.");

/** A cover is an upload of ours or an https address; nothing else can name an image. */
function coverUrl(raw: string): { ok: true; url: string | null } | { ok: false; error: string } {
  const url = raw.trim();
  if (!url) return { ok: true, url: null };
  if (url.startsWith("/media/")) {
    return isUploadName(uploadNameFromUrl(url) ?? "")
      ? { ok: true, url }
      : { ok: false, error: "That is not an image uploaded here." };
  }
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:") {
      return { ok: false, error: "Use an https:// address for the cover image." };
    }
    return { ok: true, url: parsed.toString() };
  } catch {
    return { ok: false, error: "Enter the image's full address, starting https://." };
  }
}

export type ParsedPost =
  { ok: true; fields: PostFields } | { ok: false; errors: FieldErrors; copy: PostWorkingCopy };

/**
 * Checks the editor's fields. A draft may be unfinished (no title, no
 * body); publishing or scheduling asks for what a reader needs.
 * `uploadedCover` is the address of an image uploaded with this form.
 */
export function parsePostForm(
  form: FormData,
  { forReaders, uploadedCover }: { forReaders: boolean; uploadedCover?: string | null },
): ParsedPost {
  const copy = workingCopyFromForm(form);
  const errors: FieldErrors = {};
  const title = copy.title.trim();
  if (title.length > POST_LIMITS.title)
    errors.title = `Keep the title under ${POST_LIMITS.title} characters.`;
  if (forReaders && !title) errors.title = "Give the post a title.";
  const slug = copy.slug.trim().toLowerCase();
  if (slug && !isSlug(slug)) {
    errors.slug = "Use lower-case letters, digits and hyphens, e.g. why-networks-matter.";
  }
  const summary = copy.summary.trim();
  if (summary.length > POST_LIMITS.summary) {
    errors.summary = `Keep the summary under ${POST_LIMITS.summary} characters.`;
  }
  const body = copy.body;
  if (forReaders && !body.trim()) errors.body = "Write the post before publishing it.";
  const tags = parseTags(copy.tags);
  if (tags.length > POST_LIMITS.tags) errors.tags = `Use at most ${POST_LIMITS.tags} tags.`;
  else {
    const bad = tags.map((t) => tagSchema.safeParse(t)).find((r) => !r.success);
    if (bad && !bad.success) errors.tags = bad.error.issues[0]!.message;
  }
  const cover = uploadedCover
    ? { ok: true as const, url: uploadedCover }
    : form.get("removeCover") === "on"
      ? { ok: true as const, url: null }
      : coverUrl(copy.coverImageUrl);
  if (!cover.ok) errors.coverImageUrl = cover.error;
  const alt = copy.coverImageAlt.trim();
  if (cover.ok && cover.url && !alt) {
    errors.coverImageAlt = "Describe the cover image for people who cannot see it.";
  }
  if (alt.length > POST_LIMITS.alt)
    errors.coverImageAlt = `Keep it under ${POST_LIMITS.alt} characters.`;
  // Authors are checked by the model, which keeps a faculty writer on their own byline.
  if (Object.keys(errors).length > 0) {
    return {
      ok: false,
      errors,
      copy: { ...copy, coverImageUrl: cover.ok ? (cover.url ?? "") : copy.coverImageUrl },
    };
  }
  return {
    ok: true,
    fields: {
      title,
      slug,
      summary,
      body,
      tags,
      coverImageUrl: cover.ok ? cover.url : null,
      coverImageAlt: cover.ok && cover.url ? alt : "",
      webinarIds: copy.webinarIds,
      authorIds: copy.authorIds,
    },
  };
}

/**
 * The time a post is scheduled for, entered in the author's zone. It must be
 * in the future: a past time is what "Publish now" is for.
 */
export function parsePublishTime(
  form: FormData,
  zone: string,
  now: Date,
): { ok: true; instant: Date } | { ok: false; errors: FieldErrors } {
  const date = field(form, "publishDate", 20).trim();
  const time = field(form, "publishTime", 20).trim();
  const result = instantFromFestivalTime(date, time, zone);
  if (!result.ok) {
    return {
      ok: false,
      errors: { [result.field === "startDate" ? "publishDate" : "publishTime"]: result.error },
    };
  }
  if (result.instant.getTime() <= now.getTime()) {
    return {
      ok: false,
      errors: {
        publishTime: `${formatWhen(result.instant, zone)} has already passed. Choose a later time, or publish now.`,
      },
    };
  }
  return { ok: true, instant: result.instant };
}

export function parseIntent(value: FormDataEntryValue | null): StudioIntent | null {
  return STUDIO_INTENTS.find((i) => i === value) ?? null;
}

export function parseRevision(value: FormDataEntryValue | null): number | null {
  return typeof value === "string" && /^\d{1,9}$/.test(value) ? Number(value) : null;
}
