/**
 * Meridian scaled out on one machine: PostgreSQL (a throwaway cluster, or a
 * fresh database on DATABASE_URL's server), three web processes with
 * RUN_WORKER=0, two mail workers (scripts/worker.ts), an SMTP sink and nginx
 * in front. Runs until Ctrl-C; --check proves the set-up works and exits;
 * --bench measures throughput with 1, 2 and 3 web processes and exits.
 */
import { parseArgs } from "node:util";
import { benchScaleOut } from "./bench";
import { checkScaleOut } from "./check";
import { startEnvironment } from "./environment";

const { values: args } = parseArgs({
  options: {
    check: { type: "boolean", default: false },
    bench: { type: "boolean", default: false },
    webs: { type: "string", default: "3" },
    workers: { type: "string", default: "2" },
    rounds: { type: "string", default: "3" },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "32" },
    help: { type: "boolean", default: false },
  },
});

if (args.help) {
  console.log(`tsx scripts/scale-out/run.ts [options]   (the production build must exist: npm run build)
  (no option)      start everything and keep it running until Ctrl-C
  --check          sign-in, pages on every process, registrations, mail once; exit 0 or 1
  --bench          throughput through nginx with 1..N web processes; exit
  --webs N         web processes (default 3)
  --workers N      mail workers (default 2)
  --rounds N, --duration S, --connections C   for --bench (default 3, 10, 32)
Environment: DATABASE_URL makes a fresh database on that server instead of a
throwaway cluster (dropped at the end); nginx is installed with apt-get if missing.`);
  process.exit(0);
}

const env = await startEnvironment({
  webs: Number(args.webs),
  workers: Number(args.workers),
  nginx: true,
  databaseUrl: process.env.DATABASE_URL || undefined,
  sinkText: true,
});

let stopping: Promise<void> | undefined;
const stop = (code: number) => {
  stopping ??= env.stop().then(() => process.exit(code));
  return stopping;
};
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    console.log(
      `\n${signal}: stopping nginx, the web processes, the workers, the sink and PostgreSQL.`,
    );
    void stop(130);
  });

try {
  if (args.check) {
    console.log("\n## Scale-out check");
    const passed = await checkScaleOut(env);
    await stop(passed ? 0 : 1);
  } else if (args.bench) {
    await benchScaleOut(env, {
      rounds: Number(args.rounds),
      durationSeconds: Number(args.duration),
      connections: Number(args.connections),
    });
    await stop(0);
  } else {
    console.log(`\nMeridian is running at ${env.appUrl} (Ctrl-C stops everything).`);
    await new Promise(() => {});
  }
} catch (error) {
  console.error(error);
  await stop(1);
}
