import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { buildBlogFeed, feedResponse, findFeedAuthor } from "~/models/blog-feed.server";
import { requireCurrentFestival } from "~/models/festival.server";

/** One faculty member's posts as Atom 1.0: /faculty/<slug>/atom.xml (outside the profile's layout). */
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
  return feedResponse(feed.atom1(), "atom");
}
