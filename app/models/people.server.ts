import { and, asc, count, eq, ilike, ne, notIlike, or, sql } from "drizzle-orm";
import { db, type Tx } from "~db/client.server";
import { facultyProfile, user } from "~db/schema";
import { REMOVED_EMAIL_PATTERN } from "~/lib/removed-person";
import { exportAccount } from "./account.server";
import { recordAudit, type Actor } from "./audit.server";
import type { Festival } from "./festival.server";
import { resetSecondFactor } from "./second-factor.server";

/**
 * The people behind the back office's People page: finding someone, the
 * organiser and faculty roles, resetting a lost authenticator, and showing
 * everything held about a person when they ask (data subject access). Every
 * change is audited in its own transaction.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface PersonRow {
  id: string;
  name: string;
  email: string;
  isOrganiser: boolean;
  isFaculty: boolean;
  authenticator: boolean;
  createdAt: Date;
}

const personColumns = {
  id: user.id,
  name: user.name,
  email: user.email,
  isOrganiser: user.isOrganiser,
  isFaculty: user.isFaculty,
  authenticator: sql<boolean>`${user.totpEnabledAt} is not null`,
  createdAt: user.createdAt,
};

export const PEOPLE_PAGE = 50;

/** People whose name or email contains the words (case-insensitive, % and _ taken literally), placeholders of removed people left out. */
export async function searchPeople(
  q: string,
  page = 1,
): Promise<{ rows: PersonRow[]; total: number; page: number; pageCount: number }> {
  const conn = await db();
  const words = q.trim().slice(0, 200);
  const pattern = `%${escapeLike(words)}%`;
  // Placeholders left by the retention job keep counts right; they are nobody to find.
  const where = and(
    notIlike(user.email, REMOVED_EMAIL_PATTERN),
    words ? or(ilike(user.name, pattern), ilike(user.email, pattern)) : undefined,
  );
  const current = Math.max(Math.floor(page), 1);
  const [rows, [total]] = await Promise.all([
    conn
      .select(personColumns)
      .from(user)
      .where(where)
      .orderBy(asc(user.name), asc(user.email))
      .limit(PEOPLE_PAGE)
      .offset((current - 1) * PEOPLE_PAGE),
    conn.select({ n: count() }).from(user).where(where),
  ]);
  const n = total?.n ?? 0;
  return { rows, total: n, page: current, pageCount: Math.max(Math.ceil(n / PEOPLE_PAGE), 1) };
}

export async function listOrganisers(): Promise<PersonRow[]> {
  return (await db())
    .select(personColumns)
    .from(user)
    .where(eq(user.isOrganiser, true))
    .orderBy(asc(user.name), asc(user.email));
}

export async function listFacultyMembers(festivalId: string) {
  return (await db())
    .select({ ...personColumns, slug: facultyProfile.slug })
    .from(user)
    .leftJoin(
      facultyProfile,
      and(eq(facultyProfile.userId, user.id), eq(facultyProfile.festivalId, festivalId)),
    )
    .where(eq(user.isFaculty, true))
    .orderBy(asc(user.name), asc(user.email));
}

export interface RoleContext {
  festival: Festival;
  actor: Actor;
  now?: Date;
}

export type RoleResult =
  | { status: "changed"; email: string }
  | { status: "unchanged"; email: string }
  | { status: "last-organiser" }
  | { status: "not-allowed"; message: string }
  | { status: "not-found" };

/**
 * Every change to who is an organiser takes this one lock first, so two
 * organisers removing each other at the same moment are served one after
 * the other: the second sees the first's change and is refused if it would
 * leave nobody. (A guarded UPDATE alone is not enough: each statement would
 * see the other person still an organiser in its own snapshot.)
 */
const ORGANISERS_LOCK = 7_243_001;

async function lockOrganisers(tx: Tx) {
  await tx.execute(sql`select pg_advisory_xact_lock(${ORGANISERS_LOCK})`);
}

async function target(tx: Tx, userId: string) {
  if (!UUID.test(userId)) return null;
  const [row] = await tx
    .select({
      id: user.id,
      email: user.email,
      isOrganiser: user.isOrganiser,
      isFaculty: user.isFaculty,
    })
    .from(user)
    .where(eq(user.id, userId));
  return row ?? null;
}

async function audit(
  tx: Tx,
  ctx: RoleContext,
  userId: string,
  action: string,
  summary: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
) {
  await recordAudit(
    tx,
    ctx.actor,
    {
      festivalId: ctx.festival.id,
      action,
      subjectType: "user",
      subjectId: userId,
      summary,
      before,
      after,
    },
    ctx.now,
  );
}

/** Makes someone an organiser; they enrol an authenticator on their first visit to /admin. */
export async function grantOrganiser(userId: string, ctx: RoleContext): Promise<RoleResult> {
  return (await db()).transaction(async (tx): Promise<RoleResult> => {
    await lockOrganisers(tx);
    const person = await target(tx, userId);
    if (!person) return { status: "not-found" };
    if (person.isOrganiser) return { status: "unchanged", email: person.email };
    await tx
      .update(user)
      .set({ isOrganiser: true, updatedAt: ctx.now ?? new Date() })
      .where(eq(user.id, person.id));
    await audit(
      tx,
      ctx,
      person.id,
      "role.grant",
      `Made ${person.email} an organiser`,
      { isOrganiser: false },
      { isOrganiser: true },
    );
    return { status: "changed", email: person.email };
  });
}

