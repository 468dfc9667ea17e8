import type { OutboxMessage } from "~db/schema";
import { brandOf, renderHtml, renderText, type EmailContent, type EmailFestival } from "./layout";

export interface EntryDeclinedEmailData {
  festival: EmailFestival;
  competitionName: string;
  recipient: { name: string };
  networkName: string;
  /** The organisers' reason, as they wrote it: the point of the message. */
  reason: string;
  /** Where the entrant sees their entry. */
  entryUrl: string;
}

/** Tells an entrant their video will not go to the public vote, and why. */
export function entryDeclinedEmail(d: EntryDeclinedEmailData): OutboxMessage {
  const content: EmailContent = {
    heading: `About ${d.networkName}'s entry to ${d.competitionName}`,
    blocks: [
      { text: d.recipient.name ? `Hello ${d.recipient.name.split(" ")[0]},` : "Hello," },
      {
        text: `Thank you for entering ${d.competitionName} at ${d.festival.name}. We are sorry to tell you that the judges have not shortlisted ${d.networkName}'s video for the public vote.`,
      },
      { text: "The reason they gave:" },
      { strong: d.reason },
      { button: { label: "See your entry", href: d.entryUrl } },
      {
        muted: `If you think this is a mistake, reply to ${d.festival.contactEmail}.`,
      },
    ],
    footer: `${d.festival.name} · Questions? Write to ${d.festival.contactEmail}.`,
  };
  return {
    subject: `Your ${d.competitionName} entry: ${d.networkName}`,
    text: renderText(content),
    html: renderHtml({ ...content, brand: brandOf(d.festival) }),
  };
}
