import { eq } from "drizzle-orm";
import type { Db } from "~db/client.server";
import { outbox, webinar, webinarRegistration } from "~db/schema";
import type { Attendee } from "../scale-out/attendees";
import { request, type Answer } from "../scale-out/http";
import { shuffle } from "./summary";

export interface Attempt {
  userId: string;
  slug: string;
  startedAt: number;
  answer: Answer;
  /** The server said the seat is theirs (303 to …registration=confirmed). */
  confirmed: boolean;
}

/** A made-up client address per person (10.x.y.z), so that per-address limits see many clients. */
export function addressOf(person: Attendee): string {
  const n = Number.parseInt(person.id.replace(/-/g, "").slice(0, 6), 16);
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** Every (person, webinar) pair once, in a fixed shuffled order. */
export function registrationPairs(people: Attendee[], slugs: string[]) {
  return shuffle(people.flatMap((person) => slugs.map((slug) => ({ person, slug }))));
}

/**
 * Registration clients: `concurrency` loops, each taking the next pair and
 * pressing Register, until the pairs run out or stop() is called. A pair is
 * tried once: a failure is not retried, so what the client saw is final.
 */
export function startRegistrationLoad(
  appUrl: string,
  pairs: { person: Attendee; slug: string }[],
  concurrency: number,
  options: { pauseMs?: number } = {},
) {
  const attempts: Attempt[] = [];
  let next = 0;
  let stopped = false;
  const loops = Array.from({ length: concurrency }, async () => {
    while (!stopped && next < pairs.length) {
      const { person, slug } = pairs[next++]!;
      const startedAt = Date.now();
      const answer = await request(appUrl, `/webinars/${slug}/register`, {
        cookie: person.cookie,
        form: { intent: "register" },
        forwardedFor: addressOf(person),
        timeoutMs: 60_000,
      });
      attempts.push({
        userId: person.id,
        slug,
        startedAt,
        answer,
        confirmed: answer.status === 303 && /registration=confirmed/.test(answer.location ?? ""),
      });
      if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
    }
  });
  return {
    attempts,
    remaining: () => pairs.length - next,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
    done: () => Promise.all(loops),
  };
}

export interface RegistrationAudit {
  confirmedSeen: number;
  /** Confirmed to the client but not in the database exactly once. */
  lost: number;
  /** More than one row for a person and webinar, or more than one confirmation email. */
  duplicated: number;
  /** Failed to the client, yet the registration is in the database (with its email: whole). */
  failedButMade: number;
  /** A registration row without its confirmation email, or an email without the row. */
  halfMade: number;
}

/** Compares what the clients saw with the database. */
export async function auditRegistrations(db: Db, attempts: Attempt[]): Promise<RegistrationAudit> {
  const rows = await db
    .select({
      id: webinarRegistration.id,
      userId: webinarRegistration.userId,
      slug: webinar.slug,
      status: webinarRegistration.status,
    })
    .from(webinarRegistration)
    .innerJoin(webinar, eq(webinar.id, webinarRegistration.webinarId));
  const byPair = new Map<string, typeof rows>();
  for (const r of rows) {
    const key = `${r.userId}:${r.slug}`;
    byPair.set(key, [...(byPair.get(key) ?? []), r]);
  }
  const ids = rows.map((r) => r.id);
  const emails = ids.length
    ? await db
        .select({ dedupeKey: outbox.dedupeKey })
        .from(outbox)
        .where(eq(outbox.kind, "webinar-confirmed"))
    : [];
  const emailsPerRegistration = new Map<string, number>();
  for (const e of emails) {
    const id = /^webinar-confirmed:([^:]+):/.exec(e.dedupeKey)?.[1];
    if (id) emailsPerRegistration.set(id, (emailsPerRegistration.get(id) ?? 0) + 1);
  }
  const tried = new Set(attempts.map((a) => `${a.userId}:${a.slug}`));
  let lost = 0;
  let duplicated = 0;
  let failedButMade = 0;
  let halfMade = 0;
  for (const a of attempts) {
    const made = byPair.get(`${a.userId}:${a.slug}`) ?? [];
    if (a.confirmed && made.length !== 1) lost += made.length === 0 ? 1 : 0;
    if (!a.confirmed && made.length > 0) failedButMade += 1;
  }
  for (const [key, made] of byPair) {
    if (!tried.has(key)) continue;
    if (made.length > 1) duplicated += made.length - 1;
    for (const r of made) {
      const n = emailsPerRegistration.get(r.id) ?? 0;
      if (n === 0) halfMade += 1;
      if (n > 1) duplicated += n - 1;
    }
  }
  // Emails for registrations that do not exist.
  const known = new Set(ids);
  for (const id of emailsPerRegistration.keys()) if (!known.has(id)) halfMade += 1;
  return {
    confirmedSeen: attempts.filter((a) => a.confirmed).length,
    lost,
    duplicated,
    failedButMade,
    halfMade,
  };
}
