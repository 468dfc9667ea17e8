import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { closeDatabase, database } from "~db/client.server";
import { removeDemoFestival, seedDemoFestival } from "~db/seed.server";
import { env } from "~/lib/env.server";
import {
  DatabaseNotEmptyError,
  assertNoFestival,
  seedLargeFestival,
  wipeDatabase,
  type SeedProgress,
} from "./lib/large-festival";
import { runScript } from "./lib/run-script";

const { values } = parseArgs({
  options: {
    fresh: { type: "boolean", default: false },
    attendees: { type: "string" },
    webinars: { type: "string" },
    "starts-on": { type: "string" },
    reset: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(`npm run seed [-- options]

Without options: creates the demo festival (a week starting the coming Monday) or
fills in what is missing from it; running it again creates nothing new.
  --fresh            delete the demo festival first and lay it anew for the coming week

A large festival for measurements instead (on DATABASE_URL, or the embedded database):
  --attendees N      people, each registered for the festival, spread over 42 zones
  --webinars N       webinars over five days (default 40): every 13th a headline that
                     about 12% of attendees take, every 5th full with a waitlist
  --starts-on DATE   the festival's first day, YYYY-MM-DD (default today, Europe/London)
  --reset            wipe the database first (every table emptied); without it the
                     large seed refuses a database that already holds a festival
e.g. npm run seed -- --attendees 50000 --webinars 40`);
  process.exit(0);
}

const positive = (name: string, value: string | undefined, fallback: number) => {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000) {
    console.error(`--${name} must be a whole number from 1, not "${value}".`);
    process.exit(2);
  }
  return n;
};

/** One bar per phase, each kept on screen once done; in a log (no terminal), a line per phase. */
function progressBars(): SeedProgress & { stop(): void } {
  if (!process.stdout.isTTY)
    return {
      phase: (name, total) => console.log(`  ${name} (${total})…`),
      advance: () => {},
      stop: () => {},
    };
  const bars = new cliProgress.MultiBar(
    {
      format: " {phase} [{bar}] {value}/{total} {duration}s",
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let current: cliProgress.SingleBar | undefined;
  return {
    phase(name, total) {
      current?.update(current.getTotal());
      current = bars.create(total, 0, { phase: name.padEnd(22) });
    },
    advance(by = 1) {
      current?.increment(by);
    },
    stop() {
      current?.update(current.getTotal());
      bars.stop();
    },
  };
}

await runScript(async () => {
  env();
  const handle = await database();
  await handle.migrate();

  if (values.attendees !== undefined || values.webinars !== undefined) {
    const attendees = positive("attendees", values.attendees, 1_000);
    const webinars = positive("webinars", values.webinars, 40);
    const startsOn = values["starts-on"];
    if (startsOn !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(startsOn)) {
      console.error(`--starts-on must be a date like 2026-11-30, not "${startsOn}".`);
      process.exit(2);
    }
    if (values.reset) {
      await wipeDatabase(handle.db);
      console.log(`Database wiped (${handle.kind}).`);
    }
    try {
      await assertNoFestival(handle.db);
    } catch (error) {
      if (!(error instanceof DatabaseNotEmptyError)) throw error;
      console.error(`\n${error.message}\n`);
      await closeDatabase();
      process.exit(1);
    }
    console.log(
      `Laying a large festival on ${handle.kind}: ${attendees} attendees, ${webinars} webinars.`,
    );
    const bars = progressBars();
    const summary = await seedLargeFestival(handle.db, {
      attendees,
      webinars,
      startsOn,
      progress: bars,
    });
    bars.stop();
    const c = summary.counts;
    console.log(
      [
        `\nLarge festival laid in ${summary.seconds.toFixed(1)} s (${handle.kind}), week from ${summary.startsOn}:`,
        `  ${c.attendees} attendees in ${c.zones} time zones`,
        `  ${c.webinars} webinars (${c.capped_webinars} with a capacity), ${c.seats} seats taken, ${c.waitlisted} on waitlists; the largest has ${c.largest_webinar} seats taken`,
        `  ${c.faculty} faculty, ${c.posts} posts`,
        `  Network90: ${c.entries} entries, ${c.votes} votes`,
        `  phases: ${summary.phases.map((p) => `${p.name} ${p.seconds.toFixed(1)} s`).join(", ")}`,
      ].join("\n"),
    );
    await closeDatabase();
    return;
  }

  if (values.fresh) await removeDemoFestival(handle.db);
  const summary = await seedDemoFestival(handle.db);
  console.log(
    summary.created
      ? `Demo festival created: week of ${summary.startsOn}, ${summary.webinars} webinars, ${summary.faculty} faculty (${handle.kind}).`
      : `Demo festival already present (week of ${summary.startsOn}); nothing duplicated.`,
  );
  await closeDatabase();
});
