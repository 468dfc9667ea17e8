import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { CACHE } from "~/lib/http.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { requireStudio } from "~/lib/studio-auth.server";
import { POST_LIMITS } from "~/models/post-input.server";

/**
 * The editor's live preview: the body rendered by the same renderer and
 * sanitiser as the published page, so what the author sees is what readers get.
 */
export async function action({ request }: ActionFunctionArgs) {
  await requireStudio(request);
  const form = await request.formData().catch(() => null);
  const body = form?.get("body");
  const headers = { "Cache-Control": CACHE.none };
  if (typeof body !== "string" || body.length > POST_LIMITS.body) {
    return data({ html: "", error: "The text is too long to preview." }, { status: 400, headers });
  }
  return data({ html: renderMarkdown(body), error: null }, { headers });
}
