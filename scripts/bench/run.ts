/**
 * npm run bench: Meridian's public pages against a bare Node baseline serving
 * the same bytes, measured in the same run, on embedded PGlite and on
 * PostgreSQL; then a soak on PostgreSQL that prints throughput minute by
 * minute; a person's calendar feed on both databases; one-click webinar
 * registration on PostgreSQL by many signed-in attendees, each request a new
 * registration; and the mail worker delivering reminders to a local SMTP sink
 * against bare nodemailer sending the same messages. Figures, not pass/fail:
 * targets are shown beside them.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { eq, sql as sqlTag } from "drizzle-orm";
import { DateTime } from "luxon";
import nodemailer from "nodemailer";
import postgres from "postgres";
import { openDatabase, type Db } from "~db/client.server";
import {
  facultyProfile,
  festival,
  outbox,
  webinar,
  webinarRegistration,
  type OutboxMessage,
} from "~db/schema";
import { seedDemoFestival } from "~db/seed.server";
import { renderHtml, renderText } from "~emails/layout";
import { enqueueEmails, type QueuedEmail } from "~emails/outbox.server";
import { mailOptions, SMTP_POOL_CONNECTIONS, smtpTransport } from "~emails/transport.server";
import { startMailWorker } from "~emails/worker.server";
import { createAttendee, createRegistration, createWebinar } from "~tests/factories";
import { startServerProcess, type ServerProcess } from "../lib/server-process";
import { seedAttendees as seedSignedInAttendees } from "../scale-out/attendees";
import {
  benchJoin,
  benchReminders,
  benchSchedule256,
  benchSpike,
  prepareLargeTemplate,
  reminderSummary,
  type BusiestMinuteSettings,
  type LargeTemplate,
} from "./busiest-minute";
import {
  checks,
  fmt,
  medianResult,
  memory,
  percent,
  pgBase,
  rows,
  SESSION_SECRET,
  startBaseline,
  startSink,
  withTimeout,
} from "./common";
import {
  cpuSecondsOf,
  load,
  loadSequence,
  median,
  memoryOf,
  tool,
  type LoadResult,
  type SequenceRequest,
} from "./measure";

const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    connections: { type: "string", default: "32" },
    soak: { type: "string", default: "300" },
    only: { type: "string", default: "" },
    users: { type: "string", default: "20000" },
    messages: { type: "string", default: "10000" },
    attendees: { type: "string", default: "50000" },
    webinars: { type: "string", default: "40" },
    rush: { type: "string", default: "5000" },
    "spike-people": { type: "string", default: "5000" },
    "spike-capacity": { type: "string", default: "500" },
    help: { type: "boolean", default: false },
  },
});

if (args.help) {
  console.log(`npm run bench [-- options]
  --duration S     seconds per measurement (default 10)
  --rounds N       rounds per measurement; medians are reported (default 3; 0: soak only)
  --connections C  concurrent connections (default 32)
  --soak S         soak length on PostgreSQL in seconds, 0 to skip (default 300)
  --only KINDS     comma-separated, default all, in this order:
                     pglite    public pages on embedded PGlite
                     postgres  public pages on PostgreSQL, then the soak
                     feed      a person's calendar feed (20 webinars), PGlite and PostgreSQL
                     register  one-click webinar registration on PostgreSQL
                     mail      the mail worker delivering due reminders to a local SMTP
                               sink, PostgreSQL, against bare pooled nodemailer
                   on the large festival (npm run seed -- --attendees), PostgreSQL:
                     join      the join rush: confirmed registrants open the join link
                               within 10 s of the start, each once; then all at once
                     schedule256  /schedule at 256 connections
                     spike     a new webinar's seats: thousands press Register at once
                     reminders the reminder burst of a 5,000-person webinar, planned by
                               the reminders model, sent by the worker process
  --users N        attendees created for the registration run (default 20000)
  --messages N     reminders per mail round (default 10000)
  --attendees N    the large festival's attendees (default 50000)
  --webinars N     the large festival's webinars (default 40)
  --rush N         people in the join rush and the reminder burst (default 5000)
  --spike-people N people pressing Register in the spike (default 5000)
  --spike-capacity N  seats of the spike's webinar (default 500)
Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test),
  BENCH_TOOL=autocannon to use autocannon although wrk is there,
  BENCH_WRK path of wrk (default /usr/bin/wrk)`);
  process.exit(0);
}

const KINDS = [
  "pglite",
  "postgres",
  "feed",
  "register",
  "mail",
  "join",
  "schedule256",
  "spike",
  "reminders",
] as const;
const LARGE_KINDS: readonly string[] = ["join", "schedule256", "spike", "reminders"];
const chosen = args.only
  ? args.only.split(",").map((k) => k.trim())
  : (KINDS as readonly string[]).slice();
for (const kind of chosen) {
  if (!(KINDS as readonly string[]).includes(kind)) {
    console.error(`Unknown --only kind "${kind}": one or more of ${KINDS.join(", ")}.`);
    process.exit(2);
  }
}

const duration = Number(args.duration);
const rounds = Number(args.rounds);
const connections = Number(args.connections);
const soakSeconds = Number(args.soak);
const attendees = Number(args.users);
const mailCount = Number(args.messages);
const ZONE_COOKIE = { Cookie: "meridian_tz=America%2FNew_York" };
const OTHER_COOKIE = { Cookie: "meridian_tz=America%2FNew_York; bench=1" };
/**
 * Webinars of the registration run given a capacity (the rest unlimited), that
 * capacity, and how many of their seats are taken before the run: the last
 * seats are fought over early on and the waitlist is used from then on.
 */
