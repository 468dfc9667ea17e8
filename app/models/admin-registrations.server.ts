import { and, asc, count, desc, eq, ilike, isNotNull, or, sql, type SQL } from "drizzle-orm";
import { db, type Db, type Tx } from "~db/client.server";
import { festivalRegistration, user, webinar, webinarRegistration } from "~db/schema";
import { REGISTRATION_FILTERS, type RegistrationFilter } from "~/lib/registration-query";
import type { Actor } from "./audit.server";
import type { Festival } from "./festival.server";
import {
  cancelInTransaction,
  giveSeatFromWaitlist,
  type CancelResult,
  type GiveSeatResult,
  type RegistrationStatus,
} from "./registration.server";

/**
 * The organisers' view of who registered: the festival's registrants and
 * each webinar's seats and waitlist, searched, filtered and a page at a
 * time; and the two things an organiser does to a registration (give a
 * waitlisted person a seat, cancel a place), each through the registration
 * model's own rules under the webinar's lock, audited in the same
 * transaction. Rows of deleted accounts (no person left) are counted but
 * not listed: there is nobody to show.
 */

export { REGISTRATION_FILTERS, type RegistrationFilter };

export interface RegistrationQuery {
  /** Words in the name, email or organisation (case-insensitive, taken literally). */
  q?: string;
  filter?: RegistrationFilter;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export const PAGE_SIZE = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string =>
  typeof value === "string" && UUID.test(value);

/** % and _ typed in a search box are letters, not wildcards. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function pageOf(query: RegistrationQuery) {
  const size = Math.min(Math.max(query.pageSize ?? PAGE_SIZE, 1), 500);
  const page = Math.max(Math.floor(query.page ?? 1), 1);
  return { size, page, offset: (page - 1) * size };
}

type Searchable = Parameters<typeof ilike>[0];

function searchCondition(q: string | undefined, columns: Searchable[]) {
  const words = q?.trim();
  if (!words) return undefined;
  const pattern = `%${escapeLike(words.slice(0, 200))}%`;
  return or(...columns.map((c) => ilike(c, pattern)));
}

/** Per person: their webinars in this festival by status, and how many they joined. */
function seatsPerPerson(conn: Db | Tx, festivalId: string) {
  const wr = webinarRegistration;
  return conn
    .select({
      userId: wr.userId,
      confirmed: sql<number>`count(*) filter (where ${wr.status} = 'confirmed')`
        .mapWith(Number)
        .as("confirmed"),
      waitlisted: sql<number>`count(*) filter (where ${wr.status} = 'waitlisted')`
        .mapWith(Number)
        .as("waitlisted"),
      cancelled: sql<number>`count(*) filter (where ${wr.status} = 'cancelled')`
        .mapWith(Number)
        .as("cancelled"),
      joined: sql<number>`count(${wr.joinedAt})`.mapWith(Number).as("joined"),
    })
    .from(wr)
    .innerJoin(webinar, eq(webinar.id, wr.webinarId))
    .where(and(eq(webinar.festivalId, festivalId), isNotNull(wr.userId)))
    .groupBy(wr.userId)
    .as("seats");
}

export interface FestivalRegistrant {
  userId: string;
  name: string;
  email: string;
  organisation: string;
  network: string;
  networkRole: string;
  country: string;
  timeZone: string | null;
  heardFrom: string;
  registeredAt: Date;
  privacyConsentAt: Date | null;
  marketingConsentAt: Date | null;
  /** Webinars where they hold a seat. */
  confirmed: number;
  waitlisted: number;
  cancelled: number;
  joined: number;
}

/** The columns, joins and conditions shared by the festival list, its count and its export. */
function festivalRegistrants(
  conn: Db | Tx,
  festivalId: string,
  query: Pick<RegistrationQuery, "q" | "filter">,
) {
  const seats = seatsPerPerson(conn, festivalId);
  const fr = festivalRegistration;
  const conditions: (SQL | undefined)[] = [
    eq(fr.festivalId, festivalId),
    searchCondition(query.q, [user.name, user.email, fr.organisation, user.organisation]),
  ];
  const filter = query.filter ?? "all";
  if (filter !== "all") conditions.push(sql`coalesce(${seats[filter]}, 0) > 0`);
  const columns = {
    registrationId: fr.id,
    userId: user.id,
    name: user.name,
    email: user.email,
    // The festival form's answer; the profile's when the form left it empty.
    organisation: sql<string>`coalesce(nullif(${fr.organisation}, ''), ${user.organisation})`,
    network: fr.network,
    networkRole: user.networkRole,
    country: user.country,
    timeZone: user.timeZone,
    heardFrom: fr.heardFrom,
    registeredAt: fr.createdAt,
    privacyConsentAt: user.privacyConsentAt,
    marketingConsentAt: user.marketingConsentAt,
    confirmed: sql<number>`coalesce(${seats.confirmed}, 0)`.mapWith(Number),
    waitlisted: sql<number>`coalesce(${seats.waitlisted}, 0)`.mapWith(Number),
    cancelled: sql<number>`coalesce(${seats.cancelled}, 0)`.mapWith(Number),
    joined: sql<number>`coalesce(${seats.joined}, 0)`.mapWith(Number),
    /** Exact position for keyset paging (a Date drops the microseconds). */
    cursor: sql<string>`${fr.createdAt}::text`,
  };
  return { seats, columns, where: and(...conditions) };
}

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pageCount: number;
}

