import type { OutboxMessage } from "~db/schema";
import { formatWhen } from "~/lib/time";
import { brandOf, renderHtml, renderText, type EmailContent, type EmailFestival } from "./layout";

export interface EntryShortlistedEmailData {
  festival: EmailFestival;
  competitionName: string;
  recipient: { name: string; timeZone: string | null };
  networkName: string;
  votingOpensAt: Date;
  votingClosesAt: Date;
  /** The public gallery, where the entry appears when voting opens. */
  galleryUrl: string;
}

/**
 * Tells an entrant their video made the shortlist. The times are in the
 * entrant's own zone when we know it (else the festival's), zone named,
 * because "voting opens Tuesday" means different hours to different people.
 */
export function entryShortlistedEmail(d: EntryShortlistedEmailData): OutboxMessage {
  const zone = d.recipient.timeZone ?? d.festival.timeZone;
  const opens = formatWhen(d.votingOpensAt, zone);
  const closes = formatWhen(d.votingClosesAt, zone);
  const content: EmailContent = {
    heading: `${d.networkName} is on the ${d.competitionName} shortlist`,
    blocks: [
      { text: d.recipient.name ? `Hello ${d.recipient.name.split(" ")[0]},` : "Hello," },
      {
        text: `Congratulations: the judges have shortlisted ${d.networkName}'s video for ${d.competitionName} at ${d.festival.name}.`,
      },
      {
        text: "Your entry will be in the public gallery, with its captions on, when voting opens:",
      },
      { strong: opens },
      { text: `Voting closes ${closes}. Tell your network: everyone may vote once.` },
      { button: { label: "See the gallery", href: d.galleryUrl } },
      {
        muted:
          "The results stay hidden until the organisers announce them after the vote; we will email you then.",
      },
    ],
    footer: `${d.festival.name} · Questions? Write to ${d.festival.contactEmail}.`,
  };
  return {
    subject: `Shortlisted: ${d.networkName} in ${d.competitionName}`,
    text: renderText(content),
    html: renderHtml({ ...content, brand: brandOf(d.festival) }),
  };
}
