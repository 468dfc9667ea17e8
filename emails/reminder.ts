import type { OutboxMessage } from "~db/schema";
import { googleCalendarLink, outlookCalendarLink } from "~/lib/calendar.server";
import { brandOf, renderHtml, renderText } from "./layout";
import { timeLines, type WebinarEmailData } from "./registration";

export interface ReminderEmailData extends WebinarEmailData {
  offsetMinutes: number;
  /** The https unsubscribe page for reminders, also sent as List-Unsubscribe. */
  unsubscribeUrl: string;
  headers: Record<string, string>;
}

function when(offsetMinutes: number): string {
  if (offsetMinutes >= 12 * 60) return offsetMinutes >= 36 * 60 ? "Coming up" : "Tomorrow";
  if (offsetMinutes >= 60) return `In ${Math.round(offsetMinutes / 60)} hours`;
  return `Starting in ${offsetMinutes} minutes`;
}

/** A reminder: the time where they are, the join route, and the calendar links. */
export function reminderEmail(data: ReminderEmailData): OutboxMessage {
  const { local, festival } = timeLines(data);
  const page = `${data.appUrl}/webinars/${data.webinar.slug}`;
  const link = {
    title: data.webinar.title,
    startsAt: data.webinar.startsAt,
    durationMinutes: data.webinar.durationMinutes,
    details: data.webinar.summary,
    url: page,
  };
  const soon = data.offsetMinutes < 60;
  const content = {
    heading: `${when(data.offsetMinutes)}: ${data.webinar.title}`,
    blocks: [
      { text: data.recipient.name ? `Hello ${data.recipient.name.split(" ")[0]},` : "Hello," },
      { strong: local },
      ...(festival ? [{ muted: festival }] : []),
      {
        text: soon
          ? "The room is open: join now with your personal link."
          : "Your personal joining link opens 15 minutes before the start.",
      },
      { button: { label: "Join the webinar", href: `${page}/join` } },
      {
        links: [
          { label: "Add to calendar (.ics)", href: `${page}/calendar.ics` },
          { label: "Google Calendar", href: googleCalendarLink(link) },
          { label: "Outlook.com", href: outlookCalendarLink(link, "live") },
        ],
      },
      {
        muted: `You get reminders because you registered. Stop reminders: ${data.unsubscribeUrl} (confirmations and changes to your webinars still arrive).`,
      },
    ],
    footer: `${data.festival.name} · Questions? Write to ${data.festival.contactEmail}. Manage your email preferences at ${data.appUrl}/me/profile`,
    brand: brandOf(data.festival),
  };
  return {
    subject: `${when(data.offsetMinutes)}: ${data.webinar.title}`,
    text: renderText(content),
    html: renderHtml(content),
    headers: data.headers,
  };
}
