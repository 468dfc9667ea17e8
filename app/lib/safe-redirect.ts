/**
 * A same-site path to go back to, or the fallback. Refuses absolute URLs,
 * protocol-relative "//evil.example" and backslash tricks browsers normalise.
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length > 2048) return fallback;
  if (!to.startsWith("/") || to.startsWith("//") || to.includes("\\")) return fallback;
  // Control characters could be stripped by the browser into "//".
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(to)) return fallback;
  return to;
}
