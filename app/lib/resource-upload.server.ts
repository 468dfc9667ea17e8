import { randomUUID } from "node:crypto";
import { open, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { sniffDocumentFile, type SniffResult } from "./document-sniff.server";
import { formatBytes, MAX_RESOURCE_BYTES, type DocumentType } from "./document-types";
import { storage } from "./storage.server";

/**
 * Resource files (up to 50 MB) arriving in a back-office form. The file part
 * is written chunk by chunk to a temporary file with a name the server
 * chooses, so the whole file is never held in memory; past the limit the
 * writing stops, the temporary file is removed and the form says "too
 * large" next to the field, keeping everything else that was typed. A file
 * that arrived whole is then judged by its bytes (document-sniff.server.ts)
 * and only then stored as `resources/<uuid>.<real type>`.
 */

export { MAX_RESOURCE_BYTES };

/** Text fields are short (the longest is a description of 20,000 characters). */
const MAX_TEXT_FIELD_BYTES = 128 * 1024;
const MAX_TEXT_BYTES = 1024 * 1024;
const MAX_PARTS = 100;
/**
 * An over-limit file is read to its end (and thrown away) so the fields
 * after it still arrive; beyond this much the request itself is refused.
 */
const DRAIN_FACTOR = 4;

export interface ReceivedFile {
  /** The temporary file holding the bytes (removed by cleanup, or consumed by storage). */
  tempPath: string;
  bytes: number;
  /** The name the browser gave, untrusted: only ever shown after safeDownloadName. */
  clientName: string;
}

export function tooLargeMessage(maxBytes = MAX_RESOURCE_BYTES): string {
  return `The file is too large: at most ${formatBytes(maxBytes)}. Make it smaller (for example, compress its images) or share it as a link.`;
}

export interface TempFileUpload {
  handler: UploadHandler;
  /** The file that arrived whole in the field, if any. */
  file(): ReceivedFile | null;
  /** True when the field's file went past the limit (and was dropped). */
  tooLarge(): boolean;
  /** Removes the temporary file if it is still there. Always call it, in a finally. */
  cleanup(): Promise<void>;
}

export interface TempFileUploadOptions {
  /** The form field that carries the file; file parts in other fields are read and dropped. */
  field: string;
  maxBytes?: number;
  /** Where temporary files go: os.tmpdir() unless given (tests). */
  dir?: string;
}

const tooLargeRequest = () => new Response("The upload is far too large.", { status: 413 });

/** Reads whatever is left of a part without keeping it (the parser needs every part read). */
async function drain(source: AsyncIterator<Uint8Array>, budget: number): Promise<void> {
  let read = 0;
  for (let chunk = await source.next(); !chunk.done; chunk = await source.next()) {
    read += chunk.value.byteLength;
    if (read > budget) throw tooLargeRequest();
  }
}

export function createTempFileUploadHandler({
  field,
  maxBytes = MAX_RESOURCE_BYTES,
  dir = tmpdir(),
}: TempFileUploadOptions): TempFileUpload {
  let received: ReceivedFile | null = null;
  let overLimit = false;
  let writing: string | null = null;
  let parts = 0;
  let textBytes = 0;
  const drainBudget = maxBytes * DRAIN_FACTOR;

  const handler: UploadHandler = async (part) => {
    parts += 1;
    if (parts > MAX_PARTS) throw new Response("The form has too many fields.", { status: 413 });
    // Iterated by hand: a for-await that stops early would end the whole request body.
    const source = part.data[Symbol.asyncIterator]();

    if (part.filename === undefined) {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for (let chunk = await source.next(); !chunk.done; chunk = await source.next()) {
        size += chunk.value.byteLength;
        textBytes += chunk.value.byteLength;
        if (size > MAX_TEXT_FIELD_BYTES || textBytes > MAX_TEXT_BYTES) {
          throw new Response("A field of the form is too long.", { status: 413 });
        }
        chunks.push(chunk.value);
      }
      return new TextDecoder().decode(Buffer.concat(chunks));
    }

    if (part.name !== field || received || overLimit) {
      await drain(source, drainBudget);
      return undefined;
    }

    // The name on disk is ours; the browser's name is kept only as data.
    const tempPath = path.join(dir, `meridian-resource-${randomUUID()}.upload`);
    writing = tempPath;
    const handle = await open(tempPath, "wx", 0o600);
    let bytes = 0;
    try {
      for (let chunk = await source.next(); !chunk.done; chunk = await source.next()) {
        bytes += chunk.value.byteLength;
        if (bytes > maxBytes) {
          overLimit = true;
          break;
        }
        await handle.write(chunk.value);
      }
    } finally {
      await handle.close();
      if (overLimit) {
        await unlink(tempPath);
        writing = null;
      }
    }
    if (overLimit) {
      await drain(source, drainBudget);
      return undefined;
    }
    // No file chosen: browsers send an empty part with an empty name.
    if (bytes === 0 && !part.filename) {
      await unlink(tempPath);
      writing = null;
      return undefined;
    }
    received = { tempPath, bytes, clientName: part.filename };
    return undefined;
  };

  return {
    handler,
    file: () => received,
    tooLarge: () => overLimit,
    cleanup: async () => {
      if (!writing) return;
      await unlink(writing).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
      });
      writing = null;
    },
  };
}

