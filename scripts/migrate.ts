import { closeDatabase, database } from "~db/client.server";

const started = performance.now();
const handle = await database();
await handle.migrate();
console.log(
  `Migrations applied to ${handle.kind} in ${Math.round(performance.now() - started)} ms`,
);
await closeDatabase();
