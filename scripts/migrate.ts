import { closeDatabase, database } from "~db/client.server";
import { env } from "~/lib/env.server";
import { runScript } from "./lib/run-script";

await runScript(async () => {
  env();
  const started = performance.now();
  const handle = await database();
  await handle.migrate();
  console.log(
    `Migrations applied to ${handle.kind} in ${Math.round(performance.now() - started)} ms.`,
  );
  await closeDatabase();
});
