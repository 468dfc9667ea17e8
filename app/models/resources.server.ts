import { and, arrayContains, asc, count, desc, eq, gt, lte, min, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "~db/client.server";
import { resource } from "~db/schema";
import { isDocumentType, type DocumentType } from "~/lib/document-types";
import { instantFromFestivalTime } from "~/lib/festival-time";
import type { FieldErrors, FormResult } from "~/lib/form";
import { LICENCES, type Licence } from "~/lib/licences";
import { isSlug, SLUG_PATTERN, slugify } from "~/lib/slug";
import { storage } from "~/lib/storage.server";
import type { StoredDocument } from "~/lib/resource-upload.server";
import { changedFields, recordAudit, type Actor } from "./audit.server";
import type { Festival } from "./festival.server";
import { logger } from "~/lib/logger.server";

/**
 * The resource library: the festival's open methods and toolkits, each a
 * stored file or a link, with a Creative Commons licence. A resource is
 * public from its release time (a reveal during the week); before that it
 * does not exist for anyone but organisers. Downloads are a number on the
 * row, raised in one UPDATE: nothing records who downloaded.
 *
 * Every function that depends on the time takes `now`, so tests set the clock.
 */

export type Resource = typeof resource.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Tags as stored: lower case letters, digits, spaces, apostrophes and hyphens. */
export const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} '-]*$/u;
export const MAX_TAG_LENGTH = 40;
export const MAX_TAGS = 8;
export const MAX_DESCRIPTION = 20_000;
const URL_MAX_LENGTH = 2_000;

/** "Facilitation ", "facilitation" and "FACILITATION" are one tag. */
export function normaliseTag(tag: string): string {
  return tag.trim().toLowerCase().replace(/\s+/g, " ");
}

export function isTag(value: string): boolean {
  return value.length > 0 && value.length <= MAX_TAG_LENGTH && TAG_PATTERN.test(value);
}

const released = (festivalId: string, now: Date) =>
  and(eq(resource.festivalId, festivalId), lte(resource.releaseAt, now));

// ---------------------------------------------------------------- public

/** Released resources, newest release first; only those carrying `tag` when given. */
export async function listReleasedResources(
  festivalId: string,
  { now, tag }: { now: Date; tag?: string | null },
): Promise<Resource[]> {
  return (await db())
    .select()
    .from(resource)
    .where(and(released(festivalId, now), tag ? arrayContains(resource.tags, [tag]) : undefined))
    .orderBy(desc(resource.releaseAt), asc(resource.title));
}

/** Tags of released resources with how many carry each, most used first. */
export async function listReleasedTags(
  festivalId: string,
  now: Date,
): Promise<{ tag: string; count: number }[]> {
  const tag = sql<string>`unnest(${resource.tags})`;
  return (await db())
    .select({ tag, count: sql<number>`count(*)::int` })
    .from(resource)
    .where(released(festivalId, now))
    .groupBy(tag)
    .orderBy(desc(sql`count(*)`), asc(tag));
}

/** How many resources are still to come and when the next one arrives: no titles, no slugs. */
export async function upcomingResources(
  festivalId: string,
  now: Date,
): Promise<{ count: number; nextAt: Date | null }> {
  const [row] = await (
    await db()
  )
    .select({ count: count(), nextAt: min(resource.releaseAt) })
    .from(resource)
    .where(and(eq(resource.festivalId, festivalId), gt(resource.releaseAt, now)));
  return { count: Number(row?.count ?? 0), nextAt: row?.nextAt ?? null };
}

/** One released resource; an unreleased or unknown one is simply missing. */
export async function findReleasedResource(
  festivalId: string,
  slug: string,
  now: Date,
): Promise<Resource | null> {
  if (!isSlug(slug)) return null;
  const [row] = await (
    await db()
  )
    .select()
    .from(resource)
    .where(and(released(festivalId, now), eq(resource.slug, slug)))
    .limit(1);
  return row ?? null;
}

/**
 * Whether a response to a download request is someone starting a download:
 * a GET answered with the file from its first byte. HEAD requests, refusals
 * and range requests that continue a download (or a viewer fetching later
 * pages) are not counted again.
 */
