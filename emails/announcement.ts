import type { OutboxMessage } from "~db/schema";
import { type EmailFestival, brandOf, renderHtml, renderText } from "./layout";

export interface AnnouncementEmailData {
  appUrl: string;
  festival: Pick<EmailFestival, "name" | "contactEmail" | "brandColour" | "logoUrl">;
  recipient: { name: string };
  subject: string;
  /** The organiser's Markdown, as written (readable as plain text) and rendered through the sanitiser. */
  body: { markdown: string; html: string };
  /** The webinar it is about, when it goes to one webinar's registrants. */
  webinar: { title: string; slug: string } | null;
  unsubscribeUrl: string;
  headers: Record<string, string>;
}

/** An organiser's message, personalised, with the standard way out. */
export function announcementEmail(d: AnnouncementEmailData): OutboxMessage {
  const content = {
    heading: d.subject,
    blocks: [
      { text: d.recipient.name ? `Hello ${d.recipient.name.split(" ")[0]},` : "Hello," },
      { rich: { html: d.body.html, text: d.body.markdown } },
      ...(d.webinar
        ? [
            {
              button: {
                label: `About ${d.webinar.title}`,
                href: `${d.appUrl}/webinars/${d.webinar.slug}`,
              },
            },
          ]
        : []),
      {
        muted: `You get announcements because you registered for ${d.festival.name}. Stop announcements: ${d.unsubscribeUrl}`,
      },
    ],
    footer: `${d.festival.name} · Questions? Write to ${d.festival.contactEmail}.`,
    brand: brandOf(d.festival),
  };
  return {
    subject: d.subject,
    text: renderText(content),
    html: renderHtml(content),
    headers: d.headers,
  };
}
