import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildPublishCalendar, CALENDAR_CONTENT_TYPE } from "~/lib/calendar.server";
import { env } from "~/lib/env.server";
import { personalFeed } from "~/models/calendar-feed.server";
import { getCurrentFestival } from "~/models/festival.server";

/**
 * A person's own calendar: /calendar/<token>.ics. The token is the only
 * credential (calendar apps cannot sign in), so it is long, random and
 * rotatable; an unknown or retired token is a plain 404.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const match = /^(.+)\.ics$/.exec(params.feed ?? "");
  const appUrl = env().APP_URL;
  const feed = match ? await personalFeed(match[1]!, appUrl) : null;
  if (!feed) {
    return new Response("There is no calendar at this address. It may have been replaced.", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const festival = await getCurrentFestival();
  const body = buildPublishCalendar(feed.webinars, {
    name: `${festival?.name ?? "Festival"}: my webinars`,
    description: "The webinars you registered for, kept up to date.",
    appUrl,
    refreshMinutes: 30,
  });
  return new Response(body, {
    headers: {
      "Content-Type": CALENDAR_CONTENT_TYPE,
      "Content-Disposition": 'inline; filename="my-webinars.ics"',
      // Personal: never in a shared cache; calendar apps poll on their own clock.
      "Cache-Control": "private, max-age=300",
      "X-Robots-Tag": "noindex",
    },
  });
}
