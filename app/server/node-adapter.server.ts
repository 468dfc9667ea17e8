import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { writeReadableStreamToWritable } from "@remix-run/node";
import type { ResponseCache } from "./response-cache.server";
import { scheduleVersion } from "~/lib/schedule-events.server";

type FetchHandler = (request: Request) => Promise<Response>;

/** Node's request as a Fetch API Request, with an abort signal tied to the connection. */
export function toRequest(req: IncomingMessage, res: ServerResponse, origin: string): Request {
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

/** Serves a request from the response cache when it can. Returns false when it cannot. */
export function serveFromCache(
  req: IncomingMessage,
  res: ServerResponse,
  cache: ResponseCache,
): boolean {
  const key = cache.keyFor(req.method ?? "GET", req.url ?? "/", req.headers);
  if (!key) return false;
  const hit = cache.get(key);
  if (!hit) return false;
  writeHead(res, hit.status, [...hit.headers, ["x-cache", "hit"]]);
  res.end(req.method === "HEAD" ? undefined : hit.body);
  return true;
}

/** Runs the Remix handler and writes its response, storing cacheable ones. */
export async function handleWithRemix(
  req: IncomingMessage,
  res: ServerResponse,
  handler: FetchHandler,
  cache: ResponseCache,
  origin: string,
): Promise<void> {
  const request = toRequest(req, res, origin);
  const key = cache.keyFor(request.method, req.url ?? "/", req.headers);
  const version = scheduleVersion();
  const response = await handler(request);
  if (key && cache.shouldStore(response.status, response.headers) && response.body) {
    const body = Buffer.from(await response.arrayBuffer());
    const headers = [...response.headers.entries()].filter(([name]) => name !== "content-length");
    headers.push(["content-length", String(body.length)]);
    cache.set(key, { status: response.status, headers, body }, version);
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
}
