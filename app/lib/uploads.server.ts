import { randomUUID } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";

/**
 * Images organisers upload (speaker photos, the festival logo). The type is
 * decided by the file's first bytes, never by its name or the browser's
 * claim; only PNG, JPEG and WebP pass (SVG can carry scripts, so never). A
 * file is stored under a name the server chose (a random UUID and the
 * extension of its real type) in a folder outside `public/`, and served by
 * `/media/<name>` with its true Content-Type and `nosniff`.
 */

export const DEFAULT_MAX_IMAGE_BYTES = 2 * 1024 * 1024;

export type ImageType = "png" | "jpeg" | "webp";

const CONTENT_TYPES: Record<ImageType, string> = {
  png: "image/png",
  jpeg: "image/jpeg",
  webp: "image/webp",
};
const EXTENSIONS: Record<ImageType, string> = { png: "png", jpeg: "jpg", webp: "webp" };
const BY_EXTENSION: Record<string, ImageType> = { png: "png", jpg: "jpeg", webp: "webp" };

/** The only names /media serves: what saveImage makes, so nothing else can be named. */
const UPLOAD_NAME =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.(png|jpg|webp)$/;

/** `UPLOADS_DIR`, read when used (tests point it at a temporary folder), or `.data/uploads`. */
export function uploadsDir(): string {
  return path.resolve(process.env.UPLOADS_DIR || path.join(".data", "uploads"));
}

export function isUploadName(name: unknown): name is string {
  return typeof name === "string" && UPLOAD_NAME.test(name);
}

/** The address a stored upload is served at. */
export function mediaUrl(name: string): string {
  return `/media/${name}`;
}

/** The stored name inside a `/media/...` address, or null for anything else (e.g. an outside URL). */
export function uploadNameFromUrl(url: string | null | undefined): string | null {
  if (!url?.startsWith("/media/")) return null;
  const name = url.slice("/media/".length);
  return isUploadName(name) ? name : null;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * What the bytes really are: one of the accepted image types, "svg" (named
 * so it can be refused with a reason), or null.
 */
export function detectImageType(bytes: Uint8Array): ImageType | "svg" | null {
  // PNG: the 8-byte signature, then the IHDR chunk that must come first.
  if (
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) &&
    startsWith(bytes, ascii("IHDR"), 12)
  ) {
    return "png";
  }
  // JPEG: start-of-image followed by another marker.
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  // WebP: a RIFF container of type WEBP holding a VP8, VP8L or VP8X chunk.
  if (
    startsWith(bytes, ascii("RIFF")) &&
    startsWith(bytes, ascii("WEBP"), 8) &&
    (startsWith(bytes, ascii("VP8 "), 12) ||
      startsWith(bytes, ascii("VP8L"), 12) ||
      startsWith(bytes, ascii("VP8X"), 12))
  ) {
    return "webp";
  }
  const head = new TextDecoder("utf-8", { fatal: false })
    .decode(bytes.subarray(0, 1024))
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (head.startsWith("<") && head.includes("<svg")) return "svg";
  return null;
}

export function contentTypeOf(name: string): string | null {
  const type = BY_EXTENSION[name.split(".").pop() ?? ""];
  return type ? CONTENT_TYPES[type] : null;
}

