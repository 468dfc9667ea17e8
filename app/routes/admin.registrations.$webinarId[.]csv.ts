import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "~/lib/admin-auth.server";
import { CACHE } from "~/lib/http.server";
import { parseRegistrationQuery } from "~/lib/registration-query";
import { getWebinarSummary } from "~/models/admin-registrations.server";
import {
  auditExport,
  exportFilename,
  webinarRegistrationsCsv,
} from "~/models/registrations-csv.server";

/** One webinar's registrations (with the page's search and filter), as a streamed CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { festival, actor } = await requireAdmin(request);
  const w = await getWebinarSummary(festival.id, params.webinarId ?? "");
  if (!w) throw new Response("There is no such webinar in this festival.", { status: 404 });
  const { q, filter } = parseRegistrationQuery(request.url);
  await auditExport(actor, festival, { webinar: w, query: { q, filter } });
  return new Response(webinarRegistrationsCsv(festival, w, { q, filter }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFilename(festival, { webinarSlug: w.slug, filter })}"`,
      "Cache-Control": CACHE.none,
    },
  });
}
