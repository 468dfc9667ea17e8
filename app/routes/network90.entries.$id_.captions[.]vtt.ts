import type { LoaderFunctionArgs } from "@remix-run/node";
import { getViewer } from "~/lib/auth.server";
import { CACHE } from "~/lib/http.server";
import { serveStored } from "~/lib/serve-stored.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { entryMedia, MEDIA_CACHE } from "~/models/gallery.server";

/** An entry's captions (text/vtt), the <track> the player turns on by default. Hidden entries: 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const [festival, viewer] = await Promise.all([requireCurrentFestival(), getViewer(request)]);
  const media = await entryMedia(festival.id, params.id ?? "", "captions", viewer, new Date());
  if (!media) {
    throw new Response("There are no captions at this address.", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": CACHE.none },
    });
  }
  return serveStored(request, media.key, { cacheControl: MEDIA_CACHE[media.audience] });
}
