import type { Db } from "~db/client.server";
import { planDigests } from "~/models/digest.server";
import { getCurrentFestival } from "~/models/festival.server";

export interface Planner {
  stop(): void;
}

/**
 * Once a minute, queues what is due by the clock rather than by a change:
 * today's digests. Safe to run in every process: the outbox's dedupe keys
 * make each message once.
 */
export function startPlanner(options: {
  db: Db;
  appUrl: string;
  everyMs?: number;
  log?: (line: Record<string, unknown>) => void;
}): Planner {
  const log =
    options.log ??
    ((line) => console.log(JSON.stringify({ at: new Date().toISOString(), ...line })));
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
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
