import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Two protections every response gets before Remix sees the request.
 *
 * Cross-site form posts are refused. The session cookie is SameSite=Lax, so
 * a browser does not send it on another site's POST; the Origin check is the
 * second lock, for browsers or set-ups where that is not enough. A mutation
 * (anything but GET, HEAD, OPTIONS) whose Origin is not this site, or which a
 * browser marks as cross-site, is answered 403 without running any action.
 * Requests with neither header (scripts, old clients) carry no browser
 * cookies to abuse and pass.
 *
 * Security headers are set on every response, not only on pages: nosniff, a
 * referrer policy, frame refusal except for the embeddable schedule, and
 * HSTS when the site is served over https.
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface GuardSettings {
  /** The site's public origin (APP_URL's). */
  appOrigin: string;
  /** Behind a proxy, the Host the visitor used is in X-Forwarded-Host. */
  trustProxy: boolean;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function isCrossSiteMutation(req: IncomingMessage, settings: GuardSettings): boolean {
  if (SAFE_METHODS.has((req.method ?? "GET").toUpperCase())) return false;
  const origin = header(req, "origin");
  if (origin !== undefined) {
    if (origin === settings.appOrigin) return false;
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      // "null" (a sandboxed frame, a file) or garbage: not this site.
      return true;
    }
    const visited =
      (settings.trustProxy ? header(req, "x-forwarded-host")?.split(",")[0]?.trim() : undefined) ??
      header(req, "host");
    return host !== visited;
  }
  const fetchSite = header(req, "sec-fetch-site");
  return fetchSite !== undefined && fetchSite !== "same-origin" && fetchSite !== "none";
}

export function refuseCrossSite(res: ServerResponse): void {
  const body =
    "This form was sent from another website, so it was refused. Go back to the festival's site and try again there.";
  res.writeHead(403, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
  });
  res.end(body);
}

export function setSecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  settings: GuardSettings,
): void {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  if (!(req.url ?? "").startsWith("/embed/")) res.setHeader("X-Frame-Options", "DENY");
  if (settings.appOrigin.startsWith("https://")) {
    res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
}