export function countsAsDownload(
  method: string,
  response: { status: number; headers: Headers },
): boolean {
  if (method.toUpperCase() !== "GET") return false;
  if (response.status === 200 || response.status === 303) return true;
  if (response.status !== 206) return false;
  return /^bytes 0-/.test(response.headers.get("Content-Range") ?? "");
}

/** One more download, raised in the database (concurrent downloads never lose a count). */
export async function countDownload(id: string): Promise<number | null> {
  const [row] = await (
    await db()
  )
    .update(resource)
    .set({ downloads: sql`${resource.downloads} + 1` })
    .where(eq(resource.id, id))
    .returning({ downloads: resource.downloads });
  return row?.downloads ?? null;
}

// ---------------------------------------------------------------- back office

export async function listResourcesForAdmin(festivalId: string): Promise<Resource[]> {
  return (await db())
    .select()
    .from(resource)
    .where(eq(resource.festivalId, festivalId))
    .orderBy(asc(resource.releaseAt), asc(resource.title));
}

export async function getResourceForEdit(festivalId: string, id: string): Promise<Resource | null> {
  if (!UUID.test(id)) return null;
  const [row] = await (
    await db()
  )
    .select()
    .from(resource)
    .where(and(eq(resource.id, id), eq(resource.festivalId, festivalId)));
  return row ?? null;
}

export interface ResourceInput {
  title: string;
  /** Empty: made from the title. */
  slug: string;
  description: string;
  licence: Licence;
  releaseAt: Date;
  tags: string[];
  kind: "file" | "link";
  /** The link, for kind "link"; null for a file. */
  url: string | null;
}

const trimmed = (max: number, tooLong: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .pipe(z.string().max(max, tooLong));

/** An https address with a host and no user name or password, normalised. */
function checkLink(raw: string): { ok: true; url: string } | { ok: false; error: string } {
  const value = raw.trim();
  if (value === "") return { ok: false, error: "Enter the link, starting with https://." };
  if (value.length > URL_MAX_LENGTH) {
    return { ok: false, error: `Keep the link under ${URL_MAX_LENGTH} characters.` };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, error: "Enter the full link, e.g. https://example.org/toolkit" };
  }
  if (url.protocol !== "https:") {
    return { ok: false, error: "The link must start with https:// (a secure address)." };
  }
  if (!url.hostname) return { ok: false, error: "The link must name a website." };
  if (url.username || url.password) {
    return { ok: false, error: "The link must not contain a user name or password." };
  }
  return { ok: true, url: url.href };
}

const ResourceSchema = z.object({
  title: trimmed(200, "Keep the title under 200 characters.").pipe(
    z.string().min(1, "Enter a title."),
  ),
  slug: trimmed(120, "Keep the address under 120 characters.").pipe(
    z
      .string()
      .refine(
        (v) => v === "" || SLUG_PATTERN.test(v),
        "Use lowercase letters, digits and hyphens only, e.g. network-mapping-toolkit.",
      ),
  ),
  description: z
    .string()
    .optional()
    .transform((v) => (v ?? "").replace(/\r\n/g, "\n").trim())
    .pipe(z.string().max(MAX_DESCRIPTION, "Keep the description under 20,000 characters.")),
  licence: z.enum(LICENCES, { error: "Choose a licence from the list." }),
  tags: z
    .string()
    .optional()
    .transform((v, ctx): string[] => {
      const tags = [
        ...new Set(
          (v ?? "")
            .split(",")
            .map(normaliseTag)
            .filter((t) => t !== ""),
        ),
      ];
      const fail = (message: string) => {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      };
      if (tags.length > MAX_TAGS) return fail(`At most ${MAX_TAGS} tags.`);
      const bad = tags.find((t) => !isTag(t));
      if (bad !== undefined) {
        return fail(
          `“${bad.slice(0, 40)}” cannot be a tag: use letters, digits, spaces and hyphens, at most ${MAX_TAG_LENGTH} characters. Separate tags with commas.`,
        );
      }
      return tags;
    }),
  kind: z.enum(["file", "link"], { error: "Choose a file or a link." }),
});

