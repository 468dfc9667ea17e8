import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import autocannon from "autocannon";

const run = promisify(execFile);
/** BENCH_WRK: another wrk than Debian's, e.g. one unpacked without installing it. */
const wrkBinary = process.env.BENCH_WRK || "/usr/bin/wrk";

/**
 * The load generator. wrk (C, from Debian's packages) leaves the cores to the
 * servers being measured, so ratios are honest; autocannon (npm) is the
 * fallback when wrk is not installed, and saturates sooner itself.
 */
export const tool: "wrk" | "autocannon" =
  process.env.BENCH_TOOL === "autocannon" || !fs.existsSync(wrkBinary) ? "autocannon" : "wrk";

/** wrk's threads; each walks its own slice of a request sequence (see loadSequence). */
const WRK_THREADS = 2;

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** Responses with an unexpected status: 4xx/5xx, or for a sequence anything but its expected status. */
  non2xx: number;
  total: number;
  /** Set for sequences: the one status every response should have. */
  expectStatus?: number;
  /** The slowest answer, in ms, where the load generator gives it. */
  max?: number;
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
    `-t${WRK_THREADS}`,
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
  const { stdout } = await run(wrkBinary, args, {
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

/** One request of a sequence: its path and the Cookie header that goes with it. */
export interface SequenceRequest {
  path: string;
  cookie: string;
  /** Sent as X-Forwarded-For: the person's own address, as a load balancer passes it on. */
  forwardedFor?: string;
}

export interface SequenceOptions {
  /** Origin, e.g. http://127.0.0.1:3000; each request brings its own path. */
  url: string;
  connections: number;
  durationSeconds: number;
  /** Sent in order, each at most once while they last (then from the start again, counted). */
  requests: readonly SequenceRequest[];
  method: "POST";
  contentType: string;
  body: string;
  /** The status every response should have; any other is counted in non2xx. */
  expectStatus: number;
}

export interface SequenceResult extends LoadResult {
  /** The requests not handed out: the next run starts with these, so none is sent twice. */
  unused: SequenceRequest[];
  /** Requests that repeated an entry because the sequence ran out (0 unless it was too short). */
  repeated: number;
}

/**
 * A load run in which every request differs (another person's cookie,
 * another path), each taken once from a list. Requests handed out when the
 * time ran out may or may not have reached the server; they count as used.
 */
export async function loadSequence(options: SequenceOptions): Promise<SequenceResult> {
  if (options.requests.length < WRK_THREADS) throw new Error("The request sequence is empty.");
  return tool === "wrk" ? sequenceWithWrk(options) : sequenceWithAutocannon(options);
}

async function sequenceWithWrk(options: SequenceOptions): Promise<SequenceResult> {
  // wrk's threads are separate Lua states that share nothing: each gets a file of its own.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-wrk-"));
  const share = Math.ceil(options.requests.length / WRK_THREADS);
  const slices = Array.from({ length: WRK_THREADS }, (_, t) =>
    options.requests.slice(t * share, (t + 1) * share),
  );
  try {
    slices.forEach((slice, t) =>
      fs.writeFileSync(
        path.join(dir, `requests-${t}.tsv`),
        slice.map((r) => `${r.cookie}\t${r.path}\t${r.forwardedFor ?? ""}\n`).join(""),
      ),
    );
    const args = [
      `-t${WRK_THREADS}`,
      `-c${options.connections}`,
      `-d${options.durationSeconds}s`,
      "--timeout",
      "10s",
      "-s",
      "scripts/bench/wrk-sequence.lua",
      options.url,
      "--",
      path.join(dir, "requests-"),
      options.method,
      options.contentType,
      options.body,
      String(options.expectStatus),
    ];
    const { stdout } = await run(wrkBinary, args, {
      timeout: (options.durationSeconds + 60) * 1000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const line = stdout.split("\n").find((l) => l.startsWith("WRK_JSON "));
    if (!line) throw new Error(`wrk printed no summary:\n${stdout}`);
    const r = JSON.parse(line.slice("WRK_JSON ".length)) as Record<string, number>;
    const used = new Array<number>(WRK_THREADS).fill(0);
    let unexpected = 0;
    for (const l of stdout.split("\n")) {
      const m = /^WRK_THREAD (\d+) (\d+) (\d+)$/.exec(l);
      if (!m) continue;
      used[Number(m[1])] = Number(m[2]);
      unexpected += Number(m[3]);
    }
    return {
      requestsPerSecond: r.requests! / (r.duration_us! / 1e6),
      p50: Math.round(r.p50_us! / 100) / 10,
      p99: Math.round(r.p99_us! / 100) / 10,
      errors: r.errors!,
      non2xx: unexpected,
      total: r.requests!,
      expectStatus: options.expectStatus,
      unused: slices.flatMap((slice, t) => slice.slice(used[t])),
      repeated: slices.reduce((sum, slice, t) => sum + Math.max(used[t]! - slice.length, 0), 0),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function sequenceWithAutocannon(options: SequenceOptions): Promise<SequenceResult> {
  // One process, one counter: every connection takes the next request.
  const list = options.requests;
  let next = 0;
  let unexpected = 0;
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    pipelining: 1,
    requests: [
      {
        setupRequest: (request) => {
          const entry = list[next++ % list.length]!;
          return {
            ...request,
            method: options.method,
            path: entry.path,
            headers: {
              ...request.headers,
              cookie: entry.cookie,
              "content-type": options.contentType,
              ...(entry.forwardedFor ? { "x-forwarded-for": entry.forwardedFor } : {}),
            },
            body: options.body,
          };
        },
        onResponse: (status) => {
          if (status !== options.expectStatus) unexpected++;
        },
      },
    ],
  });
  const result = await instance;
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: unexpected,
    total: result.requests.total,
    expectStatus: options.expectStatus,
    unused: list.slice(Math.min(next, list.length)),
    repeated: Math.max(next - list.length, 0),
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

/** CPU time a process has used so far (user + system), in seconds, from /proc. */
export function cpuSecondsOf(pid: number): number {
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** One request of a run in which each is sent once: the person's cookie and, behind a proxy, address. */
export interface OnceRequest {
  path: string;
  cookie: string;
  /** Sent as X-Forwarded-For: the person's own address, as a load balancer passes it on. */
  forwardedFor?: string;
}

export interface OnceOptions {
  url: string;
  requests: readonly OnceRequest[];
  method: "GET" | "POST";
  contentType?: string;
  body?: string;
  expectStatus: number;
  /** Requests a second, each due at its time whatever the answers (open loop); 0: all at once. */
  rate: number;
  /** At most this many in flight (connections). */
  concurrency: number;
}

export interface OnceResult extends LoadResult {
  /** From the first request sent to the last answer. */
  elapsedMs: number;
  statuses: Record<string, number>;
  /** The 99th percentile counted from when each request was due (waits for a connection included). */
  p99FromDue: number;
}

/**
 * Every request of the list sent exactly once (scripts/bench/paced-client.mjs,
 * in a process of its own): a rush of people at a steady arrival rate, or a
 * crowd all at once. Throughput is the count over the time from first request
 * to last answer.
 */
export async function loadOnce(options: OnceOptions): Promise<OnceResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-once-"));
  const file = path.join(dir, "config.json");
  try {
    fs.writeFileSync(
      file,
      JSON.stringify({ ...options, origin: options.url, url: undefined, timeoutMs: 10_000 }),
    );
    const { stdout } = await run(process.execPath, ["scripts/bench/paced-client.mjs", file], {
      timeout: 300_000,
      maxBuffer: 4 * 1024 * 1024,
    });
    const r = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
      completed: number;
      errors: number;
      unexpected: number;
      statuses: Record<string, number>;
      elapsedMs: number;
      requestsPerSecond: number;
      p50: number;
      p99: number;
      max: number;
      p99FromDue: number;
    };
    return {
      requestsPerSecond: r.requestsPerSecond,
      p50: r.p50,
      p99: r.p99,
      max: r.max,
      errors: r.errors,
      non2xx: r.unexpected,
      total: r.completed,
      expectStatus: options.expectStatus,
      elapsedMs: r.elapsedMs,
      statuses: r.statuses,
      p99FromDue: r.p99FromDue,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
