import { redirect } from "@remix-run/node";
import { and, eq, inArray } from "drizzle-orm";
import { db, type Db } from "~db/client.server";
import { slugRedirect, webinar } from "~db/schema";
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

/**
 * A webinar address that moved: throws a permanent redirect to the same page
 * (its join link, its calendar file) under the webinar's current slug. Old
 * links in emails and calendars keep working; drafts are never revealed.
 */
export async function redirectIfWebinarMoved(
  request: Request,
  festivalId: string,
  slug: string,
): Promise<void> {
  const targetId = await redirectTarget(festivalId, "webinar", slug);
  if (!targetId) return;
  const [target] = await (
    await db()
  )
    .select({ slug: webinar.slug })
    .from(webinar)
    .where(and(eq(webinar.id, targetId), inArray(webinar.status, ["published", "cancelled"])))
    .limit(1);
  if (!target || target.slug === slug) return;
  const url = new URL(request.url);
  const prefix = `/webinars/${slug}`;
  if (!url.pathname.startsWith(prefix)) return;
  const moved = `/webinars/${target.slug}${url.pathname.slice(prefix.length)}${url.search}`;
  throw redirect(moved, 301);
}
