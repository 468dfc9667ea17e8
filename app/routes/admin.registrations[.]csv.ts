import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "~/lib/admin-auth.server";
import { CACHE } from "~/lib/http.server";
import { parseRegistrationQuery } from "~/lib/registration-query";
import {
  auditExport,
  exportFilename,
  festivalRegistrantsCsv,
} from "~/models/registrations-csv.server";

/** Everyone registered for the festival (with the page's search and filter), as a streamed CSV file. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { festival, actor } = await requireAdmin(request);
  const { q, filter } = parseRegistrationQuery(request.url);
  await auditExport(actor, festival, { query: { q, filter } });
  return new Response(festivalRegistrantsCsv(festival, { q, filter }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFilename(festival, { filter })}"`,
      "Cache-Control": CACHE.none,
    },
  });
}
