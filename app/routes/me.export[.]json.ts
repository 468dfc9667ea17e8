import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireViewer } from "~/lib/auth.server";
import { CACHE } from "~/lib/http.server";
import { exportAccount } from "~/models/account.server";

/** Everything held about the signed-in person, as a JSON download. */
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireViewer(request);
  const exported = await exportAccount(viewer.id);
  if (!exported) throw new Response("Your account no longer exists.", { status: 404 });
  return new Response(JSON.stringify(exported, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="my-festival-data.json"',
      "Cache-Control": CACHE.none,
    },
  });
}
