import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import express from "express";
import { closeDatabase, database, type Db } from "~db/client.server";
import { festival } from "~db/schema";
import { seedDemoFestival } from "~db/seed.server";
import { startMailWorker } from "~emails/worker.server";
import { transportFor } from "~emails/transport.server";
import { ConfigError, env } from "~/lib/env.server";
import { flushLogs, logger } from "~/lib/logger.server";
import { createMetrics } from "./metrics.server";
import { handleWithRemix, serveFromCache } from "./node-adapter.server";
import { startPlanner } from "./planner.server";
import { isCrossSiteMutation, refuseCrossSite, setSecurityHeaders } from "./request-guard.server";
import { ResponseCache } from "./response-cache.server";
import { refuseOversizedBody } from "./body-limit.server";
import { assignRequestId, recordRequest } from "./request-log.server";
import { routeLabeller } from "./route-label.server";

/** Public, anonymous, identical-for-everyone pages: the ones worth caching in process. */
const CACHEABLE_PATHS = [
  /^\/(_root\.data)?$/,
  /^\/schedule(\.data|\.ics)?$/,
  /^\/api\/schedule\.json$/,
  /^\/webinars\/[^/]+(\.data|\/calendar\.ics)?$/,
  /^\/faculty(\.data)?$/,
  /^\/faculty\/[^/]+(\.data)?$/,
];

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

async function seedIfEmpty(db: Db): Promise<void> {
  const [any] = await db.select({ id: festival.id }).from(festival).limit(1);
  if (any) return;
  const summary = await seedDemoFestival(db);
  logger.info(
    { startsOn: summary.startsOn },
    `Seeded the demo festival: week of ${summary.startsOn}.`,
  );
}

function fail(message: string): never {
  console.error(`\nMeridian could not start:\n${message}\n`);
  process.exit(1);
}

export async function startServer(build: ServerBuild): Promise<RunningServer> {
  let config: ReturnType<typeof env>;
  try {
    config = env();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  let handle: Awaited<ReturnType<typeof database>>;
  try {
    handle = await database();
    await handle.migrate();
    if (config.SEED_DEMO === "1") await seedIfEmpty(handle.db);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }

  // The mail worker runs in this process unless told otherwise (RUN_WORKER=0 and
  // `npm run worker` elsewhere); with embedded PGlite it must run here.
  const worker =
    config.RUN_WORKER === "1"
      ? startMailWorker({ db: handle.db, transport: transportFor(handle.db, config) })
      : undefined;

  const planner =
    config.RUN_WORKER === "1" ? startPlanner({ db: handle.db, appUrl: config.APP_URL }) : undefined;

  const cache = new ResponseCache({ ttlMs: 5_000, maxEntries: 1_000, paths: CACHEABLE_PATHS });
  const remix = createRequestHandler(
    build,
    config.NODE_ENV === "production" ? "production" : "development",
  );
  // Requests are given the public origin, so URLs built from request.url match what visitors see.
  const origin = new URL(config.APP_URL).origin;

  const app = express();
  app.disable("x-powered-by");
  app.use(
    "/build",
    express.static(path.resolve("public/build"), { immutable: true, maxAge: "1y", index: false }),
  );
  // The few files at the top of public/ (favicon and the like) are listed once at
  // start, so other requests do not each cost a filesystem lookup.
  const publicFiles = new Set(
    fs
      .readdirSync(path.resolve("public"), { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `/${entry.name}`),
  );
  const serveTopLevel = express.static(path.resolve("public"), { maxAge: "1h", index: false });
  app.use((req, res, next) => (publicFiles.has(req.path) ? serveTopLevel(req, res, next) : next()));
  app.all("*", (req, res, next) => {
    handleWithRemix(req, res, remix, cache, origin, config.TRUST_PROXY === "1").catch(next);
  });

  const guard = { appOrigin: origin, trustProxy: config.TRUST_PROXY === "1" };
  const metrics = createMetrics({ db: handle.db, token: config.METRICS_TOKEN });
  const label = routeLabeller(build.routes);
  const server = http.createServer((req, res) => {
    const id = assignRequestId(req, res, guard.trustProxy);
    if (req.url === "/metrics" && (req.method === "GET" || req.method === "HEAD")) {
      return metrics.serve(req, res);
    }
    recordRequest(req, res, id, { label, metrics });
    setSecurityHeaders(req, res, guard);
    if (isCrossSiteMutation(req, guard)) return refuseCrossSite(res);
    if (refuseOversizedBody(req, res)) return;
    if (serveFromCache(req, res, cache)) return;
    app(req, res);
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      error.code === "EADDRINUSE"
        ? fail(`Port ${config.PORT} is already in use. Set PORT to another port, e.g. PORT=3001.`)
        : reject(error),
    );
    server.listen(config.PORT, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info(
    { port, database: handle.kind, worker: Boolean(worker) },
    `Meridian is running at ${config.APP_URL} (port ${port}, ${handle.kind === "pglite" ? "embedded PGlite" : "PostgreSQL"}${config.SMTP_URL ? "" : ", dev mailbox"}).`,
  );

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      planner?.stop();
      // The mail worker stops alongside the requests' drain: rows it has claimed but
      // not started go back at once for another worker; the sends in hand finish.
      await Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          setTimeout(() => server.closeAllConnections(), 5_000).unref();
        }),
        worker?.stop(),
      ]);
      await closeDatabase();
    })());
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      logger.info({ signal }, `${signal} received: finishing requests and closing the database.`);
      close().then(
        () => {
          logger.info("stopped");
          flushLogs();
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, "could not stop cleanly");
          flushLogs();
          process.exit(1);
        },
      );
    });
  }
  return { port, close };
}
