import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, unlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { unstable_parseMultipartFormData } from "@remix-run/node";

/**
 * Large uploads (competition videos) streamed to a temporary file as they
 * arrive, never held in memory: each chunk is written and forgotten. A file
 * over its field's limit stops the reading there, at the limit, whatever
 * the browser claimed; the temporary file is removed. Files are named by
 * the server; the name the browser sent is kept only as text.
 */

export interface StreamedFile {
  path: string;
  bytes: number;
  /** The first bytes, to tell the real type. */
  head: Uint8Array;
  /** As the browser sent it: for display only, never a path. */
  originalName: string;
}

export type StreamedUpload =
  | { ok: true; fields: Map<string, string>; files: Map<string, StreamedFile> }
  | { ok: false; reason: "too-large"; field: string; maxBytes: number }
  | { ok: false; reason: "malformed" };

const HEAD_BYTES = 256;
const MAX_TEXT_BYTES = 64 * 1024;

class TooLarge extends Error {
  constructor(
    readonly field: string,
    readonly maxBytes: number,
  ) {
    super(`${field} is over ${maxBytes} bytes`);
  }
}

export function uploadTempDir(): string {
  return path.join(os.tmpdir(), "meridian-uploads");
}

async function writeLimited(
  data: AsyncIterable<Uint8Array>,
  target: string,
  field: string,
  maxBytes: number,
): Promise<{ bytes: number; head: Uint8Array }> {
  const out = createWriteStream(target, { flags: "wx", mode: 0o600 });
  let bytes = 0;
  const head = new Uint8Array(HEAD_BYTES);
  try {
    for await (const chunk of data) {
      if (bytes < HEAD_BYTES) head.set(chunk.subarray(0, HEAD_BYTES - bytes), bytes);
      bytes += chunk.byteLength;
      if (bytes > maxBytes) throw new TooLarge(field, maxBytes);
      // Wait for the disk when it is slower than the network: memory stays flat.
      if (!out.write(chunk))
        await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    return { bytes, head: head.subarray(0, Math.min(bytes, HEAD_BYTES)) };
  } catch (error) {
    out.destroy();
    await unlink(target).catch(() => undefined);
    throw error;
  }
}

/**
 * Reads a multipart form whose file fields are named in `limits` (bytes
 * allowed for each). Text fields are kept (up to 64 KB each); a file in a
 * field with no limit is refused as malformed.
 */
export async function receiveStreamedUpload(
  request: Request,
  limits: Record<string, number>,
): Promise<StreamedUpload> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data"))
    return { ok: false, reason: "malformed" };
  await mkdir(uploadTempDir(), { recursive: true });
  const fields = new Map<string, string>();
  const files = new Map<string, StreamedFile>();
  try {
    await unstable_parseMultipartFormData(request, async ({ name, filename, data }) => {
      if (filename === undefined) {
        let text = "";
        let size = 0;
        const decoder = new TextDecoder();
        for await (const chunk of data) {
          size += chunk.byteLength;
          if (size > MAX_TEXT_BYTES) throw new TooLarge(name, MAX_TEXT_BYTES);
          text += decoder.decode(chunk, { stream: true });
        }
        text += decoder.decode();
        if (!fields.has(name)) fields.set(name, text);
        return undefined;
      }
      const maxBytes = limits[name];
      if (maxBytes === undefined || files.has(name))
        throw new Error(`Unexpected file field ${name}`);
      if (!filename) {
        // A file input left empty: browsers send a nameless, empty part.
        for await (const _ of data) void _;
        return undefined;
      }
      const target = path.join(uploadTempDir(), randomUUID());
      const written = await writeLimited(data, target, name, maxBytes);
      files.set(name, { path: target, ...written, originalName: filename.slice(0, 200) });
      return undefined;
    });
  } catch (error) {
    await discardUpload(files);
    if (error instanceof TooLarge)
      return { ok: false, reason: "too-large", field: error.field, maxBytes: error.maxBytes };
    return { ok: false, reason: "malformed" };
  }
  return { ok: true, fields, files };
}

/** Removes temporary files not moved into storage. */
export async function discardUpload(files: Map<string, StreamedFile>): Promise<void> {
  await Promise.all([...files.values()].map((f) => unlink(f.path).catch(() => undefined)));
}
