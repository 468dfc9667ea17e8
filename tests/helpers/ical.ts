import ICAL from "ical.js";

/** A calendar file parsed back with ical.js, in the shape tests assert on. */
export interface ParsedEvent {
  uid: string;
  sequence: number;
  summary: string;
  status: string | null;
  start: Date;
  end: Date;
  startIsUtc: boolean;
  dtstamp: string;
  alarmTriggers: string[];
  attendees: string[];
  description: string;
  url: string | null;
}

export function parseCalendar(text: string) {
  const component = new ICAL.Component(ICAL.parse(text));
  const events: ParsedEvent[] = component.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    const dtstamp = vevent.getFirstProperty("dtstamp");
    return {
      uid: event.uid,
      sequence: event.sequence,
      summary: event.summary,
      status: (vevent.getFirstPropertyValue("status") as string | null) ?? null,
      start: event.startDate.toJSDate(),
      end: event.endDate.toJSDate(),
      startIsUtc: event.startDate.zone?.tzid === "UTC",
      dtstamp: dtstamp ? String(dtstamp.toICALString()).replace(/^DTSTAMP[^:]*:/, "") : "",
      alarmTriggers: vevent
        .getAllSubcomponents("valarm")
        .map((alarm) => String(alarm.getFirstPropertyValue("trigger"))),
      attendees: vevent.getAllProperties("attendee").map((p) => String(p.getFirstValue())),
      description: String(vevent.getFirstPropertyValue("description") ?? ""),
      url: (vevent.getFirstPropertyValue("url") as string | null) ?? null,
    };
  });
  return {
    method: (component.getFirstPropertyValue("method") as string | null) ?? null,
    name: (component.getFirstPropertyValue("x-wr-calname") as string | null) ?? null,
    refresh: component.getFirstProperty("refresh-interval")?.getFirstValue()?.toString() ?? null,
    events,
  };
}
