import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { db, type Tx } from "~db/client.server";
import { facultyInvite, facultyProfile, user } from "~db/schema";
import { facultyInviteEmail } from "~emails/faculty-invite";
import { enqueueEmails } from "~emails/outbox.server";
import { parseForm, text, type FieldErrors } from "~/lib/form";
import { scheduleChanged } from "~/lib/schedule-events.server";
import { slugify } from "~/lib/slug";
import { recordAudit, type Actor } from "./audit.server";
import { emailFestival } from "./email-data.server";
import type { Festival } from "./festival.server";

/**
 * Inviting someone to the faculty: an organiser names an address, the person
 * gets a single-use link (256 random bits; only its SHA-256 is stored) valid
 * for 14 days, and accepting it, signed in with that same address, gives
 * them the faculty role and a profile to complete. Re-sending makes a new
 * link (the old one stops working: we cannot send what we do not keep).
 */

export const INVITE_DAYS = 14;

const hash = (token: string) => createHash("sha256").update(token).digest("hex");
const newToken = () => randomBytes(32).toString("base64url");
/** A token as we make them: 43 base64url characters. Anything else names no invitation. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const invitePath = (token: string) => `/faculty-invite/${token}`;

export interface InviteContext {
  festival: Festival;
  actor: Actor;
  appUrl: string;
  now?: Date;
}

const inviteForm = z.object({
  email: z
    .string()
    .optional()
    .transform((v) => (v ?? "").trim().toLowerCase())
    .pipe(
      z
        .string()
        .min(1, "Enter the address to invite.")
        .max(254, "That address is too long.")
        .pipe(z.email("Enter an email address like name@example.org.")),
    ),
  name: text("name", 200),
});

export type InviteResult =
  | { status: "invited"; id: string }
  | { status: "invalid"; errors: FieldErrors; values: Record<string, string> };

async function queueInvite(
  tx: Tx,
  invite: { id: string; email: string; name: string },
  token: string,
  expiresAt: Date,
  ctx: InviteContext,
) {
  await enqueueEmails(tx, [
    {
      kind: "faculty-invite",
      to: invite.email,
      // Each sending has its own token, so its own key.
      dedupeKey: `faculty-invite:${invite.id}:${hash(token).slice(0, 16)}`,
      sendAfter: ctx.now,
      message: facultyInviteEmail({
        festival: emailFestival(ctx.festival, ctx.appUrl),
        recipientName: invite.name,
        invitedBy: ctx.actor.email,
        link: `${ctx.appUrl}${invitePath(token)}`,
        expiresAt,
      }),
    },
  ]);
}

/** Invites an address to the faculty: the row, the email and the audit line in one transaction. */
export async function inviteFaculty(form: FormData, ctx: InviteContext): Promise<InviteResult> {
  const now = ctx.now ?? new Date();
  const parsed = parseForm(inviteForm, form);
  if (!parsed.ok) return { status: "invalid", errors: parsed.errors, values: parsed.values };
  const { email, name } = parsed.data;
  const values = { email, name };
  return (await db()).transaction(async (tx): Promise<InviteResult> => {
    const [already] = await tx
      .select({ slug: facultyProfile.slug })
      .from(facultyProfile)
      .innerJoin(user, eq(user.id, facultyProfile.userId))
      .where(
        and(
          eq(facultyProfile.festivalId, ctx.festival.id),
          eq(sql`lower(${user.email})`, email),
          eq(user.isFaculty, true),
        ),
      );
    if (already) {
      return {
        status: "invalid",
        errors: { email: `${email} is already on the faculty.` },
        values,
      };
    }
    const [waiting] = await tx
      .select({ id: facultyInvite.id })
      .from(facultyInvite)
      .where(
        and(
          eq(facultyInvite.festivalId, ctx.festival.id),
          eq(facultyInvite.email, email),
          isNull(facultyInvite.acceptedAt),
        ),
      );
    if (waiting) {
      return {
        status: "invalid",
        errors: {
          email: `${email} has an invitation already. Send it again from the list of invitations.`,
        },
        values,
      };
    }
    const token = newToken();
    const expiresAt = new Date(now.getTime() + INVITE_DAYS * 86_400_000);
    const [row] = await tx
      .insert(facultyInvite)
      .values({
        festivalId: ctx.festival.id,
        email,
        name,
        tokenHash: hash(token),
        invitedBy: ctx.actor.id,
        expiresAt,
        createdAt: now,
      })
      .returning({ id: facultyInvite.id });
    await queueInvite(tx, { id: row!.id, email, name }, token, expiresAt, { ...ctx, now });
    await recordAudit(
      tx,
      ctx.actor,
      {
        festivalId: ctx.festival.id,
        action: "faculty.invite",
        subjectType: "faculty_invite",
        subjectId: row!.id,
        summary: `Invited ${name ? `${name} <${email}>` : email} to the faculty`,
        after: { email, name, expiresAt },
      },
      now,
    );
    return { status: "invited", id: row!.id };
  });
}

