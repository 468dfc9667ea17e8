import type { WebinarEmailData } from "~emails/registration";
import { markdownToText } from "~/lib/markdown.server";
import type { Festival } from "./festival.server";

export interface EmailWebinar {
  slug: string;
  title: string;
  abstract: string;
  startsAt: Date;
  durationMinutes: number;
  calendarUid: string;
  sequence: number;
}

/** The plain data every webinar email is built from. */
export function webinarEmailData(
  w: EmailWebinar,
  recipient: WebinarEmailData["recipient"],
  ctx: { festival: Festival; appUrl: string },
): WebinarEmailData {
  return {
    appUrl: ctx.appUrl,
    festival: {
      name: ctx.festival.name,
      timeZone: ctx.festival.timeZone,
      contactEmail: ctx.festival.contactEmail,
    },
    recipient,
    webinar: {
      slug: w.slug,
      title: w.title,
      summary: markdownToText(w.abstract, 300),
      startsAt: w.startsAt,
      durationMinutes: w.durationMinutes,
      calendarUid: w.calendarUid,
      sequence: w.sequence,
    },
  };
}
