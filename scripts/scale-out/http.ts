export interface Answer {
  status: number;
  /** 0 when the request itself failed (refused, reset, timed out). */
  ok: boolean;
  location: string | null;
  /** The web process that answered, from nginx's X-Meridian-Upstream. */
  upstream: string | null;
  setCookie: string[];
  body: string;
  ms: number;
  error?: string;
}

/**
 * One request as a browser would send it (Origin of the site on POSTs, the
 * person's cookie), redirects not followed, with a time limit so that a hang
 * shows as a failure with its duration.
 */
export async function request(
  appUrl: string,
  path: string,
  options: {
    /** The client's address as a proxy would pass it on (the web process trusts X-Forwarded-For). */
    forwardedFor?: string;
    method?: string;
    cookie?: string;
    form?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<Answer> {
  const started = performance.now();
  const headers: Record<string, string> = {};
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.forwardedFor) headers["X-Forwarded-For"] = options.forwardedFor;
  let body: string | undefined;
  if (options.form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    headers.Origin = new URL(appUrl).origin;
    body = new URLSearchParams(options.form).toString();
  }
  try {
    const response = await fetch(`${appUrl}${path}`, {
      method: options.method ?? (options.form ? "POST" : "GET"),
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    const text = await response.text();
    return {
      status: response.status,
      ok: true,
      location: response.headers.get("location"),
      upstream: response.headers.get("x-meridian-upstream"),
      setCookie: response.headers.getSetCookie(),
      body: text,
      ms: performance.now() - started,
    };
  } catch (error) {
    return {
      status: 0,
      ok: false,
      location: null,
      upstream: null,
      setCookie: [],
      body: "",
      ms: performance.now() - started,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
}

/** Runs `task` over `items` with at most `concurrency` at once. */
export async function pool<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i]!, i);
      }
    }),
  );
  return results;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
