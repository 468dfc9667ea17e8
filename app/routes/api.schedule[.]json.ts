import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/lib/env.server";
import { CACHE } from "~/lib/http.server";
import { renderMarkdown } from "~/lib/markdown.server";
import { requireCurrentFestival } from "~/models/festival.server";
import { listPublicWebinars } from "~/models/webinar.server";

/**
 * The published schedule for other sites and apps. Instants are ISO 8601 in
 * UTC; the festival's zone is given so readers can show festival time.
 */
export async function loader(_: LoaderFunctionArgs) {
  const festival = await requireCurrentFestival();
  const appUrl = env().APP_URL;
  const webinars = await listPublicWebinars(festival.id);
  const person = (p: {
    kind: string;
    slug: string;
    name: string;
    organisation: string;
    location: string;
  }) => ({
    name: p.name,
    organisation: p.organisation,
    location: p.location,
    url: p.kind === "faculty" ? `${appUrl}/faculty/${p.slug}` : null,
  });
  const body = {
    festival: {
      name: festival.name,
      tagline: festival.tagline,
      timeZone: festival.timeZone,
      startsOn: festival.startsOn,
      endsOn: festival.endsOn,
      url: appUrl,
      calendar: `${appUrl}/schedule.ics`,
    },
    webinars: webinars.map((w) => ({
      uid: w.calendarUid,
      slug: w.slug,
      title: w.title,
      topic: w.topic,
      status: w.status,
      startsAt: w.startsAt.toISOString(),
      endsAt: w.endsAt.toISOString(),
      durationMinutes: w.durationMinutes,
      abstract: w.abstract,
      abstractHtml: renderMarkdown(w.abstract),
      url: `${appUrl}/webinars/${w.slug}`,
      calendar: `${appUrl}/webinars/${w.slug}/calendar.ics`,
      recordingUrl: w.recordingUrl,
      hosts: w.hosts.map(person),
      speakers: w.speakers.map(person),
      updatedAt: w.updatedAt.toISOString(),
    })),
    generatedAt: new Date().toISOString(),
  };
  return new Response(JSON.stringify(body), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": CACHE.publicFeed,
      "Access-Control-Allow-Origin": "*",
    },
  });
}
