import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { withDatabaseOutagePage } from "~/lib/database-outage.server";
import { isDatabaseUnavailable } from "~/lib/database-unavailable.server";

const coded = (code: string, message = code) => Object.assign(new Error(message), { code });
/** drizzle's DrizzleQueryError carries the driver's error as its cause. */
const wrapped = (cause: unknown) => new Error("Failed query: select 1", { cause });

function buildWith(loader: () => unknown): ServerBuild {
  return {
    routes: {
      root: { id: "root", path: "", module: { loader, default: () => null } },
    },
  } as unknown as ServerBuild;
}

async function thrownBy(build: ServerBuild): Promise<unknown> {
  const loader = build.routes.root!.module.loader!;
  try {
    await loader({} as never);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("isDatabaseUnavailable", () => {
  it("knows a database that is away, through drizzle's wrapping", () => {
    for (const code of [
      "ECONNREFUSED",
      "CONNECTION_CLOSED",
      "CONNECT_TIMEOUT",
      "57P01",
      "57P03",
      "08006",
      "53300",
    ])
      expect(isDatabaseUnavailable(wrapped(coded(code))), code).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([coded("ECONNREFUSED")]))).toBe(true);
  });

  it("leaves mistakes in the query or the data alone", () => {
    for (const code of ["42601", "23505", "22P02", "40001"])
      expect(isDatabaseUnavailable(wrapped(coded(code))), code).toBe(false);
    expect(isDatabaseUnavailable(new Error("plain"))).toBe(false);
    expect(isDatabaseUnavailable("text")).toBe(false);
  });
});

describe("withDatabaseOutagePage", () => {
  it("turns a database outage in a loader into a 503 to retry, not cached", async () => {
    const error = await thrownBy(
      withDatabaseOutagePage(buildWith(() => Promise.reject(wrapped(coded("ECONNREFUSED"))))),
    );
    expect(error).toBeInstanceOf(Response);
    const response = error as Response;
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("10");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.text()).toMatch(/nothing you saved before is lost/);
  });

  it("passes other errors and thrown responses through unchanged", async () => {
    const bug = new TypeError("a bug");
    expect(await thrownBy(withDatabaseOutagePage(buildWith(() => Promise.reject(bug))))).toBe(bug);
    const notFound = new Response("gone", { status: 404 });
    expect(await thrownBy(withDatabaseOutagePage(buildWith(() => Promise.reject(notFound))))).toBe(
      notFound,
    );
  });

  it("keeps everything else the route module exports", () => {
    const build = withDatabaseOutagePage(buildWith(() => null));
    expect(build.routes.root!.module.default).toBeTypeOf("function");
    expect(build.routes.root!.id).toBe("root");
  });
});
