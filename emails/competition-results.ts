import type { OutboxMessage } from "~db/schema";
import {
  brandOf,
  renderHtml,
  renderText,
  type EmailBlock,
  type EmailContent,
  type EmailFestival,
} from "./layout";

/** What happened to this entrant's own entry. */
export type EntryOutcome =
  | { kind: "placed"; placing: 1 | 2 | 3 }
  | { kind: "shortlisted" }
  /** Entered but not shortlisted: thanked. */
  | { kind: "thanks" };

export interface CompetitionResultsEmailData {
  festival: EmailFestival;
  competitionName: string;
  recipient: { name: string };
  networkName: string;
  outcome: EntryOutcome;
  /** This entry had the most public votes (alone or tied). */
  peoplesChoice: boolean;
  /** The judges' award, in order: winner first. */
  placings: { placing: number; networkName: string }[];
  /** The People's Choice: more than one when tied. */
  peoplesChoiceNames: string[];
  resultsUrl: string;
}

const PLACING_NAMES: Record<number, string> = {
  1: "the winner",
  2: "a runner-up",
  3: "a runner-up",
};

function outcomeBlocks(d: CompetitionResultsEmailData): EmailBlock[] {
  const blocks: EmailBlock[] = [];
  switch (d.outcome.kind) {
    case "placed":
      blocks.push({
        strong:
          d.outcome.placing === 1
            ? `${d.networkName} won the judges' award of ${d.competitionName}.`
            : `${d.networkName} is a runner-up for the judges' award of ${d.competitionName}.`,
      });
      break;
    case "shortlisted":
      blocks.push({
        text: `${d.networkName} was on the shortlist and in the public vote. It was not among the judges' placings this time, and we hope the gallery brought your network new friends.`,
      });
      break;
    case "thanks":
      blocks.push({
        text: `Thank you for entering ${d.networkName}. It was not shortlisted this time, but every entry showed the judges something about how networks work, and we are glad you took part.`,
      });
      break;
  }
  if (d.peoplesChoice) {
    blocks.push({
      strong:
        d.peoplesChoiceNames.length > 1
          ? `${d.networkName} shares the People's Choice: the most votes from the public.`
          : `${d.networkName} won the People's Choice: the most votes from the public.`,
    });
  }
  return blocks;
}

/**
 * The results, one message per entrant with their own outcome first and
 * the whole result after (it is public by the time this is sent).
 */
export function competitionResultsEmail(d: CompetitionResultsEmailData): OutboxMessage {
  const summary = [
    ...d.placings.map((p) => `${p.placing === 1 ? "Winner" : "Runner-up"}: ${p.networkName}`),
    ...(d.peoplesChoiceNames.length > 0
      ? [`People's Choice: ${d.peoplesChoiceNames.join(" and ")}`]
      : []),
  ];
  const content: EmailContent = {
    heading: `${d.competitionName}: the results`,
    blocks: [
      { text: d.recipient.name ? `Hello ${d.recipient.name.split(" ")[0]},` : "Hello," },
      { text: `The results of ${d.competitionName} at ${d.festival.name} are out.` },
      ...outcomeBlocks(d),
      ...(summary.length > 0
        ? [{ text: "The results in full:" }, ...summary.map((line) => ({ text: line }))]
        : []),
      { button: { label: "See the results and the vote", href: d.resultsUrl } },
    ],
    footer: `${d.festival.name} · Questions? Write to ${d.festival.contactEmail}.`,
  };
  const subject =
    d.outcome.kind === "placed"
      ? `${d.competitionName} results: ${d.networkName} is ${PLACING_NAMES[d.outcome.placing]}`
      : `${d.competitionName}: the results`;
  return {
    subject,
    text: renderText(content),
    html: renderHtml({ ...content, brand: brandOf(d.festival) }),
  };
}
