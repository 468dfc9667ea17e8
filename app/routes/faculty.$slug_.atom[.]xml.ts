import type { LoaderFunctionArgs } from "@remix-run/node";
import { blogFeedResponse } from "~/models/blog-feed.server";

/**
 * One faculty member's posts as Atom 1.0: /faculty/<slug>/atom.xml (outside the profile's layout).
 */
export function loader({ params }: LoaderFunctionArgs) {
  return blogFeedResponse("atom", params.slug ?? "");
}