/** The festival's registrants, newest first, a page at a time. */
export async function listFestivalRegistrants(
  festivalId: string,
  query: RegistrationQuery = {},
): Promise<Page<FestivalRegistrant>> {
  const conn = await db();
  const { size, page, offset } = pageOf(query);
  const { seats, columns, where } = festivalRegistrants(conn, festivalId, query);
  const fr = festivalRegistration;
  const [rows, [total]] = await Promise.all([
    conn
      .select(columns)
      .from(fr)
      .innerJoin(user, eq(user.id, fr.userId))
      .leftJoin(seats, eq(seats.userId, fr.userId))
      .where(where)
      .orderBy(desc(fr.createdAt), desc(fr.id))
      .limit(size)
      .offset(offset),
    conn
      .select({ n: count() })
      .from(fr)
      .innerJoin(user, eq(user.id, fr.userId))
      .leftJoin(seats, eq(seats.userId, fr.userId))
      .where(where),
  ]);
  const n = total?.n ?? 0;
  return {
    rows: rows.map(({ cursor: _cursor, registrationId: _id, ...row }) => row),
    total: n,
    page,
    pageCount: Math.max(Math.ceil(n / size), 1),
  };
}

/**
 * The same rows oldest first, `size` at a time after a keyset cursor: what
 * the CSV export reads, so no query ever holds more than one batch and no
 * transaction stays open while the file is written.
 */
