import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { buildBlogFeed, feedResponse, findFeedAuthor } from "~/models/blog-feed.server";
import { requireCurrentFestival } from "~/models/festival.server";

/**
 * One faculty member's posts as RSS 2.0: /faculty/<slug>/feed.xml. The "_"
 * keeps it out of the profile page's layout, so it answers as a document of
 * its own.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const festival = await requireCurrentFestival();
  const author = await findFeedAuthor(festival.id, params.slug ?? "");
  if (!author) {
    throw new Response("There is no faculty member at this address.", {
      status: 404,
      headers: { "Cache-Control": CACHE.none },
    });
  }
  const feed = await buildBlogFeed(festival, { appUrl: env().APP_URL, now: new Date(), author });
  return feedResponse(feed.rss2(), "rss");
}
