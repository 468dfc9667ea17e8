/**
 * Real images, as small as they come, for upload tests: a 1×1 PNG, a 1×1
 * JPEG (JFIF) and a 1×1 lossless WebP; and an SVG with a script in it, which
 * must always be refused.
 */
export const TINY_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
export const TINY_JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=",
  "base64",
);
export const TINY_WEBP = Buffer.from("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==", "base64");
export const SVG = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
);

/** A multipart POST as a browser sends it: text fields and files, in order. */
export function multipartRequest(
  url: string,
  fields: [string, string | File][],
  cookie?: string,
): Request {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  return new Request(`http://localhost:3000${url}`, {
    method: "POST",
    body: form,
    headers: cookie ? { Cookie: cookie } : {},
  });
}
