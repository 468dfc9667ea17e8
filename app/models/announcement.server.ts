import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, lt, ne, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db, type Db, type Tx } from "~db/client.server";
import {
  auditLog,
  festivalRegistration,
  outbox,
  user,
  webinar,
  webinarRegistration,
  type OutboxMessage,
} from "~db/schema";
import { announcementEmail } from "~emails/announcement";
import { enqueueEmails, type QueuedEmail } from "~emails/outbox.server";
import type { FieldErrors } from "~/lib/form";
import { renderMarkdown } from "~/lib/markdown.server";
import { unsubscribeHeaders } from "~/lib/unsubscribe.server";
import { recordAudit, type Actor } from "./audit.server";
import { emailFestival } from "./email-data.server";
import type { Festival } from "./festival.server";

const announcementInput = z.object({
  subject: z
    .string()
    .trim()
    .min(1, "Give the message a subject.")
    .max(200, "Keep the subject under 200 characters."),
  body: z
    .string()
    .trim()
    .min(1, "Write the message.")
    .max(20_000, "Keep the message under 20,000 characters."),
  webinarId: z.string().uuid().nullable().default(null),
  /** For one webinar: its waitlist too (the default), or confirmed seats only. */
  waitlist: z.boolean().default(true),
  /**
   * Names this announcement, chosen when it is previewed: sending the same
   * one twice (a double click, a resubmitted form) queues nothing the second time.
   */
  announcementId: z.string().uuid().optional(),
});

export type AnnouncementInput = z.input<typeof announcementInput>;

/** Who an announcement goes to, as stored in its audit row and shown in the list. */
export type AudienceKind = "festival" | "webinar-confirmed" | "webinar-registered";

export type AnnounceResult =
  | { status: "queued"; announcementId: string; recipients: number; lastSendAt: Date }
  | { status: "already-sent"; announcementId: string; recipients: number }
  | { status: "invalid"; errors: FieldErrors }
  | { status: "not-found" };

/** Messages per minute an announcement is spread over, so the mail server and inboxes are not flooded. */
export const ANNOUNCEMENT_RATE_PER_MINUTE = 600;

export const AUDIT_ACTION = "announcement.send";

type Parsed = z.output<typeof announcementInput>;
type WebinarRef = { id: string; title: string; slug: string };

/** The subject and body checked as sending would check them, field by field (for a form). */
export function announcementErrors(input: { subject: string; body: string }): FieldErrors {
  const parsed = parse(input);
  return parsed.ok ? {} : parsed.errors;
}

function parse(input: unknown): { ok: true; data: Parsed } | { ok: false; errors: FieldErrors } {
  const parsed = announcementInput.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  return { ok: false, errors };
}

/** "everyone registered for the festival", "confirmed registrants of “Mapping networks”". */
export function describeAudience(kind: AudienceKind, webinarTitle: string | null): string {
  if (kind === "festival") return "everyone registered for the festival";
  const who = kind === "webinar-confirmed" ? "confirmed" : "confirmed and waitlisted";
  return `${who} registrants of “${webinarTitle ?? "a webinar"}”`;
}

const kindOf = (about: WebinarRef | null, waitlist: boolean): AudienceKind =>
  about ? (waitlist ? "webinar-registered" : "webinar-confirmed") : "festival";

async function findWebinar(
  conn: Db | Tx,
  festivalId: string,
  webinarId: string | null,
): Promise<WebinarRef | null | "not-found"> {
  if (!webinarId) return null;
  const [found] = await conn
    .select({ id: webinar.id, title: webinar.title, slug: webinar.slug })
    .from(webinar)
    .where(and(eq(webinar.id, webinarId), eq(webinar.festivalId, festivalId)));
  return found ?? "not-found";
}

/**
 * The people an audience covers, with their preference: one definition for
 * the count shown before sending and for the sending itself. A person on a
 * webinar appears once (one registration per person and webinar).
 */
function audienceRows(
  conn: Db | Tx,
  festivalId: string,
  about: WebinarRef | null,
  waitlist: boolean,
  extra?: SQL,
) {
  const columns = {
    id: user.id,
    email: user.email,
    name: user.name,
    wantsAnnouncements: user.emailAnnouncements,
  };
  if (about)
    return conn
      .select(columns)
      .from(webinarRegistration)
      .innerJoin(user, eq(user.id, webinarRegistration.userId))
      .where(
        and(
          eq(webinarRegistration.webinarId, about.id),
          inArray(
            webinarRegistration.status,
            waitlist ? ["confirmed", "waitlisted"] : ["confirmed"],
          ),
          extra,
        ),
      );
  return conn
    .select(columns)
    .from(festivalRegistration)
    .innerJoin(user, eq(user.id, festivalRegistration.userId))
    .where(and(eq(festivalRegistration.festivalId, festivalId), extra));
}

