import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { getCurrentFestival } from "~/models/festival.server";
import { renderSitemap, sitemapEntries } from "~/models/sitemap.server";

/** /sitemap.xml: every public page, for search engines. */
export async function loader(_: LoaderFunctionArgs) {
  const festival = await getCurrentFestival();
  const entries = await sitemapEntries(festival, env().APP_URL, new Date());
  return new Response(renderSitemap(entries), {
    headers: {
      "Content-Type": "application/xml; charset=utf-8",
      "Cache-Control": CACHE.publicFeed,
    },
  });
}
