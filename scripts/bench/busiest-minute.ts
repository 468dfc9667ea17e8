/**
 * The busiest minute of a festival, measured on the large data set
 * (scripts/lib/large-festival.ts, 50,000 attendees and 40 webinars by
 * default) in throwaway PostgreSQL databases, each kind against its
 * same-run baseline:
 *   join         the join rush: N confirmed registrants open /webinars/<slug>/join
 *                within 10 seconds of the start, each once
 *   schedule256  /schedule at 256 connections, anonymous and with the zone cookie
 *   spike        a newly announced webinar (500 seats): thousands of signed-in
 *                people press Register at once
 *   reminders    the reminder burst of a 5,000-person webinar: planned by the
 *                reminders model, delivered by the mail worker process to an SMTP sink
 * The large festival is laid once in a template database and each kind works
 * on a copy of it (CREATE DATABASE ... TEMPLATE), so kinds do not see each
 * other's changes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import { eq, sql as sqlTag } from "drizzle-orm";
import nodemailer from "nodemailer";
import postgres from "postgres";
import { openDatabase, type Db } from "~db/client.server";
import { festival, session, webinar, type OutboxMessage } from "~db/schema";
import { enqueueEmails } from "~emails/outbox.server";
import { mailOptions, SMTP_POOL_CONNECTIONS } from "~emails/transport.server";
import { SESSION_COOKIE } from "~/lib/auth.server";
import { replanWebinarReminders } from "~/models/reminders.server";
import { SESSION_DAYS } from "~/models/session.server";
import { seedLargeFestival } from "../lib/large-festival";
import { startServerProcess, type ServerProcess } from "../lib/server-process";
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
  loadOnce,
  median,
  memoryOf,
  type LoadResult,
  type OnceRequest,
} from "./measure";

export interface BusiestMinuteSettings {
  rounds: number;
  duration: number;
  attendees: number;
  webinars: number;
  /** People in the join rush and in the reminder burst. */
  rush: number;
  /** People pressing Register in the spike. */
  spikePeople: number;
  spikeCapacity: number;
}

const JOIN_TARGET = "target: no errors, p99 < 250 ms";
const SPIKE_TARGET = "target: no errors, no seat over capacity";
const SCHEDULE_CONNECTIONS = 256;
/** The rush arrives over this long: everyone within 10 seconds of the start. */
const RUSH_SECONDS = 10;
const MAIL_FROM = "Meridian Festival <festival@bench.example.test>";
const APP_URL = "https://fest.example.org";

export interface LargeTemplate {
  name: string;
  seedSeconds: number;
  counts: Record<string, number>;
  drop(): Promise<void>;
}

const admin = () => postgres(pgBase, { max: 1, onnotice: () => {} });
const urlOf = (name: string) => {
  const url = new URL(pgBase);
  url.pathname = `/${name}`;
  return url.toString();
};

/** Lays the large festival once, in a database used only as a template for the kinds' copies. */
export async function prepareLargeTemplate(s: BusiestMinuteSettings): Promise<LargeTemplate> {
  const name = `meridian_bench_large_${randomBytes(4).toString("hex")}`;
  const sql = admin();
  await sql.unsafe(`create database ${name}`);
  await sql.end();
  const drop = async () => {
    const a = admin();
    await a.unsafe(`drop database if exists ${name} with (force)`);
    await a.end();
  };
  // The entries' captions go to a folder of the bench's own.
  process.env.STORAGE_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "meridian-bench-storage-"));
  const handle = await openDatabase({ url: urlOf(name), maxConnections: 4 });
  try {
    await handle.migrate();
    const started = performance.now();
    const summary = await seedLargeFestival(handle.db, {
      attendees: s.attendees,
      webinars: s.webinars,
    });
    const seedSeconds = (performance.now() - started) / 1000;
    await handle.db.execute(sqlTag`vacuum analyze`);
    console.log(
      `  large festival laid in ${seedSeconds.toFixed(1)} s: ${summary.counts.attendees} attendees in ${summary.counts.zones} zones, ${summary.counts.webinars} webinars, ${summary.counts.seats} seats taken, ${summary.counts.waitlisted} waitlisted, the largest webinar ${summary.counts.largest_webinar} seats, ${summary.counts.votes} votes`,
    );
    checks.largeSeed = { seconds: seedSeconds, ...summary.counts };
    return { name, seedSeconds, counts: summary.counts, drop };
  } catch (error) {
    await handle.close();
    await drop();
    throw error;
  } finally {
    await handle.close().catch(() => {});
  }
}

