import type { Db } from "~db/client.server";
import { planDigests } from "~/models/digest.server";
import { logger } from "~/lib/logger.server";
import { getCurrentFestival } from "~/models/festival.server";
import { retentionSchedule } from "./retention-schedule.server";

export interface Planner {
  stop(): void;
}

/**
 * Once a minute, queues what is due by the clock rather than by a change:
 * today's digests; once a day, the retention job. Safe to run in every
 * process: the outbox's dedupe keys make each message once, and each
 * festival's personal data is removed once under its row lock.
 */
export function startPlanner(options: {
  db: Db;
  appUrl: string;
  everyMs?: number;
  retentionEveryMs?: number;
  log?: (line: Record<string, unknown>) => void;
}): Planner {
  const log =
    options.log ?? ((line) => logger.info(line, typeof line.event === "string" ? line.event : ""));
  let running = false;
  const retentionIfDue = retentionSchedule(options.retentionEveryMs);
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await retentionIfDue(new Date(), log);
      const festival = await getCurrentFestival();
      if (!festival) return;
      const queued = await planDigests(options.db, festival, options.appUrl, new Date());
      if (queued > 0) log({ event: "digest.planned", queued });
    } catch (error) {
      log({
        event: "planner.error",
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.everyMs ?? 60_000);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer) };
}
