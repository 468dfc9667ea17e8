import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { db, type Tx } from "~db/client.server";
import {
  facultyProfile,
  post,
  postAuthor,
  postWebinar,
  user,
  webinar,
  type PostWorkingCopy,
} from "~db/schema";
import type { FieldErrors } from "~/lib/form";
import { slugify } from "~/lib/slug";
import type { StudioContext } from "~/lib/studio-auth.server";
import type { PostState } from "~/lib/studio-editor-view";
import { formatWhen } from "~/lib/time";
import { isUuid } from "~/lib/uuid";
import { recordAudit } from "./audit.server";
import type { PostFields, StudioIntent } from "./post-input.server";
import { POST_LIMITS } from "./post-input.server";
import { recordSlugChange } from "./slug-redirect.server";

/**
 * The faculty studio: writing, autosaving, scheduling and publishing posts.
 * Faculty edit the posts they are an author of; organisers edit anyone's.
 * Readers only ever see what an explicit save put in the post's columns:
 * autosave writes the editor's working copy beside them.
 */

export function postState(
  row: { status: "draft" | "published"; publishAt: Date | null },
  now: Date,
): PostState {
  if (row.status === "draft" || !row.publishAt) return "draft";
  return row.publishAt.getTime() > now.getTime() ? "scheduled" : "published";
}

/** Slugs a new draft gets until it has a title: never redirected when replaced. */
const PLACEHOLDER_SLUG = /^untitled-[0-9a-f]{8}$/;

export class StudioDenied extends Error {}

async function authorIdsOf(conn: Tx | Awaited<ReturnType<typeof db>>, postId: string) {
  const rows = await conn
    .select({ facultyId: postAuthor.facultyId })
    .from(postAuthor)
    .where(eq(postAuthor.postId, postId))
    .orderBy(asc(postAuthor.position));
  return rows.map((r) => r.facultyId);
}

function mayEdit(ctx: StudioContext, authorIds: string[]): boolean {
  return ctx.editsAll || (ctx.profile !== null && authorIds.includes(ctx.profile.id));
}

export interface StudioListItem {
  id: string;
  title: string;
  slug: string;
  state: PostState;
  publishAt: Date | null;
  updatedAt: Date;
  authors: string[];
  unsavedSince: Date | null;
  mine: boolean;
}

