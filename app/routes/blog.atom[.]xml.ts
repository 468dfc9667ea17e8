import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/lib/env.server";
import { buildBlogFeed, feedResponse } from "~/models/blog-feed.server";
import { requireCurrentFestival } from "~/models/festival.server";

/** The whole blog as Atom 1.0: /blog/atom.xml. */
export async function loader(_: LoaderFunctionArgs) {
  const festival = await requireCurrentFestival();
  const feed = await buildBlogFeed(festival, { appUrl: env().APP_URL, now: new Date() });
  return feedResponse(feed.atom1(), "atom");
}
