import { runRetention } from "~/models/retention.server";

const DAY_MS = 86_400_000;
const RETRY_MS = 3_600_000;

/**
 * The retention job on the planner's clock: checked at start and then once
 * a day (finding nothing due is one small query), retried an hour after a
 * failure. Safe in every process: each festival is done under its row lock
 * and only once.
 */
export function retentionSchedule(everyMs = DAY_MS) {
  let nextAt = 0;
  return async function runIfDue(
    now: Date,
    log: (line: Record<string, unknown>) => void,
  ): Promise<void> {
    if (now.getTime() < nextAt) return;
    nextAt = now.getTime() + RETRY_MS;
    const runs = await runRetention({ now });
    nextAt = now.getTime() + everyMs;
    for (const run of runs) {
      log({
        event: "retention.done",
        festival: run.festivalName,
        deadline: run.deadline.toISOString(),
        ...run.counts,
      });
    }
  };
}
