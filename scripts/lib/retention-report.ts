import { formatWhen } from "~/lib/time";
import type { RetentionCounts, RetentionRun } from "~/models/retention.server";

const LABELS: Record<keyof RetentionCounts, string> = {
  peopleAnonymised: "people anonymised (account kept as a nameless placeholder)",
  peopleUnlinked: "people unlinked (account kept: registered for a later festival)",
  staffKept: "organisers and faculty kept as they are",
  festivalRegistrationsCleared: "registration answers cleared",
  entriesCleared: "Network90 entries stripped of contact details",
  entryFilesRemoved: "files of entries never published deleted",
  judgeCommentsCleared: "judges' comments cleared (scores kept)",
  votesAnonymised: "votes unlinked from email and address (counted still)",
  voteRefusalsAnonymised: "refused votes unlinked",
  sessionsEnded: "sessions ended",
  signInRequestsRemoved: "sign-in requests removed",
  emailsRemoved: "emails removed from the outbox",
  devMailboxRemoved: "dev mailbox copies removed",
  auditRowsScrubbed: "audit lines with a name or address scrubbed",
};

/** What a run did (or, dry, would do), for a person reading the terminal. */
export function retentionReport(
  runs: readonly (RetentionRun & { timeZone: string })[],
  dryRun: boolean,
): string {
  if (runs.length === 0) return "No festival is past its retention period: nothing to remove.";
  return runs
    .map((run) => {
      const head = `${run.festivalName}: retention ended ${formatWhen(run.deadline, run.timeZone)}; ${dryRun ? "would remove (dry run, nothing changed)" : "removed"}:`;
      const lines = (Object.keys(LABELS) as (keyof RetentionCounts)[]).map(
        (key) => `  ${String(run.counts[key]).padStart(6)}  ${LABELS[key]}`,
      );
      return [head, ...lines].join("\n");
    })
    .join("\n\n");
}
