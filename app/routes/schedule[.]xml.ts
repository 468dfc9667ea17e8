import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { buildFrabSchedule, frabScheduleXml } from "~/models/frab-schedule.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { listPublicWebinars } from "~/models/webinar.server";

/** The schedule as frab/pretalx schedule.xml, for conference apps (Giggity, EventFahrplan and others). */
export async function loader(_: LoaderFunctionArgs) {
  const festival = await requireCurrentFestival();
  const webinars = await listPublicWebinars(festival.id);
  const schedule = buildFrabSchedule(festival, webinars, { appUrl: env().APP_URL });
  return new Response(frabScheduleXml(schedule), {
    headers: {
      "Content-Type": "application/xml; charset=utf-8",
      "Cache-Control": CACHE.publicFeed,
      "Access-Control-Allow-Origin": "*",
    },
  });
}
