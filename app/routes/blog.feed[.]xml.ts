import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/lib/env.server";
import { buildBlogFeed, feedResponse } from "~/models/blog-feed.server";
import { requireCurrentFestival } from "~/models/festival.server";

/** The whole blog as RSS 2.0: /blog/feed.xml (a static segment, so never taken for a post's slug). */
export async function loader(_: LoaderFunctionArgs) {
  const festival = await requireCurrentFestival();
  const feed = await buildBlogFeed(festival, { appUrl: env().APP_URL, now: new Date() });
  return feedResponse(feed.rss2(), "rss");
}
