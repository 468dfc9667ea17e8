import { and, asc, count, eq, inArray, ne } from "drizzle-orm";
import { db, type Db, type Tx } from "~db/client.server";
import {
  facultyProfile,
  webinar,
  webinarHost,
  webinarRegistration,
  webinarSpeaker,
} from "~db/schema";
import type { FieldErrors } from "~/lib/form";
import { scheduleChanged } from "~/lib/schedule-events.server";
import { changedFields, recordAudit, type Actor } from "./audit.server";
import { recordSlugChange } from "./slug-redirect.server";
import type { Festival } from "./festival.server";
import { fillFreeSeats } from "./registration.server";
import type { WebinarDetailsInput, WebinarTimeInput } from "./webinar-input.server";
import { currentPeople, peopleNames, replacePeople } from "./webinar-people.server";

/**
 * The schedule editor's webinars: every status (drafts too), with the secret
 * join link, for organisers only (the routes check the role). Every change
 * writes its audit row in its own transaction. Changes of time and
 * cancellations go through schedule-changes.server.ts, which tells people.
 */

export type AdminWebinar = typeof webinar.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isWebinarId = (id: unknown): id is string => typeof id === "string" && UUID.test(id);

export interface Seats {
  confirmed: number;
  waitlisted: number;
}

export interface AdminWebinarSummary {
  id: string;
  slug: string;
  title: string;
  topic: string;
  status: AdminWebinar["status"];
  startsAt: Date;
  durationMinutes: number;
  capacity: number | null;
  hasJoinUrl: boolean;
  seats: Seats;
  hosts: string[];
}

export async function seatsByWebinar(conn: Db | Tx, ids: string[]) {
  const seats = new Map<string, Seats>();
  if (ids.length === 0) return seats;
  const rows = await conn
    .select({
      webinarId: webinarRegistration.webinarId,
      status: webinarRegistration.status,
      n: count(),
    })
    .from(webinarRegistration)
    .where(
      and(
        inArray(webinarRegistration.webinarId, ids),
        inArray(webinarRegistration.status, ["confirmed", "waitlisted"]),
      ),
    )
    .groupBy(webinarRegistration.webinarId, webinarRegistration.status);
  for (const row of rows) {
    const entry = seats.get(row.webinarId) ?? { confirmed: 0, waitlisted: 0 };
    if (row.status === "confirmed") entry.confirmed = row.n;
    else entry.waitlisted = row.n;
    seats.set(row.webinarId, entry);
  }
  return seats;
}

/** Every webinar of the festival in start order, drafts and cancelled ones included. */
export async function listAdminWebinars(festivalId: string): Promise<AdminWebinarSummary[]> {
  const conn = await db();
  const rows = await conn
    .select()
    .from(webinar)
    .where(eq(webinar.festivalId, festivalId))
    .orderBy(asc(webinar.startsAt), asc(webinar.title));
  const ids = rows.map((r) => r.id);
  const [seats, hosts] = await Promise.all([
    seatsByWebinar(conn, ids),
    ids.length
      ? conn
          .select({ webinarId: webinarHost.webinarId, name: facultyProfile.name })
          .from(webinarHost)
          .innerJoin(facultyProfile, eq(facultyProfile.id, webinarHost.facultyId))
          .where(inArray(webinarHost.webinarId, ids))
          .orderBy(asc(webinarHost.position))
      : Promise.resolve([]),
  ]);
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    title: r.title,
    topic: r.topic,
    status: r.status,
    startsAt: r.startsAt,
    durationMinutes: r.durationMinutes,
    capacity: r.capacity,
    hasJoinUrl: Boolean(r.joinUrl),
    seats: seats.get(r.id) ?? { confirmed: 0, waitlisted: 0 },
    hosts: hosts.filter((h) => h.webinarId === r.id).map((h) => h.name),
  }));
}

export interface WebinarForEdit {
  webinar: AdminWebinar;
  hostIds: string[];
  speakerIds: string[];
  seats: Seats;
}

