import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import { db } from "~db/client.server";
import { session, user } from "~db/schema";

export const SESSION_DAYS = 30;

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export type SessionUser = Pick<
  typeof user.$inferSelect,
  "id" | "email" | "name" | "timeZone" | "isOrganiser" | "isFaculty"
> & {
  /** The session row's id (the token's hash): never sent to the browser. */
  sessionId: string;
  /** This browser passed the second factor. */
  secondFactor: boolean;
  /** The person has an authenticator enrolled. */
  totpEnrolled: boolean;
};

/** Starts a server-side session; the returned token goes in the cookie and nowhere else. */
export async function createSession(userId: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const conn = await db();
  await conn.insert(session).values({
    id: hash(token),
    userId,
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
    createdAt: now,
  });
  // Housekeeping in passing: expired sessions of this person are of no use to anyone.
  await conn.delete(session).where(and(eq(session.userId, userId), lt(session.expiresAt, now)));
  return token;
}

/** The person a session token belongs to, if the session is live. */
export async function findSessionUser(
  token: string,
  now = new Date(),
): Promise<SessionUser | null> {
  if (token.length < 20 || token.length > 100) return null;
  const [row] = await (
    await db()
  )
    .select({
      id: user.id,
      email: user.email,
      name: user.name,
      timeZone: user.timeZone,
      isOrganiser: user.isOrganiser,
      isFaculty: user.isFaculty,
      sessionId: session.id,
      secondFactorAt: session.secondFactorAt,
      totpEnabledAt: user.totpEnabledAt,
    })
    .from(session)
    .innerJoin(user, eq(user.id, session.userId))
    .where(and(eq(session.id, hash(token)), gt(session.expiresAt, now)));
  if (!row) return null;
  const { secondFactorAt, totpEnabledAt, ...rest } = row;
  return { ...rest, secondFactor: secondFactorAt !== null, totpEnrolled: totpEnabledAt !== null };
}

export async function deleteSession(token: string): Promise<void> {
  await (await db()).delete(session).where(eq(session.id, hash(token)));
}
