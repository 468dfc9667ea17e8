import { parse } from "cookie";
import { scheduleVersion } from "~/lib/schedule-events.server";
import { ZONE_COOKIE } from "~/lib/zone-cookie";

/**
 * An in-process cache of whole public responses for anonymous visitors. A
 * rendered schedule is the same bytes for everyone without a cookie, so the
 * busiest pages cost one render per change instead of one per request.
 *
 * A copy is used only while it is younger than its TTL and the schedule has
 * not changed since it was made (the version check), so a change shows at
 * once in this process and within the TTL everywhere else.
 */
export interface CachedResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
  storedAt: number;
  version: number;
}

export interface ResponseCacheOptions {
  ttlMs: number;
  maxEntries: number;
  /** Path patterns whose anonymous GETs may be cached. */
  paths: RegExp[];
  now?: () => number;
}

export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private readonly rendering = new Map<string, Promise<CachedResponse | null>>();
  private readonly now: () => number;

  constructor(private readonly options: ResponseCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The cache key for a request, or null when it must not be served from
   * cache. The only cookie a cacheable request may carry is the zone cookie:
   * pages differ by zone and nothing else, so the zone joins the key. Any
   * other cookie (a session, later) means the page is someone's own.
   */
  keyFor(
    method: string,
    url: string,
    headers: { cookie?: string; authorization?: string },
  ): string | null {
    if (method !== "GET" && method !== "HEAD") return null;
    if (headers.authorization) return null;
    const path = url.split("?", 1)[0] ?? "";
    if (!this.options.paths.some((p) => p.test(path))) return null;
    if (!headers.cookie) return url;
    let cookies: Record<string, string | undefined>;
    try {
      cookies = parse(headers.cookie);
    } catch {
      return null;
    }
    const names = Object.keys(cookies);
    if (names.length !== 1 || names[0] !== ZONE_COOKIE) return null;
    return `${url}\u0000zone=${cookies[ZONE_COOKIE] ?? ""}`;
  }

  /**
   * A copy that may be served now: fresh, or stale (older than the TTL but of
   * the current schedule) while another request is already rendering its
   * replacement. A copy made before a schedule change is never served.
   */
  get(key: string): CachedResponse | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.version !== scheduleVersion()) {
      this.entries.delete(key);
      return null;
    }
    const fresh = this.now() - entry.storedAt <= this.options.ttlMs;
    return fresh || this.rendering.has(key) ? entry : null;
  }

  /** The render already under way for this key, if any: wait for it instead of rendering again. */
  pending(key: string): Promise<CachedResponse | null> | undefined {
    return this.rendering.get(key);
  }

  /**
   * Marks a render as under way, so that concurrent requests wait for it (or
   * take the stale copy) instead of all rendering at once when a copy
   * expires. Call the returned function with the result, or null.
   */
  beginRender(key: string): (entry: CachedResponse | null) => void {
    let settle: (entry: CachedResponse | null) => void = () => {};
    const promise = new Promise<CachedResponse | null>((resolve) => (settle = resolve));
    this.rendering.set(key, promise);
    return (entry) => {
      if (this.rendering.get(key) === promise) this.rendering.delete(key);
      settle(entry);
    };
  }

  /**
   * Stores only successful responses that set no cookie and that are either
   * public or private to the zone cookie alone (the key then holds the zone).
   */
  shouldStore(status: number, headers: Headers, keyedByZone = false): boolean {
    if (status !== 200) return false;
    if (headers.has("set-cookie")) return false;
    const cacheControl = headers.get("cache-control") ?? "";
    if (/\bno-store\b/.test(cacheControl)) return false;
    if (/\bpublic\b/.test(cacheControl)) return true;
    return keyedByZone && /\bprivate\b/.test(cacheControl);
  }

  /** Stores a rendered copy; returns it, or null when the schedule changed during the render. */
  set(
    key: string,
    entry: Omit<CachedResponse, "storedAt" | "version">,
    version: number,
  ): CachedResponse | null {
    // The schedule changed while this response was being rendered: it may be stale.
    if (version !== scheduleVersion()) return null;
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const stored = { ...entry, storedAt: this.now(), version };
    this.entries.delete(key);
    this.entries.set(key, stored);
    return stored;
  }

  get size(): number {
    return this.entries.size;
  }
}
