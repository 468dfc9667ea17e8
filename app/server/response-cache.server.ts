import { scheduleVersion } from "~/lib/schedule-events.server";

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
  private readonly now: () => number;

  constructor(private readonly options: ResponseCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The cache key for a request, or null when the request must not be served from cache. */
  keyFor(
    method: string,
    url: string,
    headers: { cookie?: string; authorization?: string },
  ): string | null {
    if (method !== "GET" && method !== "HEAD") return null;
    if (headers.cookie || headers.authorization) return null;
    const path = url.split("?", 1)[0] ?? "";
    if (!this.options.paths.some((p) => p.test(path))) return null;
    return url;
  }

  get(key: string): CachedResponse | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.version !== scheduleVersion() || this.now() - entry.storedAt > this.options.ttlMs) {
      this.entries.delete(key);
      return null;
    }
    return entry;
  }

  /** Stores only successful, publicly cacheable responses that set no cookie. */
  shouldStore(status: number, headers: Headers): boolean {
    if (status !== 200) return false;
    if (headers.has("set-cookie")) return false;
    const cacheControl = headers.get("cache-control") ?? "";
    return /\bpublic\b/.test(cacheControl);
  }

  set(key: string, entry: Omit<CachedResponse, "storedAt" | "version">, version: number): void {
    // The schedule changed while this response was being rendered: it may be stale.
    if (version !== scheduleVersion()) return;
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { ...entry, storedAt: this.now(), version });
  }

  get size(): number {
    return this.entries.size;
  }
}