/**
 * Takes the organiser role from someone, never from the last organiser.
 * Under the lock the count is the truth, and the one asking must still be
 * an organiser themselves (someone may have just removed them).
 */
export async function removeOrganiser(userId: string, ctx: RoleContext): Promise<RoleResult> {
  return (await db()).transaction(async (tx): Promise<RoleResult> => {
    await lockOrganisers(tx);
    const person = await target(tx, userId);
    if (!person) return { status: "not-found" };
    if (!person.isOrganiser) return { status: "unchanged", email: person.email };
    const [asking] = await tx
      .select({ isOrganiser: user.isOrganiser })
      .from(user)
      .where(eq(user.id, ctx.actor.id));
    if (!asking?.isOrganiser) {
      return { status: "not-allowed", message: "You are no longer an organiser." };
    }
    const [others] = await tx
      .select({ n: count() })
      .from(user)
      .where(and(eq(user.isOrganiser, true), ne(user.id, person.id)));
    if ((others?.n ?? 0) === 0) return { status: "last-organiser" };
    await tx
      .update(user)
      .set({ isOrganiser: false, updatedAt: ctx.now ?? new Date() })
      .where(eq(user.id, person.id));
    await audit(
      tx,
      ctx,
      person.id,
      "role.remove",
      person.id === ctx.actor.id
        ? `${person.email} gave up the organiser role`
        : `Removed the organiser role from ${person.email}`,
      { isOrganiser: true },
      { isOrganiser: false },
    );
    return { status: "changed", email: person.email };
  });
}

/**
 * Takes the faculty role away: they can no longer edit a faculty profile.
 * Their public profile stays (it may be a webinar's host); only the role goes.
 */
export async function removeFaculty(userId: string, ctx: RoleContext): Promise<RoleResult> {
  return (await db()).transaction(async (tx): Promise<RoleResult> => {
    const person = await target(tx, userId);
    if (!person) return { status: "not-found" };
    if (!person.isFaculty) return { status: "unchanged", email: person.email };
    await tx
      .update(user)
      .set({ isFaculty: false, updatedAt: ctx.now ?? new Date() })
      .where(eq(user.id, person.id));
    await audit(
      tx,
      ctx,
      person.id,
      "role.remove",
      `Removed the faculty role from ${person.email}`,
      { isFaculty: true },
      { isFaculty: false },
    );
    return { status: "changed", email: person.email };
  });
}

/**
 * Clears another organiser's authenticator when they lost it and their
 * recovery codes: they enrol a new one at their next visit. Not one's own:
 * whoever is signed in here has just used theirs.
 */
export async function resetAuthenticator(userId: string, ctx: RoleContext): Promise<RoleResult> {
  if (!UUID.test(userId)) return { status: "not-found" };
  if (userId === ctx.actor.id) {
    return {
      status: "not-allowed",
      message:
        "You cannot reset your own authenticator here. Make new recovery codes on the Security page, or ask another organiser.",
    };
  }
  const [person] = await (
    await db()
  )
    .select({ email: user.email, enrolled: sql<boolean>`${user.totpEnabledAt} is not null` })
    .from(user)
    .where(eq(user.id, userId));
  if (!person) return { status: "not-found" };
  if (!person.enrolled) return { status: "unchanged", email: person.email };
  const done = await resetSecondFactor(userId, { actor: ctx.actor, festivalId: ctx.festival.id });
  return done ? { status: "changed", email: person.email } : { status: "not-found" };
}

export type PersonData = NonNullable<Awaited<ReturnType<typeof exportAccount>>>;

/**
 * Everything held about a person, as they would download it themselves
 * (the same export), for an organiser answering a data subject access
 * request. Looking is recorded: the audit log says who viewed whose data.
 */
export async function viewPersonData(
  userId: string,
  ctx: RoleContext & { purpose: "view" | "download" },
): Promise<{ data: PersonData; authenticator: boolean } | null> {
  if (!UUID.test(userId)) return null;
  const data = await exportAccount(userId);
  if (!data) return null;
  const conn = await db();
  const [extra] = await conn
    .select({ authenticator: sql<boolean>`${user.totpEnabledAt} is not null` })
    .from(user)
    .where(eq(user.id, userId));
  const who = data.profile.name
    ? `${data.profile.name} <${data.profile.email}>`
    : data.profile.email;
  await recordAudit(
    conn,
    ctx.actor,
    {
      festivalId: ctx.festival.id,
      action: ctx.purpose === "view" ? "person.view-data" : "person.download-data",
      subjectType: "user",
      subjectId: userId,
      summary: ctx.purpose === "view" ? `Viewed ${who}'s data` : `Downloaded ${who}'s data as JSON`,
    },
    ctx.now,
  );
  return { data, authenticator: extra?.authenticator ?? false };
}
