import fs from "node:fs";
import path from "node:path";
import { flatRoutesUniversal } from "@remix-run/dev/dist/config/flat-routes.js";
import { matchRoutes } from "@remix-run/react";
import { describe, expect, it } from "vitest";

/**
 * The feed, sitemap and robots addresses sit beside dynamic routes
 * (/blog/<slug>, /faculty/<slug>, the catch-all). Remix ranks a static
 * segment above a dynamic one; this checks it on the app's real route files,
 * read the way the Remix compiler reads them, and matched with the same
 * router the server uses.
 */
const appDir = path.resolve("app");
const routeFiles = fs
  .readdirSync(path.join(appDir, "routes"))
  .filter((name) => /\.(ts|tsx)$/.test(name) && !name.startsWith("."));
// The post page is another file of this issue; include it even before it lands.
const files = [...new Set([...routeFiles, "blog.$slug.tsx"])].map((name) =>
  path.join(appDir, "routes", name),
);
const manifest = flatRoutesUniversal(appDir, files);

type Routes = Parameters<typeof matchRoutes>[0];

function tree(parentId: string): Routes {
  return Object.values(manifest)
    .filter((r) => (r.parentId ?? "root") === parentId && r.id !== "root")
    .map((r) =>
      r.index
        ? { id: r.id, path: r.path, index: true as const }
        : { id: r.id, path: r.path, children: tree(r.id) },
    );
}

const routes: Routes = [{ id: "root", path: "/", children: tree("root") }];

/** The routes a request to `url` runs, root first. */
const matched = (url: string) => (matchRoutes(routes, url) ?? []).map((m) => m.route.id);

describe("feed and crawler addresses", () => {
  it.each([
    ["/blog/feed.xml", "routes/blog.feed[.]xml"],
    ["/blog/atom.xml", "routes/blog.atom[.]xml"],
    ["/faculty/amara-okafor/feed.xml", "routes/faculty.$slug_.feed[.]xml"],
    ["/faculty/amara-okafor/atom.xml", "routes/faculty.$slug_.atom[.]xml"],
    ["/sitemap.xml", "routes/sitemap[.]xml"],
    ["/robots.txt", "routes/robots[.]txt"],
  ])("%s is answered by its own resource route, under no page layout", (url, id) => {
    expect(matched(url)).toEqual(["root", id]);
  });

  it("still gives other addresses to the post and profile pages", () => {
    expect(matched("/blog/feed-xml")).toEqual(["root", "routes/blog.$slug"]);
    expect(matched("/blog/welcome")).toEqual(["root", "routes/blog.$slug"]);
    expect(matched("/faculty/amara-okafor")).toEqual(["root", "routes/faculty.$slug"]);
    // Anything else under a profile is the catch-all's 404, not the profile page.
    expect(matched("/faculty/amara-okafor/rss.xml")).toEqual(["root", "routes/$"]);
  });
});
