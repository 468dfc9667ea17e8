import { festivalRegistrationOf } from "./festival-registration.server";
import type { Festival } from "./festival.server";
import { myRegistrations } from "./registration.server";
import { listPublicWebinars, toWebinarView } from "./webinar.server";

/** What /me shows: the person's webinars (seats first, then waitlist places) and their festival registration. */
export async function myFestival(userId: string, festival: Festival) {
  const [registrations, webinars, festivalRegistration] = await Promise.all([
    myRegistrations(userId, festival.id),
    listPublicWebinars(festival.id),
    festivalRegistrationOf(userId, festival.id),
  ]);
  const byId = new Map(webinars.map((w) => [w.id, w]));
  const mine = registrations
    .map((r) => {
      const w = byId.get(r.webinarId);
      return w
        ? {
            webinar: toWebinarView(w),
            status: r.status,
            position: r.position,
            joined: Boolean(r.joinedAt),
          }
        : null;
    })
    .filter((r) => r !== null)
    .sort((a, b) => a.webinar.startsAt.localeCompare(b.webinar.startsAt));
  return { registeredForFestival: Boolean(festivalRegistration), webinars: mine };
}
