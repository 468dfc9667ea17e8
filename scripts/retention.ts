import { closeDatabase, database } from "~db/client.server";
import { env } from "~/lib/env.server";
import { festivalsDue, runRetention } from "~/models/retention.server";
import { retentionReport } from "./lib/retention-report";
import { runScript } from "./lib/run-script";

/**
 * `tsx scripts/retention.ts [--dry-run]`: removes the personal data of every
 * festival past its retention period now, as the planner does once a day,
 * and prints what it did; with --dry-run, what it would do, changing nothing.
 */
await runScript(async () => {
  env();
  const dryRun = process.argv.includes("--dry-run");
  const handle = await database();
  await handle.migrate();
  const now = new Date();
  const zones = new Map((await festivalsDue(now)).map((f) => [f.id, f]));
  const runs = await runRetention({ now, dryRun });
  console.log(
    retentionReport(
      runs.map((r) => ({ ...r, timeZone: zones.get(r.festivalId)?.timeZone ?? "UTC" })),
      dryRun,
    ),
  );
  await closeDatabase();
});
