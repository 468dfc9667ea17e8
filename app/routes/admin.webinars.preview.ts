import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { requireAdmin } from "~/lib/admin-auth.server";
import { CACHE } from "~/lib/http.server";
import { renderMarkdown } from "~/lib/markdown.server";

/**
 * The abstract's live preview: Markdown rendered by the same sanitiser the
 * public webinar page uses, so what the organiser sees is what visitors get.
 */
export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  const form = await request.formData().catch(() => null);
  const abstract = form?.get("abstract");
  if (typeof abstract !== "string" || abstract.length > 20_000) {
    return data({ html: "" }, { status: 400, headers: { "Cache-Control": CACHE.none } });
  }
  return data({ html: renderMarkdown(abstract) }, { headers: { "Cache-Control": CACHE.none } });
}