/** One webinar of this festival for the edit page, or null (also for ids that are not uuids). */
export async function getWebinarForEdit(
  festivalId: string,
  id: string,
): Promise<WebinarForEdit | null> {
  if (!isWebinarId(id)) return null;
  const conn = await db();
  const [row] = await conn
    .select()
    .from(webinar)
    .where(and(eq(webinar.id, id), eq(webinar.festivalId, festivalId)));
  if (!row) return null;
  const [hosts, speakers, seats] = await Promise.all([
    conn
      .select({ id: webinarHost.facultyId })
      .from(webinarHost)
      .where(eq(webinarHost.webinarId, id))
      .orderBy(asc(webinarHost.position)),
    conn
      .select({ id: webinarSpeaker.speakerId })
      .from(webinarSpeaker)
      .where(eq(webinarSpeaker.webinarId, id))
      .orderBy(asc(webinarSpeaker.position)),
    seatsByWebinar(conn, [id]),
  ]);
  return {
    webinar: row,
    hostIds: hosts.map((h) => h.id),
    speakerIds: speakers.map((s) => s.id),
    seats: seats.get(id) ?? { confirmed: 0, waitlisted: 0 },
  };
}

export type SaveResult =
  | { status: "saved"; id: string; notes: string[] }
  | { status: "unchanged"; id: string }
  | { status: "invalid"; errors: FieldErrors }
  | { status: "not-found" };

export interface EditContext {
  festival: Festival;
  actor: Actor;
  appUrl: string;
  now?: Date;
}

async function slugTaken(tx: Tx, festivalId: string, slug: string, exceptId?: string) {
  const [row] = await tx
    .select({ id: webinar.id })
    .from(webinar)
    .where(
      and(
        eq(webinar.festivalId, festivalId),
        eq(webinar.slug, slug),
        exceptId ? ne(webinar.id, exceptId) : undefined,
      ),
    );
  return Boolean(row);
}

const SLUG_TAKEN = "Another webinar of this festival already uses this address. Choose another.";

/** Two saves racing for one slug: the loser's unique violation becomes the same message. */
function isSlugClash(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { code, constraint_name, constraint } = e as Record<string, unknown>;
    if (code === "23505" && (constraint_name ?? constraint) === "webinar_slug_key") return true;
    if (code === "23505" && String((e as Error).message).includes("webinar_slug_key")) return true;
  }
  return false;
}

