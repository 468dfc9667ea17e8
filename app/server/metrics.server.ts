import type { IncomingMessage, ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { count } from "drizzle-orm";
import client from "prom-client";
import type { Db } from "~db/client.server";
import { festivalRegistration, webinarRegistration } from "~db/schema";
import { mailQueueStats } from "~emails/stats.server";
import { logger } from "~/lib/logger.server";

export interface Metrics {
  /** Records one finished request (seconds since it arrived). */
  observe(method: string, route: string, status: number, seconds: number): void;
  /** Answers GET /metrics: Prometheus text, or 404 to those who may not read it. */
  serve(req: IncomingMessage, res: ServerResponse): void;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Who may read /metrics: with METRICS_TOKEN, whoever presents it as a bearer
 * token; without, only a scraper on this machine. The socket's own address is
 * used, never X-Forwarded-For, so a request through the load balancer is not
 * "local".
 */
export function mayReadMetrics(req: IncomingMessage, token: string | undefined): boolean {
  if (token) {
    const header = req.headers.authorization ?? "";
    return header.startsWith("Bearer ") && sameSecret(header.slice(7), token);
  }
  return LOOPBACK.has(req.socket.remoteAddress ?? "") && !req.headers["x-forwarded-for"];
}

/**
 * The process's metrics for Prometheus: request latency per route, Node's
 * own (memory, event-loop lag, GC), and, read from the database at each
 * scrape, the outbox's depth and age and the registrations. The database
 * figures are the same from every process; latency is per process.
 */
export function createMetrics(options: { db: Db; token?: string }): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "meridian_" });

  const duration = new client.Histogram({
    name: "meridian_http_request_duration_seconds",
    help: "Time from a request's arrival to its response's end, by route and status.",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const scrapeErrors = new client.Counter({
    name: "meridian_metrics_database_errors_total",
    help: "Scrapes whose database figures could not be read (the previous values are kept).",
    registers: [registry],
  });
  const fromDatabase = async (read: () => Promise<void>) => {
    try {
      await read();
    } catch (error) {
      scrapeErrors.inc();
      logger.warn({ err: error }, "metrics: could not read from the database");
    }
  };

  new client.Gauge({
    name: "meridian_outbox_messages",
    help: "Outbox messages by state: pending (not sent yet), due, sending, retrying, sent, failed.",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      await fromDatabase(async () => {
        const stats = await mailQueueStats(options.db, new Date(), { errors: 0 });
        for (const state of ["pending", "due", "sending", "retrying", "sent", "failed"] as const) {
          this.set({ state }, stats[state]);
        }
        oldestDue.set(Number.isFinite(stats.oldestDueSeconds) ? Number(stats.oldestDueSeconds) : 0);
      });
    },
  });
  const oldestDue = new client.Gauge({
    name: "meridian_outbox_oldest_due_age_seconds",
    help: "How long the oldest due message has waited to be sent (0 when none is waiting).",
    registers: [registry],
  });

  new client.Gauge({
    name: "meridian_webinar_registrations",
    help: "Webinar registrations by status, all webinars.",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      await fromDatabase(async () => {
        const rows = await options.db
          .select({ status: webinarRegistration.status, n: count() })
          .from(webinarRegistration)
          .groupBy(webinarRegistration.status);
        for (const status of ["confirmed", "waitlisted", "cancelled"] as const) {
          this.set({ status }, rows.find((row) => row.status === status)?.n ?? 0);
        }
      });
    },
  });
  new client.Gauge({
    name: "meridian_festival_registrations",
    help: "People registered for the festival.",
    registers: [registry],
    async collect() {
      await fromDatabase(async () => {
        const [row] = await options.db.select({ n: count() }).from(festivalRegistration);
        this.set(row?.n ?? 0);
      });
    },
  });

  return {
    observe(method, route, status, seconds) {
      duration.observe(
        { method: METHODS.has(method) ? method : "other", route, status: String(status) },
        seconds,
      );
    },
    serve(req, res) {
      if (!mayReadMetrics(req, options.token)) {
        res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("Not found\n");
        return;
      }
      registry.metrics().then(
        (text) => {
          res.writeHead(200, {
            "Content-Type": registry.contentType,
            "Cache-Control": "no-store",
          });
          res.end(text);
        },
        (error: unknown) => {
          logger.error({ err: error }, "metrics: could not render");
          res.writeHead(503, { "Content-Type": "text/plain; charset=utf-8" });
          res.end("Metrics are unavailable\n");
        },
      );
    },
  };
}
