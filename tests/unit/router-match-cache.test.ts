import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

/**
 * @remix-run/router 1.23 flattened and ranked the whole route tree on every
 * matchRoutes call, and compiled every route pattern to a RegExp again:
 * about half of the CPU Remix spent on a join-link request here (the
 * busiest-minute bench, BENCHMARKS.md). patches/@remix-run+router+1.23.3.patch
 * keeps the ranked branches per tree and the compiled patterns, in the
 * CommonJS build the server loads. These tests fail on the unpatched module.
 */
const require = createRequire(import.meta.url);
const routerPath = require.resolve("@remix-run/router");
type Match = { route: { id: string }; params: Record<string, string | undefined> };
type RouteObject = {
  id: string;
  path?: string;
  index?: boolean;
  caseSensitive?: boolean;
  children?: RouteObject[];
};
const { matchRoutes } = require(routerPath) as {
  matchRoutes: (routes: RouteObject[], path: string) => Match[] | null;
};

const festivalRoutes = (): RouteObject[] => [
  {
    id: "root",
    path: "",
    children: [
      { id: "home", index: true },
      { id: "schedule", path: "schedule" },
      { id: "webinar", path: "webinars/:slug" },
      { id: "join", path: "webinars/:slug/join" },
      { id: "faculty", path: "faculty/:slug?" },
      { id: "admin", path: "admin", children: [{ id: "admin-webinar", path: "webinars/:id" }] },
      { id: "not-found", path: "*" },
    ],
  },
];

const ids = (routes: RouteObject[], path: string) =>
  matchRoutes(routes, path)?.map((m) => m.route.id) ?? null;

describe("the patched route matcher", () => {
  it("is the patched CommonJS build", () => {
    expect(routerPath).toMatch(/router\.cjs\.js$/);
    expect(fs.readFileSync(routerPath, "utf8")).toContain("Meridian patch");
  });

  it("ranks and matches as before, call after call", () => {
    const routes = festivalRoutes();
    for (let round = 0; round < 3; round++) {
      expect(ids(routes, "/")).toEqual(["root", "home"]);
      expect(ids(routes, "/schedule")).toEqual(["root", "schedule"]);
      expect(ids(routes, "/SCHEDULE/")).toEqual(["root", "schedule"]);
      expect(ids(routes, "/webinars/networks-1/join")).toEqual(["root", "join"]);
      expect(ids(routes, "/admin/webinars/7")).toEqual(["root", "admin", "admin-webinar"]);
      expect(ids(routes, "/faculty")).toEqual(["root", "faculty"]);
      expect(ids(routes, "/elsewhere/deep")).toEqual(["root", "not-found"]);
      const webinar = matchRoutes(routes, "/webinars/caf%C3%A9")!.at(-1)!;
      expect(webinar).toMatchObject({ route: { id: "webinar" }, params: { slug: "café" } });
      expect(matchRoutes(routes, "/faculty/ann")!.at(-1)!.params).toMatchObject({ slug: "ann" });
    }
  });

  it("flattens a tree once: a new tree is matched afresh, the same one from memory", () => {
    const routes = festivalRoutes();
    expect(ids(routes, "/resources")).toEqual(["root", "not-found"]);
    // Servers never change a tree in place; this only shows that the first
    // flattening is the one used (unpatched, every call flattened again).
    routes[0]!.children!.push({ id: "resources", path: "resources" });
    expect(ids(routes, "/resources")).toEqual(["root", "not-found"]);
    expect(ids(festivalRoutes().concat(), "/resources")).toEqual(["root", "not-found"]);
    const grown = festivalRoutes();
    grown[0]!.children!.push({ id: "resources", path: "resources" });
    expect(ids(grown, "/resources")).toEqual(["root", "resources"]);
  });

  it("keeps case-sensitive and case-insensitive patterns apart", () => {
    const routes: RouteObject[] = [
      { id: "loose", path: "/code/:x" },
      { id: "strict", path: "/Exact", caseSensitive: true },
    ];
    expect(ids(routes, "/CODE/1")).toEqual(["loose"]);
    expect(ids(routes, "/Exact")).toEqual(["strict"]);
    expect(ids(routes, "/exact")).toBeNull();
  });
});