const megabytes = (bytes: number) => {
  if (bytes < 1024) return `${bytes} bytes`;
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Math.round(bytes / 1024)} KB`;
};

export function tooLargeMessage(maxBytes: number): string {
  return `The image is too large: at most ${megabytes(maxBytes)}. Make it smaller and try again.`;
}

export type SaveImageResult =
  { ok: true; name: string; type: ImageType } | { ok: false; error: string };

export interface SaveImageOptions {
  maxBytes?: number;
  /** Where to store it; `uploadsDir()` unless given (tests). */
  dir?: string;
}

/**
 * Checks and stores an uploaded image. Refusals come back as a sentence for
 * the person who chose the file; nothing is written unless it passes.
 */
export async function saveImage(
  file: File,
  { maxBytes = DEFAULT_MAX_IMAGE_BYTES, dir = uploadsDir() }: SaveImageOptions = {},
): Promise<SaveImageResult> {
  if (file.size === 0) return { ok: false, error: "The file is empty. Choose an image." };
  if (file.size > maxBytes) return { ok: false, error: tooLargeMessage(maxBytes) };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.byteLength > maxBytes) return { ok: false, error: tooLargeMessage(maxBytes) };
  const type = detectImageType(bytes);
  if (type === "svg") {
    return {
      ok: false,
      error: "SVG images are not accepted (they can contain scripts). Upload a PNG, JPEG or WebP.",
    };
  }
  if (type === null) {
    return {
      ok: false,
      error: "This file is not a PNG, JPEG or WebP image. Upload a photo in one of those formats.",
    };
  }
  const name = `${randomUUID()}.${EXTENSIONS[type]}`;
  await mkdir(dir, { recursive: true });
  // "wx": never overwrite, even in the impossible case of a repeated UUID.
  await writeFile(path.join(dir, name), bytes, { flag: "wx", mode: 0o644 });
  return { ok: true, name, type };
}

/** A stored upload's bytes and type, or null for a malformed or unknown name. */
export async function readUpload(
  name: string,
  { dir = uploadsDir() }: { dir?: string } = {},
): Promise<{ body: Buffer; contentType: string } | null> {
  // The pattern admits no slash, dot-dot or NUL, so the path cannot leave the folder.
  if (!isUploadName(name)) return null;
  const contentType = contentTypeOf(name);
  if (!contentType) return null;
  try {
    return { body: await readFile(path.join(dir, name)), contentType };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** The file a form field holds, or null when none was chosen (browsers send an empty, nameless part). */
export function uploadedFile(form: FormData, field: string): File | null {
  const value = form.get(field);
  if (typeof value === "string" || value === null) return null;
  if (value.size === 0 && !value.name) return null;
  return value;
}

export interface UploadForm {
  form: FormData;
  /** Fields whose part was over the limit: their value was dropped, the rest of the form kept. */
  tooLarge: string[];
}

/** Beyond any honest back-office form; with the byte budget, bounds what one request can make us hold. */
const MAX_PARTS = 200;
/** Room for the text fields beside the files. */
const TEXT_ALLOWANCE = 1024 * 1024;

/**
 * Reads a form that may carry files (multipart) or not (urlencoded), with
 * Remix's memory upload handler. A part over `maxBytes` does not fail the
 * request: its field is listed in `tooLarge` (so the page can say so next
 * to it) and every other field is kept, so nothing typed is lost. A body
 * that is not a form at all answers 400.
 */
export async function parseUploadForm(
  request: Request,
  { maxBytes = DEFAULT_MAX_IMAGE_BYTES }: { maxBytes?: number } = {},
): Promise<UploadForm> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) {
    try {
      return { form: await request.formData(), tooLarge: [] };
    } catch {
      throw new Response("The form could not be read.", { status: 400 });
    }
  }
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: maxBytes });
  const tooLarge = new Set<string>();
  let parts = 0;
  let held = 0;
  const budget = maxBytes + TEXT_ALLOWANCE;
  const handler: UploadHandler = async (part) => {
    parts += 1;
    if (parts > MAX_PARTS) throw new Response("The form has too many fields.", { status: 413 });
    const source = part.data[Symbol.asyncIterator]();
    // The memory handler stops reading at the limit and would end the
    // stream; shield it, so the rest of this part can be skipped and the
    // parser can go on to the next field.
    const shielded: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: () => source.next(),
        return: async () => ({ done: true as const, value: undefined }),
      }),
    };
    let value: File | string | null | undefined;
    try {
      value = await memory({ ...part, data: shielded });
    } catch (error) {
      if (!(error instanceof MaxPartSizeExceededError)) throw error;
      tooLarge.add(part.name);
      for (let chunk = await source.next(); !chunk.done; chunk = await source.next()) {
        // discard
      }
      return undefined;
    }
    // Each kept part is within maxBytes; the budget bounds them all together.
    held += typeof value === "string" ? value.length : (value?.size ?? 0);
    if (held > budget) throw new Response("The form is too large.", { status: 413 });
    return value;
  };
  try {
    const form = await unstable_parseMultipartFormData(request, handler);
    return { form, tooLarge: [...tooLarge] };
  } catch (error) {
    if (error instanceof Response) throw error;
    throw new Response("The form could not be read.", { status: 400 });
  }
}
