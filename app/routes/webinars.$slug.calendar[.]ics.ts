import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildPublishCalendar, CALENDAR_CONTENT_TYPE } from "~/lib/calendar.server";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { redirectIfWebinarMoved } from "~/models/slug-redirect.server";
import { getPublicWebinar, toCalendarWebinar } from "~/models/webinar.server";

/** One webinar as a calendar file, for "add to calendar". Public: no attendee data. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const festival = await requireCurrentFestival();
  const found = await getPublicWebinar(festival.id, params.slug ?? "");
  if (!found) {
    await redirectIfWebinarMoved(request, festival.id, params.slug ?? "");
    throw new Response("There is no webinar at this address.", { status: 404 });
  }
  const appUrl = env().APP_URL;
  const body = buildPublishCalendar([toCalendarWebinar(found, appUrl)], {
    name: `${found.title} · ${festival.name}`,
    appUrl,
  });
  return new Response(body, {
    headers: {
      "Content-Type": CALENDAR_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="${found.slug}.ics"`,
      "Cache-Control": CACHE.publicFeed,
    },
  });
}