export async function festivalRegistrantBatch(
  festivalId: string,
  query: Pick<RegistrationQuery, "q" | "filter">,
  after: { cursor: string; id: string } | null,
  size: number,
) {
  const conn = await db();
  const { seats, columns, where } = festivalRegistrants(conn, festivalId, query);
  const fr = festivalRegistration;
  const rows = await conn
    .select(columns)
    .from(fr)
    .innerJoin(user, eq(user.id, fr.userId))
    .leftJoin(seats, eq(seats.userId, fr.userId))
    .where(
      and(
        where,
        after
          ? sql`(${fr.createdAt}, ${fr.id}) > (${after.cursor}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(fr.createdAt), asc(fr.id))
    .limit(size);
  return rows;
}

export interface WebinarSummary {
  id: string;
  slug: string;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  status: "draft" | "published" | "cancelled";
  capacity: number | null;
  confirmed: number;
  waitlisted: number;
  cancelled: number;
  joined: number;
}

function webinarSummaries(conn: Db | Tx, festivalId: string, webinarId?: string) {
  const wr = webinarRegistration;
  return conn
    .select({
      id: webinar.id,
      slug: webinar.slug,
      title: webinar.title,
      startsAt: webinar.startsAt,
      durationMinutes: webinar.durationMinutes,
      status: webinar.status,
      capacity: webinar.capacity,
      confirmed: sql<number>`count(${wr.id}) filter (where ${wr.status} = 'confirmed')`.mapWith(
        Number,
      ),
      waitlisted: sql<number>`count(${wr.id}) filter (where ${wr.status} = 'waitlisted')`.mapWith(
        Number,
      ),
      cancelled: sql<number>`count(${wr.id}) filter (where ${wr.status} = 'cancelled')`.mapWith(
        Number,
      ),
      joined: sql<number>`count(${wr.joinedAt})`.mapWith(Number),
    })
    .from(webinar)
    .leftJoin(wr, eq(wr.webinarId, webinar.id))
    .where(
      and(eq(webinar.festivalId, festivalId), webinarId ? eq(webinar.id, webinarId) : undefined),
    )
    .groupBy(webinar.id)
    .orderBy(asc(webinar.startsAt), asc(webinar.title));
}

/** Every webinar of the festival with its seats taken, waitlist and attendance: the picker. */
export async function listWebinarsWithCounts(festivalId: string): Promise<WebinarSummary[]> {
  return webinarSummaries(await db(), festivalId);
}

/** One webinar of this festival with its counts, or null (unknown, another festival's, not a uuid). */
export async function getWebinarSummary(
  festivalId: string,
  webinarId: string,
): Promise<WebinarSummary | null> {
  if (!isUuid(webinarId)) return null;
  const [row] = await webinarSummaries(await db(), festivalId, webinarId);
  return row ?? null;
}

export interface WebinarRegistrant {
  registrationId: string;
  userId: string;
  name: string;
  email: string;
  organisation: string;
  country: string;
  timeZone: string | null;
  status: RegistrationStatus;
  /** 1 for the first waiting; null unless waitlisted. */
  position: number | null;
  registeredAt: Date;
  confirmedAt: Date | null;
  waitlistedAt: Date | null;
  cancelledAt: Date | null;
  joinedAt: Date | null;
  privacyConsentAt: Date | null;
  marketingConsentAt: Date | null;
}

function webinarRegistrants(
  webinarId: string,
  festivalId: string,
  query: Pick<RegistrationQuery, "q" | "filter">,
) {
  const wr = webinarRegistration;
  const fr = festivalRegistration;
  const conditions: (SQL | undefined)[] = [
    eq(wr.webinarId, webinarId),
    searchCondition(query.q, [user.name, user.email, user.organisation, fr.organisation]),
  ];
  const filter = query.filter ?? "all";
  if (filter === "joined") conditions.push(isNotNull(wr.joinedAt));
  else if (filter !== "all") conditions.push(eq(wr.status, filter));
  // Counted over the whole queue, so a search or a filter does not renumber it.
  const position = sql<number | null>`case when ${wr.status} = 'waitlisted' then (
      select count(*) from ${wr} as queue
      where queue.webinar_id = ${wr.webinarId} and queue.status = 'waitlisted'
        and queue.waitlist_number <= ${wr.waitlistNumber}
    ) end`.mapWith((v: unknown) => (v === null ? null : Number(v)));
  return {
    columns: {
      registrationId: wr.id,
      userId: user.id,
      name: user.name,
      email: user.email,
      organisation: sql<string>`coalesce(nullif(${fr.organisation}, ''), ${user.organisation})`,
      network: sql<string>`coalesce(${fr.network}, '')`,
      country: user.country,
      timeZone: user.timeZone,
      status: wr.status,
      position,
      registeredAt: wr.createdAt,
      confirmedAt: wr.confirmedAt,
      waitlistedAt: wr.waitlistedAt,
      cancelledAt: wr.cancelledAt,
      joinedAt: wr.joinedAt,
      privacyConsentAt: user.privacyConsentAt,
      marketingConsentAt: user.marketingConsentAt,
      cursor: sql<string>`${wr.createdAt}::text`,
    },
    where: and(...conditions),
    joinFestival: and(eq(fr.userId, wr.userId), eq(fr.festivalId, festivalId)),
  };
}

const statusOrder = sql`case ${webinarRegistration.status} when 'confirmed' then 0 when 'waitlisted' then 1 else 2 end`;

/** One webinar's registrations: seats, then the waitlist in order, then cancellations. */
export async function listWebinarRegistrations(
  festivalId: string,
  webinarId: string,
  query: RegistrationQuery = {},
): Promise<Page<WebinarRegistrant>> {
  const conn = await db();
  const { size, page, offset } = pageOf(query);
  const { columns, where, joinFestival } = webinarRegistrants(webinarId, festivalId, query);
  const wr = webinarRegistration;
  const [rows, [total]] = await Promise.all([
    conn
      .select(columns)
      .from(wr)
      .innerJoin(user, eq(user.id, wr.userId))
      .leftJoin(festivalRegistration, joinFestival)
      .where(where)
      .orderBy(statusOrder, asc(wr.waitlistNumber), asc(wr.createdAt), asc(wr.id))
      .limit(size)
      .offset(offset),
    conn
      .select({ n: count() })
      .from(wr)
      .innerJoin(user, eq(user.id, wr.userId))
      .leftJoin(festivalRegistration, joinFestival)
      .where(where),
  ]);
  const n = total?.n ?? 0;
  return {
    rows: rows.map(({ cursor: _cursor, network: _network, ...row }) => row),
    total: n,
    page,
    pageCount: Math.max(Math.ceil(n / size), 1),
  };
}

/** A batch of one webinar's registrations after a keyset cursor, in registration order (the export). */
export async function webinarRegistrationBatch(
  festivalId: string,
  webinarId: string,
  query: Pick<RegistrationQuery, "q" | "filter">,
  after: { cursor: string; id: string } | null,
  size: number,
) {
  const { columns, where, joinFestival } = webinarRegistrants(webinarId, festivalId, query);
  const wr = webinarRegistration;
  return (await db())
    .select(columns)
    .from(wr)
    .innerJoin(user, eq(user.id, wr.userId))
    .leftJoin(festivalRegistration, joinFestival)
    .where(
      and(
        where,
        after
          ? sql`(${wr.createdAt}, ${wr.id}) > (${after.cursor}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(wr.createdAt), asc(wr.id))
    .limit(size);
}

export interface OrganiserChange {
  festival: Festival;
  actor: Actor;
  appUrl: string;
  now?: Date;
}

/**
 * Gives a waitlisted person a seat. If the webinar is full this goes beyond
 * its capacity, which happens only when the organiser confirmed it
 * (`beyondCapacity`); otherwise the answer is "full" and nothing changes.
 */
export async function promoteFromWaitlist(
  webinarId: string,
  registrationId: string,
  change: OrganiserChange & { beyondCapacity: boolean },
): Promise<GiveSeatResult> {
  if (!isUuid(webinarId) || !isUuid(registrationId)) return { status: "not-found" };
  return (await db()).transaction((tx) =>
    giveSeatFromWaitlist(tx, webinarId, registrationId, change),
  );
}

/**
 * Cancels someone's seat or waitlist place for them. The registration
 * model does the work (the seat goes to the next person waiting, with
 * their email; the person gets a METHOD:CANCEL saying the organisers
 * cancelled) and writes the audit row in its transaction.
 */
export async function cancelAsOrganiser(
  webinarId: string,
  registrationId: string,
  change: OrganiserChange,
): Promise<CancelResult> {
  if (!isUuid(webinarId) || !isUuid(registrationId)) return { status: "not-found" };
  return (await db()).transaction(async (tx): Promise<CancelResult> => {
    const [found] = await tx
      .select({ userId: webinarRegistration.userId, slug: webinar.slug, status: webinar.status })
      .from(webinarRegistration)
      .innerJoin(webinar, eq(webinar.id, webinarRegistration.webinarId))
      .where(
        and(
          eq(webinarRegistration.id, registrationId),
          eq(webinarRegistration.webinarId, webinarId),
          eq(webinar.festivalId, change.festival.id),
          isNotNull(webinarRegistration.userId),
        ),
      );
    if (!found?.userId) return { status: "not-found" };
    if (found.status === "cancelled") {
      return {
        status: "unavailable",
        message: "This webinar was cancelled; everyone registered has already been told.",
      };
    }
    return cancelInTransaction(
      tx,
      found.userId,
      found.slug,
      { festival: change.festival, appUrl: change.appUrl, now: change.now },
      { actor: change.actor },
    );
  });
}
