import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { renderRobots } from "~/models/sitemap.server";

/** /robots.txt: built here rather than a static file, so it names this site's sitemap address. */
export function loader(_: LoaderFunctionArgs) {
  return new Response(renderRobots(env().APP_URL), {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": CACHE.publicFeed },
  });
}
