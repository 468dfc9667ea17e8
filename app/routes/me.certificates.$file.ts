import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireViewer } from "~/lib/auth.server";
import { env } from "~/lib/env.server";
import { certificateFor, type CertificateResult } from "~/models/certificate.server";
import { requireCurrentFestival } from "~/models/festival.server";

/** Personal and generated on request: never kept by any cache. */
const NO_STORE = "private, no-store";

const WHY_NOT: Record<Exclude<CertificateResult["status"], "ok">, string> = {
  "not-found": "There is no certificate at this address.",
  "not-registered":
    "You were not registered for this webinar, so there is no certificate of attendance for you.",
  "not-attended":
    "A certificate of attendance is for people who joined the webinar, and we have no record of you joining this one. If you did, write to the organisers.",
  "not-finished": "Your certificate will be ready here once the webinar has finished.",
};

function notFound(message: string) {
  return new Response(message, {
    status: 404,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": NO_STORE,
      "X-Robots-Tag": "noindex",
    },
  });
}

/**
 * /me/certificates/<slug>.pdf: the signed-in person's certificate of
 * attendance for one webinar. A dynamic segment cannot carry a static
 * ".pdf" suffix in a flat route, so the whole file name is the parameter
 * and is parsed here (as calendar.$feed.ts does for <token>.ics).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const festival = await requireCurrentFestival();
  const match = /^([a-z0-9-]{1,120})\.pdf$/.exec(params.file ?? "");
  if (!match) return notFound(WHY_NOT["not-found"]);
  const result = await certificateFor(viewer.id, festival.id, match[1]!, {
    appUrl: env().APP_URL,
  });
  if (result.status !== "ok") return notFound(WHY_NOT[result.status]);
  // A copy typed as the fetch API wants it (a view of a plain ArrayBuffer).
  return new Response(new Uint8Array(result.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${result.filename}"`,
      "Content-Length": String(result.pdf.byteLength),
      "Cache-Control": NO_STORE,
      "X-Content-Type-Options": "nosniff",
      "X-Robots-Tag": "noindex",
    },
  });
}
