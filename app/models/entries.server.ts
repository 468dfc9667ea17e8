import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { db } from "~db/client.server";
import { entry } from "~db/schema";
import type { FieldErrors } from "~/lib/form";
import { REGIONS } from "~/lib/regions";
import { storage } from "~/lib/storage.server";
import type { StreamedFile } from "~/lib/streamed-upload.server";
import { formatWhen } from "~/lib/time";
import { detectVideoType, isWebVtt, readVideoDuration } from "~/lib/video-file.server";
import { competitionPhase, type Competition, type Entry } from "./competition.server";

/**
 * A network's own entry to Network90: its details, its video (an upload or
 * a link), its captions, consent, and sending it in. Everything can be
 * changed until entries close; consent can be withdrawn at any time.
 */

/** The video rule, with the grace a re-encode can add. */
export const MAX_VIDEO_SECONDS = 90;
const GRACE_SECONDS = 1;
export const MAX_VIDEO_BYTES = 200 * 1024 * 1024;
export const MAX_CAPTIONS_BYTES = 1024 * 1024;

export interface EntrantContext {
  festivalId: string;
  competition: Competition;
  userId: string;
  /** The entrant's zone, for the times in messages. */
  zone: string;
}

export type EntryResult = { ok: true; message: string } | { ok: false; errors: FieldErrors };

export async function getOwnEntry(festivalId: string, userId: string): Promise<Entry | null> {
  const [row] = await (
    await db()
  )
    .select()
    .from(entry)
    .where(and(eq(entry.festivalId, festivalId), eq(entry.userId, userId)))
    .limit(1);
  return row ?? null;
}

function closedMessage(ctx: EntrantContext): string {
  return `Entries closed at ${formatWhen(ctx.competition.entriesCloseAt, ctx.zone)}, so the entry can no longer be changed.`;
}

function isOpen(ctx: EntrantContext, now: Date): boolean {
  return competitionPhase(ctx.competition, now) === "entries-open";
}

export const entryDetailsForm = z.object({
  networkName: z
    .string()
    .trim()
    .min(2, "Enter your network's name.")
    .max(120, "Keep the name under 120 characters."),
  region: z.enum(REGIONS, { error: "Choose where your network is based." }),
  contactName: z
    .string()
    .trim()
    .min(2, "Enter the name of the person we should contact.")
    .max(120, "Keep the name under 120 characters."),
  description: z
    .string()
    .trim()
    .min(20, "Tell us about your network in a few sentences (at least 20 characters).")
    .max(1500, "Keep the description under 1,500 characters."),
  consent: z
    .string()
    .optional()
    .transform((v) => v === "on"),
});

export type EntryDetails = z.infer<typeof entryDetailsForm>;

/** Creates the entry with its first save, or changes its details. */
export async function saveEntryDetails(
  ctx: EntrantContext,
  details: EntryDetails,
  now: Date,
): Promise<EntryResult> {
  const existing = await getOwnEntry(ctx.festivalId, ctx.userId);
  if (!isOpen(ctx, now)) return { ok: false, errors: { form: closedMessage(ctx) } };
  const values = {
    networkName: details.networkName,
    region: details.region,
    contactName: details.contactName,
    description: details.description,
    // Consent keeps its first date while it stands.
    publicConsentAt: details.consent ? (existing?.publicConsentAt ?? now) : null,
    updatedAt: now,
  };
  const conn = await db();
  if (existing) {
    await conn.update(entry).set(values).where(eq(entry.id, existing.id));
    return { ok: true, message: "Your network's details are saved." };
  }
  await conn
    .insert(entry)
    .values({ festivalId: ctx.festivalId, userId: ctx.userId, ...values, createdAt: now })
    .onConflictDoUpdate({ target: [entry.festivalId, entry.userId], set: values });
  return { ok: true, message: "Your entry is started. Now add your video and its captions." };
}

/** Withdrawing consent takes a shown video out of the gallery at once, even after entries close. */
export async function withdrawConsent(ctx: EntrantContext, now: Date): Promise<EntryResult> {
  const existing = await getOwnEntry(ctx.festivalId, ctx.userId);
  if (!existing) return { ok: false, errors: { form: "There is no entry to change." } };
  await (
    await db()
  )
    .update(entry)
    .set({ publicConsentAt: null, updatedAt: now })
    .where(eq(entry.id, existing.id));
  return { ok: true, message: "Consent withdrawn: your video will not be shown publicly." };
}

function minutesAndSeconds(seconds: number): string {
  const whole = Math.round(seconds);
  const m = Math.floor(whole / 60);
  const s = whole % 60;
  const parts = [m ? `${m} minute${m === 1 ? "" : "s"}` : "", `${s} second${s === 1 ? "" : "s"}`];
  return parts.filter(Boolean).join(" ");
}

async function entryFor(ctx: EntrantContext, now: Date, field: string) {
  if (!isOpen(ctx, now)) return { error: { [field]: closedMessage(ctx) } };
  const existing = await getOwnEntry(ctx.festivalId, ctx.userId);
  if (!existing)
    return { error: { [field]: "Save your network's details first, then add the video." } };
  return { existing };
}