const CAPPED_WEBINARS = 2;
const CAPACITY = 100;
const TAKEN_BEFORE = 90;
/** Extra webinars for the feed person, who then holds a seat at all 7 + 13 = 20. */
const EXTRA_FEED_WEBINARS = 13;
const REGISTER_TARGET = "target ≥ 1,000 registrations/s with p99 < 100 ms at 32 connections";
const MAIL_TARGET = "target ≥ 70% of bare nodemailer";

const soakMinutes: {
  minute: number;
  requestsPerSecond: number;
  p99: number;
  errors: number;
  rssMb: number;
}[] = [];

interface PreparedDatabase<T> {
  env: Record<string, string>;
  /** The database's URL (PostgreSQL only), for checks after the run. */
  url?: string;
  cleanup: () => Promise<void>;
  /** What the extra setup returned. */
  extra: T;
}

/** A throwaway database with the demo festival, and whatever `extra` adds to it. */
async function prepareDatabase<T = undefined>(
  kind: "pglite" | "postgres",
  extra?: (db: Db, festivalId: string) => Promise<T>,
): Promise<PreparedDatabase<T>> {
  if (kind === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-bench-"));
    const pgliteDir = path.join(dir, "pglite");
    const handle = await openDatabase({ pgliteDir });
    await handle.migrate();
    const seeded = await seedDemoFestival(handle.db);
    const added = extra ? await extra(handle.db, seeded.festivalId) : (undefined as T);
    await handle.close();
    return {
      env: { PGLITE_DIR: pgliteDir, DATABASE_URL: "" },
      cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
      extra: added,
    };
  }
  const name = `meridian_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(pgBase, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(pgBase);
  url.pathname = `/${name}`;
  const cleanup = async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  const handle = await openDatabase({ url: url.toString() });
  let added: T;
  try {
    await handle.migrate();
    const seeded = await seedDemoFestival(handle.db);
    added = extra ? await extra(handle.db, seeded.festivalId) : (undefined as T);
  } catch (error) {
    await handle.close();
    await cleanup();
    throw error;
  }
  await handle.close();
  return { env: { DATABASE_URL: url.toString() }, url: url.toString(), cleanup, extra: added };
}

/** Warms each path on both servers, then alternates baseline and Meridian for each, round by round. */
async function compareWithBaseline(
  kind: string,
  serverUrl: string,
  baselineUrl: string,
  paths: { path: string; what: string; label?: string }[],
) {
  for (const { path: p } of rounds > 0 ? paths : []) {
    await load({ url: `${serverUrl}${p}`, connections, durationSeconds: 2 });
    await load({ url: `${baselineUrl}${p}`, connections, durationSeconds: 2 });
  }
  for (const { path: p, what, label = p } of rounds > 0 ? paths : []) {
    const base: LoadResult[] = [];
    const ours: LoadResult[] = [];
    for (let round = 0; round < rounds; round++) {
      base.push(await load({ url: `${baselineUrl}${p}`, connections, durationSeconds: duration }));
      ours.push(await load({ url: `${serverUrl}${p}`, connections, durationSeconds: duration }));
      console.log(
        `  ${label} round ${round + 1}: baseline ${fmt(base.at(-1)!)} | meridian ${fmt(ours.at(-1)!)}`,
      );
    }
    rows.push({
      database: kind,
      what,
      baseline: medianResult(base),
      server: medianResult(ours),
    });
  }
}

async function benchTarget(kind: "pglite" | "postgres") {
  console.log(`\n## ${kind}: preparing the demo festival`);
  const db = await prepareDatabase(kind);
  const server = await startServerProcess({
    ...db.env,
    SEED_DEMO: "0",
    NODE_ENV: "production",
    SESSION_SECRET,
  });
  const paths = ["/schedule", "/schedule.ics"];
  const baseline = await startBaseline(server, paths);
  try {
    await compareWithBaseline(
      kind,
      server.url,
      baseline.url,
      paths.map((p) => ({ path: p, what: `${p} (anonymous)` })),
    );
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

/**
 * A person with a seat at 20 webinars: the demo festival's 7 and 13 more,
 * published, later in the same week. Returns their calendar token.
 */
async function seedFeedPerson(db: Db, festivalId: string): Promise<string> {
  const [fest] = await db.select().from(festival).where(eq(festival.id, festivalId));
  const faculty = await db
    .select()
    .from(facultyProfile)
    .where(eq(facultyProfile.festivalId, festivalId));
  const monday = DateTime.fromISO(fest!.startsOn, { zone: fest!.timeZone });
  for (let i = 0; i < EXTRA_FEED_WEBINARS; i++) {
    const date = monday.plus({ days: i % 5 }).toISODate()!;
    const hour = String(9 + 2 * Math.floor(i / 5)).padStart(2, "0");
    await createWebinar(db, fest!, {
      slug: `bench-feed-${i + 1}`,
      title: `Networks in practice, part ${i + 1}`,
      abstract: "How networks **share** what works: a case, a discussion, questions.",
      localStart: `${date}T${hour}:15`,
      hosts: faculty.length ? [faculty[i % faculty.length]!] : [],
    });
  }
  const person = await createAttendee(db, fest!, {
    email: "feed-reader@example.test",
    name: "Feed Reader",
  });
  const webinars = await db.select().from(webinar).where(eq(webinar.festivalId, festivalId));
  for (const w of webinars) await createRegistration(db, w, person, "confirmed");
  console.log(`  ${webinars.length} webinars, a seat at each for one person`);
  return person.calendarToken;
}

async function benchFeed(kind: "pglite" | "postgres") {
  console.log(`\n## ${kind}: a person's calendar feed`);
  const db = await prepareDatabase(kind, seedFeedPerson);
  let server: ServerProcess | undefined;
  let baseline: { url: string; child: ChildProcess } | undefined;
  try {
    server = await startServerProcess({
      ...db.env,
      SEED_DEMO: "0",
      NODE_ENV: "production",
      SESSION_SECRET,
    });
    const feedPath = `/calendar/${db.extra}.ics`;
    baseline = await startBaseline(server, [feedPath]);
    const response = await fetch(`${server.url}${feedPath}`);
    const events = (await response.text()).match(/^BEGIN:VEVENT/gm)?.length ?? 0;
    if (response.status !== 200 || events !== 7 + EXTRA_FEED_WEBINARS)
      throw new Error(`The feed answered ${response.status} with ${events} events.`);
    await compareWithBaseline(kind, server.url, baseline.url, [
      {
        path: feedPath,
        what: `/calendar/<token>.ics (${events} webinars)`,
        label: "/calendar/<token>.ics",
      },
    ]);
    memory[`${kind} feed`] = memoryOf(server.child.pid!);
  } finally {
    baseline?.child.kill("SIGTERM");
    await server?.stop();
    await db.cleanup();
  }
}

interface Attendees {
  slugs: string[];
  /** The Cookie header of each attendee: `meridian_session=<signed token>`. */
  cookies: string[];
  /** Slugs of the capped webinars, whose first TAKEN_BEFORE attendees already hold a seat. */
  capped: string[];
}

/**
 * Attendees ready to click Register: each a user with a festival
 * registration and a live session, written in bulk (what createAttendee and
 * createSession do one by one). Two webinars get a capacity, the others none.
 */
async function seedAttendees(db: Db, festivalId: string): Promise<Attendees> {
  const webinars = await db
    .select({ id: webinar.id, slug: webinar.slug })
    .from(webinar)
    .where(eq(webinar.festivalId, festivalId))
    .orderBy(webinar.startsAt);
  // The demo festival comes with demo attendees holding seats: they would put the capped
  // webinars over their new capacity before the run starts, and spoil the count after it.
  await db.delete(webinarRegistration);
  await db.update(webinar).set({ capacity: null }).where(eq(webinar.festivalId, festivalId));
  for (const w of webinars.slice(0, CAPPED_WEBINARS))
    await db.update(webinar).set({ capacity: CAPACITY }).where(eq(webinar.id, w.id));

  const people = await seedSignedInAttendees(
    db,
    festivalId,
    attendees,
    SESSION_SECRET,
    "attendee",
    {
      domain: "bench.example.test",
      network: "Bench Network",
    },
  );
  const cookies = people.map((p) => p.cookie);
  const seated = people.slice(0, TAKEN_BEFORE).map((p) => p.id);
  const now = new Date();
  // Seats taken directly, as createRegistration does (no emails).
  const capped = webinars.slice(0, CAPPED_WEBINARS);
  for (const w of capped)
    if (seated.length)
      await db.insert(webinarRegistration).values(
        seated.map((userId) => ({
          webinarId: w.id,
          userId,
          status: "confirmed" as const,
          confirmedAt: now,
        })),
      );
  return { slugs: webinars.map((w) => w.slug), cookies, capped: capped.map((w) => w.slug) };
}

/** Every (attendee, webinar) pair not registered yet, once each, in a fixed pseudo-random order. */
function registrationSequence({ slugs, cookies, capped }: Attendees): SequenceRequest[] {
  const list: SequenceRequest[] = [];
  cookies.forEach((cookie, i) => {
    // Each attendee's own address (IPv6 documentation prefix), as the load balancer passes
    // it on: the rate limits count per person and per address, as they would in production.
    const forwardedFor = `2001:db8::${(i + 1).toString(16)}`;
    for (const slug of slugs)
      if (i >= TAKEN_BEFORE || !capped.includes(slug))
        list.push({ path: `/webinars/${slug}/register`, cookie, forwardedFor });
  });
  let seed = 0x9e3779b9;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

/** The server's pool: openPostgres's default in db/client.server.ts (no setting changes it). */
const SERVER_POOL = 10;

async function benchRegister() {
  console.log(`\n## registration on PostgreSQL: ${attendees} attendees, each request a new one`);
  const admin = postgres(pgBase, { max: 1, onnotice: () => {} });
  const [room] = await admin<{ max: number; used: number }[]>`
    select current_setting('max_connections')::int as max,
      (select count(*)::int from pg_stat_activity) as used`;
  await admin.end();
  console.log(
    `  PostgreSQL: ${room!.used} of ${room!.max} connections in use; the server's pool takes up to ${SERVER_POOL}`,
  );
  if (room!.max - room!.used < SERVER_POOL + 3)
    console.log(`  warning: too few free connections for the server's pool of ${SERVER_POOL}`);

  const started = Date.now();
  const db = await prepareDatabase("postgres", seedAttendees);
  const { slugs, cookies } = db.extra;
  let remaining = registrationSequence(db.extra);
  console.log(
    `  ${cookies.length} attendees with a session and a festival registration in ${((Date.now() - started) / 1000).toFixed(0)} s; ${slugs.length} webinars, ${CAPPED_WEBINARS} with ${CAPACITY} seats of which ${TAKEN_BEFORE} are taken (the waitlist after), the rest unlimited: ${remaining.length} registrations to make`,
  );
  const sequence = {
    method: "POST" as const,
    contentType: "application/x-www-form-urlencoded",
    body: "intent=register",
    expectStatus: 303,
  };
  let sent = 0;
  let server: ServerProcess | undefined;
  let baseline: { url: string; child: ChildProcess } | undefined;
  try {
    // RUN_WORKER=0: the mail worker would deliver the queued confirmations to the
    // dev mailbox in this same process; without it only registration is measured.
    // TRUST_PROXY=1: behind a load balancer, each attendee's own address (X-Forwarded-For)
    // reaches the rate limits; from loopback alone, 600 registrations per 10 minutes would pass.
    server = await startServerProcess({
      ...db.env,
      SEED_DEMO: "0",
      NODE_ENV: "production",
      SESSION_SECRET,
      RUN_WORKER: "0",
      TRUST_PROXY: "1",
    });
    console.log(
      "  server: TRUST_PROXY=1 (each attendee's own forwarded address), RUN_WORKER=0 (the mail worker is off: confirmation emails are queued in the outbox, not delivered)",
    );
    const app = server;
    // One registration by hand: it must be a 303 to the webinar, and its bytes are the baseline's.
    const first = remaining.shift()!;
    sent++;
    const response = await fetch(`${server.url}${first.path}`, {
      method: "POST",
      redirect: "manual",
      headers: {
        Cookie: first.cookie,
        "Content-Type": sequence.contentType,
        "X-Forwarded-For": first.forwardedFor ?? "",
      },
      body: sequence.body,
    });
    const location = response.headers.get("location") ?? "";
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 303 || !/registration=(confirmed|waitlisted)/.test(location))
      throw new Error(
        `Registering answered ${response.status} ${location}:\n${server.output().slice(-2000)}`,
      );
    const headers: Record<string, string> = {};
    for (const [name, value] of response.headers)
      if (!["date", "connection", "keep-alive", "transfer-encoding"].includes(name))
        headers[name] = value;
    baseline = await startBaseline(app, [], {
      "POST *": { status: 303, headers, body: body.toString("base64") },
    });

    const run = async (url: string, seconds: number) => {
      const forServer = url === app.url;
      const result = await loadSequence({
        url,
        connections,
        durationSeconds: seconds,
        // The baseline registers no one: a slice of the same requests, repeated, does for it.
        requests: forServer ? remaining : remaining.slice(0, 20_000),
        ...sequence,
      });
      if (forServer && result.repeated)
        console.log(
          `  warning: the ${remaining.length} registrations left ran out (${result.repeated} repeats): use more --users`,
        );
      return result;
    };
    if (rounds > 0) {
      const warm = await run(server.url, 2);
      sent += remaining.length - warm.unused.length;
      remaining = warm.unused;
      await run(baseline.url, 2);
    }
    const base: LoadResult[] = [];
    const ours: LoadResult[] = [];
    const cpuPerRequest: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // The baseline gets the same requests; they register no one, so they are not used up.
      base.push(await run(baseline.url, duration));
      const cpuBefore = cpuSecondsOf(server.child.pid!);
      const result = await run(server.url, duration);
      const cpuMs =
        (1000 * (cpuSecondsOf(server.child.pid!) - cpuBefore)) / Math.max(result.total, 1);
      sent += remaining.length - result.unused.length;
      remaining = result.unused;
      ours.push(result);
      cpuPerRequest.push(cpuMs);
      console.log(
        `  POST /webinars/<slug>/register round ${round + 1}: baseline ${fmt(base.at(-1)!)} | meridian ${fmt(ours.at(-1)!)}, server CPU ${cpuMs.toFixed(1)} ms/registration`,
      );
    }
    if (rounds > 0)
      rows.push({
        database: "postgres",
        what: "POST /webinars/<slug>/register",
        baseline: medianResult(base),
        server: medianResult(ours),
        target: REGISTER_TARGET,
      });
    memory["postgres register"] = memoryOf(server.child.pid!);

    const sql = postgres(db.url!, { max: 1, onnotice: () => {} });
    try {
      // Requests cut off by the load generator may still be running: wait until the server's
      // connections are all idle before counting.
      for (let quiet = 0, waited = 0; quiet < 3 && waited < 150; waited++) {
        const [busy] = await sql<{ n: number }[]>`
          select count(*)::int as n from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`;
        quiet = busy!.n === 0 ? quiet + 1 : 0;
        await new Promise((r) => setTimeout(r, 200));
      }
      const [pool] = await sql<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`;
      const perWebinar = await sql<
        { slug: string; capacity: number | null; confirmed: number; waitlisted: number }[]
      >`
        select w.slug, w.capacity,
          count(r.id) filter (where r.status = 'confirmed')::int as confirmed,
          count(r.id) filter (where r.status = 'waitlisted')::int as waitlisted
        from webinar w left join webinar_registration r on r.webinar_id = w.id
        group by w.id order by w.starts_at`;
      const emails = await sql<{ kind: string; pending: number; total: number }[]>`
        select kind, count(*) filter (where status = 'pending')::int as pending,
          count(*)::int as total
        from outbox group by kind order by kind`;
      const queued = {
        total: emails.reduce((n, e) => n + e.total, 0),
        pending: emails.reduce((n, e) => n + e.pending, 0),
      };
      const over = perWebinar.reduce(
        (n, w) => n + (w.capacity === null ? 0 : Math.max(w.confirmed - w.capacity, 0)),
        0,
      );
      const before = db.extra.capped.length * Math.min(TAKEN_BEFORE, cookies.length);
      const written = perWebinar.reduce((n, w) => n + w.confirmed + w.waitlisted, 0) - before;
      for (const w of perWebinar)
        console.log(
          `  ${w.slug.padEnd(40)} capacity ${String(w.capacity ?? "none").padStart(4)}: ${w.confirmed} confirmed, ${w.waitlisted} waitlisted`,
        );
      console.log(
        `  registrations written: ${written} of ${sent} requests sent (the last of each run may have been cut off); emails queued: ${queued.total} (${emails.map((e) => `${e.total} ${e.kind}`).join(", ")}), ${queued.pending} pending (RUN_WORKER=0)`,
      );
      console.log(`  server's connections to the database: ${pool!.n}`);
      console.log(`  seats over capacity: ${over}`);
      checks.registration = {
        attendees: cookies.length,
        requestsSent: sent,
        registrationsWritten: written,
        seatsOverCapacity: over,
        serverCpuMsPerRegistration: cpuPerRequest.length ? median(cpuPerRequest) : null,
        emailsQueued: Object.fromEntries(emails.map((e) => [e.kind, e.total])),
        serverConnections: pool!.n,
        perWebinar,
      };
    } finally {
      await sql.end();
    }
  } finally {
    baseline?.child.kill("SIGTERM");
    await server?.stop();
    await db.cleanup();
  }
}

const MAIL_FROM = "Meridian Festival <festival@bench.example.test>";

/**
 * A reminder as the festival sends them: text and HTML (about 3 KB together),
 * List-Unsubscribe headers, and every fifth with a calendar invitation. The
 * dedupe key rides in a header so that the sink can count distinct messages.
 */
function reminder(n: number, round: string): QueuedEmail {
  const key = `bench-reminder:${round}:${n}`;
  const title = `Networks in practice, part ${(n % 13) + 1}: sharing what works across regions`;
  const url = `https://fest.example.org/webinars/networks-in-practice-${(n % 13) + 1}`;
  const content = {
    heading: `Starting in one hour: ${title}`,
    blocks: [
      { strong: "Tuesday 14 October, 14:00 (Europe/London) · 15:00 in Berlin" },
      {
        text: "Your place is confirmed. The session opens ten minutes early so that you can check your sound and video; the join link below works from then on and only for you, so please do not forward this message.",
      },
      { button: { label: "Join the webinar", href: `${url}/join?r=${n.toString(36)}` } },
      {
        text: "Three practitioners describe how their networks moved knowledge between members, and what they would try next. A recording follows within two days.",
      },
      {
        links: [
          {
            label: "Add to Google Calendar",
            href: `https://calendar.google.com/calendar/render?action=TEMPLATE&text=${encodeURIComponent(title)}`,
          },
          {
            label: "Add to Outlook",
            href: `https://outlook.live.com/calendar/0/deeplink/compose?subject=${encodeURIComponent(title)}`,
          },
          { label: "Download the invitation (.ics)", href: `${url}/calendar.ics` },
        ],
      },
      {
        muted:
          "You receive reminders because you registered for this webinar. You can turn reminders off on your page; registration and change notices still reach you.",
      },
    ],
    footer: "Meridian Festival · a week of webinars on how networks work · fest.example.org",
  };
  const message: OutboxMessage = {
    subject: `Starting in one hour: ${title}`,
    text: renderText(content),
    html: renderHtml(content),
    headers: {
      "X-Dedupe-Key": key,
      "List-Unsubscribe": `<https://fest.example.org/unsubscribe/${key}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
  if (n % 5 === 0)
    message.calendar = {
      method: "REQUEST",
      content: [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Meridian//Festival//EN",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        `UID:webinar-${n % 13}@fest.example.org`,
        "SEQUENCE:0",
        "DTSTAMP:20251013T120000Z",
        "DTSTART:20251014T130000Z",
        "DTEND:20251014T140000Z",
        `SUMMARY:${title}`,
        `URL:${url}`,
        "DESCRIPTION:Three practitioners describe how their networks moved knowledge between member organisations.",
        "ORGANIZER;CN=Meridian Festival:mailto:festival@bench.example.test",
        `ATTENDEE;CN=Attendee ${n};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:attendee-${n}@bench.example.test`,
        "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
      ].join("\r\n"),
    };
  return { kind: "reminder", to: `attendee-${n}@bench.example.test`, dedupeKey: key, message };
}

/** CPU time of this (the sending) process since `since`, per message, in ms. */
function cpuMsPerMessage(since: NodeJS.CpuUsage, messages: number): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000 / messages;
}

async function benchMail() {
  console.log(
    `\n## mail on PostgreSQL: ${mailCount} due reminders through the worker to a local SMTP sink, against bare pooled nodemailer`,
  );
  const prepared = await prepareDatabase("postgres");
  const handle = await openDatabase({ url: prepared.url!, maxConnections: 10 });
  const sink = await startSink();
  const pending = async () => {
    const [row] = await handle.db
      .select({ n: sqlTag<number>`count(*)`.mapWith(Number) })
      .from(outbox)
      .where(eq(outbox.status, "pending"));
    return row!.n;
  };
  const timeoutMs = Math.max(120_000, mailCount * 30);

  /** Bare nodemailer: the same messages, the same pool, all handed over at once. */
  const baseline = async (emails: QueuedEmail[]) => {
    await sink.reset();
    const transporter = nodemailer.createTransport({
      url: sink.url,
      pool: true,
      maxConnections: SMTP_POOL_CONNECTIONS,
    });
    const arrived = sink.expect(emails.length);
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      emails.map((e) => transporter.sendMail(mailOptions(MAIL_FROM, e.to, e.message))),
    );
    const counted = await withTimeout(arrived, timeoutMs, "baseline");
    const seconds = (performance.now() - started) / 1000;
    const cpuMs = cpuMsPerMessage(cpu, emails.length);
    transporter.close();
    return { perSecond: emails.length / seconds, seconds, cpuMs, ...counted };
  };

  /** The outbox filled (not timed), then the worker started and timed until every row is sent. */
  const meridian = async (emails: QueuedEmail[]) => {
    await handle.db.execute(sqlTag`truncate outbox`);
    for (let i = 0; i < emails.length; i += 1_000)
      await enqueueEmails(handle.db, emails.slice(i, i + 1_000));
    await handle.db.execute(sqlTag`vacuum analyze outbox`);
    await sink.reset();
    const arrived = sink.expect(emails.length);
    const batches: number[] = [];
    const cpu = process.cpuUsage();
    const started = performance.now();
    const worker = startMailWorker({
      db: handle.db,
      transport: smtpTransport(sink.url, MAIL_FROM),
      log: (line) => {
        if (line.event === "mail.batch") batches.push(line.batches as number);
        if (line.event === "mail.error") console.log(`  worker: ${JSON.stringify(line)}`);
      },
    });
    try {
      await withTimeout(arrived, timeoutMs, "worker");
      // Sent means recorded too: the last rows are marked a moment after the sink has them.
      for (let waited = 0; (await pending()) > 0; waited += 5) {
        if (waited > 30_000) throw new Error("The worker left rows pending.");
        await new Promise((r) => setTimeout(r, 5));
      }
      const seconds = (performance.now() - started) / 1000;
      const cpuMs = cpuMsPerMessage(cpu, emails.length);
      await worker.stop();
      // Anything late would show here: the sink's count after the worker has stopped.
      const counted = await sink.stats();
      return { perSecond: emails.length / seconds, seconds, cpuMs, ...counted, batches };
    } catch (error) {
      await worker.stop();
      throw error;
    }
  };

  try {
    const sample = reminder(0, "size");
    const size = sample.message.text.length + sample.message.html.length;
    console.log(
      `  reminders: text + HTML ${(size / 1024).toFixed(1)} KB, every fifth with an invitation (+${(sample.message.calendar!.content.length / 1024).toFixed(1)} KB); pool of ${SMTP_POOL_CONNECTIONS} SMTP connections for both`,
    );
    if (rounds > 0) {
      // Warm both paths (JIT, connections, the table) before measuring.
      const warm = Array.from({ length: Math.min(1_000, mailCount) }, (_, n) =>
        reminder(n, "warm"),
      );
      await baseline(warm);
      await meridian(warm);
    }
    const base: number[] = [];
    const ours: number[] = [];
    let exact = true;
    const results: Record<string, unknown>[] = [];
    for (let round = 0; round < rounds; round++) {
      const emails = Array.from({ length: mailCount }, (_, n) => reminder(n, `r${round}`));
      const b = await baseline(emails);
      const m = await meridian(emails);
      base.push(b.perSecond);
      ours.push(m.perSecond);
      const once = m.messages === mailCount && m.distinct === mailCount;
      exact &&= once;
      results.push({ baseline: b, meridian: { ...m, batches: undefined, runs: m.batches.length } });
      console.log(
        `  round ${round + 1}: baseline ${Math.round(b.perSecond)} messages/s (${b.seconds.toFixed(1)} s, ${b.cpuMs.toFixed(2)} ms CPU/message) | meridian ${Math.round(m.perSecond)} messages/s (${m.seconds.toFixed(1)} s, ${m.cpuMs.toFixed(2)} ms CPU/message), ${percent(m.perSecond / b.perSecond)} of baseline; sink: ${m.messages} messages, ${m.distinct} distinct dedupe keys${once ? "" : " — NOT EXACTLY ONCE"}`,
      );
    }
    if (rounds > 0) {
      const b = median(base);
      const m = median(ours);
      mailResult = { baseline: b, meridian: m, exactlyOnce: exact };
      checks.mail = {
        messages: mailCount,
        baselinePerSecond: b,
        meridianPerSecond: m,
        ratio: m / b,
        exactlyOnce: exact,
        rounds: results,
      };
    }
  } finally {
    sink.stop();
    await handle.close();
    await prepared.cleanup();
  }
}

let mailResult: { baseline: number; meridian: number; exactlyOnce: boolean } | undefined;

console.log(
  `Meridian benchmark with ${tool}: ${connections} connections, ${duration} s per run, median of ${rounds} rounds, ${os.cpus().length} cores, Node ${process.version}`,
);
const large: BusiestMinuteSettings = {
  rounds,
  duration,
  attendees: Number(args.attendees),
  webinars: Number(args.webinars),
  rush: Number(args.rush),
  spikePeople: Number(args["spike-people"]),
  spikeCapacity: Number(args["spike-capacity"]),
};
let template: LargeTemplate | undefined;
try {
  for (const kind of KINDS.filter((k) => chosen.includes(k))) {
    if (LARGE_KINDS.includes(kind) && !template) {
      console.log(
        `\n## the large festival: ${large.attendees} attendees, ${large.webinars} webinars, laid once on PostgreSQL and copied for each kind`,
      );
      template = await prepareLargeTemplate(large);
    }
    if (kind === "pglite" || kind === "postgres") await benchTarget(kind);
    if (kind === "feed")
      for (const database of ["pglite", "postgres"] as const) await benchFeed(database);
    if (kind === "register") await benchRegister();
    if (kind === "mail") await benchMail();
    if (kind === "join") await benchJoin(large, template!);
    if (kind === "schedule256") await benchSchedule256(large, template!);
    if (kind === "spike") await benchSpike(large, template!);
    if (kind === "reminders") await benchReminders(large, template!);
  }
} finally {
  await template?.drop();
}

console.log("\n## Results (medians)");
for (const row of rows) {
  const ratio = row.baseline
    ? ` | ${percent(row.server.requestsPerSecond / row.baseline.requestsPerSecond)} of baseline (${fmt(row.baseline).trim()})`
    : "";
  console.log(
    `${row.database.padEnd(9)} ${row.what.padEnd(42)} ${fmt(row.server)}${ratio}${row.target ? ` (${row.target})` : ""}${row.note ? `; ${row.note}` : ""}`,
  );
}
const reminders = reminderSummary();
if (reminders) console.log(reminders);
if (mailResult)
  console.log(
    `${"postgres".padEnd(9)} ${`mail worker, ${mailCount} reminders`.padEnd(42)} ${Math.round(mailResult.meridian).toString().padStart(6)} messages/s | ${percent(mailResult.meridian / mailResult.baseline)} of baseline (${Math.round(mailResult.baseline)} messages/s) (${MAIL_TARGET})${mailResult.exactlyOnce ? ", each exactly once" : ", NOT EXACTLY ONCE"}`,
  );
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
  "targets: /schedule ≥ 25% of baseline with p99 < 100 ms at 32 connections; soak last minute within 10% of the first; peak memory < 300 MB on PostgreSQL; registration ≥ 1,000 registrations/s with p99 < 100 ms at 32 connections; mail worker ≥ 70% of bare nodemailer; join rush no errors and p99 < 250 ms; spike no errors and no seat over capacity; every reminder delivered once",
);

fs.mkdirSync("bench-results", { recursive: true });
const out = path.join(
  "bench-results",
  `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`,
);
fs.writeFileSync(
  out,
  JSON.stringify({ connections, duration, rounds, rows, memory, soakMinutes, checks }, null, 2),
);
console.log(`\nwritten to ${out}`);