/** The posts this person may edit, the most recently touched first. */
export async function listStudioPosts(ctx: StudioContext, now: Date): Promise<StudioListItem[]> {
  const conn = await db();
  const mineCondition = ctx.profile
    ? inArray(
        post.id,
        conn
          .select({ id: postAuthor.postId })
          .from(postAuthor)
          .where(eq(postAuthor.facultyId, ctx.profile.id)),
      )
    : sql`false`;
  const rows = await conn
    .select({
      id: post.id,
      title: post.title,
      slug: post.slug,
      status: post.status,
      publishAt: post.publishAt,
      updatedAt: post.updatedAt,
      workingCopy: post.workingCopy,
      workingSavedAt: post.workingSavedAt,
      mine: sql<boolean>`${mineCondition}`,
    })
    .from(post)
    .where(and(eq(post.festivalId, ctx.festival.id), ctx.editsAll ? undefined : mineCondition))
    .orderBy(
      desc(sql`greatest(${post.updatedAt}, coalesce(${post.workingSavedAt}, ${post.updatedAt}))`),
    )
    .limit(500);
  const names = rows.length
    ? await conn
        .select({ postId: postAuthor.postId, name: facultyProfile.name })
        .from(postAuthor)
        .innerJoin(facultyProfile, eq(facultyProfile.id, postAuthor.facultyId))
        .where(
          inArray(
            postAuthor.postId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(postAuthor.position))
    : [];
  return rows.map((r) => ({
    id: r.id,
    title: r.workingCopy?.title.trim() || r.title,
    slug: r.slug,
    state: postState(r, now),
    publishAt: r.publishAt,
    updatedAt: r.updatedAt,
    authors: names.filter((n) => n.postId === r.id).map((n) => n.name),
    unsavedSince: r.workingCopy ? r.workingSavedAt : null,
    mine: Boolean(r.mine),
  }));
}

/** Starts an empty draft with the writer as its author; the editor opens on it at once. */
export async function createDraft(ctx: StudioContext, now: Date): Promise<string> {
  return (await db()).transaction(async (tx) => {
    const [row] = await tx
      .insert(post)
      .values({
        festivalId: ctx.festival.id,
        slug: `untitled-${randomBytes(4).toString("hex")}`,
        createdBy: ctx.viewer.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: post.id });
    if (ctx.profile) {
      await tx
        .insert(postAuthor)
        .values({ postId: row!.id, facultyId: ctx.profile.id, position: 0 });
    }
    return row!.id;
  });
}

export interface EditorPost {
  id: string;
  state: PostState;
  publishAt: Date | null;
  revision: number;
  slug: string;
  /** What the editor opens with: the working copy if there is one, else the saved post. */
  copy: PostWorkingCopy;
  /** Autosaved changes not yet saved for real, and who made them. */
  unsaved: { at: Date; by: string } | null;
  savedTitle: string;
  updatedAt: Date;
  contentUpdatedAt: Date | null;
}

export interface EditorOptions {
  faculty: { id: string; name: string; slug: string }[];
  webinars: { id: string; title: string; startsAt: Date; status: string }[];
}

function copyOf(row: typeof post.$inferSelect, authorIds: string[], webinarIds: string[]) {
  return {
    title: row.title,
    slug: PLACEHOLDER_SLUG.test(row.slug) ? "" : row.slug,
    summary: row.summary,
    body: row.body,
    tags: row.tags.join(", "),
    coverImageUrl: row.coverImageUrl ?? "",
    coverImageAlt: row.coverImageAlt,
    webinarIds,
    authorIds,
  } satisfies PostWorkingCopy;
}

/**
 * A post for the editor, or a refusal: a missing post and one the person may
 * not edit are told apart (an author's colleague learns it exists, nothing more).
 */
export async function getEditorPost(
  ctx: StudioContext,
  postId: string,
  now: Date,
): Promise<{ ok: true; post: EditorPost } | { ok: false; status: 403 | 404 }> {
  if (!isUuid(postId)) return { ok: false, status: 404 };
  const conn = await db();
  const [row] = await conn
    .select()
    .from(post)
    .where(and(eq(post.id, postId), eq(post.festivalId, ctx.festival.id)))
    .limit(1);
  if (!row) return { ok: false, status: 404 };
  const authorIds = await authorIdsOf(conn, row.id);
  if (!mayEdit(ctx, authorIds)) return { ok: false, status: 403 };
  const webinarRows = await conn
    .select({ id: postWebinar.webinarId })
    .from(postWebinar)
    .where(eq(postWebinar.postId, row.id))
    .orderBy(asc(postWebinar.position));
  let unsaved: EditorPost["unsaved"] = null;
  if (row.workingCopy && row.workingSavedAt) {
    const [by] = row.workingSavedBy
      ? await conn
          .select({ name: user.name, email: user.email })
          .from(user)
          .where(eq(user.id, row.workingSavedBy))
      : [];
    unsaved = { at: row.workingSavedAt, by: by?.name || by?.email || "someone" };
  }
  return {
    ok: true,
    post: {
      id: row.id,
      state: postState(row, now),
      publishAt: row.publishAt,
      revision: row.revision,
      slug: row.slug,
      copy:
        row.workingCopy ??
        copyOf(
          row,
          authorIds,
          webinarRows.map((w) => w.id),
        ),
      unsaved,
      savedTitle: row.title,
      updatedAt: row.updatedAt,
      contentUpdatedAt: row.contentUpdatedAt,
    },
  };
}

/** The faculty who can be named as authors and the webinars a post can point to. */
export async function editorOptions(festivalId: string): Promise<EditorOptions> {
  const conn = await db();
  const [faculty, webinars] = await Promise.all([
    conn
      .select({ id: facultyProfile.id, name: facultyProfile.name, slug: facultyProfile.slug })
      .from(facultyProfile)
      .where(eq(facultyProfile.festivalId, festivalId))
      .orderBy(asc(facultyProfile.name)),
    conn
      .select({
        id: webinar.id,
        title: webinar.title,
        startsAt: webinar.startsAt,
        status: webinar.status,
      })
      .from(webinar)
      .where(and(eq(webinar.festivalId, festivalId), ne(webinar.status, "draft")))
      .orderBy(asc(webinar.startsAt)),
  ]);
  return { faculty, webinars };
}

export type AutosaveResult =
  | { ok: true; savedAt: Date }
  | { ok: false; status: 403 | 404 }
  | { ok: false; status: 409; conflict: string };

function conflictMessage(row: { updatedAt: Date }, zone: string): string {
  return `Someone saved this post at ${formatWhen(row.updatedAt, zone)}, after you opened it. Your text is still in this window: copy what you need, then reload the page.`;
}

/**
 * Keeps what the editor holds without touching what readers see. Refused
 * when someone saved the post for real since this editor opened it (their
 * revision is newer), so two authors never silently overwrite each other.
 */
export async function autosavePost(
  ctx: StudioContext,
  postId: string,
  copy: PostWorkingCopy,
  baseRevision: number,
  now: Date,
  zone: string,
): Promise<AutosaveResult> {
  if (!isUuid(postId)) return { ok: false, status: 404 };
  return (await db()).transaction(async (tx) => {
    const [row] = await tx
      .select({ id: post.id, revision: post.revision, updatedAt: post.updatedAt })
      .from(post)
      .where(and(eq(post.id, postId), eq(post.festivalId, ctx.festival.id)))
      .for("update");
    if (!row) return { ok: false as const, status: 404 as const };
    if (!mayEdit(ctx, await authorIdsOf(tx, postId))) {
      return { ok: false as const, status: 403 as const };
    }
    if (row.revision !== baseRevision) {
      return {
        ok: false as const,
        status: 409 as const,
        conflict: conflictMessage(row, zone),
      };
    }
    await tx
      .update(post)
      .set({
        workingCopy: { ...copy, body: copy.body.slice(0, POST_LIMITS.body) },
        workingSavedAt: now,
        workingSavedBy: ctx.viewer.id,
      })
      .where(eq(post.id, postId));
    return { ok: true as const, savedAt: now };
  });
}

export type SaveResult =
  | { ok: true; postId: string; message: string; slug: string; deleted?: boolean }
  | { ok: false; status: 400 | 403 | 404 | 409; errors: FieldErrors };

interface SaveRequest {
  intent: StudioIntent;
  /** Checked fields; not needed to unpublish, discard or delete. */
  fields: PostFields | null;
  /** For "schedule". */
  publishAt?: Date;
  baseRevision: number;
  /** The person's zone, for messages. */
  zone: string;
}

/**
 * Every explicit change from the editor, in one transaction with the post's
 * row locked: save (a draft, or an update of a public post), publish now,
 * schedule, unpublish, discard unsaved changes, delete a draft.
 */
export async function savePost(
  ctx: StudioContext,
  postId: string,
  request: SaveRequest,
  now: Date,
): Promise<SaveResult> {
  if (!isUuid(postId)) {
    return { ok: false, status: 404, errors: { form: "This post no longer exists." } };
  }
  return (await db()).transaction(async (tx): Promise<SaveResult> => {
    const [row] = await tx
      .select()
      .from(post)
      .where(and(eq(post.id, postId), eq(post.festivalId, ctx.festival.id)))
      .for("update");
    if (!row) return { ok: false, status: 404, errors: { form: "This post no longer exists." } };
    const authorIds = await authorIdsOf(tx, postId);
    if (!mayEdit(ctx, authorIds)) {
      return {
        ok: false,
        status: 403,
        errors: { form: "You can edit only posts you are an author of." },
      };
    }
    const { intent } = request;
    const title = row.title || "Untitled draft";
    const audit = (action: string, summary: string) =>
      recordAudit(
        tx,
        ctx.actor,
        { festivalId: ctx.festival.id, action, subjectType: "post", subjectId: row.id, summary },
        now,
      );

    if (intent === "discard") {
      await tx
        .update(post)
        .set({ workingCopy: null, workingSavedAt: null, workingSavedBy: null })
        .where(eq(post.id, row.id));
      return { ok: true, postId: row.id, slug: row.slug, message: "Unsaved changes discarded." };
    }
    if (intent === "delete") {
      if (row.status !== "draft") {
        return {
          ok: false,
          status: 409,
          errors: { form: "Unpublish the post before deleting it." },
        };
      }
      await tx.delete(post).where(eq(post.id, row.id));
      await audit("post.delete", `Deleted the draft "${title}"`);
      return {
        ok: true,
        postId: row.id,
        slug: row.slug,
        message: `Deleted "${title}".`,
        deleted: true,
      };
    }
    if (intent === "unpublish") {
      if (row.status === "draft") {
        return {
          ok: true,
          postId: row.id,
          slug: row.slug,
          message: "The post is already a draft.",
        };
      }
      await tx
        .update(post)
        .set({ status: "draft", publishAt: null, revision: row.revision + 1, updatedAt: now })
        .where(eq(post.id, row.id));
      await audit("post.unpublish", `Unpublished "${title}"`);
      return {
        ok: true,
        postId: row.id,
        slug: row.slug,
        message: "Unpublished: the post is a draft again and readers no longer see it.",
      };
    }

    if (row.revision !== request.baseRevision) {
      return {
        ok: false,
        status: 409,
        errors: { form: conflictMessage(row, request.zone) },
      };
    }
    const fields = request.fields;
    if (!fields) return { ok: false, status: 400, errors: { form: "The form was incomplete." } };

    const errors: FieldErrors = {};
    const slug =
      fields.slug ||
      (PLACEHOLDER_SLUG.test(row.slug) ? slugify(fields.title) || row.slug : row.slug);
    if (slug !== row.slug) {
      const [taken] = await tx
        .select({ id: post.id })
        .from(post)
        .where(and(eq(post.festivalId, ctx.festival.id), eq(post.slug, slug), ne(post.id, row.id)))
        .limit(1);
      if (taken)
        errors.slug = `Another post already lives at /blog/${slug}. Choose another address.`;
    }
    // A faculty member stays on the byline of posts they edit (or they would lock themselves out).
    const authorIdsWanted =
      !ctx.editsAll && ctx.profile && !fields.authorIds.includes(ctx.profile.id)
        ? [ctx.profile.id, ...fields.authorIds]
        : fields.authorIds;
    const [knownAuthors, knownWebinars] = await Promise.all([
      authorIdsWanted.length
        ? tx
            .select({ id: facultyProfile.id })
            .from(facultyProfile)
            .where(
              and(
                eq(facultyProfile.festivalId, ctx.festival.id),
                inArray(facultyProfile.id, authorIdsWanted),
              ),
            )
        : [],
      fields.webinarIds.length
        ? tx
            .select({ id: webinar.id })
            .from(webinar)
            .where(
              and(eq(webinar.festivalId, ctx.festival.id), inArray(webinar.id, fields.webinarIds)),
            )
        : [],
    ]);
    if (knownAuthors.length !== authorIdsWanted.length) {
      errors.authorIds = "One of the authors is not on this festival's faculty.";
    }
    if (knownWebinars.length !== fields.webinarIds.length) {
      errors.webinarIds = "One of the webinars is not in this festival's schedule.";
    }
    const goesPublic = intent === "publish" || intent === "schedule" || row.status === "published";
    if (goesPublic && authorIdsWanted.length === 0)
      errors.authorIds = "Choose at least one author.";
    if (goesPublic && !fields.title) errors.title = "Give the post a title.";
    if (goesPublic && !fields.body.trim()) errors.body = "Write the post before publishing it.";
    if (intent === "schedule" && !request.publishAt) {
      errors.publishTime = "Choose when the post should appear.";
    }
    if (Object.keys(errors).length > 0) return { ok: false, status: 400, errors };

    const wasVisible = row.status === "published" && row.publishAt !== null && row.publishAt <= now;
    const contentChanged =
      row.title !== fields.title ||
      row.body !== fields.body ||
      row.summary !== fields.summary ||
      row.coverImageUrl !== fields.coverImageUrl;
    const next = {
      title: fields.title,
      slug,
      summary: fields.summary,
      body: fields.body,
      tags: fields.tags,
      coverImageUrl: fields.coverImageUrl,
      coverImageAlt: fields.coverImageAlt,
      workingCopy: null,
      workingSavedAt: null,
      workingSavedBy: null,
      revision: row.revision + 1,
      updatedAt: now,
      ...(intent === "publish"
        ? { status: "published" as const, publishAt: wasVisible ? row.publishAt : now }
        : intent === "schedule"
          ? { status: "published" as const, publishAt: request.publishAt! }
          : {}),
      ...(wasVisible && contentChanged ? { contentUpdatedAt: now } : {}),
    };
    await tx.update(post).set(next).where(eq(post.id, row.id));
    if (slug !== row.slug && !PLACEHOLDER_SLUG.test(row.slug)) {
      await recordSlugChange(tx, {
        festivalId: ctx.festival.id,
        kind: "post",
        targetId: row.id,
        oldSlug: row.slug,
        newSlug: slug,
      });
    }
    await tx.delete(postAuthor).where(eq(postAuthor.postId, row.id));
    if (authorIdsWanted.length) {
      await tx
        .insert(postAuthor)
        .values(
          authorIdsWanted.map((facultyId, position) => ({ postId: row.id, facultyId, position })),
        );
    }
    await tx.delete(postWebinar).where(eq(postWebinar.postId, row.id));
    if (fields.webinarIds.length) {
      await tx
        .insert(postWebinar)
        .values(
          fields.webinarIds.map((webinarId, position) => ({ postId: row.id, webinarId, position })),
        );
    }

    const name = fields.title || "Untitled draft";
    if (intent === "publish") {
      if (!wasVisible) await audit("post.publish", `Published "${name}"`);
      return {
        ok: true,
        postId: row.id,
        slug,
        message: wasVisible ? "Post updated." : "Published: the post is live.",
      };
    }
    if (intent === "schedule") {
      const when = formatWhen(request.publishAt!, request.zone);
      await audit("post.schedule", `Scheduled "${name}" for ${request.publishAt!.toISOString()}`);
      return { ok: true, postId: row.id, slug, message: `Scheduled: the post appears at ${when}.` };
    }
    if (row.status === "published") {
      return {
        ok: true,
        postId: row.id,
        slug,
        message: wasVisible
          ? "Post updated: readers see the new version."
          : "Saved. The post is still scheduled.",
      };
    }
    return { ok: true, postId: row.id, slug, message: "Draft saved." };
  });
}
