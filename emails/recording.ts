import type { OutboxMessage } from "~db/schema";
import { formatRange } from "~/lib/time";
import {
  type EmailBlock,
  type EmailContent,
  type EmailFestival,
  brandOf,
  renderHtml,
  renderText,
} from "./layout";

/**
 * The messages that follow a webinar once its recording is published: a
 * thank-you to those who joined (with their certificate and more from the
 * faculty), a "sorry we missed you" to confirmed registrants who did not, and
 * a short note when the organisers later change the recording's address.
 * None of them carries the join link.
 */
export interface RecordingEmailData {
  appUrl: string;
  festival: EmailFestival;
  recipient: { email: string; name: string; timeZone: string | null };
  webinar: { slug: string; title: string; startsAt: Date; durationMinutes: number };
  /** Already validated (http or https only). */
  recordingUrl: string;
}

/** A link to something a host wrote or is: a faculty profile for now, blog posts later. */
export interface RelatedLink {
  title: string;
  url: string;
}

export interface RecordingThanksData extends RecordingEmailData {
  /** Where the attendee downloads their certificate of attendance (signs them in first). */
  certificateUrl: string;
  /** The webinar's hosts, each with their profile page. */
  hosts: RelatedLink[];
  /**
   * The hosts' blog posts related to this webinar. The blog arrives in a
   * later issue; until then this is absent and the hosts' profiles are listed.
   */
  posts?: RelatedLink[];
}

export interface RecordingChangedData extends RecordingEmailData {
  /** Attendees are reminded where their certificate is. */
  certificateUrl: string | null;
}

export type RecordingEmailKind = "recording-thanks" | "recording-missed" | "recording-changed";

const greeting = (name: string) => (name ? `Hello ${name.split(" ")[0]},` : "Hello,");

function footer(data: RecordingEmailData): string {
  return `${data.festival.name} · Questions? Write to ${data.festival.contactEmail}. Manage your registrations and email preferences at ${data.appUrl}/me`;
}

/**
 * When it took place, in the recipient's zone with the zone named and the
 * festival's own time beside it (the same rule as every other message).
 */
export function recordingTimeLines(data: RecordingEmailData): {
  local: string;
  festival: string | null;
} {
  const zone = data.recipient.timeZone ?? data.festival.timeZone;
  const { startsAt, durationMinutes } = data.webinar;
  const local = formatRange(startsAt, durationMinutes, zone).text;
  const festival = formatRange(startsAt, durationMinutes, data.festival.timeZone).text;
  return { local, festival: festival === local ? null : `Festival time: ${festival}` };
}

function timeBlocks(data: RecordingEmailData): EmailBlock[] {
  const { local, festival } = recordingTimeLines(data);
  return [{ strong: local }, ...(festival ? [{ muted: festival }] : [])];
}

const webinarUrl = (data: RecordingEmailData) => `${data.appUrl}/webinars/${data.webinar.slug}`;

const watchButton = (data: RecordingEmailData): EmailBlock => ({
  button: { label: "Watch the recording", href: data.recordingUrl },
});

function message(subject: string, content: EmailContent): OutboxMessage {
  return { subject, text: renderText(content), html: renderHtml(content) };
}

/** More from the faculty: their posts once there is a blog, else their profiles. */
function facultyBlocks(data: RecordingThanksData): EmailBlock[] {
  if (data.posts?.length) {
    return [
      { text: "Related posts from the faculty:" },
      { links: data.posts.map((p) => ({ label: p.title, href: p.url })) },
    ];
  }
  if (data.hosts.length === 0) return [];
  return [
    {
      text:
        data.hosts.length === 1
          ? "Read more from the webinar's host:"
          : "Read more from the webinar's hosts:",
    },
    { links: data.hosts.map((h) => ({ label: h.title, href: h.url })) },
  ];
}

