import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { writeReadableStreamToWritable } from "@remix-run/node";
import type { CachedResponse, ResponseCache } from "./response-cache.server";
import { CLIENT_IP_HEADER } from "~/lib/client-ip.server";
import { scheduleVersion } from "~/lib/schedule-events.server";

type FetchHandler = (request: Request) => Promise<Response>;

/** Node's request as a Fetch API Request, with an abort signal tied to the connection. */
export function toRequest(
  req: IncomingMessage,
  res: ServerResponse,
  origin: string,
  trustProxy = false,
): Request {
  const url = new URL(req.url ?? "/", origin);
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  // The peer's address travels in a header of our own; whatever a client sent under that name is dropped.
  headers.delete(CLIENT_IP_HEADER);
  // The cross-site check has already judged Origin against APP_URL. Remix repeats it
  // against Host or X-Forwarded-Host and throws (a 500) on a mismatch, which a proxy
  // passing Host without its port, or a script sending X-Forwarded-Host, would cause:
  // Remix is shown the host the site is served at.
  headers.delete("x-forwarded-host");
  headers.set("host", url.host);
  const forwarded = trustProxy ? req.headers["x-forwarded-for"] : undefined;
  const ip =
    (typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : undefined) ||
    req.socket.remoteAddress;
  if (ip) headers.set(CLIENT_IP_HEADER, ip);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method,
    headers,
    signal: controller.signal,
    ...(hasBody
      ? { body: Readable.toWeb(req) as unknown as ReadableStream, duplex: "half" as const }
      : {}),
  });
}

function writeHead(res: ServerResponse, status: number, headers: Headers | [string, string][]) {
  const out: Record<string, string | string[]> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : headers;
  for (const [name, value] of entries) {
    if (name === "set-cookie") continue;
    out[name] = value;
  }
  if (headers instanceof Headers) {
    const cookies = headers.getSetCookie();
    if (cookies.length) out["set-cookie"] = cookies;
  }
  res.writeHead(status, out);
}

function writeCached(
  req: IncomingMessage,
  res: ServerResponse,
  entry: CachedResponse,
  how: string,
) {
  writeHead(res, entry.status, [...entry.headers, ["x-cache", how]]);
  res.end(req.method === "HEAD" ? undefined : entry.body);
}

/** Serves a request from the response cache when it can, synchronously. Returns false when it cannot. */
export function serveFromCache(
  req: IncomingMessage,
  res: ServerResponse,
  cache: ResponseCache,
): boolean {
  const key = cache.keyFor(req.method ?? "GET", req.url ?? "/", req.headers);
  if (!key) return false;
  const hit = cache.get(key);
  if (!hit) return false;
  writeCached(req, res, hit, "hit");
  return true;
}

/**
 * Runs the Remix handler and writes its response. For cacheable requests
 * only one render per key runs at a time: others wait for it and share the
 * result, so an expired copy does not make every connection render at once.
 */
export async function handleWithRemix(
  req: IncomingMessage,
  res: ServerResponse,
  handler: FetchHandler,
  cache: ResponseCache,
  origin: string,
  trustProxy = false,
): Promise<void> {
  const key = cache.keyFor(req.method ?? "GET", req.url ?? "/", req.headers);
  if (key) {
    const pending = cache.pending(key);
    if (pending) {
      const shared = await pending;
      if (shared) return writeCached(req, res, shared, "shared");
    }
  }
  const finish = key ? cache.beginRender(key) : undefined;
  let stored: CachedResponse | null = null;
  try {
    const request = toRequest(req, res, origin, trustProxy);
    const version = scheduleVersion();
    const response = await handler(request);
    const keyedByZone = Boolean(req.headers.cookie);
    if (key && cache.shouldStore(response.status, response.headers, keyedByZone) && response.body) {
      const body = Buffer.from(await response.arrayBuffer());
      const headers = [...response.headers.entries()].filter(([name]) => name !== "content-length");
      headers.push(["content-length", String(body.length)]);
      stored = cache.set(key, { status: response.status, headers, body }, version);
      writeHead(res, response.status, [...headers, ["x-cache", "miss"]]);
      res.end(request.method === "HEAD" ? undefined : body);
      return;
    }
    writeHead(res, response.status, response.headers);
    if (response.body && request.method !== "HEAD") {
      await writeReadableStreamToWritable(response.body, res);
    } else {
      res.end();
    }
  } finally {
    finish?.(stored);
  }
}
