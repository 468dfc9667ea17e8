/**
 * Cache-Control values, named with their reason. Public pages are shared by
 * every anonymous visitor, so a CDN may keep them briefly and serve a stale
 * copy while it refetches: that is what absorbs the rush at a webinar's start.
 * Responses personalised by a cookie are never stored by shared caches.
 */
export const CACHE = {
  /** Schedule, webinar and faculty pages for anonymous visitors. */
  publicPage: "public, max-age=0, s-maxage=60, stale-while-revalidate=600",
  /** Feeds and JSON read by calendar apps and other sites. */
  publicFeed: "public, max-age=300, s-maxage=300, stale-while-revalidate=3600",
  /** Anything that depends on who is asking (a cookie). */
  personal: "private, no-cache",
  /** Health checks and errors. */
  none: "no-store",
} as const;

/** Public pages vary by the visitor's zone cookie; shared caches only keep cookie-less copies. */
export function publicPageCache(request: Request): string {
  return request.headers.get("Cookie") ? CACHE.personal : CACHE.publicPage;
}
