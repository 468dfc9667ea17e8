import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { logger } from "~/lib/logger.server";
import type { Metrics } from "./metrics.server";
import type { RouteLabel } from "./route-label.server";

/** What a load balancer may hand on as the request's id: short, no spaces or quotes. */
const GIVEN_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Gives the request an id, answers it in X-Request-Id, and sets it on the
 * request's headers so the Remix side (error logs) sees the same id. A load
 * balancer's id is kept only behind a trusted proxy (TRUST_PROXY=1), so a
 * client cannot choose what our logs say.
 */
export function assignRequestId(
  req: IncomingMessage,
  res: ServerResponse,
  trustProxy: boolean,
): string {
  const given = req.headers["x-request-id"];
  const id = trustProxy && typeof given === "string" && GIVEN_ID.test(given) ? given : randomUUID();
  req.headers["x-request-id"] = id;
  res.setHeader("X-Request-Id", id);
  return id;
}

/**
 * One log line and one latency sample per request, when its response ends
 * (or the client goes away first). The path is logged without its query and
 * with secret segments masked: tokens must not end up in logs.
 */
export function recordRequest(
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  options: { label: (pathname: string) => RouteLabel; metrics: Metrics },
): void {
  const started = process.hrtime.bigint();
  res.once("close", () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const pathname = (req.url ?? "/").split("?")[0] ?? "/";
    const { route, path } = options.label(pathname);
    const method = req.method ?? "GET";
    const aborted = !res.writableFinished;
    options.metrics.observe(method, route, res.statusCode, seconds);
    logger.info(
      {
        req_id: id,
        method,
        path,
        route,
        status: res.statusCode,
        ms: Math.round(seconds * 10_000) / 10,
        ...(res.getHeader("x-cache") ? { cache: res.getHeader("x-cache") } : {}),
        ...(aborted ? { aborted: true } : {}),
      },
      "request",
    );
  });
}
