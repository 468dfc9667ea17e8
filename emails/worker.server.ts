import type { Db } from "~db/client.server";
import { deliverDueEmails } from "./deliver.server";
import { logger } from "~/lib/logger.server";
import { mailQueueStats } from "./stats.server";
import type { MailTransport } from "./transport.server";

export interface MailWorkerOptions {
  db: Db;
  transport: MailTransport;
  /** Pause between polls when nothing is due. */
  idleMs?: number;
  batchSize?: number;
  /** How long a claimed row stays this worker's (default 2 minutes). */
  leaseMs?: number;
  /** Messages in hand at once; the transport's (its pool's connections) by default. */
  concurrency?: number;
  /** How often a `mail.stats` line is logged while there is activity (default a minute). */
  statsIntervalMs?: number;
  /** One structured line per event; by default a JSON object per line on stdout. */
  log?: (line: MailLogLine) => void;
}

export interface MailLogLine {
  event: string;
  [key: string]: unknown;
}

export interface MailWorker {
  /**
   * Stops: rows claimed but not attempted are released at once (another
   * worker may take them straight away), the sends under way finish and are
   * recorded, then the transport is closed.
   */
  stop(): Promise<void>;
}

/** The default log: the process's JSON log, `{"level":"info","time":"…","event":"mail.batch",…}`. */
export function jsonLineLog(line: MailLogLine): void {
  if (line.event === "mail.error") logger.warn(line, line.event);
  else logger.info(line, line.event);
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Delivers due messages until the queue is empty, sleeps, and repeats. Runs
 * inside the web process by default and as its own process with
 * `npm run worker`; any number can run against one PostgreSQL database.
 *
 * It logs a line each time it has emptied the queue (`mail.batch`, with the
 * counts), a line per error, and while there is activity a `mail.stats` line
 * a minute with the queue's counts; an idle worker is quiet.
 */
export function startMailWorker(options: MailWorkerOptions): MailWorker {
  const idleMs = options.idleMs ?? 2_000;
  const batchSize = options.batchSize ?? 50;
  const statsIntervalMs = options.statsIntervalMs ?? 60_000;
  const log = options.log ?? jsonLineLog;
  const stopping = new AbortController();
  let wake: (() => void) | undefined;
  // What this worker did since the last stats line: an idle worker logs nothing.
  const since = { sent: 0, retrying: 0, failed: 0, errors: 0 };
  const active = () => since.sent + since.retrying + since.failed + since.errors > 0;
  let released = 0;

  let statsRunning: Promise<void> | undefined;
  const logStats = () => {
    if (statsRunning || !active()) return;
    statsRunning = writeStats().finally(() => (statsRunning = undefined));
  };
  const writeStats = async () => {
    const done = { ...since };
    Object.assign(since, { sent: 0, retrying: 0, failed: 0, errors: 0 });
    try {
      // Counts only, and the latest error's text: no addresses in the log.
      const { recentErrors, ...queue } = await mailQueueStats(options.db, new Date(), {
        errors: 1,
      });
      log({
        event: "mail.stats",
        queue,
        worker: done,
        ...(recentErrors[0] ? { lastError: recentErrors[0].lastError } : {}),
      });
    } catch (error) {
      log({ event: "mail.error", during: "stats", error: errorText(error) });
    }
  };
  // A line a minute while there is work, also in the middle of a long run.
  const statsTimer = setInterval(logStats, statsIntervalMs);
  statsTimer.unref();

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        // Claims batch after batch while they come back full, then the queue is empty.
        const result = await deliverDueEmails(options.db, options.transport, {
          limit: batchSize,
          leaseMs: options.leaseMs,
          concurrency: options.concurrency,
          continuous: true,
          signal: stopping.signal,
          onOutcome: (outcome) => (since[outcome] += 1),
        });
        released += result.released;
        if (result.claimed > 0) log({ event: "mail.batch", ...result });
      } catch (error) {
        since.errors += 1;
        log({ event: "mail.error", error: errorText(error) });
      }
      await new Promise<void>((resolve) => {
        if (stopping.signal.aborted) return resolve();
        wake = resolve;
        setTimeout(resolve, idleMs).unref();
      });
    }
  })();

  let stopped: Promise<void> | undefined;
  return {
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        wake?.();
        await loop;
        clearInterval(statsTimer);
        await statsRunning; // the database may be closed next
        options.transport.close();
        log({ event: "mail.stopped", released });
      })();
      return stopped;
    },
  };
}