export interface AudienceCount {
  kind: AudienceKind;
  webinar: WebinarRef | null;
  /** Will get the message. */
  recipients: number;
  /** In the audience, but turned announcements off. */
  optedOut: number;
}

/** How many an announcement would reach, and how many it skips because they said no. */
export async function countAudience(
  festival: Pick<Festival, "id">,
  input: { webinarId: string | null; waitlist: boolean },
): Promise<AudienceCount | "not-found"> {
  const conn = await db();
  const about = await findWebinar(conn, festival.id, input.webinarId);
  if (about === "not-found") return about;
  const people = audienceRows(conn, festival.id, about, input.waitlist).as("people");
  const [counts] = await conn
    .select({
      recipients: sql<number>`count(*) filter (where ${people.wantsAnnouncements})`.mapWith(Number),
      optedOut: sql<number>`count(*) filter (where not ${people.wantsAnnouncements})`.mapWith(
        Number,
      ),
    })
    .from(people);
  return {
    kind: kindOf(about, input.waitlist),
    webinar: about,
    recipients: counts?.recipients ?? 0,
    optedOut: counts?.optedOut ?? 0,
  };
}

interface MessageContext {
  festival: Festival;
  appUrl: string;
}

function buildMessage(
  ctx: MessageContext,
  person: { id: string; name: string },
  content: { subject: string; body: string; html: string },
  about: WebinarRef | null,
): OutboxMessage {
  const { url, headers } = unsubscribeHeaders(ctx.appUrl, person.id, "announcements");
  return announcementEmail({
    appUrl: ctx.appUrl,
    festival: emailFestival(ctx.festival, ctx.appUrl),
    recipient: { name: person.name },
    subject: content.subject,
    body: { markdown: content.body, html: content.html },
    webinar: about,
    unsubscribeUrl: url,
    headers,
  });
}

export type PreviewResult =
  | { status: "ok"; message: OutboxMessage; audience: AudienceCount }
  | { status: "invalid"; errors: FieldErrors }
  | { status: "not-found" };

/**
 * The announcement exactly as a recipient would get it, made out to the
 * organiser who is writing it, with the number it would reach.
 */
export async function previewAnnouncement(
  input: unknown,
  ctx: MessageContext & { organiser: { id: string; name: string } },
): Promise<PreviewResult> {
  const parsed = parse(input);
  if (!parsed.ok) return { status: "invalid", errors: parsed.errors };
  const { subject, body, webinarId, waitlist } = parsed.data;
  const audience = await countAudience(ctx.festival, { webinarId, waitlist });
  if (audience === "not-found") return { status: "not-found" };
  const message = buildMessage(
    ctx,
    ctx.organiser,
    { subject, body, html: renderMarkdown(body) },
    audience.webinar,
  );
  return { status: "ok", message, audience };
}

/** Has this announcement been sent already? (Under the announcement's lock.) */
async function alreadySent(tx: Tx, festivalId: string, announcementId: string) {
  const [row] = await tx
    .select({ after: auditLog.after })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.festivalId, festivalId),
        eq(auditLog.action, AUDIT_ACTION),
        eq(auditLog.subjectId, announcementId),
      ),
    )
    .limit(1);
  return row ? Number(row.after?.recipients ?? 0) : null;
}

/**
 * An organiser's message to everyone registered for the festival, or for one
 * webinar (seats, and the waitlist unless left out): one personalised email
 * each, for people who have not turned announcements off, queued in one
 * transaction and spread over time at a fixed rate. The worker delivers
 * them like any other.
 *
 * With an `announcementId`, sending twice sends once: the second call finds
 * the first's audit row (both take the announcement's lock first, so two at
 * the same moment queue one set), and the dedupe keys refuse a second copy
 * to anyone. With an `actor`, the sending is audited in the same transaction.
 */
