import type { Db } from "~db/client.server";
import { deliverDueEmails } from "./deliver.server";
import type { MailTransport } from "./transport.server";

export interface MailWorkerOptions {
  db: Db;
  transport: MailTransport;
  /** Pause between polls when nothing is due. */
  idleMs?: number;
  batchSize?: number;
  log?: (line: Record<string, unknown>) => void;
}

export interface MailWorker {
  /** Finishes the batch in hand, then stops. */
  stop(): Promise<void>;
}

/**
 * Delivers due messages until the queue is empty, sleeps, and repeats. Runs
 * inside the web process by default and as its own process with
 * `npm run worker`; any number can run against one PostgreSQL database.
 */
export function startMailWorker(options: MailWorkerOptions): MailWorker {
  const idleMs = options.idleMs ?? 2_000;
  const batchSize = options.batchSize ?? 50;
  const log =
    options.log ??
    ((line) => console.log(JSON.stringify({ at: new Date().toISOString(), ...line })));
  let stopping = false;
  let wake: (() => void) | undefined;

  const loop = (async () => {
    while (!stopping) {
      try {
        const result = await deliverDueEmails(options.db, options.transport, { limit: batchSize });
        if (result.claimed > 0) log({ event: "mail.batch", ...result });
        if (result.claimed === batchSize) continue;
      } catch (error) {
        log({ event: "mail.error", error: error instanceof Error ? error.message : String(error) });
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, idleMs).unref();
      });
    }
  })();

  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      options.transport.close();
    },
  };
}
