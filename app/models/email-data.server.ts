import type { EmailFestival } from "~emails/layout";
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

/** What a message says about the festival, branding included (the logo as an absolute URL). */
export function emailFestival(festival: Festival, appUrl: string): EmailFestival {
  return {
    name: festival.name,
    timeZone: festival.timeZone,
    contactEmail: festival.contactEmail,
    brandColour: festival.brandColour,
    logoUrl: festival.logoFile ? `${appUrl}/media/${festival.logoFile}` : null,
  };
}

/** The plain data every webinar email is built from. */
export function webinarEmailData(
  w: EmailWebinar,
  recipient: WebinarEmailData["recipient"],
  ctx: { festival: Festival; appUrl: string },
): WebinarEmailData {
  return {
    appUrl: ctx.appUrl,
    festival: emailFestival(ctx.festival, ctx.appUrl),
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