export async function announce(
  input: unknown,
  ctx: MessageContext & { now?: Date; ratePerMinute?: number; actor?: Actor },
): Promise<AnnounceResult> {
  const parsed = parse(input);
  if (!parsed.ok) return { status: "invalid", errors: parsed.errors };
  const { subject, body, webinarId, waitlist } = parsed.data;
  const announcementId = parsed.data.announcementId ?? randomUUID();
  const now = ctx.now ?? new Date();
  const rate = Math.max(1, ctx.ratePerMinute ?? ANNOUNCEMENT_RATE_PER_MINUTE);
  const conn = await db();

  const about = await findWebinar(conn, ctx.festival.id, webinarId);
  if (about === "not-found") return { status: "not-found" };
  const kind = kindOf(about, waitlist);
  const html = renderMarkdown(body);

  // Built before the transaction, which then only writes (PGlite has one connection to share).
  const audience = await audienceRows(conn, ctx.festival.id, about, waitlist);
  const people = audience.filter((p) => p.wantsAnnouncements);
  const optedOut = audience.length - people.length;
  const emails: QueuedEmail[] = people.map((p, i) => ({
    kind: "announcement",
    to: p.email,
    userId: p.id,
    webinarId: about?.id ?? null,
    dedupeKey: `announcement:${announcementId}:${p.id}`,
    sendAfter: new Date(now.getTime() + Math.floor(i / rate) * 60_000),
    message: buildMessage(ctx, p, { subject, body, html }, about),
  }));

  return conn.transaction(async (tx): Promise<AnnounceResult> => {
    // One sender per announcement at a time; a repeat waits here, then finds the first's row.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${announcementId}, 0))`);
    const sent = await alreadySent(tx, ctx.festival.id, announcementId);
    if (sent !== null) return { status: "already-sent", announcementId, recipients: sent };
    let queued = 0;
    // In slices: one statement per thousand keeps each insert a sensible size.
    for (let i = 0; i < emails.length; i += 1000)
      queued += await enqueueEmails(tx, emails.slice(i, i + 1000));
    // Without an audit row to find, the dedupe keys still tell a repeat.
    if (queued === 0 && emails.length > 0)
      return { status: "already-sent", announcementId, recipients: emails.length };

    const lastSendAt = emails.at(-1)?.sendAfter ?? now;
    if (ctx.actor) {
      await recordAudit(
        tx,
        ctx.actor,
        {
          festivalId: ctx.festival.id,
          action: AUDIT_ACTION,
          subjectType: "announcement",
          subjectId: announcementId,
          summary: `Announced “${subject}” to ${describeAudience(kind, about?.title ?? null)}: ${queued} ${queued === 1 ? "person" : "people"}${optedOut ? `, ${optedOut} opted out` : ""}`,
          after: {
            subject,
            audience: kind,
            webinarId: about?.id ?? null,
            webinarTitle: about?.title ?? null,
            recipients: queued,
            optedOut,
            lastSendAt,
          },
        },
        now,
      );
    }
    return { status: "queued", announcementId, recipients: queued, lastSendAt };
  });
}

export interface PastAnnouncement {
  id: string;
  sentAt: Date;
  by: string;
  subject: string;
  audience: AudienceKind;
  webinarTitle: string | null;
  recipients: number;
  optedOut: number;
  /** Where its messages are now. */
  delivered: number;
  waiting: number;
  failed: number;
}

/**
 * Announcements sent from the back office, newest first, a page at a time,
 * with how far their delivery has gone. The audit row is the announcement's
 * record (what, to whom, by whom, when); its outbox rows carry its id in
 * their dedupe key.
 */
export async function listAnnouncements(
  festivalId: string,
  options: { before?: Date; limit?: number } = {},
): Promise<PastAnnouncement[]> {
  const conn = await db();
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  const rows = await conn
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.festivalId, festivalId),
        eq(auditLog.action, AUDIT_ACTION),
        options.before && !Number.isNaN(options.before.getTime())
          ? lt(auditLog.createdAt, options.before)
          : undefined,
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
  const ids = rows.map((r) => r.subjectId).filter((id): id is string => !!id);
  const idOfKey = sql<string>`split_part(${outbox.dedupeKey}, ':', 2)`;
  const progress = ids.length
    ? await conn
        .select({ id: idOfKey, status: outbox.status, n: sql<number>`count(*)`.mapWith(Number) })
        .from(outbox)
        .where(and(eq(outbox.kind, "announcement"), inArray(idOfKey, ids)))
        .groupBy(sql`1`, outbox.status)
    : [];
  const tally = (id: string, status: "sent" | "pending" | "failed") =>
    progress.find((p) => p.id === id && p.status === status)?.n ?? 0;
  return rows.map((r) => {
    const after = r.after ?? {};
    const id = r.subjectId ?? r.id;
    const audience = String(after.audience ?? "festival");
    return {
      id,
      sentAt: r.createdAt,
      by: r.actorEmail,
      subject: String(after.subject ?? ""),
      audience: (["festival", "webinar-confirmed", "webinar-registered"].includes(audience)
        ? audience
        : "festival") as AudienceKind,
      webinarTitle: typeof after.webinarTitle === "string" ? after.webinarTitle : null,
      recipients: Number(after.recipients ?? 0),
      optedOut: Number(after.optedOut ?? 0),
      delivered: tally(id, "sent"),
      waiting: tally(id, "pending"),
      failed: tally(id, "failed"),
    };
  });
}

/** Webinars an announcement can go to: any but drafts (nobody can register for a draft). */
export async function announceableWebinars(festivalId: string) {
  return (await db())
    .select({
      id: webinar.id,
      title: webinar.title,
      startsAt: webinar.startsAt,
      durationMinutes: webinar.durationMinutes,
      status: webinar.status,
    })
    .from(webinar)
    .where(and(eq(webinar.festivalId, festivalId), ne(webinar.status, "draft")))
    .orderBy(webinar.startsAt, webinar.title);
}
