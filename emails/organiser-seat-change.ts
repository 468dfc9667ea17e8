import type { OutboxMessage } from "~db/schema";
import { brandOf, renderHtml, renderText, type EmailContent } from "./layout";
import { calendarInvite, timeLines, type WebinarEmailData } from "./registration";

/**
 * An organiser cancelled someone's place from the back office. The same
 * calendar update as when people cancel themselves (METHOD:CANCEL with a
 * higher SEQUENCE), but the words say who did it: "as you asked" would be
 * untrue.
 */
const greeting = (name: string) => (name ? `Hello ${name.split(" ")[0]},` : "Hello,");

const footer = (d: WebinarEmailData) =>
  `${d.festival.name} · Questions? Write to ${d.festival.contactEmail}. Your registrations: ${d.appUrl}/me`;

function message(subject: string, content: EmailContent, d: WebinarEmailData): OutboxMessage {
  return {
    subject,
    text: renderText(content),
    html: renderHtml({ ...content, brand: brandOf(d.festival) }),
    calendar: calendarInvite(d, "CANCEL"),
  };
}

export function registrationCancelledByOrganiserEmail(d: WebinarEmailData): OutboxMessage {
  const { local, festival } = timeLines(d);
  return message(
    `Cancelled: ${d.webinar.title}`,
    {
      heading: `Your place at ${d.webinar.title} has been cancelled`,
      blocks: [
        { text: greeting(d.recipient.name) },
        { strong: local },
        ...(festival ? [{ muted: festival }] : []),
        {
          text: `The festival organisers have cancelled your registration for this webinar; the attached update removes it from your calendar. If you think this is a mistake, write to ${d.festival.contactEmail}.`,
        },
        { button: { label: "See the webinar", href: `${d.appUrl}/webinars/${d.webinar.slug}` } },
      ],
      footer: footer(d),
    },
    d,
  );
}

export function waitlistPlaceCancelledByOrganiserEmail(d: WebinarEmailData): OutboxMessage {
  return message(
    `Waitlist place cancelled: ${d.webinar.title}`,
    {
      heading: `You are no longer on the waitlist for ${d.webinar.title}`,
      blocks: [
        { text: greeting(d.recipient.name) },
        {
          text: `The festival organisers have taken you off the waitlist for this webinar; the attached update removes the tentative event from your calendar. If you think this is a mistake, write to ${d.festival.contactEmail}.`,
        },
        { button: { label: "See the webinar", href: `${d.appUrl}/webinars/${d.webinar.slug}` } },
      ],
      footer: footer(d),
    },
    d,
  );
}
