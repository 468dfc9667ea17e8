import { and, eq } from "drizzle-orm";
import { db, type Db } from "~db/client.server";
import { slugRedirect } from "~db/schema";
import { isSlug } from "~/lib/slug";

export type RedirectKind = "post" | "webinar";

/**
 * Called in the transaction that changes a slug: the old address keeps
 * leading to the same thing, and the new one stops being a redirect (a live
 * slug wins, and an address must not lead to two places).
 */
export async function recordSlugChange(
  tx: Db,
  change: {
    festivalId: string;
    kind: RedirectKind;
    targetId: string;
    oldSlug: string;
    newSlug: string;
  },
): Promise<void> {
  if (change.oldSlug === change.newSlug) return;
  await tx
    .delete(slugRedirect)
    .where(
      and(
        eq(slugRedirect.festivalId, change.festivalId),
        eq(slugRedirect.kind, change.kind),
        eq(slugRedirect.oldSlug, change.newSlug),
      ),
    );
  await tx
    .insert(slugRedirect)
    .values({
      festivalId: change.festivalId,
      kind: change.kind,
      oldSlug: change.oldSlug,
      targetId: change.targetId,
    })
    .onConflictDoUpdate({
      target: [slugRedirect.festivalId, slugRedirect.kind, slugRedirect.oldSlug],
      set: { targetId: change.targetId, createdAt: new Date() },
    });
}

/** The id an old slug now leads to, or null. */
export async function redirectTarget(
  festivalId: string,
  kind: RedirectKind,
  oldSlug: string,
): Promise<string | null> {
  if (!isSlug(oldSlug)) return null;
  const [row] = await (
    await db()
  )
    .select({ targetId: slugRedirect.targetId })
    .from(slugRedirect)
    .where(
      and(
        eq(slugRedirect.festivalId, festivalId),
        eq(slugRedirect.kind, kind),
        eq(slugRedirect.oldSlug, oldSlug),
      ),
    )
    .limit(1);
  return row?.targetId ?? null;
}
