import { data } from "@remix-run/node";
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import { db as appDb, type Db } from "~db/client.server";
import { rateLimit } from "~db/schema";
import { clientIp } from "./client-ip.server";

/**
 * Limits on actions a script could repeat endlessly, counted in the
 * database so every web process shares them. The numbers are far above
 * anything a person does by hand: they stop floods, not attendees.
 */
export interface Window {
  points: number;
  /** Seconds. */
  duration: number;
}

export interface NamedLimit {
  /** What the person was doing, for the message ("change registrations"). */
  doing: string;
  perPerson: Window;
  perIp: Window;
}

export const RATE_LIMITS = {
  registration: {
    doing: "registration changes",
    perPerson: { points: 60, duration: 10 * 60 },
    perIp: { points: 600, duration: 10 * 60 },
  },
  vote: {
    doing: "vote attempts",
    perPerson: { points: 30, duration: 60 * 60 },
    perIp: { points: 30, duration: 60 * 60 },
  },
  upload: {
    doing: "uploads",
    perPerson: { points: 20, duration: 60 * 60 },
    perIp: { points: 200, duration: 60 * 60 },
  },
} satisfies Record<string, NamedLimit>;

export type LimitName = keyof typeof RATE_LIMITS;

export type LimitVerdict =
  | { ok: true }
  | { ok: false; retryAfterSeconds: number; message: string; headers: Record<string, string> };

type Limiters = { perPerson: RateLimiterDrizzle; perIp: RateLimiterDrizzle };

// One set per database handle (tests install a fresh database per file).
const built = new WeakMap<Db, Map<LimitName, Limiters>>();

function limitersFor(db: Db, name: LimitName): Limiters {
  let byName = built.get(db);
  if (!byName) built.set(db, (byName = new Map()));
  let limiters = byName.get(name);
  if (!limiters) {
    const limit: NamedLimit = RATE_LIMITS[name];
    const make = (scope: string, window: Window) =>
      new RateLimiterDrizzle({
        storeClient: db,
        schema: rateLimit,
        keyPrefix: `${name}:${scope}`,
        points: window.points,
        duration: window.duration,
      });
    limiters = { perPerson: make("person", limit.perPerson), perIp: make("ip", limit.perIp) };
    byName.set(name, limiters);
  }
  return limiters;
}

function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export function limitMessage(name: LimitName, retryAfterSeconds: number): string {
  return `Too many ${RATE_LIMITS[name].doing} in a short time. Nothing was saved: please wait ${waitText(retryAfterSeconds)} and try again.`;
}

/** Counts one action against the person and their address; null ones are not counted. */
export async function consumeLimit(
  name: LimitName,
  who: { personId: string | null; ip: string | null },
  options: { db?: Db } = {},
): Promise<LimitVerdict> {
  try {
    const limiters = limitersFor(options.db ?? (await appDb()), name);
    if (who.personId) await limiters.perPerson.consume(who.personId);
    if (who.ip) await limiters.perIp.consume(who.ip);
    return { ok: true };
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      return {
        ok: false,
        retryAfterSeconds,
        message: limitMessage(name, retryAfterSeconds),
        headers: { "Retry-After": String(retryAfterSeconds), "Cache-Control": "no-store" },
      };
    }
    // A broken counter must not take the festival down with it: let the action through.
    console.error(`Rate limit ${name} could not be checked; letting the request through.`, error);
    return { ok: true };
  }
}

/** consumeLimit for a request: the person (when signed in) and the client's address. */
export function consumeRequestLimit(
  name: LimitName,
  request: Request,
  personId: string | null,
): Promise<LimitVerdict> {
  return consumeLimit(name, { personId, ip: clientIp(request) });
}

/** A 429 answer carrying `body` (the form's data, with the message), with Retry-After. */
export function tooManyRequests<T>(verdict: Extract<LimitVerdict, { ok: false }>, body: T) {
  return data(body, { status: 429, headers: verdict.headers });
}
