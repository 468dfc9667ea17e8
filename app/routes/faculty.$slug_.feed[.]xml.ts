import type { LoaderFunctionArgs } from "@remix-run/node";
import { blogFeedResponse } from "~/models/blog-feed.server";

/**
 * One faculty member's posts as RSS 2.0: /faculty/<slug>/feed.xml. The "_"
 * keeps it out of the profile page's layout, so it answers as a document of
 * its own.
 */
export function loader({ params }: LoaderFunctionArgs) {
  return blogFeedResponse("rss", params.slug ?? "");
}
