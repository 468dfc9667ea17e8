import type { ActionFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { CACHE } from "~/lib/http.server";
import { requireStudio } from "~/lib/studio-auth.server";
import { viewerZone } from "~/lib/viewer-zone.server";
import { parseRevision, workingCopyFromForm } from "~/models/post-input.server";
import { autosavePost } from "~/models/studio.server";

const headers = { "Cache-Control": CACHE.none };

/**
 * Autosave: the editor posts its whole form here a moment after each change,
 * and once more (as a beacon) when the page is hidden or closed. Nothing is
 * checked beyond size: a half-written draft is kept as it is.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const ctx = await requireStudio(request);
  if (request.method !== "POST")
    return data({ ok: false, error: "Use POST." }, { status: 405, headers });
  const form = await request.formData().catch(() => null);
  const revision = parseRevision(form?.get("revision") ?? null);
  if (!form || revision === null) {
    return data(
      { ok: false, error: "The editor sent an incomplete form." },
      { status: 400, headers },
    );
  }
  const zone = viewerZone(request, ctx.festival.timeZone, ctx.viewer.timeZone).zone;
  const now = new Date();
  const result = await autosavePost(
    ctx,
    params.id ?? "",
    workingCopyFromForm(form),
    revision,
    now,
    zone,
  );
  if (result.ok) return data({ ok: true, savedAt: result.savedAt.toISOString() }, { headers });
  if (result.status === 409)
    return data({ ok: false, error: result.conflict }, { status: 409, headers });
  return data(
    {
      ok: false,
      error:
        result.status === 403
          ? "You can edit only posts you are an author of."
          : "This post no longer exists.",
    },
    { status: result.status, headers },
  );
}
