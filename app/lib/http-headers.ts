import type { HeadersFunction } from "@remix-run/node";

/**
 * Route `headers` export: the document response takes the Cache-Control the
 * loader chose (public for anonymous visitors, private with a cookie).
 */
export const loaderCacheHeaders: HeadersFunction = ({ loaderHeaders, errorHeaders }) => {
  // Error pages (404s included) are never stored by shared caches.
  const cacheControl = errorHeaders
    ? "no-store"
    : (loaderHeaders.get("Cache-Control") ?? "private, no-cache");
  return new Headers({ "Cache-Control": cacheControl });
};
