import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import type { TestProject } from "vitest/node";
import { openDatabase } from "~db/client.server";
import { createWebinar, dstWeekFestival } from "~tests/factories";
import { startServerProcess, type ServerProcess } from "~scripts/lib/server-process";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let server: ServerProcess | undefined;
let dataDir: string | undefined;

/**
 * One production server for the browser tests, on its own embedded database
 * holding the daylight-saving test week. The server runs in Los Angeles time
 * to prove nothing depends on the server's own zone.
 */
export async function setup(project: TestProject) {
  if (!fs.existsSync("build/index.js")) {
    throw new Error(
      "The e2e tests need a production build: run `npm run build` (npm run test:e2e does).",
    );
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-e2e-"));
  const pgliteDir = path.join(dataDir, "pglite");
  const handle = await openDatabase({ pgliteDir });
  await handle.migrate();
  const week = await dstWeekFestival(handle.db);
  // The DST week is in the past; one webinar a week from now shows what upcoming ones offer.
  const nextWeek = DateTime.now().setZone("Europe/London").plus({ days: 7 }).toISODate();
  await createWebinar(handle.db, week.festival, {
    slug: "coming-up",
    title: "Coming up next week",
    localStart: `${nextWeek}T12:30`,
    hosts: [week.chair],
  });
  await handle.close();

  server = await startServerProcess({
    PGLITE_DIR: pgliteDir,
    SEED_DEMO: "0",
    NODE_ENV: "production",
    SESSION_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e",
    TZ: "America/Los_Angeles",
    DATABASE_URL: "",
  });
  project.provide("baseUrl", server.url);
}

export async function teardown() {
  await server?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