export type InviteChange = { status: "done"; email: string } | { status: "not-found" };

async function pendingInvite(tx: Tx, festivalId: string, inviteId: string) {
  if (!UUID.test(inviteId)) return null;
  const [row] = await tx
    .select()
    .from(facultyInvite)
    .where(
      and(
        eq(facultyInvite.id, inviteId),
        eq(facultyInvite.festivalId, festivalId),
        isNull(facultyInvite.acceptedAt),
      ),
    )
    .for("update");
  return row ?? null;
}

/** Sends an invitation again with a new link and a fresh 14 days; the old link stops working. */
export async function resendInvite(inviteId: string, ctx: InviteContext): Promise<InviteChange> {
  const now = ctx.now ?? new Date();
  return (await db()).transaction(async (tx): Promise<InviteChange> => {
    const invite = await pendingInvite(tx, ctx.festival.id, inviteId);
    if (!invite) return { status: "not-found" };
    const token = newToken();
    const expiresAt = new Date(now.getTime() + INVITE_DAYS * 86_400_000);
    await tx
      .update(facultyInvite)
      .set({ tokenHash: hash(token), expiresAt })
      .where(eq(facultyInvite.id, invite.id));
    await queueInvite(tx, invite, token, expiresAt, { ...ctx, now });
    await recordAudit(
      tx,
      ctx.actor,
      {
        festivalId: ctx.festival.id,
        action: "faculty.invite-resend",
        subjectType: "faculty_invite",
        subjectId: invite.id,
        summary: `Sent the faculty invitation to ${invite.email} again (a new link; the old one no longer works)`,
        before: { expiresAt: invite.expiresAt },
        after: { expiresAt },
      },
      now,
    );
    return { status: "done", email: invite.email };
  });
}

/** Withdraws an invitation not yet accepted: its link stops working. The audit log remembers it. */
export async function revokeInvite(inviteId: string, ctx: InviteContext): Promise<InviteChange> {
  return (await db()).transaction(async (tx): Promise<InviteChange> => {
    const invite = await pendingInvite(tx, ctx.festival.id, inviteId);
    if (!invite) return { status: "not-found" };
    await tx.delete(facultyInvite).where(eq(facultyInvite.id, invite.id));
    await recordAudit(
      tx,
      ctx.actor,
      {
        festivalId: ctx.festival.id,
        action: "faculty.invite-revoke",
        subjectType: "faculty_invite",
        subjectId: invite.id,
        summary: `Withdrew the faculty invitation to ${invite.email}`,
        before: { email: invite.email, name: invite.name, expiresAt: invite.expiresAt },
      },
      ctx.now,
    );
    return { status: "done", email: invite.email };
  });
}

export interface InviteListing {
  id: string;
  email: string;
  name: string;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  expired: boolean;
  acceptedAt: Date | null;
  acceptedBy: string | null;
}

/** Invitations waiting (oldest first, expired ones marked) and the latest accepted. */
export async function listInvites(
  festivalId: string,
  now = new Date(),
): Promise<{ pending: InviteListing[]; accepted: InviteListing[] }> {
  const conn = await db();
  const inviter = sql<
    string | null
  >`(select email from ${user} where ${user.id} = ${facultyInvite.invitedBy})`;
  const accepter = sql<
    string | null
  >`(select email from ${user} where ${user.id} = ${facultyInvite.acceptedBy})`;
  const columns = {
    id: facultyInvite.id,
    email: facultyInvite.email,
    name: facultyInvite.name,
    invitedBy: inviter,
    createdAt: facultyInvite.createdAt,
    expiresAt: facultyInvite.expiresAt,
    acceptedAt: facultyInvite.acceptedAt,
    acceptedBy: accepter,
  };
  const [pending, accepted] = await Promise.all([
    conn
      .select(columns)
      .from(facultyInvite)
      .where(and(eq(facultyInvite.festivalId, festivalId), isNull(facultyInvite.acceptedAt)))
      .orderBy(facultyInvite.createdAt),
    conn
      .select(columns)
      .from(facultyInvite)
      .where(and(eq(facultyInvite.festivalId, festivalId), isNotNull(facultyInvite.acceptedAt)))
      .orderBy(desc(facultyInvite.acceptedAt))
      .limit(50),
  ]);
  const mark = (r: Omit<InviteListing, "expired">) => ({ ...r, expired: r.expiresAt <= now });
  return { pending: pending.map(mark), accepted: accepted.map(mark) };
}

