import type { Actor } from "~/models/audit.server";
import { getCompetition, isJudge, type Competition } from "~/models/competition.server";
import type { Festival } from "~/models/festival.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { requireOrganiser } from "./admin-auth.server";
import { requireViewer, type SessionUser } from "./auth.server";

export interface JudgeContext {
  viewer: SessionUser;
  actor: Actor;
  festival: Festival;
  competition: Competition | null;
}

/**
 * Who may use /judging: the judges the organisers named, and organisers.
 * An organiser's account carries back-office powers, so they pass the
 * second factor here too, as in /admin; an invited judge signs in with the
 * emailed code alone. Every judging loader and action calls this itself.
 */
export async function requireJudge(request: Request): Promise<JudgeContext> {
  const signedIn = await requireViewer(request);
  const viewer = signedIn.isOrganiser ? await requireOrganiser(request) : signedIn;
  const festival = await requireCurrentFestival();
  if (!(await isJudge(festival.id, viewer))) {
    throw new Response(
      `Judging is for the competition's judges, and ${viewer.email} is not one. If you were asked to judge, ask the organisers to add the address you sign in with.`,
      { status: 403 },
    );
  }
  return {
    viewer,
    actor: { id: viewer.id, email: viewer.email },
    festival,
    competition: await getCompetition(festival.id),
  };
}
