import type { LoaderFunctionArgs } from "@remix-run/node";
import { getViewer } from "~/lib/auth.server";
import { CACHE } from "~/lib/http.server";
import { serveStored } from "~/lib/serve-stored.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { entryMedia, MEDIA_CACHE } from "~/models/gallery.server";

/**
 * An uploaded entry's video, seekable (a Range request answers 206 with
 * those bytes). Hidden entries answer 404 like missing ones, so their
 * existence does not leak; linked videos have nothing here.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const [festival, viewer] = await Promise.all([requireCurrentFestival(), getViewer(request)]);
  const media = await entryMedia(festival.id, params.id ?? "", "video", viewer, new Date());
  if (!media) {
    throw new Response("There is no video at this address.", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": CACHE.none },
    });
  }
  return serveStored(request, media.key, { cacheControl: MEDIA_CACHE[media.audience] });
}
