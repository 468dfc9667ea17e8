import type { LoaderFunctionArgs } from "@remix-run/node";
import { CACHE } from "~/lib/http.server";
import { readUpload } from "~/lib/uploads.server";

/**
 * Uploaded images (speaker photos, the festival logo). Names are random and
 * never reused, so a browser or CDN may keep a copy for a year. The stored
 * type was checked from the bytes at upload; `nosniff` keeps browsers from
 * guessing another one, and the sandbox CSP keeps the response inert even if
 * opened on its own.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = await readUpload(params.file ?? "");
  if (!found) {
    throw new Response("Not found", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": CACHE.none },
    });
  }
  return new Response(new Uint8Array(found.body), {
    headers: {
      "Content-Type": found.contentType,
      "Content-Length": String(found.body.byteLength),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "public, max-age=31536000, immutable",
    },
  });
}
