import type { LoaderFunctionArgs } from "@remix-run/node";
import { CACHE } from "~/lib/http.server";
import { serveStored } from "~/lib/serve-stored.server";
import { requireCurrentFestival } from "~/models/festival.server";
import {
  countDownload,
  countsAsDownload,
  findReleasedResource,
  resourceFileType,
} from "~/models/resources.server";

/**
 * A resource's file (streamed, with ranges so a broken download resumes) or
 * its link (303), counted on the way. Never stored by shared caches: every
 * download must reach us to be counted. Only a GET that starts at the first
 * byte counts; HEAD and range requests that continue a download do not.
 * Nothing about who asked is kept.
 */
const DOWNLOAD_CACHE = "private, no-store";

const notFound = () =>
  new Response("There is no resource at this address (yet). The link may be mistyped.", {
    status: 404,
    headers: { "Cache-Control": CACHE.none, "Content-Type": "text/plain; charset=utf-8" },
  });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const festival = await requireCurrentFestival();
  const found = await findReleasedResource(festival.id, params.slug ?? "", new Date());
  if (!found) throw notFound();
  let response: Response;
  if (found.url) {
    response = new Response(null, {
      status: 303,
      headers: { Location: found.url, "Cache-Control": DOWNLOAD_CACHE },
    });
  } else {
    const type = resourceFileType(found);
    if (!found.fileKey || !type) throw notFound();
    response = await serveStored(request, found.fileKey, {
      cacheControl: DOWNLOAD_CACHE,
      downloadName: found.fileName ?? `${found.slug}.${type}`,
    });
  }
  if (countsAsDownload(request.method, response)) await countDownload(found.id);
  return response;
}
