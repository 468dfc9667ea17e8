import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildPublishCalendar, CALENDAR_CONTENT_TYPE } from "~/lib/calendar.server";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { listPublicWebinars, toCalendarWebinar } from "~/models/webinar.server";

/** The whole published schedule as a subscribable calendar (cancelled webinars stay, marked). */
export async function loader(_: LoaderFunctionArgs) {
  const festival = await requireCurrentFestival();
  const appUrl = env().APP_URL;
  const webinars = await listPublicWebinars(festival.id);
  const body = buildPublishCalendar(
    webinars.map((w) => toCalendarWebinar(w, appUrl)),
    { name: festival.name, description: festival.tagline, appUrl },
  );
  return new Response(body, {
    headers: {
      "Content-Type": CALENDAR_CONTENT_TYPE,
      "Content-Disposition": `inline; filename="${festival.slug}.ics"`,
      "Cache-Control": CACHE.publicFeed,
    },
  });
}
