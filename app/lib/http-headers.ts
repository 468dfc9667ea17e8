import type { HeadersFunction } from "@remix-run/node";

/**
 * Route `headers` export: the document response takes the Cache-Control the
 * loader chose (public for anonymous visitors, private with a cookie).
 */
export const loaderCacheHeaders: HeadersFunction = ({ loaderHeaders, errorHeaders }) => {
  const headers = new Headers();
  const cacheControl = errorHeaders?.get("Cache-Control") ?? loaderHeaders.get("Cache-Control");
  headers.set("Cache-Control", errorHeaders ? "no-store" : (cacheControl ?? "private, no-cache"));
  return headers;
};
