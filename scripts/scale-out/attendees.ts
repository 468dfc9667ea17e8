import { createHash, randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { eq } from "drizzle-orm";
import type { Db } from "~db/client.server";
import { festivalRegistration, session, user, webinar } from "~db/schema";
import { SESSION_COOKIE } from "~/lib/auth.server";
import { SESSION_DAYS } from "~/models/session.server";

export interface Attendee {
  id: string;
  email: string;
  /** The Cookie header: `meridian_session=<signed token>`. */
  cookie: string;
}

/** Webinar slugs of the festival, with their seat limits lifted: every registration is confirmed. */
export async function openWebinars(db: Db, festivalId: string): Promise<string[]> {
  await db.update(webinar).set({ capacity: null }).where(eq(webinar.festivalId, festivalId));
  const rows = await db
    .select({ slug: webinar.slug })
    .from(webinar)
    .where(eq(webinar.festivalId, festivalId))
    .orderBy(webinar.startsAt);
  return rows.map((r) => r.slug);
}

/**
 * People registered for the festival and signed in, written in bulk (what
 * signing in and the festival form would leave behind), each with a session
 * cookie signed as app/lib/auth.server.ts signs them.
 */
export async function seedAttendees(
  db: Db,
  festivalId: string,
  count: number,
  secret: string,
  prefix = "attendee",
  options: { domain?: string; network?: string } = {},
): Promise<Attendee[]> {
  const { domain = "scale.example.test", network = "Scale Network" } = options;
  const cookie = createCookie(SESSION_COOKIE, {
    secrets: [secret],
    path: "/",
    httpOnly: true,
    sameSite: "lax",
  });
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  const result: Attendee[] = [];
  for (let from = 0; from < count; from += 500) {
    const n = Math.min(500, count - from);
    const people = await db
      .insert(user)
      .values(
        Array.from({ length: n }, (_, i) => ({
          email: `${prefix}-${from + i}@${domain}`,
          name: `Attendee ${from + i}`,
          privacyConsentAt: now,
        })),
      )
      .returning({ id: user.id, email: user.email });
    await db
      .insert(festivalRegistration)
      .values(people.map((p) => ({ festivalId, userId: p.id, network })));
    const tokens = people.map(() => randomBytes(32).toString("base64url"));
    await db.insert(session).values(
      people.map((p, i) => ({
        id: createHash("sha256").update(tokens[i]!).digest("hex"),
        userId: p.id,
        expiresAt,
        createdAt: now,
      })),
    );
    for (const [i, p] of people.entries())
      result.push({
        id: p.id,
        email: p.email,
        cookie: (await cookie.serialize(tokens[i]!)).split(";")[0]!,
      });
  }
  return result;
}
