import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "~db/client.server";

/**
 * Process-level behaviour of the embedded database and of start-up
 * configuration: these run real child processes, as an organiser would.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-lock-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function runMigrate(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/migrate.ts"], {
    env: { ...process.env, DATABASE_URL: "", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("the embedded database directory", () => {
  it("refuses a second process with a clear message while the first has it open", async () => {
    const dir = path.join(tmp, "busy");
    const first = await openDatabase({ pgliteDir: dir });
    try {
      const second = runMigrate({ PGLITE_DIR: dir });
      expect(second.status).toBe(1);
      expect(second.output).toContain(`already in use by process ${process.pid}`);
      expect(second.output).not.toMatch(/\n\s+at /); // a message, not a stack trace
    } finally {
      await first.close();
    }
    const afterRelease = runMigrate({ PGLITE_DIR: dir });
    expect(afterRelease.output).toContain("Migrations applied to pglite");
    expect(afterRelease.status).toBe(0);
  });

  it("takes over a lock left by a process that no longer exists", async () => {
    const dir = path.join(tmp, "stale");
    fs.mkdirSync(tmp, { recursive: true });
    fs.writeFileSync(`${dir}.lock`, "2147483646");
    const handle = await openDatabase({ pgliteDir: dir });
    expect(fs.readFileSync(`${dir}.lock`, "utf8")).toBe(String(process.pid));
    await handle.close();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });
});

describe("start-up configuration", () => {
  it("stops with the variable's name and what is wrong, exiting non-zero", () => {
    const result = runMigrate({ DATABASE_URL: "mysql://db.example.org/festival" });
    expect(result.status).toBe(1);
    expect(result.output).toContain("DATABASE_URL must be a postgres:// or postgresql:// URL");
  });
});
