/**
 * What the benchmark kinds share: the session secret the servers sign with,
 * the table of results they add to, the baseline server (recorded bytes
 * served by bare Node), the SMTP sink, and formatting.
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, type ServerProcess } from "../lib/server-process";
import { median, type LoadResult } from "./measure";

export const pgBase = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
// The server signs session cookies with this; the bench signs the attendees' cookies with it too.
export const SESSION_SECRET = "bench-secret-bench-secret-bench-secret";
process.env.SESSION_SECRET = SESSION_SECRET;
export interface Row {
  database: string;
  what: string;
  baseline: LoadResult | null;
  server: LoadResult;
  target?: string;
  /** Checks and extra figures printed after the row (e.g. seats over capacity). */
  note?: string;
}
export const rows: Row[] = [];
export const memory: Record<string, { rssMb: number; peakMb: number }> = {};
export const checks: Record<string, unknown> = {};

export interface Fixture {
  status?: number;
  headers: Record<string, string>;
  body: string;
}

export async function startBaseline(
  server: ServerProcess,
  paths: string[],
  extra: Record<string, Fixture> = {},
): Promise<{ url: string; child: ChildProcess }> {
  const fixtures: Record<string, Fixture> = { ...extra };
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

/** A ratio as a percentage, with a decimal when it is small enough to need one. */
export const percent = (ratio: number) => `${(100 * ratio).toFixed(ratio < 0.1 ? 1 : 0)}%`;

export function fmt(result: LoadResult): string {
  return `${Math.round(result.requestsPerSecond).toString().padStart(6)} req/s  p50 ${String(result.p50).padStart(3)} ms  p99 ${String(result.p99).padStart(4)} ms${result.max !== undefined ? `  max ${result.max} ms` : ""}${result.errors || result.non2xx ? `  errors ${result.errors} ${result.expectStatus ? `not ${result.expectStatus}` : "non-2xx"} ${result.non2xx}` : ""}`;
}

export function medianResult(results: LoadResult[]): LoadResult {
  return {
    requestsPerSecond: median(results.map((r) => r.requestsPerSecond)),
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    errors: results.reduce((s, r) => s + r.errors, 0),
    non2xx: results.reduce((s, r) => s + r.non2xx, 0),
    total: results.reduce((s, r) => s + r.total, 0),
    // The slowest answer of all the rounds: a worst case is not a median.
    ...(results.some((r) => r.max !== undefined)
      ? { max: Math.max(...results.map((r) => r.max ?? 0)) }
      : {}),
    ...(results[0]?.expectStatus ? { expectStatus: results[0].expectStatus } : {}),
  };
}

export interface SinkCounts {
  messages: number;
  /** Distinct X-Dedupe-Key headers (the mail bench's own messages carry one). */
  distinct: number;
  /** Distinct Message-IDs: the worker makes one per outbox row. */
  distinctMessageIds: number;
  bytes: number;
}

export interface Sink {
  url: string;
  reset(): Promise<void>;
  /** Resolves when the sink has received `count` messages since the last reset. */
  expect(count: number): Promise<SinkCounts>;
  stats(): Promise<SinkCounts>;
  stop(): void;
}

export async function startSink(): Promise<Sink> {
  const child = fork("scripts/bench/smtp-sink.mjs", [], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  type Reply = SinkCounts & { type: string; port?: number };
  const next = (type: string) =>
    new Promise<Reply>((resolve, reject) => {
      const onMessage = (reply: Reply) => {
        if (reply.type !== type) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(reply);
      };
      const onExit = () => reject(new Error("The SMTP sink exited."));
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  const ready = await next("ready");
  return {
    url: `smtp://127.0.0.1:${ready.port}`,
    reset: async () => {
      const done = next("reset");
      child.send({ cmd: "reset" });
      await done;
    },
    expect: (count) => {
      const done = next("done");
      child.send({ cmd: "expect", count });
      return done;
    },
    stats: () => {
      const done = next("stats");
      child.send({ cmd: "stats" });
      return done;
    },
    stop: () => child.kill("SIGTERM"),
  };
}

export const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms).unref(),
    ),
  ]);