export type InviteLookup =
  | { status: "valid" | "expired"; email: string; name: string; festivalName: string }
  | { status: "used"; email: string; festivalName: string; acceptedBy: string | null }
  | { status: "unknown" };

/** What the acceptance page says about a link, without using it. */
export async function lookupInvite(
  token: string,
  festival: Festival,
  now = new Date(),
): Promise<InviteLookup> {
  if (!TOKEN.test(token)) return { status: "unknown" };
  const [row] = await (
    await db()
  )
    .select()
    .from(facultyInvite)
    .where(
      and(eq(facultyInvite.tokenHash, hash(token)), eq(facultyInvite.festivalId, festival.id)),
    );
  if (!row) return { status: "unknown" };
  if (row.acceptedAt) {
    return {
      status: "used",
      email: row.email,
      festivalName: festival.name,
      acceptedBy: row.acceptedBy,
    };
  }
  return {
    status: row.expiresAt <= now ? "expired" : "valid",
    email: row.email,
    name: row.name,
    festivalName: festival.name,
  };
}

export type AcceptResult =
  | { status: "accepted"; slug: string }
  | { status: "wrong-account"; invitedEmail: string }
  | { status: "expired" }
  | { status: "used"; byYou: boolean }
  | { status: "unknown" };

/** A profile slug from the name, unique in the festival: "ann-lee", else "ann-lee-2", ... */
async function createProfile(tx: Tx, festivalId: string, userId: string, name: string, now: Date) {
  const base = slugify(name) || "faculty";
  for (let n = 1; n < 1_000; n += 1) {
    const slug = n === 1 ? base : `${base.slice(0, 110)}-${n}`;
    // A slug taken meanwhile by someone else just moves us to the next number.
    const [row] = await tx
      .insert(facultyProfile)
      .values({ festivalId, userId, slug, name, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ slug: facultyProfile.slug });
    if (row) return row.slug;
  }
  throw new Error("No free faculty slug");
}

/**
 * Accepts an invitation for the signed-in person, who must be signed in with
 * the invited address (case aside): a link forwarded to someone else gives
 * them nothing. Gives the faculty role, makes the profile (or keeps one they
 * have), marks the link used and audits it, in one transaction.
 */
export async function acceptInvite(
  token: string,
  viewer: { id: string; email: string },
  festival: Festival,
  now = new Date(),
): Promise<AcceptResult> {
  if (!TOKEN.test(token)) return { status: "unknown" };
  const result = await (
    await db()
  ).transaction(async (tx): Promise<AcceptResult> => {
    const [invite] = await tx
      .select()
      .from(facultyInvite)
      .where(
        and(eq(facultyInvite.tokenHash, hash(token)), eq(facultyInvite.festivalId, festival.id)),
      )
      .for("update");
    if (!invite) return { status: "unknown" };
    if (invite.acceptedAt) return { status: "used", byYou: invite.acceptedBy === viewer.id };
    if (invite.expiresAt <= now) return { status: "expired" };
    if (invite.email !== viewer.email.toLowerCase()) {
      return { status: "wrong-account", invitedEmail: invite.email };
    }
    const [person] = await tx
      .update(user)
      .set({ isFaculty: true, updatedAt: now })
      .where(eq(user.id, viewer.id))
      .returning({ name: user.name });
    if (!person) return { status: "unknown" };
    const [existing] = await tx
      .select({ slug: facultyProfile.slug })
      .from(facultyProfile)
      .where(and(eq(facultyProfile.festivalId, festival.id), eq(facultyProfile.userId, viewer.id)));
    const name = invite.name || person.name || viewer.email.split("@")[0]!;
    const slug = existing?.slug ?? (await createProfile(tx, festival.id, viewer.id, name, now));
    await tx
      .update(facultyInvite)
      .set({ acceptedAt: now, acceptedBy: viewer.id })
      .where(eq(facultyInvite.id, invite.id));
    await recordAudit(
      tx,
      viewer,
      {
        festivalId: festival.id,
        action: "faculty.accept-invite",
        subjectType: "faculty_invite",
        subjectId: invite.id,
        summary: `${viewer.email} accepted the faculty invitation and joined the faculty (/faculty/${slug})`,
        after: { isFaculty: true, profile: slug },
      },
      now,
    );
    return { status: "accepted", slug };
  });
  // The faculty pages are cached: the new member shows at once.
  if (result.status === "accepted") scheduleChanged();
  return result;
}
