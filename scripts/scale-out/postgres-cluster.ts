import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { freePort } from "../lib/server-process";

const run = promisify(execFile);

export interface ScratchDatabase {
  /** postgres:// URL of the database Meridian uses. */
  url: string;
  /** "cluster": a PostgreSQL of our own; "database": a fresh database on a server given to us. */
  kind: "cluster" | "database";
  /** Restarts the server (pg_ctl restart -m fast); only for our own cluster. */
  restart(): Promise<void>;
  /** Stops the server (pg_ctl stop -m fast: sessions are cut); only for our own cluster. */
  stop(): Promise<void>;
  /** Starts it again after stop(). */
  start(): Promise<void>;
  /** Stops and removes everything this created. */
  remove(): Promise<void>;
}

/*
 * initdb refuses to run as root, so as root the PostgreSQL programs run as
 * the `postgres` user, in a directory that user owns.
 */
const asRoot = process.getuid?.() === 0;
async function pg(program: string, args: string[]): Promise<string> {
  const [file, argv] = asRoot
    ? ["runuser", ["-u", "postgres", "--", program, ...args]]
    : [program, args];
  const { stdout } = await run(file, argv, { timeout: 120_000 });
  return stdout;
}

/**
 * A throwaway PostgreSQL cluster on a free loopback port: its own data
 * directory under the system's temp directory, removed by remove(). The
 * machine's own PostgreSQL is never touched.
 */
export async function startThrowawayCluster(
  options: { maxConnections?: number } = {},
): Promise<ScratchDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-pg-"));
  if (asRoot) await run("chown", ["postgres:", dir]);
  const data = path.join(dir, "data");
  const port = await freePort();
  await pg("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses=127.0.0.1",
    `-c max_connections=${options.maxConnections ?? 200}`,
  ].join(" ");
  const log = path.join(dir, "server.log");
  const start = () =>
    pg("pg_ctl", ["-D", data, "-l", log, "-o", settings, "-w", "-t", "60", "start"]);
  await start();
  const url = `postgres://postgres@127.0.0.1:${port}/meridian`;
  const admin = postgres(`postgres://postgres@127.0.0.1:${port}/postgres`, {
    max: 1,
    onnotice: () => {},
  });
  await admin.unsafe("create database meridian");
  await admin.end();
  let removed = false;
  return {
    url,
    kind: "cluster",
    // pg_ctl restart keeps the options the server was started with (postmaster.opts).
    restart: async () => {
      await pg("pg_ctl", ["-D", data, "-l", log, "-m", "fast", "-w", "-t", "60", "restart"]);
    },
    stop: async () => {
      await pg("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "60", "stop"]);
    },
    start: async () => {
      await start();
    },
    remove: async () => {
      if (removed) return;
      removed = true;
      try {
        await pg("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database on a server we were given (DATABASE_URL), dropped by remove(). */
export async function createScratchDatabase(serverUrl: string): Promise<ScratchDatabase> {
  const name = `meridian_scale_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let removed = false;
  return {
    url: url.toString(),
    kind: "database",
    restart: () => Promise.reject(new Error("Only a throwaway cluster can be restarted.")),
    stop: () => Promise.reject(new Error("Only a throwaway cluster can be stopped.")),
    start: () => Promise.reject(new Error("Only a throwaway cluster can be started.")),
    remove: async () => {
      if (removed) return;
      removed = true;
      const again = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}
