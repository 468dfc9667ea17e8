import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { buildFrabSchedule, frabScheduleJson } from "~/models/frab-schedule.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { listPublicWebinars } from "~/models/webinar.server";

/**
 * The schedule as frab/pretalx schedule.json, for conference apps. Not to be
 * confused with /api/schedule.json, Meridian's own simpler shape.
 */
export async function loader(_: LoaderFunctionArgs) {
  const festival = await requireCurrentFestival();
  const webinars = await listPublicWebinars(festival.id);
  const schedule = buildFrabSchedule(festival, webinars, { appUrl: env().APP_URL });
  return new Response(JSON.stringify(frabScheduleJson(schedule)), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": CACHE.publicFeed,
      "Access-Control-Allow-Origin": "*",
    },
  });
}
