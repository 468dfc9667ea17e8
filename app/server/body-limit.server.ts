import type { IncomingMessage, ServerResponse } from "node:http";
import { MAX_RESOURCE_BYTES } from "~/lib/document-types";
import { MAX_CAPTIONS_BYTES, MAX_VIDEO_BYTES } from "~/models/entries.server";

/**
 * Request bodies over a size no form of ours needs are refused before
 * Express or Remix reads a byte of them. Ordinary forms and JSON get 1 MB.
 * The upload forms enforce their own limits while streaming (and say "too
 * large" next to the field, keeping what was typed); here they are only cut
 * off above the most those readers would take in.
 */
const MB = 1024 * 1024;

export const FORM_BODY_LIMIT = MB;

/**
 * Image forms (photo, cover, logo) read an over-limit image to its end so the
 * rest of the form still arrives and the page can say it was too large: room
 * for an image several times over its 1-3 MB limit, and the text beside it.
 */
export const IMAGE_FORM_LIMIT = 16 * MB;
/** The resource reader drains an over-limit file up to 4× the limit before refusing. */
export const RESOURCE_FORM_LIMIT = MAX_RESOURCE_BYTES * 5 + MB;
/** A video and its captions, with the entry's text fields. */
export const ENTRY_FORM_LIMIT = MAX_VIDEO_BYTES + MAX_CAPTIONS_BYTES + MB;

// Paths may end in .data (Remix's single fetch posts there).
const UPLOAD_ROUTES: [RegExp, number][] = [
  [/^\/network90\/enter(\.data)?$/, ENTRY_FORM_LIMIT],
  [/^\/admin\/resources\/(new|[^/]+)(\.data)?$/, RESOURCE_FORM_LIMIT],
  [/^\/me\/faculty-profile(\.data)?$/, IMAGE_FORM_LIMIT],
  [/^\/studio\/posts\/[^/]+(\.data)?$/, IMAGE_FORM_LIMIT],
  [/^\/admin\/settings(\.data)?$/, IMAGE_FORM_LIMIT],
  [/^\/admin\/speakers(\/[^/]+)?(\.data)?$/, IMAGE_FORM_LIMIT],
];

/** The most a request to this URL may carry. */
export function bodyLimitFor(url: string | undefined): number {
  let pathname = "/";
  try {
    pathname = new URL(url ?? "/", "http://x").pathname;
  } catch {
    return FORM_BODY_LIMIT;
  }
  for (const [pattern, limit] of UPLOAD_ROUTES) if (pattern.test(pathname)) return limit;
  return FORM_BODY_LIMIT;
}

function megabytes(bytes: number): string {
  return `${Math.floor(bytes / MB)} MB`;
}

function page(limit: number): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Too large</title></head>
<body>
<main>
<h1>That was too large to send</h1>
<p>What you sent is over ${megabytes(limit)}, more than this form takes, so nothing was saved.
Go back, make the file smaller (or leave it out) and try again.</p>
</main>
</body>
</html>
`;
}

/**
 * How long the connection stays open after the 413 is sent: closing at once,
 * with the client still sending, makes the kernel reset the connection and
 * the client may lose the answer before reading it.
 */
const LINGER_MS = 1_000;

function answerTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  const cut = () => req.destroy(new Error(`Request body over ${limit} bytes`));
  if (res.headersSent) {
    cut();
    return;
  }
  const body = page(limit);
  res.writeHead(413, {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    Connection: "close",
  });
  res.end(body);
  res.once("finish", () => setTimeout(cut, LINGER_MS).unref());
}

/**
 * Answers 413 when the declared Content-Length is over the limit for this
 * URL (true: answered, do nothing more). A body without a length (chunked)
 * is counted as it arrives: past the limit the 413 is sent and the request
 * errors, so whoever is reading it never sees a body cut short as if it
 * were whole.
 */
export function refuseOversizedBody(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === "GET" || req.method === "HEAD") return false;
  const limit = bodyLimitFor(req.url);
  const declared = req.headers["content-length"];
  if (declared !== undefined) {
    const length = Number(declared);
    if (Number.isFinite(length) && length > limit) {
      // The body is never read: the connection closes after the answer.
      answerTooLarge(req, res, limit);
      return true;
    }
    // Node's parser stops at the declared length, so nothing more can arrive.
    return false;
  }
  if (req.headers["transfer-encoding"] !== undefined) countChunkedBody(req, res, limit);
  return false;
}

/**
 * Every chunk Node's HTTP parser hands the request goes through push();
 * counting there works whoever reads the body and however (Remix reads it
 * through a web stream made from the request).
 */
function countChunkedBody(req: IncomingMessage, res: ServerResponse, limit: number): void {
  const push = req.push.bind(req);
  let received = 0;
  let refused = false;
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (refused) return true;
    if (chunk !== null && chunk !== undefined) {
      received += typeof chunk === "string" ? Buffer.byteLength(chunk) : (chunk as Buffer).length;
      if (received > limit) {
        // From here chunks (and the end) are swallowed, and the request is
        // destroyed once the answer is out: its reader gets an error, never
        // an early end that would look like a whole body.
        refused = true;
        answerTooLarge(req, res, limit);
        return true;
      }
    }
    return push(chunk, encoding);
  };
}
