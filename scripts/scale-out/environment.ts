import { openDatabase, type Db } from "~db/client.server";
import { seedDemoFestival } from "~db/seed.server";
import { freePort, startServerProcess, type ServerProcess } from "../lib/server-process";
import { startNginx, type Balancer } from "./nginx";
import {
  createScratchDatabase,
  startThrowawayCluster,
  type ScratchDatabase,
} from "./postgres-cluster";
import { startSmtpSink, type SmtpSink } from "./sink";
import { startWorkerProcess, type WorkerProcess } from "./worker-process";

/** Signs the session cookies of the web processes and of the people the scripts make. */
export const SESSION_SECRET = "scale-out-secret-scale-out-secret-0123";

export interface EnvironmentOptions {
  webs: number;
  workers: number;
  nginx: boolean;
  /** A server to make a fresh database on; without it, a throwaway cluster of our own. */
  databaseUrl?: string;
  /** Held before the sink answers each message (a slow provider). */
  sinkDelayMs?: number;
  /** The sink keeps each message's text (sign-in codes are read from it). */
  sinkText?: boolean;
  /** postgres.js pool of each web process (DATABASE_POOL_MAX). */
  poolMax?: number;
  log?: (line: string) => void;
}

export interface Environment {
  database: ScratchDatabase;
  /** A connection of the script's own, for seeding and for counting afterwards. */
  db: Db;
  festivalId: string;
  sink: SmtpSink;
  webs: ServerProcess[];
  workers: WorkerProcess[];
  balancer?: Balancer;
  /** Where visitors go: nginx, or the only web process. */
  appUrl: string;
  /** The environment every Meridian process of this run is given. */
  processEnv: Record<string, string>;
  startWeb(): Promise<ServerProcess>;
  startWorker(): Promise<WorkerProcess>;
  /** Stops nginx, web processes, workers, the sink and the database, in that order. */
  stop(): Promise<void>;
}

/**
 * PostgreSQL (migrated, with the demo festival), an SMTP sink, web processes
 * with RUN_WORKER=0, worker processes, and optionally nginx in front.
 */
export async function startEnvironment(options: EnvironmentOptions): Promise<Environment> {
  const log = options.log ?? ((line: string) => console.log(line));
  const stack: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    while (stack.length) {
      try {
        await stack.pop()!();
      } catch (error) {
        console.error(error);
      }
    }
  };
  // Ctrl-C while starting: take down what is already up (a cluster, processes)
  // instead of leaving it behind. The caller installs its own handlers after.
  const interrupted = (signal: NodeJS.Signals) => {
    console.log(`\n${signal} while starting: stopping what was started.`);
    void stopAll().then(() => process.exit(130));
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, interrupted);
  const keepSignals = () => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.off(signal, interrupted);
  };
  try {
    const database = options.databaseUrl
      ? await createScratchDatabase(options.databaseUrl)
      : await startThrowawayCluster();
    stack.push(() => database.remove());
    log(
      database.kind === "cluster"
        ? `PostgreSQL: a throwaway cluster at ${database.url}`
        : `PostgreSQL: a fresh database ${database.url}`,
    );
    const handle = await openDatabase({ url: database.url, maxConnections: 4 });
    stack.push(() => handle.close());
    await handle.migrate();
    const seeded = await seedDemoFestival(handle.db);
    log(`Migrated; the demo festival seeded (week of ${seeded.startsOn}).`);

    const sink = await startSmtpSink({ delayMs: options.sinkDelayMs, keepText: options.sinkText });
    stack.push(() => sink.stop());
    log(
      `SMTP sink on ${sink.url}${options.sinkDelayMs ? ` (${options.sinkDelayMs} ms a message)` : ""}`,
    );

    const nginxPort = options.nginx ? await freePort() : 0;
    const processEnv: Record<string, string> = {
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      SMTP_URL: sink.url,
      SESSION_SECRET,
      RUN_WORKER: "0",
      SEED_DEMO: "0",
      LOG_LEVEL: "warn",
      ...(options.poolMax ? { DATABASE_POOL_MAX: String(options.poolMax) } : {}),
      // Behind nginx, or (without it) so that the scripts can speak for many
      // clients: the rate limits count per address.
      TRUST_PROXY: "1",
      ...(options.nginx ? { APP_URL: `http://127.0.0.1:${nginxPort}` } : {}),
    };
    const webs: ServerProcess[] = [];
    const workers: WorkerProcess[] = [];
    const startWeb = async () => {
      const web = await startServerProcess(processEnv);
      webs.push(web);
      stack.push(() => web.stop());
      return web;
    };
    const startWorker = async () => {
      const worker = await startWorkerProcess(`worker ${workers.length + 1}`, {
        ...processEnv,
        // The worker's log is how the scripts tell who delivered: info lines.
        LOG_LEVEL: "info",
        APP_URL: processEnv.APP_URL ?? "http://127.0.0.1",
      });
      workers.push(worker);
      stack.push(() => worker.stop());
      return worker;
    };
    await Promise.all(Array.from({ length: options.webs }, startWeb));
    log(`Web processes (RUN_WORKER=0): ${webs.map((w) => w.url).join(", ")}`);
    for (let i = 0; i < options.workers; i++) await startWorker();
    if (options.workers)
      log(`Workers (scripts/worker.ts): pids ${workers.map((w) => w.child.pid).join(", ")}`);

    let balancer: Balancer | undefined;
    if (options.nginx) {
      balancer = await startNginx(
        nginxPort,
        webs.map((w) => w.port),
      );
      stack.push(() => balancer!.stop());
      log(`nginx on ${balancer.url} (configuration: ${balancer.configPath})`);
    }
    keepSignals();
    return {
      database,
      db: handle.db,
      festivalId: seeded.festivalId,
      sink,
      webs,
      workers,
      balancer,
      appUrl: balancer?.url ?? webs[0]?.url ?? "",
      processEnv,
      startWeb,
      startWorker,
      stop: stopAll,
    };
  } catch (error) {
    keepSignals();
    await stopAll();
    throw error;
  }
}
