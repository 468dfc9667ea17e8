import { freePort } from "../lib/server-process";
import { load, median, tool, type LoadResult } from "../bench/measure";
import { openWebinars, seedAttendees } from "./attendees";
import { SESSION_SECRET, type Environment } from "./environment";
import { pool, request } from "./http";
import { startNginx } from "./nginx";

export interface ScaleBenchOptions {
  rounds: number;
  durationSeconds: number;
  connections: number;
}

interface Measured {
  what: string;
  perCount: { processes: number; result: LoadResult }[];
}

/**
 * Throughput through nginx with 1, 2 and 3 web processes behind it, for a
 * page rendered for every request (a signed-in person's /me) and for the
 * anonymous /schedule (served from each process's cache). Medians of rounds,
 * the counts alternating within each round so that the machine's noise falls
 * on all of them alike.
 */
export async function benchScaleOut(env: Environment, options: ScaleBenchOptions): Promise<void> {
  const slugs = await openWebinars(env.db, env.festivalId);
  const [person] = await seedAttendees(env.db, env.festivalId, 1, SESSION_SECRET, "bench");
  await pool(slugs, 1, (slug) =>
    request(env.appUrl, `/webinars/${slug}/register`, {
      cookie: person!.cookie,
      form: { intent: "register" },
    }),
  );
  const counts = env.webs.map((_, i) => i + 1);
  const balancers = [];
  for (const n of counts)
    balancers.push(
      await startNginx(
        await freePort(),
        env.webs.slice(0, n).map((w) => w.port),
      ),
    );
  const targets: { what: string; path: string; headers: Record<string, string> }[] = [
    {
      what: "/me, signed in (rendered every request)",
      path: "/me",
      headers: { Cookie: person!.cookie },
    },
    { what: "/schedule, anonymous (per-process cache)", path: "/schedule", headers: {} },
  ];
  console.log(
    `\n## Throughput through nginx by number of web processes (${tool}, ${options.connections} connections, ${options.rounds} rounds of ${options.durationSeconds} s, median)`,
  );
  const measured: Measured[] = [];
  try {
    for (const target of targets) {
      const results = new Map<number, LoadResult[]>(counts.map((n) => [n, []]));
      for (const balancer of balancers)
        await load({
          url: `${balancer.url}${target.path}`,
          connections: options.connections,
          durationSeconds: 2,
          headers: target.headers,
        });
      for (let round = 0; round < options.rounds; round++) {
        const line: string[] = [];
        for (const [i, balancer] of balancers.entries()) {
          const result = await load({
            url: `${balancer.url}${target.path}`,
            connections: options.connections,
            durationSeconds: options.durationSeconds,
            headers: target.headers,
          });
          results.get(counts[i]!)!.push(result);
          line.push(
            `${counts[i]} → ${Math.round(result.requestsPerSecond)} req/s${result.errors + result.non2xx ? ` (${result.errors + result.non2xx} errors)` : ""}`,
          );
        }
        console.log(`  ${target.what}, round ${round + 1}: ${line.join(" | ")}`);
      }
      measured.push({
        what: target.what,
        perCount: counts.map((n) => {
          const rs = results.get(n)!;
          return {
            processes: n,
            result: {
              requestsPerSecond: median(rs.map((r) => r.requestsPerSecond)),
              p50: median(rs.map((r) => r.p50)),
              p99: median(rs.map((r) => r.p99)),
              errors: rs.reduce((s, r) => s + r.errors, 0),
              non2xx: rs.reduce((s, r) => s + r.non2xx, 0),
              total: rs.reduce((s, r) => s + r.total, 0),
            },
          };
        }),
      });
    }
  } finally {
    for (const b of balancers) await b.stop();
  }

  console.log("\n| what | web processes | req/s | p50 | p99 | errors | growth over 1 |");
  console.log("| --- | --- | --- | --- | --- | --- | --- |");
  for (const m of measured) {
    const one = m.perCount[0]!.result.requestsPerSecond;
    for (const { processes, result } of m.perCount)
      console.log(
        `| ${m.what} | ${processes} | ${Math.round(result.requestsPerSecond).toLocaleString("en-GB")} | ${result.p50} ms | ${result.p99} ms | ${result.errors + result.non2xx} | ${(result.requestsPerSecond / one).toFixed(2)}× |`,
      );
  }
  console.log(
    `\nThis machine has ${(await import("node:os")).availableParallelism()} cores, shared by the web processes, nginx, PostgreSQL and the load generator: past one process per core, another process adds no CPU, only a queue.`,
  );
}
