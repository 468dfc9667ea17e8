import { closeDatabase, database } from "~db/client.server";
import { transportFor } from "~emails/transport.server";
import { jsonLineLog, startMailWorker } from "~emails/worker.server";
import { flushLogs } from "~/lib/logger.server";
import { env } from "~/lib/env.server";
import { startPlanner } from "~/server/planner.server";
import { runScript } from "./lib/run-script";

/**
 * The mail worker as its own process, for PostgreSQL deployments (start the
 * web processes with RUN_WORKER=0). With the embedded database the worker
 * already runs inside `npm start`, and this process is refused the directory.
 */
await runScript(async () => {
  const config = env();
  const handle = await database();
  await handle.migrate();
  const worker = startMailWorker({ db: handle.db, transport: transportFor(handle.db, config) });
  const planner = startPlanner({ db: handle.db, appUrl: config.APP_URL });
  // Its log is one JSON object per line, from the first line on.
  jsonLineLog({
    event: "mail.started",
    database: handle.kind,
    transport: config.SMTP_URL ? "smtp" : "dev mailbox",
    dkim: Boolean(config.DKIM_DOMAIN),
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      planner.stop();
      void worker
        .stop()
        .then(() => closeDatabase())
        .then(() => {
          flushLogs();
          process.exit(0);
        });
    });
  }
});
