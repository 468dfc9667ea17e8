import type { OutboxMessage } from "~db/schema";
import { announcementEmail } from "./announcement";
import { competitionResultsEmail } from "./competition-results";
import { digestEmail } from "./digest";
import { entryDeclinedEmail } from "./entry-declined";
import { entryShortlistedEmail } from "./entry-shortlisted";
import { facultyInviteEmail } from "./faculty-invite";
import {
  registrationCancelledByOrganiserEmail,
  waitlistPlaceCancelledByOrganiserEmail,
} from "./organiser-seat-change";
import { preview as recordingPreviews } from "./recording";
import { reminderEmail } from "./reminder";
import {
  festivalRegistrationEmail,
  waitlistLeftEmail,
  webinarCancelledByAttendeeEmail,
  webinarConfirmedEmail,
  webinarPromotedEmail,
  webinarWaitlistedEmail,
  type WebinarEmailData,
} from "./registration";
import { webinarCancelledEmail, webinarRescheduledEmail } from "./schedule-change";
import { buildSignInEmail } from "./sign-in";

/**
 * Sample data for every message, so each can be looked at (the dev mailbox's
 * preview page) and checked (the accessibility test) without a database.
 * Plain data: what the model functions would pass.
 */
const appUrl = "http://localhost:3000";
const festival = {
  name: "Networkfest",
  timeZone: "Europe/London",
  contactEmail: "hello@networkfest.example.org",
};
const webinarData: WebinarEmailData = {
  appUrl,
  festival,
  recipient: { email: "amara@example.org", name: "Amara Okafor", timeZone: "Australia/Melbourne" },
  webinar: {
    slug: "after-the-change",
    title: "Growing a network across a state: lessons from Ohio",
    summary: "Daniel Reyes and Megan O'Connell describe how a neighbourhood network grew fourfold.",
    startsAt: new Date("2026-10-27T12:30:00Z"),
    durationMinutes: 30,
    calendarUid: "0f8fad5b-d9cb-469f-a165-70867728950e",
    sequence: 1,
  },
};
const unsubscribe = {
  unsubscribeUrl: `${appUrl}/unsubscribe/preview`,
  headers: {
    "List-Unsubscribe": `<${appUrl}/unsubscribe/preview>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  },
};

export const emailPreviews: Record<string, () => OutboxMessage> = {
  ...Object.fromEntries(Object.entries(recordingPreviews).map(([name, p]) => [name, p.render])),
  "sign-in": () =>
    buildSignInEmail({
      festivalName: festival.name,
      link: `${appUrl}/login/verify?token=preview`,
      code: "123456",
      validMinutes: 10,
    }),
  "festival-registered": () => festivalRegistrationEmail(webinarData),
  "webinar-confirmed": () => webinarConfirmedEmail(webinarData),
  "webinar-waitlisted": () => webinarWaitlistedEmail({ ...webinarData, position: 3 }),
  "webinar-promoted": () => webinarPromotedEmail(webinarData),
  "webinar-cancelled-by-attendee": () => webinarCancelledByAttendeeEmail(webinarData),
  "waitlist-left": () => waitlistLeftEmail(webinarData),
  "reminder-day-before": () =>
    reminderEmail({ ...webinarData, offsetMinutes: 1440, ...unsubscribe }),
  "reminder-15-minutes": () => reminderEmail({ ...webinarData, offsetMinutes: 15, ...unsubscribe }),
  "webinar-rescheduled": () =>
    webinarRescheduledEmail({
      ...webinarData,
      waitlisted: false,
      previous: { startsAt: new Date("2026-10-23T11:30:00Z"), durationMinutes: 30 },
    }),
  "webinar-cancelled": () =>
    webinarCancelledEmail({ ...webinarData, waitlisted: false, reason: "Our speaker is unwell." }),
  digest: () =>
    digestEmail({
      appUrl,
      festival,
      recipient: { email: "amara@example.org", name: "Amara Okafor", timeZone: "America/New_York" },
      date: "2026-10-27",
      dayLabel: "Tuesday 27 October",
      webinars: [
        {
          slug: "after-the-change",
          title: webinarData.webinar.title,
          startsAt: webinarData.webinar.startsAt,
          durationMinutes: 30,
          mine: true,
          placesLeft: null,
        },
        {
          slug: "deciding-without-hierarchy",
          title: "Deciding without hierarchy",
          startsAt: new Date("2026-10-27T18:00:00Z"),
          durationMinutes: 30,
          mine: false,
          placesLeft: 12,
        },
      ],
      posts: [
        {
          title: "Why networks matter",
          url: `${appUrl}/blog/why-networks-matter`,
          authors: ["Amara Okafor", "Daniel Reyes"],
          summary: "What a week of short webinars taught us about how networks grow.",
        },
      ],
      ...unsubscribe,
    }),
  announcement: () =>
    announcementEmail({
      appUrl,
      festival,
      recipient: { name: "Amara Okafor" },
      subject: "Welcome to the week",
      body: {
        markdown: "We start **Monday**. The first webinar is at 12:30 London time.",
        html: "<p>We start <strong>Monday</strong>. The first webinar is at 12:30 London time.</p>",
      },
      webinar: null,
      ...unsubscribe,
    }),
  "webinar-cancelled-by-organiser": () => registrationCancelledByOrganiserEmail(webinarData),
  "waitlist-removed-by-organiser": () => waitlistPlaceCancelledByOrganiserEmail(webinarData),
  "entry-shortlisted": () =>
    entryShortlistedEmail({
      festival,
      competitionName: "Network90",
      recipient: { name: "Nia Okafor", timeZone: "America/New_York" },
      networkName: "Harbour Voices",
      votingOpensAt: new Date("2026-10-26T12:00:00Z"),
      votingClosesAt: new Date("2026-10-30T17:00:00Z"),
      galleryUrl: `${appUrl}/network90`,
    }),
  "entry-declined": () =>
    entryDeclinedEmail({
      festival,
      competitionName: "Network90",
      recipient: { name: "Tom Field" },
      networkName: "Moorland Makers",
      reason: "The video is about a product rather than about your network.",
      entryUrl: `${appUrl}/network90`,
    }),
  "competition-results": () =>
    competitionResultsEmail({
      festival,
      competitionName: "Network90",
      recipient: { name: "Nia Okafor" },
      networkName: "Harbour Voices",
      outcome: { kind: "placed", placing: 1 },
      peoplesChoice: true,
      placings: [
        { placing: 1, networkName: "Harbour Voices" },
        { placing: 2, networkName: "Moorland Makers" },
      ],
      peoplesChoiceNames: ["Harbour Voices"],
      resultsUrl: `${appUrl}/network90#results`,
    }),
  "faculty-invite": () =>
    facultyInviteEmail({
      festival,
      recipientName: "Daniel Reyes",
      invitedBy: "organiser@networkfest.example.org",
      link: `${appUrl}/faculty-invite/preview`,
      expiresAt: new Date("2026-10-12T09:00:00Z"),
    }),
};