export interface ResourceForm {
  form: FormData;
  file: ReceivedFile | null;
  tooLarge: boolean;
  cleanup(): Promise<void>;
}

/**
 * Reads a resource form: multipart (with its file streamed to disk) or a
 * plain form. A body that is not a form answers 400; the temporary file of
 * a request that fails part-way is removed before the error goes on.
 */
export async function receiveResourceForm(
  request: Request,
  options: Partial<TempFileUploadOptions> = {},
): Promise<ResourceForm> {
  const type = (request.headers.get("Content-Type") ?? "").toLowerCase();
  if (!type.startsWith("multipart/form-data")) {
    try {
      const form = await request.formData();
      return { form, file: null, tooLarge: false, cleanup: async () => {} };
    } catch {
      throw new Response("The form could not be read.", { status: 400 });
    }
  }
  const upload = createTempFileUploadHandler({ field: "file", ...options });
  try {
    const form = await unstable_parseMultipartFormData(request, upload.handler);
    return { form, file: upload.file(), tooLarge: upload.tooLarge(), cleanup: upload.cleanup };
  } catch (error) {
    await upload.cleanup();
    if (error instanceof Response) throw error;
    throw new Response("The form could not be read.", { status: 400 });
  }
}

/** What a received file really is (see document-sniff.server.ts). */
export function checkReceivedFile(file: ReceivedFile): Promise<SniffResult> {
  return sniffDocumentFile(file.tempPath);
}

const EXTENSION_AT_END = /\.[A-Za-z0-9]{1,8}$/;

/**
 * The name offered when someone downloads the file: the browser's name
 * without any folder part, control or direction-changing characters, or
 * characters file systems refuse, ending in the extension of what the file
 * really is ("report.exe" that is a PDF becomes "report.pdf").
 */
export function safeDownloadName(clientName: string, type: DocumentType): string {
  const base =
    clientName
      .normalize("NFC")
      .split(/[/\\]/)
      .pop()!
      // Controls, and format characters such as U+202E that make "fdp.exe" read "exe.pdf".
      .replace(/[\p{Cc}\p{Cf}]/gu, "")
      .replace(/[<>:"|?*]/g, "_")
      .replace(/\s+/g, " ")
      .replace(EXTENSION_AT_END, "")
      .replace(/^[\s.]+|[\s.]+$/g, "")
      .slice(0, 100)
      .trim() || "resource";
  return `${base}.${type}`;
}

export interface StoredDocument {
  key: string;
  type: DocumentType;
  bytes: number;
  fileName: string;
}

/** Moves a checked file into storage under a new key; the temporary file is consumed. */
export async function storeResourceFile(
  file: ReceivedFile,
  type: DocumentType,
): Promise<StoredDocument> {
  const key = `resources/${randomUUID()}.${type}`;
  await storage().putFile(key, file.tempPath);
  return { key, type, bytes: file.bytes, fileName: safeDownloadName(file.clientName, type) };
}
