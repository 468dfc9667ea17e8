import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import autocannon from "autocannon";

const run = promisify(execFile);

/**
 * The load generator. wrk (C, from Debian's packages) leaves the cores to the
 * servers being measured, so ratios are honest; autocannon (npm) is the
 * fallback when wrk is not installed, and saturates sooner itself.
 */
export const tool: "wrk" | "autocannon" =
  process.env.BENCH_TOOL === "autocannon" || !fs.existsSync("/usr/bin/wrk") ? "autocannon" : "wrk";

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
}

/** One load run against a URL on loopback, bounded in time. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  return tool === "wrk" ? loadWithWrk(options) : loadWithAutocannon(options);
}

async function loadWithWrk(options: LoadOptions): Promise<LoadResult> {
  const args = [
    "-t2",
    `-c${options.connections}`,
    `-d${options.durationSeconds}s`,
    "--timeout",
    "10s",
    "-s",
    "scripts/bench/wrk-report.lua",
  ];
  for (const [name, value] of Object.entries(options.headers ?? {}))
    args.push("-H", `${name}: ${value}`);
  args.push(options.url);
  const { stdout } = await run("/usr/bin/wrk", args, {
    timeout: (options.durationSeconds + 30) * 1000,
  });
  const line = stdout.split("\n").find((l) => l.startsWith("WRK_JSON "));
  if (!line) throw new Error(`wrk printed no summary:\n${stdout}`);
  const r = JSON.parse(line.slice("WRK_JSON ".length)) as Record<string, number>;
  return {
    requestsPerSecond: r.requests! / (r.duration_us! / 1e6),
    p50: Math.round(r.p50_us! / 100) / 10,
    p99: Math.round(r.p99_us! / 100) / 10,
    errors: r.errors!,
    non2xx: r.non2xx!,
    total: r.requests!,
  };
}

async function loadWithAutocannon(options: LoadOptions): Promise<LoadResult> {
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    headers: options.headers,
    pipelining: 1,
  });
  const result = await instance;
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Resident memory now and at its peak (VmHWM), in MB, from /proc. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const read = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) / 1024;
  return { rssMb: read("VmRSS"), peakMb: read("VmHWM") };
}
