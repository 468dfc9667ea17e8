import { isDatabaseReachable } from "~db/client.server";
import { CACHE } from "~/lib/http.server";

/** For load balancers: 200 when the database answers, 503 when it does not. */
export async function loader() {
  const ok = await isDatabaseReachable();
  return new Response(JSON.stringify({ status: ok ? "ok" : "unavailable", database: ok }), {
    status: ok ? 200 : 503,
    headers: { "Content-Type": "application/json", "Cache-Control": CACHE.none },
  });
}