export function recordingThanksEmail(data: RecordingThanksData): OutboxMessage {
  return message(`Thank you for joining — here is the recording: ${data.webinar.title}`, {
    heading: `Thank you for joining ${data.webinar.title}`,
    blocks: [
      { text: greeting(data.recipient.name) },
      ...timeBlocks(data),
      {
        text: "Thank you for joining us. The recording is ready, to watch again or to catch anything you missed:",
      },
      watchButton(data),
      {
        text: "Your certificate of attendance, for your continuing professional development record, is ready to download:",
      },
      { links: [{ label: "Download your certificate (PDF)", href: data.certificateUrl }] },
      ...facultyBlocks(data),
    ],
    footer: footer(data),
    brand: brandOf(data.festival),
  });
}

export function recordingMissedEmail(data: RecordingEmailData): OutboxMessage {
  return message(`Sorry we missed you — here is the recording: ${data.webinar.title}`, {
    heading: `Sorry we missed you at ${data.webinar.title}`,
    blocks: [
      { text: greeting(data.recipient.name) },
      ...timeBlocks(data),
      {
        text: "We are sorry you could not join us. The recording is ready, so you can watch it when it suits you:",
      },
      watchButton(data),
      { links: [{ label: "See the webinar page", href: webinarUrl(data) }] },
    ],
    footer: footer(data),
    brand: brandOf(data.festival),
  });
}

export function recordingChangedEmail(data: RecordingChangedData): OutboxMessage {
  return message(`New recording link: ${data.webinar.title}`, {
    heading: `The recording of ${data.webinar.title} has moved`,
    blocks: [
      { text: greeting(data.recipient.name) },
      ...timeBlocks(data),
      {
        text: "The organisers have changed the address of this webinar's recording. The link we sent before may no longer work; this one does:",
      },
      watchButton(data),
      ...(data.certificateUrl
        ? [
            {
              links: [{ label: "Download your certificate (PDF)", href: data.certificateUrl }],
            },
          ]
        : []),
    ],
    footer: footer(data),
    brand: brandOf(data.festival),
  });
}

/** Sample data for a future preview page: every message built from plain, typed data. */
export interface EmailPreview<T> {
  description: string;
  data: T;
  render(): OutboxMessage;
}

const sampleBase: RecordingEmailData = {
  appUrl: "https://festival.example.org",
  festival: {
    name: "Networks Festival",
    timeZone: "Europe/London",
    contactEmail: "hello@festival.example.org",
  },
  recipient: { email: "ada@example.org", name: "Ada Lovelace", timeZone: "America/New_York" },
  webinar: {
    slug: "growing-a-regional-network",
    title: "Growing a regional network",
    startsAt: new Date("2030-12-03T14:00:00Z"),
    durationMinutes: 30,
  },
  recordingUrl: "https://video.example.org/recordings/growing-a-regional-network",
};

const sampleCertificate = `${sampleBase.appUrl}/me/certificates/${sampleBase.webinar.slug}.pdf`;

const thanksSample: RecordingThanksData = {
  ...sampleBase,
  certificateUrl: sampleCertificate,
  hosts: [
    { title: "Amara Okafor", url: `${sampleBase.appUrl}/faculty/amara-okafor` },
    { title: "Daniel Reyes", url: `${sampleBase.appUrl}/faculty/daniel-reyes` },
  ],
};

const missedSample: RecordingEmailData = {
  ...sampleBase,
  recipient: { email: "grace@example.org", name: "Grace Hopper", timeZone: "Europe/London" },
};

const changedSample: RecordingChangedData = { ...sampleBase, certificateUrl: sampleCertificate };

export const preview: {
  "recording-thanks": EmailPreview<RecordingThanksData>;
  "recording-missed": EmailPreview<RecordingEmailData>;
  "recording-changed": EmailPreview<RecordingChangedData>;
} = {
  "recording-thanks": {
    description: "To a registrant who joined: the recording, their certificate, the hosts",
    data: thanksSample,
    render: () => recordingThanksEmail(thanksSample),
  },
  "recording-missed": {
    description: "To a confirmed registrant who did not join: the recording",
    data: missedSample,
    render: () => recordingMissedEmail(missedSample),
  },
  "recording-changed": {
    description: "To everyone already sent the recording, when its address changes",
    data: changedSample,
    render: () => recordingChangedEmail(changedSample),
  },
};
