import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "~/lib/admin-auth.server";
import { CACHE } from "~/lib/http.server";
import { viewPersonData } from "~/models/people.server";

/**
 * The same JSON file a person downloads at /me/export.json, for an organiser
 * answering their data request. The download is written to the audit log.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { festival, actor } = await requireAdmin(request);
  const userId = params.userId ?? "";
  const found = await viewPersonData(userId, { festival, actor, purpose: "download" });
  if (!found) throw new Response("There is nobody with that id.", { status: 404 });
  return new Response(JSON.stringify(found.data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="person-${userId}.json"`,
      "Cache-Control": CACHE.none,
    },
  });
}