/**
 * The typed fields of a resource form. The release date and time are read
 * in the festival's zone (a spring-gap time is refused by name); whether a
 * file is there is the upload's business, checked beside this.
 */
export function parseResourceForm(form: FormData, festivalZone: string): FormResult<ResourceInput> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !(key in values)) values[key] = value.slice(0, 25_000);
  }
  const errors: FieldErrors = {};
  const parsed = ResourceSchema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      errors[String(issue.path[0] ?? "form")] ??= issue.message;
  }
  const release = instantFromFestivalTime(
    (values.releaseDate ?? "").trim(),
    (values.releaseTime ?? "").trim(),
    festivalZone,
  );
  if (!release.ok) {
    errors[release.field === "startDate" ? "releaseDate" : "releaseTime"] = release.error;
  }
  let url: string | null = null;
  if (values.kind === "link") {
    const link = checkLink(values.url ?? "");
    if (link.ok) url = link.url;
    else errors.url = link.error;
  }
  if (!parsed.success || !release.ok || Object.keys(errors).length > 0) {
    return { ok: false, errors, values };
  }
  return { ok: true, data: { ...parsed.data, releaseAt: release.instant, url } };
}

export interface ResourceContext {
  festival: Festival;
  actor: Actor;
  now?: Date;
}

export type ResourceSaveResult =
  | { status: "saved"; id: string; slug: string }
  | { status: "invalid"; errors: FieldErrors }
  | { status: "not-found" };

const SLUG_TAKEN = "Another resource already uses this address. Choose another.";
const FILE_NEEDED = "Choose the file to upload.";

/** Two saves racing for one slug: the loser's unique violation becomes the same message. */
function isSlugClash(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { code, constraint_name, constraint } = e as Record<string, unknown>;
    if (code !== "23505") continue;
    if ((constraint_name ?? constraint) === "resource_slug_key") return true;
    if (String((e as Error).message).includes("resource_slug_key")) return true;
  }
  return false;
}

