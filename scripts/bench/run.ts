/**
 * npm run bench: Meridian's public pages against a bare Node baseline serving
 * the same bytes, measured in the same run, on embedded PGlite and on
 * PostgreSQL; then a soak on PostgreSQL that prints throughput minute by
 * minute. Figures, not pass/fail: targets are shown beside them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { openDatabase } from "~db/client.server";
import { seedDemoFestival } from "~db/seed.server";
import { freePort, startServerProcess, type ServerProcess } from "../lib/server-process";
import { load, median, memoryOf, tool, type LoadResult } from "./measure";

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    connections: { type: "string", default: "32" },
    soak: { type: "string", default: "300" },
    only: { type: "string", default: "" },
    help: { type: "boolean", default: false },
  },
});

if (args.help) {
  console.log(`npm run bench [-- options]
  --duration S     seconds per measurement (default 10)
  --rounds N       rounds per measurement; medians are reported (default 3; 0: soak only)
  --connections C  concurrent connections (default 32)
  --soak S         soak length on PostgreSQL in seconds, 0 to skip (default 300)
  --only KIND      pglite or postgres
Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test)`);
  process.exit(0);
}

const duration = Number(args.duration);
const rounds = Number(args.rounds);
const connections = Number(args.connections);
const soakSeconds = Number(args.soak);
const pgBase = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const ZONE_COOKIE = { Cookie: "meridian_tz=America%2FNew_York" };
const OTHER_COOKIE = { Cookie: "meridian_tz=America%2FNew_York; bench=1" };

interface Row {
  database: string;
  what: string;
  baseline: LoadResult | null;
  server: LoadResult;
}
const rows: Row[] = [];
const memory: Record<string, { rssMb: number; peakMb: number }> = {};
const soakMinutes: {
  minute: number;
  requestsPerSecond: number;
  p99: number;
  errors: number;
  rssMb: number;
}[] = [];

async function prepareDatabase(
  kind: "pglite" | "postgres",
): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  if (kind === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-bench-"));
    const pgliteDir = path.join(dir, "pglite");
    const handle = await openDatabase({ pgliteDir });
    await handle.migrate();
    await seedDemoFestival(handle.db);
    await handle.close();
    return {
      env: { PGLITE_DIR: pgliteDir, DATABASE_URL: "" },
      cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `meridian_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(pgBase, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(pgBase);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  await handle.migrate();
  await seedDemoFestival(handle.db);
  await handle.close();
  return {
    env: { DATABASE_URL: url.toString() },
    cleanup: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function startBaseline(
  server: ServerProcess,
  paths: string[],
): Promise<{ url: string; child: ChildProcess }> {
  const fixtures: Record<string, { headers: Record<string, string>; body: string }> = {};
  for (const p of paths) {
    const response = await fetch(`${server.url}${p}`);
    const body = Buffer.from(await response.arrayBuffer());
    fixtures[p] = {
      headers: { "content-type": response.headers.get("content-type") ?? "text/plain" },
      body: body.toString("base64"),
    };
  }
  const file = path.join(os.tmpdir(), `meridian-baseline-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(fixtures));
  const port = await freePort();
  const child = spawn(process.execPath, ["scripts/bench/baseline-server.mjs", file, String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
  return { url: `http://127.0.0.1:${port}`, child };
}

function fmt(result: LoadResult): string {
  return `${Math.round(result.requestsPerSecond).toString().padStart(6)} req/s  p50 ${String(result.p50).padStart(3)} ms  p99 ${String(result.p99).padStart(4)} ms${result.errors || result.non2xx ? `  errors ${result.errors} non-2xx ${result.non2xx}` : ""}`;
}

function medianResult(results: LoadResult[]): LoadResult {
  return {
    requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    errors: results.reduce((s, r) => s + r.errors, 0),
    non2xx: results.reduce((s, r) => s + r.non2xx, 0),
    total: results.reduce((s, r) => s + r.total, 0),
  };
}

async function benchTarget(kind: "pglite" | "postgres") {
  console.log(`\n## ${kind}: preparing the demo festival`);
  const db = await prepareDatabase(kind);
  const server = await startServerProcess({
    ...db.env,
    SEED_DEMO: "0",
    NODE_ENV: "production",
    SESSION_SECRET: "bench-secret-bench-secret-bench-secret",
  });
  const paths = ["/schedule", "/schedule.ics"];
  const baseline = await startBaseline(server, paths);
  try {
    for (const p of rounds > 0 ? paths : []) {
      await load({ url: `${server.url}${p}`, connections, durationSeconds: 2 });
      await load({ url: `${baseline.url}${p}`, connections, durationSeconds: 2 });
    }
    for (const p of rounds > 0 ? paths : []) {
      const base: LoadResult[] = [];
      const ours: LoadResult[] = [];
      for (let round = 0; round < rounds; round++) {
        base.push(
          await load({ url: `${baseline.url}${p}`, connections, durationSeconds: duration }),
        );
        ours.push(await load({ url: `${server.url}${p}`, connections, durationSeconds: duration }));
        console.log(
          `  ${p} round ${round + 1}: baseline ${fmt(base.at(-1)!)} | meridian ${fmt(ours.at(-1)!)}`,
        );
      }
      rows.push({
        database: kind,
        what: `${p} (anonymous)`,
        baseline: medianResult(base),
        server: medianResult(ours),
      });
    }
    // Returning visitors carry the zone cookie: served from the cache per zone.
    // Any other cookie (as a signed-in visitor's will) bypasses the cache, so
    // every request is rendered: the cost of a page without the cache.
    const variants = [
      { what: "/schedule (zone cookie: cached per zone)", headers: ZONE_COOKIE },
      { what: "/schedule (other cookie: rendered each time)", headers: OTHER_COOKIE },
    ];
    for (const variant of rounds > 0 ? variants : []) {
      const results: LoadResult[] = [];
      for (let round = 0; round < rounds; round++) {
        const url = `${server.url}/schedule`;
        results.push(
          await load({ url, connections, durationSeconds: duration, headers: variant.headers }),
        );
        console.log(`  ${variant.what}, round ${round + 1}: ${fmt(results.at(-1)!)}`);
      }
      rows.push({
        database: kind,
        what: variant.what,
        baseline: null,
        server: medianResult(results),
      });
    }
    memory[kind] = memoryOf(server.child.pid!);

    if (kind === "postgres" && soakSeconds > 0) {
      console.log(
        `\n## soak on PostgreSQL: ${soakSeconds} s of /healthz, one database round trip per request`,
      );
      // Consecutive one-minute runs: a decline from the first to the last is a leak or a slowdown.
      for (let minute = 1; minute <= Math.ceil(soakSeconds / 60); minute++) {
        const result = await load({
          url: `${server.url}/healthz`,
          connections,
          durationSeconds: 60,
        });
        const entry = {
          minute,
          requestsPerSecond: result.requestsPerSecond,
          p99: result.p99,
          errors: result.errors + result.non2xx,
          rssMb: memoryOf(server.child.pid!).rssMb,
        };
        soakMinutes.push(entry);
        console.log(
          `  minute ${minute}: ${Math.round(entry.requestsPerSecond)} req/s, p99 ${entry.p99} ms, errors ${entry.errors}, server RSS ${Math.round(entry.rssMb)} MB`,
        );
      }
      memory["postgres after soak"] = memoryOf(server.child.pid!);
    }
  } finally {
    baseline.child.kill("SIGTERM");
    await server.stop();
    await db.cleanup();
  }
}

const targets = (args.only ? [args.only] : ["pglite", "postgres"]) as ("pglite" | "postgres")[];
console.log(
  `Meridian benchmark with ${tool}: ${connections} connections, ${duration} s per run, median of ${rounds} rounds, ${os.cpus().length} cores, Node ${process.version}`,
);
for (const kind of targets) await benchTarget(kind);

console.log("\n## Results (medians)");
for (const row of rows) {
  const ratio = row.baseline
    ? ` | ${((100 * row.server.requestsPerSecond) / row.baseline.requestsPerSecond).toFixed(0)}% of baseline (${fmt(row.baseline).trim()})`
    : "";
  console.log(`${row.database.padEnd(9)} ${row.what.padEnd(42)} ${fmt(row.server)}${ratio}`);
}
for (const [kind, m] of Object.entries(memory)) {
  console.log(`memory ${kind}: RSS ${Math.round(m.rssMb)} MB, peak ${Math.round(m.peakMb)} MB`);
}
if (soakMinutes.length >= 2) {
  const first = soakMinutes[0]!.requestsPerSecond;
  const last = soakMinutes.at(-1)!.requestsPerSecond;
  console.log(
    `soak: first minute ${Math.round(first)} req/s, last minute ${Math.round(last)} req/s, last/first ${(last / first).toFixed(2)} (target ≥ 0.90)`,
  );
}
console.log(
  "targets: /schedule ≥ 25% of baseline with p99 < 100 ms at 32 connections; soak last minute within 10% of the first; peak memory < 300 MB on PostgreSQL",
);

fs.mkdirSync("bench-results", { recursive: true });
const out = path.join(
  "bench-results",
  `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
);
fs.writeFileSync(
  out,
  JSON.stringify({ connections, duration, rounds, rows, memory, soakMinutes }, null, 2),
);
console.log(`\nwritten to ${out}`);
