import { parseArgs } from "node:util";
import { closeDatabase, database } from "~db/client.server";
import { removeDemoFestival, seedDemoFestival } from "~db/seed.server";
import { env } from "~/lib/env.server";
import { runScript } from "./lib/run-script";

const { values } = parseArgs({
  options: {
    fresh: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(`npm run seed [-- --fresh]

Creates the demo festival (a week starting the coming Monday) or fills in what is
missing from it; running it again creates nothing new.
  --fresh   delete the demo festival first and lay it anew for the coming week`);
  process.exit(0);
}

await runScript(async () => {
  env();
  const handle = await database();
  await handle.migrate();
  if (values.fresh) await removeDemoFestival(handle.db);
  const summary = await seedDemoFestival(handle.db);
  console.log(
    summary.created
      ? `Demo festival created: week of ${summary.startsOn}, ${summary.webinars} webinars, ${summary.faculty} faculty (${handle.kind}).`
      : `Demo festival already present (week of ${summary.startsOn}); nothing duplicated.`,
  );
  await closeDatabase();
});
