import type { LoaderFunctionArgs } from "@remix-run/node";

/**
 * Calls a route's loader or action the way Remix would, and gives back what
 * a browser would see: status, headers, and the data or body.
 */
export interface RouteResult<T = unknown> {
  status: number;
  headers: Headers;
  data: T | undefined;
  body: string | undefined;
}

type RouteFunction = (args: LoaderFunctionArgs) => unknown;

export interface CallOptions {
  params?: Record<string, string>;
  cookie?: string;
  method?: string;
  /** Form fields; pairs allow a name more than once (checkbox groups, multi-selects). */
  form?: Record<string, string> | [string, string][];
  /** A multipart body, as a browser sends a form with files (instead of `form`). */
  multipart?: FormData;
  /** More request headers (e.g. the client address the Node adapter sets). */
  headers?: Record<string, string>;
}

function isDataWithInit(
  value: unknown,
): value is { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: unknown }).type === "DataWithResponseInit"
  );
}

async function fromResponse<T>(response: Response): Promise<RouteResult<T>> {
  const body = await response.text();
  let data: T | undefined;
  if ((response.headers.get("Content-Type") ?? "").includes("json")) data = JSON.parse(body) as T;
  return { status: response.status, headers: response.headers, data, body };
}

export async function callRoute<T = unknown>(
  fn: RouteFunction,
  url: string,
  options: CallOptions = {},
): Promise<RouteResult<T>> {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("Cookie", options.cookie);
  let body: URLSearchParams | FormData | undefined;
  if (options.form) {
    body = new URLSearchParams(options.form);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  } else if (options.multipart) {
    body = options.multipart;
  }
  const request = new Request(`http://localhost:3000${url}`, {
    method: options.method ?? (body ? "POST" : "GET"),
    headers,
    body,
  });
  try {
    const result = await fn({ request, params: options.params ?? {}, context: {} });
    if (result instanceof Response) return fromResponse<T>(result);
    if (isDataWithInit(result)) {
      return {
        status: result.init?.status ?? 200,
        headers: new Headers(result.init?.headers),
        data: result.data as T,
        body: undefined,
      };
    }
    return { status: 200, headers: new Headers(), data: result as T, body: undefined };
  } catch (thrown) {
    if (thrown instanceof Response) return fromResponse<T>(thrown);
    throw thrown;
  }
}
