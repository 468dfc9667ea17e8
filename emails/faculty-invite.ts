import type { OutboxMessage } from "~db/schema";
import { formatClock, formatShortDay, zoneLabel } from "~/lib/time";
import { brandOf, renderHtml, renderText, type EmailContent, type EmailFestival } from "./layout";

export interface FacultyInviteEmailData {
  festival: EmailFestival;
  /** Who they are, as the organiser typed it (may be empty). */
  recipientName: string;
  /** The organiser who sent it, by name or email. */
  invitedBy: string;
  /** The single-use acceptance page. */
  link: string;
  expiresAt: Date;
}

/**
 * An invitation to join the festival's faculty. The link opens a page that
 * explains and asks for a click (mail scanners follow links; only the
 * button accepts), after signing in with this address.
 */
export function facultyInviteEmail(d: FacultyInviteEmailData): OutboxMessage {
  const zone = d.festival.timeZone;
  const until = `${formatShortDay(d.expiresAt, zone)} at ${formatClock(d.expiresAt, zone)} ${zoneLabel(d.expiresAt, zone)}`;
  const content: EmailContent = {
    heading: `Join the faculty of ${d.festival.name}`,
    blocks: [
      { text: d.recipientName ? `Hello ${d.recipientName.split(" ")[0]},` : "Hello," },
      {
        text: `${d.invitedBy} has invited you to join the faculty of ${d.festival.name}. As a member of the faculty you have a profile on the festival site and can host webinars.`,
      },
      { button: { label: "Accept the invitation", href: d.link } },
      {
        text: "You will be asked to sign in with this email address (we send you a code; there is no password), then to complete your profile: your title, organisation, where you are, a short biography and a photo.",
      },
      {
        muted: `The link works once, until ${until}. If you were not expecting this, you can ignore it.`,
      },
    ],
    footer: `${d.festival.name} · Questions? Write to ${d.festival.contactEmail}.`,
  };
  return {
    subject: `Invitation: join the faculty of ${d.festival.name}`,
    text: renderText(content),
    html: renderHtml({ ...content, brand: brandOf(d.festival) }),
  };
}
