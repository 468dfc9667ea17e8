/**
 * A mail worker in a process of its own, for tests that kill or stop one:
 * `node --import tsx tests/helpers/mail-worker-process.ts`, configured by
 * WORKER_DATABASE_URL, WORKER_SMTP_URL and optional WORKER_LEASE_MS,
 * WORKER_BATCH, WORKER_IDLE_MS. Stops on SIGTERM as scripts/worker.ts does
 * (rows not attempted are released, sends in hand finish) and exits 0.
 * Every log line is one JSON object on stdout.
 */
import { openDatabase } from "~db/client.server";
import { smtpTransport } from "~emails/transport.server";
import { jsonLineLog, startMailWorker } from "~emails/worker.server";
import { flushLogs } from "~/lib/logger.server";

const number = (name: string) =>
  process.env[name] === undefined ? undefined : Number(process.env[name]);

const url = process.env.WORKER_DATABASE_URL;
const smtpUrl = process.env.WORKER_SMTP_URL;
if (!url || !smtpUrl) {
  console.error("WORKER_DATABASE_URL and WORKER_SMTP_URL must be set");
  process.exit(2);
}
const handle = await openDatabase({ url, maxConnections: 4 });
const worker = startMailWorker({
  db: handle.db,
  transport: smtpTransport(smtpUrl, "Festival <festival@example.test>"),
  leaseMs: number("WORKER_LEASE_MS"),
  batchSize: number("WORKER_BATCH"),
  idleMs: number("WORKER_IDLE_MS") ?? 100,
  log: jsonLineLog,
});
jsonLineLog({ event: "mail.started", pid: process.pid });
process.once("SIGTERM", () => {
  void worker
    .stop()
    .then(() => handle.close())
    .then(() => {
      flushLogs();
      process.exit(0);
    });
});
