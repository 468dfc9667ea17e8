import ical, {
  ICalAlarmType,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from "ical-generator";

/**
 * Calendar objects for downloads and subscriptions (RFC 5545, METHOD:PUBLISH).
 * Times are written as UTC instants (no VTIMEZONE needed, no dependency on the
 * server's zone); attendee addresses never appear in a published calendar.
 */

export interface CalendarWebinar {
  calendarUid: string;
  sequence: number;
  title: string;
  summary: string;
  startsAt: Date;
  durationMinutes: number;
  status: "draft" | "published" | "cancelled";
  url: string;
  updatedAt: Date;
  hosts: string[];
}

export interface PublishCalendarOptions {
  name: string;
  description?: string;
  /** Public page of the festival, for the calendar's URL and PRODID. */
  appUrl: string;
  /** How often subscribers should refresh (REFRESH-INTERVAL and X-PUBLISHED-TTL). */
  refreshMinutes?: number;
  reminderMinutes?: number;
}

export const CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8";

export function calendarUid(webinarUid: string, host: string): string {
  return `${webinarUid}@${host}`;
}

export function buildPublishCalendar(
  webinars: readonly CalendarWebinar[],
  options: PublishCalendarOptions,
): string {
  const host = new URL(options.appUrl).hostname;
  const cal = ical({
    name: options.name,
    description: options.description ?? null,
    method: ICalCalendarMethod.PUBLISH,
    prodId: { company: "Meridian", product: "festival", language: "EN" },
    url: options.appUrl,
    ttl: (options.refreshMinutes ?? 60) * 60,
  });
  for (const w of webinars) {
    if (w.status === "draft") continue;
    const cancelled = w.status === "cancelled";
    const description = [
      cancelled ? "This webinar has been cancelled." : "",
      w.hosts.length ? `With ${w.hosts.join(", ")}.` : "",
      w.summary,
      `Details and joining: ${w.url}`,
    ]
      .filter(Boolean)
      .join("\n\n");
    const event = cal.createEvent({
      id: calendarUid(w.calendarUid, host),
      sequence: w.sequence,
      start: w.startsAt,
      end: new Date(w.startsAt.getTime() + w.durationMinutes * 60_000),
      stamp: new Date(),
      lastModified: w.updatedAt,
      summary: cancelled ? `Cancelled: ${w.title}` : w.title,
      description,
      url: w.url,
      location: w.url,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
    if (!cancelled) {
      event.createAlarm({
        type: ICalAlarmType.display,
        triggerBefore: (options.reminderMinutes ?? 15) * 60,
        description: `${w.title} starts in ${options.reminderMinutes ?? 15} minutes`,
      });
    }
  }
  return cal.toString();
}

export interface InviteOptions {
  method: "REQUEST" | "CANCEL";
  webinar: Pick<
    CalendarWebinar,
    "calendarUid" | "sequence" | "title" | "summary" | "startsAt" | "durationMinutes" | "url"
  >;
  attendee: { email: string; name: string };
  /** The festival mailbox that owns the event. */
  organizer: { email: string; name: string };
  appUrl: string;
  reminderMinutes?: number;
  /**
   * On the waitlist: the event is held as TENTATIVE (no alarm), so the person
   * keeps the time free and sees the change when a seat comes to them.
   */
  tentative?: boolean;
}

/**
 * An iTIP message (RFC 5546) for one registrant: REQUEST adds or updates the
 * event in their calendar, CANCEL removes it. Same UID as every feed, so the
 * calendar app treats them all as one event; SEQUENCE orders the versions.
 * The join link is never written here: the event points to the webinar page.
 */
export function buildInvite(options: InviteOptions): string {
  const { webinar: w, method } = options;
  const host = new URL(options.appUrl).hostname;
  const cancelled = method === "CANCEL";
  const tentative = !cancelled && options.tentative === true;
  const cal = ical({
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    prodId: { company: "Meridian", product: "festival", language: "EN" },
  });
  const event = cal.createEvent({
    id: calendarUid(w.calendarUid, host),
    sequence: w.sequence,
    start: w.startsAt,
    end: new Date(w.startsAt.getTime() + w.durationMinutes * 60_000),
    stamp: new Date(),
    summary: tentative ? `Waitlist: ${w.title}` : w.title,
    description: [
      tentative
        ? "You are on the waitlist. If a place opens up it is yours, and this event becomes confirmed."
        : null,
      w.summary,
      `Details and joining: ${w.url}`,
    ]
      .filter(Boolean)
      .join("\n\n"),
    url: w.url,
    location: w.url,
    status: cancelled
      ? ICalEventStatus.CANCELLED
      : tentative
        ? ICalEventStatus.TENTATIVE
        : ICalEventStatus.CONFIRMED,
    organizer: options.organizer,
  });
  event.createAttendee({
    email: options.attendee.email,
    name: options.attendee.name || null,
    role: ICalAttendeeRole.REQ,
    status: cancelled
      ? ICalAttendeeStatus.DECLINED
      : tentative
        ? ICalAttendeeStatus.TENTATIVE
        : ICalAttendeeStatus.ACCEPTED,
    // They chose to come by registering; no reply is asked of them.
    rsvp: false,
  });
  if (!cancelled && !tentative) {
    const minutes = options.reminderMinutes ?? 15;
    event.createAlarm({
      type: ICalAlarmType.display,
      triggerBefore: minutes * 60,
      description: `${w.title} starts in ${minutes} minutes`,
    });
  }
  return cal.toString();
}

function compactUtc(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

export interface CalendarLinkInput {
  title: string;
  startsAt: Date;
  durationMinutes: number;
  details: string;
  url: string;
}

/** Google Calendar's "add event" template link (times in UTC). */
export function googleCalendarLink(input: CalendarLinkInput): string {
  const end = new Date(input.startsAt.getTime() + input.durationMinutes * 60_000);
  const params = new URLSearchParams({
    action: "TEMPLATE",
    text: input.title,
    dates: `${compactUtc(input.startsAt)}/${compactUtc(end)}`,
    details: `${input.details}\n\n${input.url}`,
    location: input.url,
  });
  return `https://calendar.google.com/calendar/render?${params.toString()}`;
}

/** Outlook's compose deep link; `live` for Outlook.com, `office` for Microsoft 365. */
export function outlookCalendarLink(input: CalendarLinkInput, flavour: "live" | "office"): string {
  const end = new Date(input.startsAt.getTime() + input.durationMinutes * 60_000);
  const params = new URLSearchParams({
    path: "/calendar/action/compose",
    rru: "addevent",
    subject: input.title,
    startdt: input.startsAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    enddt: end.toISOString().replace(/\.\d{3}Z$/, "Z"),
    body: `${input.details}\n\n${input.url}`,
    location: input.url,
  });
  const host = flavour === "live" ? "outlook.live.com" : "outlook.office.com";
  return `https://${host}/calendar/0/deeplink/compose?${params.toString()}`;
}
