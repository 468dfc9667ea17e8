import type { ServerBuild } from "@remix-run/node";
import { isDatabaseUnavailable } from "./database-unavailable.server";
import { logger } from "./logger.server";

/** Seconds a client is asked to wait (Retry-After): PostgreSQL restarts take a few. */
export const RETRY_AFTER_SECONDS = 10;

/** The 503 a route throws when the database is away: the error page says "we'll be right back". */
export function databaseUnavailableResponse(): Response {
  return new Response(
    "The festival site cannot reach its database for a moment. Please try again in a minute; nothing you saved before is lost.",
    {
      status: 503,
      statusText: "Service Unavailable",
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Cache-Control": "no-store",
        "Retry-After": String(RETRY_AFTER_SECONDS),
      },
    },
  );
}

// One log line per outage burst, not one per request.
let lastLogged = 0;
function logOutage(error: unknown): void {
  const now = Date.now();
  if (now - lastLogged < 5_000) return;
  lastLogged = now;
  logger.warn(
    { err: error },
    "database unavailable: answering 503 until it is back (logged at most every 5 s)",
  );
}

type RouteFunction = (args: never) => unknown;

function answering503<F extends RouteFunction>(fn: F): F {
  return (async (args: never) => {
    try {
      return await fn(args);
    } catch (error) {
      if (error instanceof Response || !isDatabaseUnavailable(error)) throw error;
      logOutage(error);
      throw databaseUnavailableResponse();
    }
  }) as F;
}

/**
 * The build with every loader and action wrapped: an error that means the
 * database is unavailable becomes a thrown 503 response, which Remix renders
 * with the error boundary's "we'll be right back" page (documents), sends as
 * a 503 to the client router (data requests) or answers as is (resource
 * routes), instead of a 500. Any other error is left alone.
 */
export function withDatabaseOutagePage(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = { ...route.module };
    if (module.loader) module.loader = answering503(module.loader);
    if (module.action) module.action = answering503(module.action);
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}
