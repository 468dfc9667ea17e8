import { createHash } from "node:crypto";
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import { db, type Tx } from "~db/client.server";
import {
  facultyProfile,
  outbox,
  user,
  webinar,
  webinarHost,
  webinarRegistration,
} from "~db/schema";
import { enqueueEmails, type QueuedEmail } from "~emails/outbox.server";
import {
  recordingChangedEmail,
  recordingMissedEmail,
  recordingThanksEmail,
  type RecordingEmailData,
  type RelatedLink,
} from "~emails/recording";
import { scheduleChanged } from "~/lib/schedule-events.server";
import { endOf, formatRange } from "~/lib/time";
import { recordAudit, type Actor } from "./audit.server";
import type { Festival } from "./festival.server";
import { emailFestival } from "./email-data.server";

/** Longer than any real video link, short enough to keep rows and emails sane. */
export const RECORDING_URL_MAX_LENGTH = 2000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type RecordingUrlCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * Checks an address an organiser typed for a recording. Only http and https
 * (a javascript: or data: link in an email or page would be an attack), no
 * user name or password in it, and not absurdly long. The answer is the
 * parsed, normalised form, so "HTTPS://Video.example.org/x" and
 * "https://video.example.org/x" are the same recording. Never throws.
 */
export function checkRecordingUrl(input: unknown): RecordingUrlCheck {
  if (typeof input !== "string" || input.trim() === "") {
    return { ok: false, message: "Enter the address of the recording." };
  }
  const raw = input.trim();
  const tooLong = {
    ok: false,
    message: `The address is too long: at most ${RECORDING_URL_MAX_LENGTH} characters.`,
  } as const;
  if (raw.length > RECORDING_URL_MAX_LENGTH) return tooLong;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return {
      ok: false,
      message: "Enter a full web address starting with https://, e.g. https://video.example.org/…",
    };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return { ok: false, message: "The address must start with https:// (or http://)." };
  }
  if (!url.hostname) return { ok: false, message: "The address must name a website." };
  if (url.username || url.password) {
    return { ok: false, message: "The address must not contain a user name or password." };
  }
  // Normalising can only lengthen it (percent-encoding): check again.
  if (url.href.length > RECORDING_URL_MAX_LENGTH) return tooLong;
  return { ok: true, url: url.href };
}

export interface RecordingContext {
  festival: Festival;
  appUrl: string;
  now?: Date;
  /** The organiser publishing it: an audit row is written in the same transaction. */
  actor?: Actor;
}

export type PublishRecordingResult =
  | {
      status: "published";
      recordingUrl: string;
      /** first: nobody had a recording link; changed: it replaced another; unchanged: the same again. */
      change: "first" | "changed" | "unchanged";
      /** Messages queued now, by kind (0 each when unchanged). */
      queued: { thanks: number; missed: number; changed: number };
    }
  /** The address is unusable: `error` goes next to the field (as schedule-changes.server.ts does). */
  | { status: "invalid"; error: string }
  | { status: "unavailable"; message: string }
  | { status: "not-found" };

/** Short and fixed-length, so a dedupe key stays small however long the address. */
const urlKey = (url: string) => createHash("sha256").update(url).digest("hex").slice(0, 32);

export const recordingDedupeKey = (webinarId: string, registrationId: string, url: string) =>
  `recording:${webinarId}:${registrationId}:${urlKey(url)}`;

export const recordingChangedDedupeKey = (webinarId: string, registrationId: string, url: string) =>
  `recording-changed:${webinarId}:${registrationId}:${urlKey(url)}`;

export const certificatePath = (slug: string) => `/me/certificates/${slug}.pdf`;

