import type { OutboxMessage } from "~db/schema";
import { formatRange } from "~/lib/time";
import { type EmailBlock, brandOf, renderHtml, renderText } from "./layout";
import { calendarInvite, timeLines, type WebinarEmailData } from "./registration";

export interface ChangeEmailData extends WebinarEmailData {
  /** On the waitlist, not holding a seat: their calendar holds the event as tentative. */
  waitlisted: boolean;
}

const hello = (name: string) => (name ? `Hello ${name.split(" ")[0]},` : "Hello,");
const footer = (d: WebinarEmailData) =>
  `${d.festival.name} · Questions? Write to ${d.festival.contactEmail}. Your registrations: ${d.appUrl}/me`;

/**
 * The time of a webinar moved: old and new time in the recipient's zone, and
 * a METHOD:REQUEST with the same UID and the new SEQUENCE, which moves the
 * event in their calendar (still tentative for the waitlist).
 */
export function webinarRescheduledEmail(
  d: ChangeEmailData & { previous: { startsAt: Date; durationMinutes: number } },
): OutboxMessage {
  const zone = d.recipient.timeZone ?? d.festival.timeZone;
  const was = formatRange(d.previous.startsAt, d.previous.durationMinutes, zone).text;
  const { local, festival } = timeLines(d);
  const blocks: EmailBlock[] = [
    { text: hello(d.recipient.name) },
    { text: `The time of ${d.webinar.title} has changed.` },
    { text: `Was: ${was}` },
    { strong: `Now: ${local}` },
    ...(festival ? [{ muted: festival }] : []),
    {
      text: d.waitlisted
        ? "You are still on the waitlist. The attached update moves the tentative event in your calendar; if a place opens up it is yours and we will email you."
        : "Your place is kept. The attached update moves the webinar in your calendar, and your reminders follow the new time. If the new time does not suit you, you can cancel on the webinar page so someone waiting can come.",
    },
    { button: { label: "See the webinar", href: `${d.appUrl}/webinars/${d.webinar.slug}` } },
  ];
  const content = {
    heading: `New time: ${d.webinar.title}`,
    blocks,
    footer: footer(d),
    brand: brandOf(d.festival),
  };
  return {
    subject: `New time: ${d.webinar.title}`,
    text: renderText(content),
    html: renderHtml(content),
    calendar: calendarInvite(d, "REQUEST", { tentative: d.waitlisted }),
  };
}

/** A webinar was called off: a kind explanation and a METHOD:CANCEL for everyone registered. */
export function webinarCancelledEmail(d: ChangeEmailData & { reason?: string }): OutboxMessage {
  const { local } = timeLines(d);
  const content = {
    heading: `Cancelled: ${d.webinar.title}`,
    blocks: [
      { text: hello(d.recipient.name) },
      {
        text: `We are sorry: ${d.webinar.title}, planned for ${local}, will not take place.`,
      },
      ...(d.reason ? [{ text: d.reason }] : []),
      {
        text: d.waitlisted
          ? "You were on its waitlist; the attached update removes the tentative event from your calendar. There is nothing else you need to do."
          : "The attached update removes it from your calendar. There is nothing else you need to do.",
      },
      { text: "Other webinars this week may interest you:" },
      { button: { label: "See the schedule", href: `${d.appUrl}/schedule` } },
    ],
    footer: footer(d),
    brand: brandOf(d.festival),
  };
  return {
    subject: `Cancelled: ${d.webinar.title}`,
    text: renderText(content),
    html: renderHtml(content),
    calendar: calendarInvite(d, "CANCEL"),
  };
}
