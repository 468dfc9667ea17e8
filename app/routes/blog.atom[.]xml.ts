import type { LoaderFunctionArgs } from "@remix-run/node";
import { blogFeedResponse } from "~/models/blog-feed.server";

/**
 * The whole blog as Atom 1.0: /blog/atom.xml (a static segment, so never taken for a post's slug).
 */
export function loader(_: LoaderFunctionArgs) {
  return blogFeedResponse("atom");
}