/**
 * Takes an uploaded video, already streamed to a temporary file: checked by
 * its bytes, measured by its own metadata, then moved into storage. The
 * previous video (upload or link) is replaced.
 */
export async function attachUploadedVideo(
  ctx: EntrantContext,
  file: StreamedFile,
  now: Date,
): Promise<EntryResult> {
  const found = await entryFor(ctx, now, "video");
  if (found.error) return { ok: false, errors: found.error };
  const type = detectVideoType(file.head);
  if (!type) {
    return {
      ok: false,
      errors: {
        video:
          "This file is not an MP4, WebM or MOV video (we read the file itself, not its name). Export the video in one of those formats.",
      },
    };
  }
  const seconds = await readVideoDuration(file.path, type);
  if (seconds === null) {
    return {
      ok: false,
      errors: {
        video:
          "We could not read how long this video is. Export it again (most editors' standard MP4 export works) and upload that.",
      },
    };
  }
  if (seconds > MAX_VIDEO_SECONDS + GRACE_SECONDS) {
    return {
      ok: false,
      errors: {
        video: `This video is ${minutesAndSeconds(seconds)} long. Network90 videos are at most ${MAX_VIDEO_SECONDS} seconds: trim it and upload it again.`,
      },
    };
  }
  const key = `videos/${randomUUID()}.${type}`;
  await storage().putFile(key, file.path);
  const previous = found.existing.videoKey;
  await (
    await db()
  )
    .update(entry)
    .set({
      videoKey: key,
      videoType: type,
      videoBytes: file.bytes,
      videoSeconds: seconds,
      videoUrl: null,
      updatedAt: now,
    })
    .where(eq(entry.id, found.existing.id));
  if (previous) await storage().delete(previous);
  return {
    ok: true,
    message: `Video uploaded: ${minutesAndSeconds(seconds)}, ${type.toUpperCase()}.`,
  };
}

const HOSTING_URL = z
  .string()
  .trim()
  .max(500, "That address is too long.")
  .url("Enter the video's full address, starting https://.")
  .refine((v) => v.startsWith("https://"), "Use the https:// address of the video.");

/** A video on a hosting site instead of an upload (the duration is the judges' to check). */
export async function setVideoLink(
  ctx: EntrantContext,
  raw: string,
  now: Date,
): Promise<EntryResult> {
  const found = await entryFor(ctx, now, "videoUrl");
  if (found.error) return { ok: false, errors: found.error };
  const parsed = HOSTING_URL.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: { videoUrl: parsed.error.issues[0]!.message } };
  const previous = found.existing.videoKey;
  await (
    await db()
  )
    .update(entry)
    .set({
      videoUrl: parsed.data,
      videoKey: null,
      videoType: null,
      videoBytes: null,
      videoSeconds: null,
      updatedAt: now,
    })
    .where(eq(entry.id, found.existing.id));
  if (previous) await storage().delete(previous);
  return { ok: true, message: "Video link saved." };
}

/** The captions file: WebVTT, read from its first bytes. */
export async function attachCaptions(
  ctx: EntrantContext,
  file: StreamedFile,
  now: Date,
): Promise<EntryResult> {
  const found = await entryFor(ctx, now, "captions");
  if (found.error) return { ok: false, errors: found.error };
  if (!isWebVtt(file.head)) {
    return {
      ok: false,
      errors: {
        captions:
          'This is not a WebVTT file: it must begin with the word "WEBVTT". Most captioning tools can export WebVTT (.vtt); an .srt file can be converted.',
      },
    };
  }
  const key = `captions/${randomUUID()}.vtt`;
  await storage().putFile(key, file.path);
  const previous = found.existing.captionsKey;
  await (
    await db()
  )
    .update(entry)
    .set({ captionsKey: key, updatedAt: now })
    .where(eq(entry.id, found.existing.id));
  if (previous) await storage().delete(previous);
  return { ok: true, message: "Captions uploaded." };
}

/** Sends the entry to the judges; it can still be changed until entries close. */
export async function submitEntry(ctx: EntrantContext, now: Date): Promise<EntryResult> {
  const found = await entryFor(ctx, now, "form");
  if (found.error) return { ok: false, errors: found.error };
  const e = found.existing;
  if (!e.videoKey && !e.videoUrl) {
    return {
      ok: false,
      errors: { form: "Add your video (an upload or a link) before sending the entry." },
    };
  }
  if (e.status !== "draft") return { ok: true, message: "Your entry is already with the judges." };
  await (
    await db()
  )
    .update(entry)
    .set({ status: "submitted", submittedAt: now, updatedAt: now })
    .where(eq(entry.id, e.id));
  return {
    ok: true,
    message: `Entry sent. You can still change it until ${formatWhen(ctx.competition.entriesCloseAt, ctx.zone)}.`,
  };
}