/** Bounds every IN list and multi-row insert well under PostgreSQL's parameter limit. */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Registrations that were already sent (or are about to be sent) a link to this address. */
async function toldAbout(
  tx: Tx,
  webinarId: string,
  registrationIds: readonly string[],
  url: string,
): Promise<Set<string>> {
  const told = new Set<string>();
  for (const ids of chunks(registrationIds)) {
    const keys = new Map<string, string>();
    for (const id of ids) {
      keys.set(recordingDedupeKey(webinarId, id, url), id);
      keys.set(recordingChangedDedupeKey(webinarId, id, url), id);
    }
    const rows = await tx
      .select({ key: outbox.dedupeKey })
      .from(outbox)
      .where(and(inArray(outbox.dedupeKey, [...keys.keys()]), ne(outbox.status, "failed")));
    for (const row of rows) told.add(keys.get(row.key)!);
  }
  return told;
}

/**
 * Publishes a webinar's recording and tells its confirmed registrants, all in
 * one transaction under the webinar's row lock, so the address and the
 * messages exist together or not at all. Those who joined are thanked (with
 * their certificate and more from the hosts); those who did not are sent the
 * recording with a "sorry we missed you". Waitlisted and cancelled places
 * get nothing, and neither do deleted accounts (their rows have no person).
 *
 * Publishing the same address again sends nothing (each message's dedupe key
 * names the webinar, the registration and the address). Changing the address
 * later sends a short "the recording has moved" to everyone who was told
 * about the old one (their old link may be dead), and the full message to
 * anyone who was not (e.g. the address was first set without emails, or the
 * first message failed for good). We chose a separate short message over
 * sending the full one again: they have already been thanked, and a second
 * thank-you reads as a mistake.
 *
 * Bad input (an address that is not http(s), too long, empty; an unknown
 * webinar) gives a result with a clear message and changes nothing.
 */
