import type { ServerBuild } from "@remix-run/node";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";

export interface RouteLabel {
  /** The Remix route that answers, e.g. "routes/webinars.$slug": low cardinality, for metrics. */
  route: string;
  /** The path with secret segments (calendar feeds, unsubscribe and invitation tokens) masked, for logs. */
  path: string;
}

/** Route parameters that are secrets: never written to a log. */
const SECRET_PARAMS = new Set(["token", "feed"]);
const MAX_CACHED = 5_000;

type RouteNode = AgnosticRouteObject & { id: string };

function routeTree(routes: ServerBuild["routes"], parentId?: string): RouteNode[] {
  return Object.values(routes)
    .filter((route) => route.parentId === parentId)
    .map((route) =>
      route.index
        ? { id: route.id, path: route.path, index: true as const }
        : {
            id: route.id,
            path: route.path,
            caseSensitive: route.caseSensitive,
            children: routeTree(routes, route.id),
          },
    );
}

/**
 * Names the route a request goes to using Remix's own matcher over the
 * build's routes, so metrics are labelled per route rather than per URL
 * (one series for every webinar page, not one per webinar). Results are
 * remembered per path up to a bound, as matching ranks every route.
 */
export function routeLabeller(routes: ServerBuild["routes"]): (pathname: string) => RouteLabel {
  const tree = routeTree(routes);
  const cache = new Map<string, RouteLabel>();
  return (rawPath) => {
    if (rawPath.startsWith("/build/")) return { route: "static", path: rawPath };
    const known = cache.get(rawPath);
    if (known) return known;
    // Remix's data requests (/schedule.data, /_root.data) go to the same route as the page.
    const pathname = rawPath === "/_root.data" ? "/" : rawPath.replace(/\.data$/, "");
    const matches = matchRoutes(tree, pathname) ?? [];
    const leaf = matches.at(-1);
    let path = rawPath;
    for (const [name, value] of Object.entries(leaf?.params ?? {})) {
      if (SECRET_PARAMS.has(name) && value) path = path.replace(value, `:${name}`);
    }
    const label = { route: leaf ? (leaf.route as RouteNode).id : "unmatched", path };
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(rawPath, label);
    return label;
  };
}
