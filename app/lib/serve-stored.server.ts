import { createReadableStreamFromReadable } from "@remix-run/node";
import {
  contentTypeOfKey,
  storage as defaultStorage,
  type ByteRange,
  type Storage,
} from "./storage.server";

/**
 * One Range header against an object of `size` bytes (RFC 9110, 14.2):
 * "bytes=0-499", "bytes=500-", "bytes=-500". Null means "send it all" (no
 * header, another unit, or several ranges, which we may ignore);
 * "unsatisfiable" means the range starts past the end.
 */
export function parseRange(
  header: string | null,
  size: number,
): ByteRange | "unsatisfiable" | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from, to] = match;
  if (from === "" && to === "") return null;
  if (from === "") {
    const suffix = Number(to);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  if (start >= size) return "unsatisfiable";
  const end = to === "" ? size - 1 : Math.min(Number(to), size - 1);
  if (end < start) return null;
  return { start, end };
}

export interface ServeOptions {
  cacheControl: string;
  /** Offer the file as a download under this (already safe) name. */
  downloadName?: string;
  storage?: Storage;
}

/**
 * A stored object as an HTTP response, with range support so a video seeks
 * (206 Partial Content) and a broken download can resume. Nothing is read
 * into memory: bytes stream from the disk or the bucket.
 */
export async function serveStored(
  request: Request,
  key: string,
  { cacheControl, downloadName, storage = defaultStorage() }: ServeOptions,
): Promise<Response> {
  const size = await storage.size(key);
  if (size === null) return new Response("This file is not here any more.", { status: 404 });
  const headers = new Headers({
    "Content-Type": contentTypeOfKey(key),
    "Accept-Ranges": "bytes",
    "Cache-Control": cacheControl,
    "X-Content-Type-Options": "nosniff",
  });
  if (downloadName) {
    headers.set(
      "Content-Disposition",
      `attachment; filename="${downloadName.replace(/["\\\r\n]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(downloadName)}`,
    );
  }
  const range = parseRange(request.headers.get("Range"), size);
  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${size}`);
    return new Response(null, { status: 416, headers });
  }
  const status = range ? 206 : 200;
  const length = range ? range.end - range.start + 1 : size;
  headers.set("Content-Length", String(length));
  if (range) headers.set("Content-Range", `bytes ${range.start}-${range.end}/${size}`);
  if (request.method === "HEAD" || length === 0) return new Response(null, { status, headers });
  const body = await storage.read(key, range ?? undefined);
  if (!body) return new Response("This file is not here any more.", { status: 404 });
  return new Response(createReadableStreamFromReadable(body), { status, headers });
}