/** A copy of the template for one kind (a file copy inside PostgreSQL: seconds, not a re-seed). */
async function copyOf(template: LargeTemplate, kind: string) {
  const name = `${template.name}_${kind}`;
  const sql = admin();
  await sql.unsafe(`create database ${name} template ${template.name}`);
  await sql.end();
  return {
    url: urlOf(name),
    drop: async () => {
      const a = admin();
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** Signs people in: a session row each, and the Cookie header their browser would send. */
async function signIn(db: Db, userIds: readonly string[]): Promise<string[]> {
  const cookie = createCookie(SESSION_COOKIE, {
    secrets: [SESSION_SECRET],
    path: "/",
    httpOnly: true,
    sameSite: "lax",
  });
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  const cookies: string[] = [];
  for (let from = 0; from < userIds.length; from += 1_000) {
    const ids = userIds.slice(from, from + 1_000);
    const tokens = ids.map(() => randomBytes(32).toString("base64url"));
    await db.insert(session).values(
      ids.map((userId, i) => ({
        id: createHash("sha256").update(tokens[i]!).digest("hex"),
        userId,
        expiresAt,
        createdAt: now,
      })),
    );
    for (const token of tokens) cookies.push((await cookie.serialize(token)).split(";")[0]!);
  }
  return cookies;
}

const startServer = (url: string, extra: Record<string, string> = {}) =>
  startServerProcess({
    DATABASE_URL: url,
    SEED_DEMO: "0",
    NODE_ENV: "production",
    SESSION_SECRET,
    // Web processes in production leave mail to the worker processes.
    RUN_WORKER: "0",
    ...extra,
  });

/** The headers of an answer worth replaying from the baseline (the per-response ones left out). */
function replayable(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers)
    if (!["date", "connection", "keep-alive", "transfer-encoding", "x-request-id"].includes(name))
      headers[name] = value;
  return headers;
}

/** The webinar with most seats taken (a headline one), with its seat holders' ids in order. */
async function headlineWebinar(sql: postgres.Sql, people: number) {
  const [w] = await sql<{ id: string; slug: string; join_url: string; confirmed: number }[]>`
    select w.id, w.slug, w.join_url, count(*)::int as confirmed
    from webinar w join webinar_registration r on r.webinar_id = w.id and r.status = 'confirmed'
    group by w.id order by confirmed desc limit 1`;
  if (!w || w.confirmed < people)
    throw new Error(
      `The largest webinar has ${w?.confirmed ?? 0} seats taken, fewer than the ${people} needed: use more --attendees.`,
    );
  return w;
}

export async function benchJoin(s: BusiestMinuteSettings, template: LargeTemplate) {
  console.log(
    `\n## join rush on PostgreSQL, large festival: ${s.rush} confirmed registrants open /webinars/<slug>/join within ${RUSH_SECONDS} s of the start, each once`,
  );
  const copy = await copyOf(template, "join");
  const sql = postgres(copy.url, { max: 2, onnotice: () => {} });
  const handle = await openDatabase({ url: copy.url, maxConnections: 2 });
  let server: ServerProcess | undefined;
  let baseline: { url: string; child: ChildProcess } | undefined;
  try {
    const w = await headlineWebinar(sql, s.rush);
    const holders = await sql<{ user_id: string }[]>`
      select user_id from webinar_registration
      where webinar_id = ${w.id} and status = 'confirmed' order by confirmed_at, id limit ${s.rush}`;
    const cookies = await signIn(
      handle.db,
      holders.map((h) => h.user_id),
    );
    const joinPath = `/webinars/${w.slug}/join`;
    const requests: OnceRequest[] = cookies.map((cookie) => ({ path: joinPath, cookie }));
    console.log(
      `  webinar ${w.slug}: ${w.confirmed} seats taken; ${requests.length} of them signed in`,
    );
    /** The webinar starts now and nobody has joined yet: the moment before the rush. */
    const startNow = async () => {
      await sql`update webinar set starts_at = now() where id = ${w.id}`;
      await sql`update webinar_registration set joined_at = null where webinar_id = ${w.id}`;
    };
    const attendance = async () => {
      const [a] = await sql<{ joined: number; people: number }[]>`
        select count(*)::int as joined, count(distinct user_id)::int as people
        from webinar_registration where webinar_id = ${w.id} and joined_at is not null`;
      return a!;
    };

    server = await startServer(copy.url);
    await startNow();
    const first = await fetch(`${server.url}${joinPath}`, {
      redirect: "manual",
      headers: { Cookie: requests[0]!.cookie },
    });
    if (first.status !== 303 || first.headers.get("location") !== w.join_url)
      throw new Error(
        `Joining answered ${first.status} ${first.headers.get("location")}:\n${server.output().slice(-2000)}`,
      );
    const body = Buffer.from(await first.arrayBuffer());
    baseline = await startBaseline(server, [], {
      [joinPath]: { status: 303, headers: replayable(first), body: body.toString("base64") },
    });

    const variants = [
      {
        what: `join rush: ${s.rush} people over ${RUSH_SECONDS} s`,
        rate: s.rush / RUSH_SECONDS,
        // A load balancer's pool of keep-alive connections to the web process; a request
        // finding them all busy waits (counted from when it was due: p99FromDue).
        concurrency: 64,
      },
      { what: `join, all ${s.rush} at once (256 connections)`, rate: 0, concurrency: 256 },
    ];
    const rush = (url: string, v: (typeof variants)[number]) =>
      loadOnce({
        url,
        requests,
        method: "GET",
        expectStatus: 303,
        rate: v.rate,
        concurrency: v.concurrency,
      });
    for (const v of variants) {
      // Warm both (JIT, connections, the plan cache) with a tenth of the people.
      await startNow();
      await loadOnce({
        url: server.url,
        requests: requests.slice(0, Math.ceil(requests.length / 10)),
        method: "GET",
        expectStatus: 303,
        rate: 0,
        concurrency: 32,
      });
      const base: LoadResult[] = [];
      const ours: LoadResult[] = [];
      const recorded: { joined: number; people: number }[] = [];
      const cpu: number[] = [];
      for (let round = 0; round < s.rounds; round++) {
        base.push(await rush(baseline.url, v));
        await startNow();
        const cpuBefore = cpuSecondsOf(server.child.pid!);
        const result = await rush(server.url, v);
        const cpuMs = (1000 * (cpuSecondsOf(server.child.pid!) - cpuBefore)) / result.total;
        cpu.push(cpuMs);
        ours.push(result);
        // Attendance is written before the redirect is answered: nothing to wait for.
        recorded.push(await attendance());
        console.log(
          `  ${v.what}, round ${round + 1}: baseline ${fmt(base.at(-1)!)} | meridian ${fmt(result)}, p99 from when due ${result.p99FromDue} ms, all answered in ${(result.elapsedMs / 1000).toFixed(1)} s, server CPU ${cpuMs.toFixed(1)} ms/request; attendance recorded ${recorded.at(-1)!.joined} (${recorded.at(-1)!.people} people)`,
        );
      }
      const exact = recorded.every((r) => r.joined === s.rush && r.people === s.rush);
      rows.push({
        database: "pg large",
        what: v.what,
        baseline: medianResult(base),
        server: medianResult(ours),
        target: JOIN_TARGET,
        note: `server CPU ${median(cpu).toFixed(1)} ms/request; attendance rows recorded ${recorded.map((r) => r.joined).join(", ")} of ${s.rush}${exact ? ", no duplicates" : " — NOT ONE EACH"}`,
      });
      checks[`join ${v.rate ? "rush" : "at once"}`] = {
        people: s.rush,
        rounds: ours,
        baselineRounds: base,
        attendance: recorded,
      };
    }
    memory["pg large join"] = memoryOf(server.child.pid!);
  } finally {
    baseline?.child.kill("SIGTERM");
    await server?.stop();
    await handle.close();
    await sql.end();
    await copy.drop();
  }
}

export async function benchSchedule256(s: BusiestMinuteSettings, template: LargeTemplate) {
  console.log(
    `\n## /schedule at ${SCHEDULE_CONNECTIONS} connections on PostgreSQL, large festival`,
  );
  const copy = await copyOf(template, "schedule");
  let server: ServerProcess | undefined;
  let baseline: { url: string; child: ChildProcess } | undefined;
  try {
    server = await startServer(copy.url);
    const zoneCookie = { Cookie: "meridian_tz=America%2FNew_York" };
    const zoned = await fetch(`${server.url}/schedule`, { headers: zoneCookie });
    baseline = await startBaseline(server, ["/schedule"], {
      "/schedule-zoned": {
        headers: { "content-type": zoned.headers.get("content-type") ?? "text/html" },
        body: Buffer.from(await zoned.arrayBuffer()).toString("base64"),
      },
    });
    const variants = [
      { what: "/schedule (anonymous), 256 connections", base: "/schedule", headers: undefined },
      {
        what: "/schedule (zone cookie), 256 connections",
        base: "/schedule-zoned",
        headers: zoneCookie,
      },
    ];
    for (const v of variants) {
      const run = (url: string, seconds: number) =>
        load({
          url,
          connections: SCHEDULE_CONNECTIONS,
          durationSeconds: seconds,
          headers: url.startsWith(server!.url) ? v.headers : undefined,
        });
      await run(`${server.url}/schedule`, 2);
      await run(`${baseline.url}${v.base}`, 2);
      const base: LoadResult[] = [];
      const ours: LoadResult[] = [];
      for (let round = 0; round < s.rounds; round++) {
        base.push(await run(`${baseline.url}${v.base}`, s.duration));
        ours.push(await run(`${server.url}/schedule`, s.duration));
        console.log(
          `  ${v.what}, round ${round + 1}: baseline ${fmt(base.at(-1)!)} | meridian ${fmt(ours.at(-1)!)}`,
        );
      }
      rows.push({
        database: "pg large",
        what: v.what,
        baseline: medianResult(base),
        server: medianResult(ours),
        target: "target: no errors, p99 < 100 ms",
      });
    }
    memory["pg large schedule256"] = memoryOf(server.child.pid!);
  } finally {
    baseline?.child.kill("SIGTERM");
    await server?.stop();
    await copy.drop();
  }
}

/**
 * Waits until the server's database connections have all been idle for a
 * moment: requests the load generator gave up on may still be registering.
 */
async function settled(sql: postgres.Sql) {
  for (let quiet = 0, waited = 0; quiet < 3 && waited < 600; waited++) {
    const [busy] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`;
    quiet = busy!.n === 0 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A documentation address (IPv6, 2001:db8::/32) per person: behind the load balancer each has their own. */
const addressOf = (i: number) => `2001:db8::${(i + 1).toString(16)}`;

export async function benchSpike(s: BusiestMinuteSettings, template: LargeTemplate) {
  console.log(
    `\n## registration spike on PostgreSQL, large festival: a new webinar with ${s.spikeCapacity} seats, ${s.spikePeople} signed-in people press Register at once (256 connections)`,
  );
  const copy = await copyOf(template, "spike");
  const sql = postgres(copy.url, { max: 2, onnotice: () => {} });
  const handle = await openDatabase({ url: copy.url, maxConnections: 2 });
  let server: ServerProcess | undefined;
  let baseline: { url: string; child: ChildProcess } | undefined;
  try {
    const [fest] = await sql<{ id: string; starts_on: string }[]>`
      select id, starts_on::text from festival limit 1`;
    const people = await sql<{ user_id: string }[]>`
      select user_id from festival_registration
      where festival_id = ${fest!.id} order by created_at desc limit ${s.spikePeople + 1}`;
    const cookies = await signIn(
      handle.db,
      people.map((p) => p.user_id),
    );
    /** Announced: published, with seats, two days into the festival at 16:00 London time. */
    const announce = async (slug: string) => {
      await sql`
        insert into webinar (festival_id, slug, title, abstract, starts_at, capacity, join_url, status)
        values (${fest!.id}, ${slug}, 'Just announced: the network leaders panel',
          'Added by popular demand.',
          (${fest!.starts_on}::date + 2 + time '16:00') at time zone 'Europe/London',
          ${s.spikeCapacity}, ${`https://meet.example.org/${slug}`}, 'published')`;
    };
    const form = {
      method: "POST" as const,
      contentType: "application/x-www-form-urlencoded",
      body: "intent=register",
      expectStatus: 303,
    };
    // Behind a load balancer (TRUST_PROXY=1) each person's own address reaches the rate
    // limits, as in production; from one address the 600-per-10-minutes limit would refuse most.
    server = await startServer(copy.url, { TRUST_PROXY: "1" });
    await announce("spike-warm-up");
    const first = await fetch(`${server.url}/webinars/spike-warm-up/register`, {
      method: "POST",
      redirect: "manual",
      headers: {
        Cookie: cookies.at(-1)!,
        "Content-Type": form.contentType,
        "X-Forwarded-For": addressOf(s.spikePeople),
      },
      body: form.body,
    });
    if (first.status !== 303)
      throw new Error(`Registering answered ${first.status}:\n${server.output().slice(-2000)}`);
    baseline = await startBaseline(server, [], {
      "POST *": {
        status: 303,
        headers: replayable(first),
        body: Buffer.from(await first.arrayBuffer()).toString("base64"),
      },
    });
    const crowd = (slug: string): OnceRequest[] =>
      cookies.slice(0, s.spikePeople).map((cookie, i) => ({
        path: `/webinars/${slug}/register`,
        cookie,
        forwardedFor: addressOf(i),
      }));
    const press = (url: string, requests: OnceRequest[]) =>
      loadOnce({ url, requests, ...form, rate: 0, concurrency: 256 });
    // Warm the server on the warm-up webinar with a tenth of the crowd.
    await press(server.url, crowd("spike-warm-up").slice(0, Math.ceil(s.spikePeople / 10)));

    const base: LoadResult[] = [];
    const ours: LoadResult[] = [];
    const cpu: number[] = [];
    const outcomes: { confirmed: number; waitlisted: number; over: number; statuses: object }[] =
      [];
    for (let round = 0; round < s.rounds; round++) {
      const slug = `spike-${round + 1}`;
      await announce(slug);
      base.push(await press(baseline.url, crowd(slug)));
      const cpuBefore = cpuSecondsOf(server.child.pid!);
      const result = await press(server.url, crowd(slug));
      const cpuMs = (1000 * (cpuSecondsOf(server.child.pid!) - cpuBefore)) / result.total;
      cpu.push(cpuMs);
      ours.push(result);
      await settled(sql);
      const [seats] = await sql<{ confirmed: number; waitlisted: number }[]>`
        select count(*) filter (where r.status = 'confirmed')::int as confirmed,
          count(*) filter (where r.status = 'waitlisted')::int as waitlisted
        from webinar w join webinar_registration r on r.webinar_id = w.id where w.slug = ${slug}`;
      const over = Math.max(seats!.confirmed - s.spikeCapacity, 0);
      outcomes.push({ ...seats!, over, statuses: result.statuses });
      console.log(
        `  spike round ${round + 1}: baseline ${fmt(base.at(-1)!)} | meridian ${fmt(result)}, ${(result.elapsedMs / 1000).toFixed(1)} s for all, server CPU ${cpuMs.toFixed(1)} ms/registration; ${seats!.confirmed} confirmed of ${s.spikeCapacity}, ${seats!.waitlisted} waitlisted, seats over capacity: ${over}; answers ${JSON.stringify(result.statuses)}`,
      );
    }
    if (s.rounds > 0) {
      const o = outcomes.at(-1)!;
      rows.push({
        database: "pg large",
        what: `spike: ${s.spikePeople} press Register at once`,
        baseline: medianResult(base),
        server: medianResult(ours),
        target: SPIKE_TARGET,
        note: `server CPU ${median(cpu).toFixed(1)} ms/registration; seats over capacity ${outcomes.map((x) => x.over).join(", ")}; last round ${o.confirmed} confirmed of ${s.spikeCapacity}, waitlist ${o.waitlisted}`,
      });
    }
    checks.spike = { people: s.spikePeople, capacity: s.spikeCapacity, outcomes, rounds: ours };
    memory["pg large spike"] = memoryOf(server.child.pid!);
  } finally {
    baseline?.child.kill("SIGTERM");
    await server?.stop();
    await handle.close();
    await sql.end();
    await copy.drop();
  }
}

/** The mail worker as production runs it: `npm run worker` (scripts/worker.ts), its own process. */
async function startWorkerProcess(url: string, smtpUrl: string) {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      SMTP_URL: smtpUrl,
      APP_URL,
      MAIL_FROM,
      NODE_ENV: "production",
      SESSION_SECRET,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    output: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function benchReminders(s: BusiestMinuteSettings, template: LargeTemplate) {
  console.log(
    `\n## reminder burst on PostgreSQL, large festival: ${s.rush} reminders planned by the reminders model, delivered by the mail worker process to an SMTP sink, against bare pooled nodemailer`,
  );
  const copy = await copyOf(template, "reminders");
  const sql = postgres(copy.url, { max: 2, onnotice: () => {} });
  const handle = await openDatabase({ url: copy.url, maxConnections: 4 });
  const sink = await startSink();
  let worker: Awaited<ReturnType<typeof startWorkerProcess>> | undefined;
  try {
    const w = await headlineWebinar(sql, s.rush);
    // Exactly N seat holders, all taking reminders: the others' seats are given up.
    await sql`
      update webinar_registration set status = 'cancelled', cancelled_at = now(), updated_at = now()
      where webinar_id = ${w.id} and status = 'confirmed' and id not in (
        select r.id from webinar_registration r join "user" u on u.id = r.user_id
        where r.webinar_id = ${w.id} and r.status = 'confirmed' and u.email_reminders
        order by r.confirmed_at, r.id limit ${s.rush})`;
    // Only the reminders reach the sink: nobody takes the digest in this copy (the planner in
    // the worker process would otherwise queue the day's digests whenever its minute came).
    await sql`update "user" set email_digest = false`;
    const pending = async () => {
      const [p] = await sql<{ n: number }[]>`
        select count(*)::int as n from outbox where status = 'pending' and send_after <= now()`;
      return p!.n;
    };

    // The worker process starts first; its planner may queue the day's digests, which go before
    // the measurement starts.
    worker = await startWorkerProcess(copy.url, sink.url);
    await sleep(3_000);
    for (let waited = 0; (await pending()) > 0; waited += 500) {
      if (waited > 120_000)
        throw new Error(`The worker did not empty the queue:\n${worker.output()}`);
      await sleep(500);
    }
    const startup = await sink.stats();
    if (startup.messages)
      console.log(
        `  the worker's planner queued and sent ${startup.messages} digests on starting (not counted below)`,
      );

    const base: number[] = [];
    const ours: number[] = [];
    const results: Record<string, unknown>[] = [];
    let exact = true;
    for (let round = 0; round < s.rounds; round++) {
      // The webinar moves to start in a little over 15 minutes (a new SEQUENCE, as any move
      // makes): its 15-minute reminders fall due shortly, all at the same instant.
      // Planning must end before they fall due: 20 s and 10 ms a reminder (rendering each
      // takes a few ms; a busy machine is slower).
      const planStarted = performance.now();
      const due = new Date(Date.now() + 20_000 + 10 * s.rush);
      const startsAt = new Date(due.getTime() + 15 * 60_000);
      const [festivalRow] = await handle.db.select().from(festival).limit(1);
      const queued = await handle.db.transaction(async (tx) => {
        const [moved] = await tx
          .update(webinar)
          .set({ startsAt, sequence: sqlTag`${webinar.sequence} + 1` })
          .where(eq(webinar.id, w.id))
          .returning();
        const emails = await replanWebinarReminders(tx, moved!, {
          festival: festivalRow!,
          appUrl: APP_URL,
          now: new Date(),
        });
        for (let i = 0; i < emails.length; i += 1_000)
          await enqueueEmails(tx, emails.slice(i, i + 1_000));
        return emails;
      });
      const planSeconds = (performance.now() - planStarted) / 1000;
      if (Date.now() > due.getTime())
        console.log("  warning: planning ended after the reminders fell due; they start late");
      const dueAt = new Set(queued.map((e) => e.sendAfter?.getTime()));
      if (queued.length !== s.rush || dueAt.size !== 1 || !dueAt.has(due.getTime()))
        throw new Error(
          `Planned ${queued.length} reminders due at ${dueAt.size} instants, not ${s.rush} at one.`,
        );
      await sink.reset();
      const arrived = sink.expect(s.rush);
      await withTimeout(arrived, 20_000 + s.rush * 30, "worker");
      for (let waited = 0; ; waited += 50) {
        const [left] = await sql<{ n: number }[]>`
          select count(*)::int as n from outbox
          where kind = 'reminder' and webinar_id = ${w.id} and status = 'pending'`;
        if (left!.n === 0) break;
        if (waited > 30_000) throw new Error("The worker left reminders pending.");
        await sleep(50);
      }
      const [sent] = await sql<{ n: number; keys: number; first: Date; last: Date; due: Date }[]>`
        select count(*)::int as n, count(distinct dedupe_key)::int as keys,
          min(sent_at) as first, max(sent_at) as last, min(send_after) as due
        from outbox where kind = 'reminder' and webinar_id = ${w.id} and send_after = ${due}`;
      const counted = await sink.stats();
      const dueToAll = (sent!.last.getTime() - due.getTime()) / 1000;
      const firstAfter = (sent!.first.getTime() - due.getTime()) / 1000;
      const perSecond = s.rush / ((sent!.last.getTime() - sent!.first.getTime()) / 1000);
      const once =
        sent!.n === s.rush &&
        sent!.keys === s.rush &&
        counted.messages === s.rush &&
        counted.distinctMessageIds === counted.messages;
      exact &&= once;

      // The baseline: the same messages, as the worker sent them, through bare pooled nodemailer.
      const messages = await sql<{ recipient: string; message: OutboxMessage }[]>`
        select recipient, message from outbox
        where kind = 'reminder' and webinar_id = ${w.id} and send_after = ${due}`;
      await sink.reset();
      const transporter = nodemailer.createTransport({
        url: sink.url,
        pool: true,
        maxConnections: SMTP_POOL_CONNECTIONS,
      });
      const baselineArrived = sink.expect(messages.length);
      const started = performance.now();
      await Promise.all(
        messages.map((m) => transporter.sendMail(mailOptions(MAIL_FROM, m.recipient, m.message))),
      );
      await withTimeout(baselineArrived, 120_000, "baseline");
      const baseSeconds = (performance.now() - started) / 1000;
      transporter.close();
      base.push(messages.length / baseSeconds);
      ours.push(perSecond);
      results.push({ planSeconds, dueToAll, firstAfter, perSecond, sent, sink: counted });
      console.log(
        `  round ${round + 1}: planned ${queued.length} in ${planSeconds.toFixed(1)} s; due → first sent ${firstAfter.toFixed(1)} s, due → all delivered ${dueToAll.toFixed(1)} s, ${Math.round(perSecond)} messages/s first to last | baseline ${Math.round(messages.length / baseSeconds)} messages/s (${baseSeconds.toFixed(1)} s), ${percent(perSecond / (messages.length / baseSeconds))}; sink: ${counted.messages} messages, ${counted.distinctMessageIds} distinct Message-IDs, outbox ${sent!.keys} distinct dedupe keys${once ? "" : " — NOT EXACTLY ONCE"}`,
      );
    }
    if (s.rounds > 0) {
      const times = results.map((r) => r.dueToAll as number);
      reminderResult = {
        people: s.rush,
        baseline: median(base),
        meridian: median(ours),
        dueToAll: median(times),
        exactlyOnce: exact,
      };
      checks.reminders = { ...reminderResult, rounds: results, baselineRounds: base };
    }
    memory["pg large reminders worker"] = memoryOf(worker.child.pid!);
  } finally {
    await worker?.stop();
    sink.stop();
    await handle.close();
    await sql.end();
    await copy.drop();
  }
}

export let reminderResult:
  | { people: number; baseline: number; meridian: number; dueToAll: number; exactlyOnce: boolean }
  | undefined;

/** The reminder line of the results table. */
export function reminderSummary(): string | undefined {
  if (!reminderResult) return undefined;
  const r = reminderResult;
  return `${"pg large".padEnd(9)} ${`reminder burst, ${r.people} reminders`.padEnd(42)} ${Math.round(r.meridian).toString().padStart(6)} messages/s, due → all delivered ${r.dueToAll.toFixed(1)} s | ${percent(r.meridian / r.baseline)} of baseline (${Math.round(r.baseline)} messages/s)${r.exactlyOnce ? ", each exactly once" : ", NOT EXACTLY ONCE"}`;
}
