import type { OutboxMessage } from "~db/schema";
import { buildInvite } from "~/lib/calendar.server";
import { formatRange } from "~/lib/time";
import {
  type EmailBlock,
  type EmailContent,
  type EmailFestival,
  brandOf,
  renderHtml,
  renderText,
} from "./layout";

/** What every registration message needs to know, plain data so it is built the same in tests. */
export interface RegistrationEmailData {
  appUrl: string;
  festival: EmailFestival;
  recipient: { email: string; name: string; timeZone: string | null };
}

export interface WebinarEmailData extends RegistrationEmailData {
  webinar: {
    slug: string;
    title: string;
    summary: string;
    startsAt: Date;
    durationMinutes: number;
    calendarUid: string;
    sequence: number;
  };
}

const greeting = (name: string) => (name ? `Hello ${name.split(" ")[0]},` : "Hello,");

function footer(data: RegistrationEmailData): string {
  return `${data.festival.name} · Questions? Write to ${data.festival.contactEmail}. Manage your registrations and email preferences at ${data.appUrl}/me`;
}

/** The time in the recipient's zone with the zone named, and the festival's own time beside it. */
export function timeLines(data: WebinarEmailData): { local: string; festival: string | null } {
  const zone = data.recipient.timeZone ?? data.festival.timeZone;
  const { startsAt, durationMinutes } = data.webinar;
  const local = formatRange(startsAt, durationMinutes, zone).text;
  const festival = formatRange(startsAt, durationMinutes, data.festival.timeZone).text;
  return { local, festival: festival === local ? null : `Festival time: ${festival}` };
}

function webinarUrl(data: WebinarEmailData) {
  return `${data.appUrl}/webinars/${data.webinar.slug}`;
}

function timeBlocks(data: WebinarEmailData): EmailBlock[] {
  const { local, festival } = timeLines(data);
  return [{ strong: local }, ...(festival ? [{ muted: festival }] : [])];
}

/** The calendar object every webinar email carries: one UID, the webinar's current SEQUENCE. */
export function calendarInvite(
  data: WebinarEmailData,
  method: "REQUEST" | "CANCEL",
  { tentative = false }: { tentative?: boolean } = {},
) {
  return {
    method,
    filename: method === "CANCEL" ? "cancel.ics" : "invite.ics",
    content: buildInvite({
      method,
      tentative,
      appUrl: data.appUrl,
      webinar: { ...data.webinar, url: webinarUrl(data) },
      attendee: { email: data.recipient.email, name: data.recipient.name },
      organizer: { email: data.festival.contactEmail, name: data.festival.name },
    }),
  } as const;
}

function message(
  subject: string,
  content: EmailContent,
  calendar?: OutboxMessage["calendar"],
): OutboxMessage {
  return { subject, text: renderText(content), html: renderHtml(content), calendar };
}

export function festivalRegistrationEmail(data: RegistrationEmailData): OutboxMessage {
  return message(`You are registered for ${data.festival.name}`, {
    heading: `Welcome to ${data.festival.name}`,
    blocks: [
      { text: greeting(data.recipient.name) },
      {
        text: "Your festival registration is confirmed. Now choose the webinars you want to join: each one you register for arrives as a calendar invitation that follows any change.",
      },
      { button: { label: "Choose webinars", href: `${data.appUrl}/schedule` } },
      {
        links: [
          { label: "Your registrations and calendar feed", href: `${data.appUrl}/me` },
          { label: "Meet the faculty", href: `${data.appUrl}/faculty` },
        ],
      },
    ],
    footer: footer(data),
    brand: brandOf(data.festival),
  });
}

function joinBlocks(data: WebinarEmailData): EmailBlock[] {
  return [
    {
      text: "Your personal joining link opens 15 minutes before the start on the webinar page:",
    },
    { button: { label: "Join the webinar", href: `${webinarUrl(data)}/join` } },
    {
      muted:
        "The calendar invitation attached to this message keeps itself up to date: if the time changes, you will get an update.",
    },
  ];
}

export function webinarConfirmedEmail(data: WebinarEmailData): OutboxMessage {
  return message(
    `Confirmed: ${data.webinar.title}`,
    {
      heading: `You have a place at ${data.webinar.title}`,
      blocks: [{ text: greeting(data.recipient.name) }, ...timeBlocks(data), ...joinBlocks(data)],
      footer: footer(data),
      brand: brandOf(data.festival),
    },
    calendarInvite(data, "REQUEST"),
  );
}

export function webinarWaitlistedEmail(
  data: WebinarEmailData & { position: number },
): OutboxMessage {
  return message(
    `Waitlist: ${data.webinar.title}`,
    {
      heading: `You are on the waitlist for ${data.webinar.title}`,
      blocks: [
        { text: greeting(data.recipient.name) },
        ...timeBlocks(data),
        {
          text: `The webinar is full. You are number ${data.position} on the waitlist. If a place opens up, it is given to you automatically and we will email you straight away.`,
        },
        {
          text: "The attached invitation holds the time in your calendar as tentative, marked “Waitlist”; it becomes a confirmed event if a place comes to you, and follows any change of time.",
        },
        { button: { label: "See the webinar", href: webinarUrl(data) } },
      ],
      footer: footer(data),
      brand: brandOf(data.festival),
    },
    calendarInvite(data, "REQUEST", { tentative: true }),
  );
}

export function webinarPromotedEmail(data: WebinarEmailData): OutboxMessage {
  return message(
    `A place opened up: ${data.webinar.title}`,
    {
      heading: `Good news: you have a place at ${data.webinar.title}`,
      blocks: [
        { text: greeting(data.recipient.name) },
        { text: "A place opened up and you were next on the waitlist, so it is yours." },
        ...timeBlocks(data),
        ...joinBlocks(data),
        {
          muted:
            "If you can no longer come, please cancel on the webinar page so the next person can take the place.",
        },
      ],
      footer: footer(data),
      brand: brandOf(data.festival),
    },
    calendarInvite(data, "REQUEST"),
  );
}

export function webinarCancelledByAttendeeEmail(data: WebinarEmailData): OutboxMessage {
  return message(
    `Cancelled: ${data.webinar.title}`,
    {
      heading: `Your place at ${data.webinar.title} is cancelled`,
      blocks: [
        { text: greeting(data.recipient.name) },
        ...timeBlocks(data),
        {
          text: "As you asked, we have cancelled your registration; the attached update removes the webinar from your calendar. Changed your mind? You can register again while places remain.",
        },
        { button: { label: "See the webinar", href: webinarUrl(data) } },
      ],
      footer: footer(data),
      brand: brandOf(data.festival),
    },
    calendarInvite(data, "CANCEL"),
  );
}

export function waitlistLeftEmail(data: WebinarEmailData): OutboxMessage {
  return message(
    `You left the waitlist: ${data.webinar.title}`,
    {
      heading: `You are off the waitlist for ${data.webinar.title}`,
      blocks: [
        { text: greeting(data.recipient.name) },
        {
          text: "As you asked, we have taken you off the waitlist; the attached update removes the tentative event from your calendar. You can join the waitlist again on the webinar page.",
        },
        { button: { label: "See the webinar", href: webinarUrl(data) } },
      ],
      footer: footer(data),
      brand: brandOf(data.festival),
    },
    calendarInvite(data, "CANCEL"),
  );
}