async function slugTaken(
  tx: Tx,
  festivalId: string,
  slug: string,
  exceptId: string | null,
): Promise<boolean> {
  const [row] = await tx
    .select({ id: resource.id })
    .from(resource)
    .where(
      and(
        eq(resource.festivalId, festivalId),
        eq(resource.slug, slug),
        exceptId ? ne(resource.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** What the audit log keeps of a resource: everything an organiser set. */
function snapshot(
  r: Omit<Resource, "id" | "festivalId" | "downloads" | "createdBy" | "createdAt" | "updatedAt">,
) {
  return {
    title: r.title,
    slug: r.slug,
    description: r.description,
    licence: r.licence,
    releaseAt: r.releaseAt,
    tags: r.tags,
    url: r.url,
    fileKey: r.fileKey,
    fileName: r.fileName,
    fileType: r.fileType,
    fileBytes: r.fileBytes,
  };
}

/** Removes stored objects nobody refers to any more; a failure leaves an orphan, never a broken row. */
async function deleteStored(keys: (string | null | undefined)[]): Promise<void> {
  for (const key of keys) {
    if (!key) continue;
    try {
      await storage().delete(key);
    } catch (error) {
      logger.warn({ err: error, key }, "could not delete a stored file");
    }
  }
}

/**
 * Creates (id null) or updates a resource. `file` is a freshly stored
 * upload or null (keep the current file, or none for a link). A file and a
 * link never both: switching to a link drops the file. Objects no longer
 * referred to are deleted only after the transaction has committed; the
 * new upload is deleted if the save does not happen.
 */
export async function saveResource(
  id: string | null,
  input: ResourceInput,
  file: StoredDocument | null,
  ctx: ResourceContext,
): Promise<ResourceSaveResult> {
  if (id !== null && !UUID.test(id)) {
    await deleteStored([file?.key]);
    return { status: "not-found" };
  }
  const now = ctx.now ?? new Date();
  const festivalId = ctx.festival.id;
  const slug = input.slug || slugify(input.title).slice(0, 120) || "resource";
  let obsolete: string | null = null;
  let result: ResourceSaveResult;
  try {
    result = await (
      await db()
    ).transaction(async (tx): Promise<ResourceSaveResult> => {
      const [current] =
        id === null
          ? [null]
          : await tx
              .select()
              .from(resource)
              .where(and(eq(resource.id, id), eq(resource.festivalId, festivalId)))
              .for("update");
      if (current === undefined) return { status: "not-found" };
      if (input.kind === "file" && !file && !current?.fileKey) {
        return { status: "invalid", errors: { file: FILE_NEEDED } };
      }
      if (await slugTaken(tx, festivalId, slug, id)) {
        return { status: "invalid", errors: { slug: SLUG_TAKEN } };
      }
      const keptFile = input.kind === "file" && !file ? current : null;
      const fields = {
        title: input.title,
        slug,
        description: input.description,
        licence: input.licence,
        releaseAt: input.releaseAt,
        tags: input.tags,
        url: input.kind === "link" ? input.url : null,
        fileKey: file?.key ?? keptFile?.fileKey ?? null,
        fileType: file?.type ?? keptFile?.fileType ?? null,
        fileBytes: file?.bytes ?? keptFile?.fileBytes ?? null,
        fileName: file?.fileName ?? keptFile?.fileName ?? null,
      };
      if (!current) {
        const [row] = await tx
          .insert(resource)
          .values({ festivalId, ...fields, createdBy: ctx.actor.id, createdAt: now })
          .returning({ id: resource.id });
        await recordAudit(
          tx,
          ctx.actor,
          {
            festivalId,
            action: "resource.create",
            subjectType: "resource",
            subjectId: row!.id,
            summary: `Added the resource “${input.title}”`,
            after: snapshot(fields),
          },
          now,
        );
        return { status: "saved", id: row!.id, slug };
      }
      const diff = changedFields(snapshot(current), snapshot(fields));
      if (!diff) return { status: "saved", id: current.id, slug };
      await tx
        .update(resource)
        .set({ ...fields, updatedAt: now })
        .where(eq(resource.id, current.id));
      await recordAudit(
        tx,
        ctx.actor,
        {
          festivalId,
          action: "resource.update",
          subjectType: "resource",
          subjectId: current.id,
          summary: `Edited the resource “${input.title}”: ${Object.keys(diff.after).join(", ")}`,
          before: diff.before,
          after: diff.after,
        },
        now,
      );
      if (current.fileKey && current.fileKey !== fields.fileKey) obsolete = current.fileKey;
      return { status: "saved", id: current.id, slug };
    });
  } catch (error) {
    await deleteStored([file?.key]);
    if (isSlugClash(error)) return { status: "invalid", errors: { slug: SLUG_TAKEN } };
    throw error;
  }
  if (result.status === "saved") await deleteStored([obsolete]);
  else await deleteStored([file?.key]);
  return result;
}

/** Deletes a resource, then (after the commit) its stored file. */
export async function deleteResource(
  id: string,
  ctx: ResourceContext,
): Promise<{ status: "deleted"; title: string } | { status: "not-found" }> {
  if (!UUID.test(id)) return { status: "not-found" };
  const now = ctx.now ?? new Date();
  const gone = await (
    await db()
  ).transaction(async (tx) => {
    const [row] = await tx
      .delete(resource)
      .where(and(eq(resource.id, id), eq(resource.festivalId, ctx.festival.id)))
      .returning();
    if (!row) return null;
    await recordAudit(
      tx,
      ctx.actor,
      {
        festivalId: ctx.festival.id,
        action: "resource.delete",
        subjectType: "resource",
        subjectId: row.id,
        summary: `Deleted the resource “${row.title}” (${row.downloads} downloads)`,
        before: { ...snapshot(row), downloads: row.downloads },
      },
      now,
    );
    return row;
  });
  if (!gone) return { status: "not-found" };
  await deleteStored([gone.fileKey]);
  return { status: "deleted", title: gone.title };
}

/** The document type of a stored resource, if it has a file. */
export function resourceFileType(r: Pick<Resource, "fileType">): DocumentType | null {
  return isDocumentType(r.fileType) ? r.fileType : null;
}
