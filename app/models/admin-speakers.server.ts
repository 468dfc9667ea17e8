import { and, asc, count, eq, like } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "~db/client.server";
import { speaker, webinarSpeaker } from "~db/schema";
import type { FieldErrors, FormResult } from "~/lib/form";
import { scheduleChanged } from "~/lib/schedule-events.server";
import { slugify } from "~/lib/slug";
import { mediaUrl } from "~/lib/uploads.server";
import { changedFields, recordAudit, type Actor } from "./audit.server";
import type { Festival } from "./festival.server";

/**
 * Guest speakers: people who appear in a webinar without an account. Their
 * photo is an upload (uploads.server.ts) served from /media.
 */

export type SpeakerRow = typeof speaker.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SpeakerInput {
  name: string;
  organisation: string;
  location: string;
  bio: string;
  removePhoto: boolean;
}

const field = (max: number, label: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim())
    .pipe(z.string().max(max, `Keep the ${label} under ${max} characters.`));

const SpeakerSchema = z.object({
  name: field(200, "name").pipe(z.string().min(1, "Enter the speaker's name.")),
  organisation: field(200, "organisation"),
  location: field(200, "country or location"),
  bio: z
    .string()
    .optional()
    .transform((v) => (v ?? "").replace(/\r\n/g, "\n").trim())
    .pipe(z.string().max(5_000, "Keep the bio under 5,000 characters.")),
  removePhoto: z
    .string()
    .optional()
    .transform((v) => v === "on"),
});

export function parseSpeaker(form: FormData): FormResult<SpeakerInput> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !(key in values)) values[key] = value.slice(0, 10_000);
  }
  const parsed = SpeakerSchema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues)
    errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return { ok: false, errors, values };
}

export interface SpeakerSummary {
  id: string;
  name: string;
  organisation: string;
  location: string;
  photoUrl: string | null;
  webinars: number;
}

export async function listSpeakersForAdmin(festivalId: string): Promise<SpeakerSummary[]> {
  return (await db())
    .select({
      id: speaker.id,
      name: speaker.name,
      organisation: speaker.organisation,
      location: speaker.location,
      photoUrl: speaker.photoUrl,
      webinars: count(webinarSpeaker.webinarId),
    })
    .from(speaker)
    .leftJoin(webinarSpeaker, eq(webinarSpeaker.speakerId, speaker.id))
    .where(eq(speaker.festivalId, festivalId))
    .groupBy(speaker.id)
    .orderBy(asc(speaker.name));
}

export async function getSpeakerForEdit(
  festivalId: string,
  id: string,
): Promise<SpeakerRow | null> {
  if (!UUID.test(id)) return null;
  const [row] = await (
    await db()
  )
    .select()
    .from(speaker)
    .where(and(eq(speaker.id, id), eq(speaker.festivalId, festivalId)));
  return row ?? null;
}

/** A slug no other speaker of the festival has: the name's, then -2, -3, ... */
async function freeSlug(tx: Tx, festivalId: string, name: string): Promise<string> {
  const base = slugify(name).slice(0, 100) || "speaker";
  const taken = new Set(
    (
      await tx
        .select({ slug: speaker.slug })
        .from(speaker)
        .where(and(eq(speaker.festivalId, festivalId), like(speaker.slug, `${base}%`)))
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

export type SpeakerSaveResult = { status: "saved"; id: string } | { status: "not-found" };

/**
 * Creates (id null) or updates a speaker. `photoName` is a freshly stored
 * upload, or null to keep (or, with removePhoto, drop) the current photo.
 */
export async function saveSpeaker(
  id: string | null,
  input: SpeakerInput,
  photoName: string | null,
  ctx: { festival: Festival; actor: Actor; now?: Date },
): Promise<SpeakerSaveResult> {
  if (id !== null && !UUID.test(id)) return { status: "not-found" };
  const now = ctx.now ?? new Date();
  const fields = {
    name: input.name,
    organisation: input.organisation,
    location: input.location,
    bio: input.bio,
  };
  const result = await (
    await db()
  ).transaction(async (tx): Promise<SpeakerSaveResult> => {
    if (id === null) {
      const [row] = await tx
        .insert(speaker)
        .values({
          festivalId: ctx.festival.id,
          slug: await freeSlug(tx, ctx.festival.id, input.name),
          ...fields,
          photoUrl: photoName ? mediaUrl(photoName) : null,
          createdAt: now,
        })
        .returning();
      await recordAudit(
        tx,
        ctx.actor,
        {
          festivalId: ctx.festival.id,
          action: "speaker.create",
          subjectType: "speaker",
          subjectId: row!.id,
          summary: `Added the guest speaker ${row!.name}`,
          after: { ...fields, photoUrl: row!.photoUrl },
        },
        now,
      );
      return { status: "saved", id: row!.id };
    }
    const [current] = await tx
      .select()
      .from(speaker)
      .where(and(eq(speaker.id, id), eq(speaker.festivalId, ctx.festival.id)))
      .for("update");
    if (!current) return { status: "not-found" };
    const photoUrl = photoName ? mediaUrl(photoName) : input.removePhoto ? null : current.photoUrl;
    const before = {
      name: current.name,
      organisation: current.organisation,
      location: current.location,
      bio: current.bio,
      photoUrl: current.photoUrl,
    };
    const diff = changedFields(before, { ...fields, photoUrl });
    if (!diff) return { status: "saved", id };
    await tx
      .update(speaker)
      .set({ ...fields, photoUrl })
      .where(eq(speaker.id, id));
    await recordAudit(
      tx,
      ctx.actor,
      {
        festivalId: ctx.festival.id,
        action: "speaker.update",
        subjectType: "speaker",
        subjectId: id,
        summary: `Edited the guest speaker ${input.name}: ${Object.keys(diff.after).join(", ")}`,
        before: diff.before,
        after: diff.after,
      },
      now,
    );
    return { status: "saved", id };
  });
  if (result.status === "saved") scheduleChanged();
  return result;
}

/** Speakers to choose from in a webinar's form. */
export async function speakerOptions(festivalId: string) {
  return (await db())
    .select({ id: speaker.id, name: speaker.name, organisation: speaker.organisation })
    .from(speaker)
    .where(eq(speaker.festivalId, festivalId))
    .orderBy(asc(speaker.name));
}