export async function publishRecording(
  webinarId: string,
  recordingUrl: unknown,
  ctx: RecordingContext,
): Promise<PublishRecordingResult> {
  const checked = checkRecordingUrl(recordingUrl);
  if (!checked.ok) return { status: "invalid", error: checked.message };
  if (typeof webinarId !== "string" || !UUID.test(webinarId)) return { status: "not-found" };
  const url = checked.url;
  const now = ctx.now ?? new Date();
  const result = await (
    await db()
  ).transaction(async (tx): Promise<PublishRecordingResult> => {
    const [w] = await tx
      .select({
        id: webinar.id,
        slug: webinar.slug,
        title: webinar.title,
        status: webinar.status,
        startsAt: webinar.startsAt,
        durationMinutes: webinar.durationMinutes,
        recordingUrl: webinar.recordingUrl,
      })
      .from(webinar)
      .where(and(eq(webinar.id, webinarId), eq(webinar.festivalId, ctx.festival.id)))
      .for("update");
    if (!w) return { status: "not-found" };
    if (w.status === "draft") {
      return {
        status: "unavailable",
        message: "This webinar is a draft and has not taken place, so it has no recording yet.",
      };
    }
    if (w.status === "cancelled") {
      return {
        status: "unavailable",
        message: "This webinar was cancelled, so it has no recording.",
      };
    }
    const endsAt = endOf(w.startsAt, w.durationMinutes);
    if (endsAt > now) {
      const when = formatRange(w.startsAt, w.durationMinutes, ctx.festival.timeZone).text;
      return {
        status: "unavailable",
        message: `This webinar has not finished yet (${when}). Publish the recording once it has ended: registrants who have not joined yet would otherwise be told they missed it.`,
      };
    }
    const none = { thanks: 0, missed: 0, changed: 0 };
    if (w.recordingUrl === url) {
      return { status: "published", recordingUrl: url, change: "unchanged", queued: none };
    }
    const previous = w.recordingUrl;

    const [, registrants, hosts] = await Promise.all([
      tx.update(webinar).set({ recordingUrl: url, updatedAt: now }).where(eq(webinar.id, w.id)),
      // The inner join leaves out rows whose person deleted their account.
      tx
        .select({
          id: webinarRegistration.id,
          userId: user.id,
          joinedAt: webinarRegistration.joinedAt,
          email: user.email,
          name: user.name,
          timeZone: user.timeZone,
        })
        .from(webinarRegistration)
        .innerJoin(user, eq(user.id, webinarRegistration.userId))
        .where(
          and(eq(webinarRegistration.webinarId, w.id), eq(webinarRegistration.status, "confirmed")),
        )
        .orderBy(asc(webinarRegistration.createdAt)),
      tx
        .select({ slug: facultyProfile.slug, name: facultyProfile.name })
        .from(webinarHost)
        .innerJoin(facultyProfile, eq(facultyProfile.id, webinarHost.facultyId))
        .where(eq(webinarHost.webinarId, w.id))
        .orderBy(asc(webinarHost.position), asc(facultyProfile.name)),
    ]);

    const told = previous
      ? await toldAbout(
          tx,
          w.id,
          registrants.map((r) => r.id),
          previous,
        )
      : new Set<string>();
    const hostLinks: RelatedLink[] = hosts.map((h) => ({
      title: h.name,
      url: `${ctx.appUrl}/faculty/${h.slug}`,
    }));
    const certificateUrl = `${ctx.appUrl}${certificatePath(w.slug)}`;
    const emails: QueuedEmail[] = registrants.map((r) => {
      const data: RecordingEmailData = {
        appUrl: ctx.appUrl,
        festival: emailFestival(ctx.festival, ctx.appUrl),
        recipient: { email: r.email, name: r.name, timeZone: r.timeZone },
        webinar: {
          slug: w.slug,
          title: w.title,
          startsAt: w.startsAt,
          durationMinutes: w.durationMinutes,
        },
        recordingUrl: url,
      };
      const about = { to: r.email, userId: r.userId, webinarId: w.id };
      const joined = r.joinedAt !== null;
      if (told.has(r.id)) {
        return {
          ...about,
          kind: "recording-changed",
          dedupeKey: recordingChangedDedupeKey(w.id, r.id, url),
          message: recordingChangedEmail({
            ...data,
            certificateUrl: joined ? certificateUrl : null,
          }),
        };
      }
      if (joined) {
        return {
          ...about,
          kind: "recording-thanks",
          dedupeKey: recordingDedupeKey(w.id, r.id, url),
          message: recordingThanksEmail({ ...data, certificateUrl, hosts: hostLinks }),
        };
      }
      return {
        ...about,
        kind: "recording-missed",
        dedupeKey: recordingDedupeKey(w.id, r.id, url),
        message: recordingMissedEmail(data),
      };
    });
    // Counted as inserted: a message whose key was already used is not sent again.
    const queued = { ...none };
    const counter = {
      "recording-thanks": "thanks",
      "recording-missed": "missed",
      "recording-changed": "changed",
    } as const;
    for (const kind of Object.keys(counter) as (keyof typeof counter)[]) {
      for (const batch of chunks(emails.filter((e) => e.kind === kind))) {
        queued[counter[kind]] += await enqueueEmails(tx, batch);
      }
    }
    if (ctx.actor) {
      const sent = queued.thanks + queued.missed + queued.changed;
      await recordAudit(
        tx,
        ctx.actor,
        {
          festivalId: ctx.festival.id,
          action: "webinar.recording",
          subjectType: "webinar",
          subjectId: w.id,
          summary: `${previous ? "Changed the recording link of" : "Published the recording of"} "${w.title}"; ${sent === 1 ? "1 email" : `${sent} emails`} queued`,
          before: { recordingUrl: previous },
          after: { recordingUrl: url },
        },
        now,
      );
    }
    return {
      status: "published",
      recordingUrl: url,
      change: previous ? "changed" : "first",
      queued,
    };
  });
  // Public pages show "recording available": drop this process's caches once committed.
  if (result.status === "published" && result.change !== "unchanged") scheduleChanged();
  return result;
}