/** A new webinar, always a draft: nobody sees it until it is published. */
export async function createDraftWebinar(
  details: WebinarDetailsInput,
  time: WebinarTimeInput,
  ctx: EditContext,
): Promise<SaveResult> {
  const now = ctx.now ?? new Date();
  try {
    const result = await (
      await db()
    ).transaction(async (tx): Promise<SaveResult> => {
      const people = await peopleNames(tx, ctx.festival.id, details.hostIds, details.speakerIds);
      const errors: FieldErrors = { ...people.errors };
      if (await slugTaken(tx, ctx.festival.id, details.slug)) errors.slug = SLUG_TAKEN;
      if (Object.keys(errors).length) return { status: "invalid", errors };
      const [row] = await tx
        .insert(webinar)
        .values({
          festivalId: ctx.festival.id,
          slug: details.slug,
          title: details.title,
          topic: details.topic,
          abstract: details.abstract,
          capacity: details.capacity,
          joinUrl: details.joinUrl,
          startsAt: time.startsAt,
          durationMinutes: time.durationMinutes,
          status: "draft",
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const created = row!;
      await replacePeople(tx, created.id, details.hostIds, details.speakerIds);
      await recordAudit(
        tx,
        ctx.actor,
        {
          festivalId: ctx.festival.id,
          action: "webinar.create",
          subjectType: "webinar",
          subjectId: created.id,
          summary: `Created the draft "${created.title}"`,
          after: {
            ...snapshot(created),
            hosts: people.hostNames,
            speakers: people.speakerNames,
          },
        },
        now,
      );
      return { status: "saved", id: created.id, notes: time.note ? [time.note] : [] };
    });
    if (result.status === "saved") scheduleChanged();
    return result;
  } catch (error) {
    if (isSlugClash(error)) return { status: "invalid", errors: { slug: SLUG_TAKEN } };
    throw error;
  }
}

/** What the audit log keeps of a webinar's editable fields. */
function snapshot(w: AdminWebinar) {
  return {
    title: w.title,
    slug: w.slug,
    topic: w.topic,
    abstract: w.abstract,
    capacity: w.capacity,
    joinUrl: w.joinUrl,
    startsAt: w.startsAt,
    durationMinutes: w.durationMinutes,
    status: w.status,
  };
}

const FIELD_WORDS: Record<string, string> = {
  title: "title",
  slug: "address",
  topic: "topic",
  abstract: "abstract",
  capacity: "capacity",
  joinUrl: "join link",
  hosts: "hosts",
  speakers: "guest speakers",
};

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Saves the words, address, capacity, join link and people of a webinar,
 * under its row lock (the lock every seat change takes), so the seat count
 * read here is the truth: capacity cannot go below the seats held, and a
 * raised capacity gives the new seats to the waitlist at once (each person
 * promoted is emailed, in this transaction).
 */
export async function saveWebinarDetails(
  id: string,
  details: WebinarDetailsInput,
  ctx: EditContext,
): Promise<SaveResult> {
  if (!isWebinarId(id)) return { status: "not-found" };
  const now = ctx.now ?? new Date();
  try {
    const result = await (
      await db()
    ).transaction(async (tx): Promise<SaveResult> => {
      const [locked] = await tx
        .select()
        .from(webinar)
        .where(and(eq(webinar.id, id), eq(webinar.festivalId, ctx.festival.id)))
        .for("update");
      if (!locked) return { status: "not-found" };
      const [people, seats, current] = await Promise.all([
        peopleNames(tx, ctx.festival.id, details.hostIds, details.speakerIds),
        seatsByWebinar(tx, [id]),
        currentPeople(tx, id),
      ]);
      const held = seats.get(id)?.confirmed ?? 0;
      const errors: FieldErrors = { ...people.errors };
      if (
        details.slug !== locked.slug &&
        (await slugTaken(tx, ctx.festival.id, details.slug, id))
      ) {
        errors.slug = SLUG_TAKEN;
      }
      if (details.capacity !== null && details.capacity < held) {
        errors.capacity =
          `${plural(held, "person holds a seat", "people hold seats")}, so the capacity cannot go ` +
          `below ${held}. Cancel registrations first, or keep at least ${held} seats.`;
      }
      if (Object.keys(errors).length) return { status: "invalid", errors };

      const before = {
        ...snapshot(locked),
        hosts: current.hostNames,
        speakers: current.speakerNames,
      };
      const next = {
        ...before,
        title: details.title,
        slug: details.slug,
        topic: details.topic,
        abstract: details.abstract,
        capacity: details.capacity,
        joinUrl: details.joinUrl,
        hosts: people.hostNames,
        speakers: people.speakerNames,
      };
      const diff = changedFields(before, next);
      if (!diff) return { status: "unchanged", id };

      const [row] = await tx
        .update(webinar)
        .set({
          title: details.title,
          slug: details.slug,
          topic: details.topic,
          abstract: details.abstract,
          capacity: details.capacity,
          joinUrl: details.joinUrl,
          updatedAt: now,
        })
        .where(eq(webinar.id, id))
        .returning();
      const updated = row!;
      const peopleChanged = "hosts" in diff.after || "speakers" in diff.after;
      if (peopleChanged) await replacePeople(tx, id, details.hostIds, details.speakerIds);

      const notes: string[] = [];
      const raised =
        locked.capacity !== null &&
        (details.capacity === null || details.capacity > locked.capacity);
      const promoted = raised
        ? await fillFreeSeats(tx, updated, { festival: ctx.festival, appUrl: ctx.appUrl, now })
        : 0;
      if (promoted > 0) {
        notes.push(
          `${plural(promoted, "person", "people")} moved off the waitlist into the new seats and will be emailed.`,
        );
      }
      if (details.slug !== locked.slug) {
        // Links already emailed, in calendars and shared keep working.
        await recordSlugChange(tx, {
          festivalId: ctx.festival.id,
          kind: "webinar",
          targetId: id,
          oldSlug: locked.slug,
          newSlug: details.slug,
        });
        if (locked.status !== "draft") {
          notes.push(
            `The address changed from /webinars/${locked.slug} to /webinars/${details.slug}. ` +
              "The old address now leads to the new one, so links already sent keep working.",
          );
        }
      }
      const fields = Object.keys(diff.after).map((k) => FIELD_WORDS[k] ?? k);
      await recordAudit(
        tx,
        ctx.actor,
        {
          festivalId: ctx.festival.id,
          action: "webinar.update",
          subjectType: "webinar",
          subjectId: id,
          summary:
            `Edited "${updated.title}": ${fields.join(", ")}` +
            (promoted
              ? `; ${plural(promoted, "person", "people")} promoted from the waitlist`
              : ""),
          before: diff.before,
          after: diff.after,
        },
        now,
      );
      return { status: "saved", id, notes };
    });
    if (result.status === "saved") scheduleChanged();
    return result;
  } catch (error) {
    if (isSlugClash(error)) return { status: "invalid", errors: { slug: SLUG_TAKEN } };
    throw error;
  }
}
