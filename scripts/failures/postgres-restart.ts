/**
 * PostgreSQL restarts under load. A throwaway cluster, a production web
 * process (RUN_WORKER=0), a mail worker and an SMTP sink; signed-in people
 * register for webinars and load pages while PostgreSQL is stopped
 * (pg_ctl -m fast), held down, and started again. Checks that requests during
 * the outage fail fast with the friendly 503 page (not a 500 or a hang),
 * /healthz says 503, Meridian recovers without a restart, every registration
 * the client saw confirmed exists exactly once with its email, none is
 * half-made, and every email is delivered once. Exits 1 otherwise.
 *
 *   tsx scripts/failures/postgres-restart.ts [--down 10] [--people 300]
 */
import { parseArgs } from "node:util";
import { openWebinars, seedAttendees } from "../scale-out/attendees";
import { SESSION_SECRET, startEnvironment } from "../scale-out/environment";
import { request, sleep, type Answer } from "../scale-out/http";
import { auditMail, waitForOutboxDrained } from "../scale-out/mail-audit";
import { auditRegistrations, registrationPairs, startRegistrationLoad } from "./registrations";
import { finish, startSummary } from "./summary";

const { values: args } = parseArgs({
  options: {
    down: { type: "string", default: "10" },
    people: { type: "string", default: "300" },
    before: { type: "string", default: "5" },
    after: { type: "string", default: "15" },
  },
});
const downSeconds = Number(args.down);
/** A request during the outage taking longer than this hung instead of failing fast. */
const FAIL_FAST_MS = 6_000;

const summary = startSummary(
  `postgres-restart (pg_ctl -m fast, held down ${downSeconds} s${downSeconds === 0 ? ": a plain pg_ctl restart" : ""})`,
);

const env = await startEnvironment({ webs: 1, workers: 1, nginx: false });
try {
  const slugs = await openWebinars(env.db, env.festivalId);
  const people = await seedAttendees(env.db, env.festivalId, Number(args.people), SESSION_SECRET);
  const app = env.appUrl;
  console.log(`${people.length} signed-in people, ${slugs.length} webinars each to register for`);

  interface Sample {
    path: string;
    startedAt: number;
    answer: Answer;
  }
  const samples: Sample[] = [];
  let loading = true;
  // Pages: a signed-in person's /me (rendered, reads the database), the
  // anonymous schedule (cached per process for 5 s), and /healthz.
  const pageLoop = async (path: string, cookie?: string, pauseMs = 0) => {
    while (loading) {
      const startedAt = Date.now();
      const answer = await request(app, path, { cookie, timeoutMs: 60_000 });
      samples.push({ path, startedAt, answer });
      if (pauseMs) await sleep(pauseMs);
    }
  };
  const pages = [
    pageLoop("/me", people[0]!.cookie),
    pageLoop("/me", people[1]!.cookie),
    pageLoop("/schedule", undefined, 50),
    pageLoop("/healthz", undefined, 200),
  ];
  const registrations = startRegistrationLoad(app, registrationPairs(people, slugs), 6, {
    pauseMs: 20,
  });

  await sleep(Number(args.before) * 1000);
  console.log(`Stopping PostgreSQL (pg_ctl stop -m fast) for ${downSeconds} s, under load...`);
  const downAt = Date.now();
  if (downSeconds === 0) {
    await env.database.restart();
  } else {
    await env.database.stop();
    await sleep(downSeconds * 1000);
    await env.database.start();
  }
  const upAt = Date.now();
  console.log(`PostgreSQL is back after ${((upAt - downAt) / 1000).toFixed(1)} s; load continues.`);
  await sleep(Number(args.after) * 1000);
  loading = false;
  await registrations.stop();
  await Promise.all(pages);

  // What the outage looked like from outside.
  const all = [
    ...samples,
    ...registrations.attempts.map((a) => ({
      path: "POST register",
      startedAt: a.startedAt,
      answer: a.answer,
    })),
  ];
  const during = all.filter((s) => s.startedAt >= downAt && s.startedAt <= upAt);
  summary.requestsOk = all.filter((s) => s.answer.status > 0 && s.answer.status < 500).length;
  summary.requestsFailed = all.length - summary.requestsOk;
  summary.maxOutageLatencyMs = during.length ? Math.max(...during.map((s) => s.answer.ms)) : null;
  const byStatus = (list: typeof all) => {
    const counts = new Map<string, number>();
    for (const s of list) {
      const key = `${s.path} ${s.answer.status || s.answer.error}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts.entries()].map(([k, n]) => `${k}: ${n}`).join(", ");
  };
  summary.notes.push(`during the outage: ${byStatus(during) || "no requests"}`);
  const hung = during.filter((s) => s.answer.ms > FAIL_FAST_MS);
  if (hung.length)
    summary.problems.push(
      `${hung.length} requests during the outage took longer than ${FAIL_FAST_MS} ms (slowest ${Math.round(summary.maxOutageLatencyMs ?? 0)} ms)`,
    );
  const errors = all.filter((s) => s.answer.status === 500 || s.answer.status === 0);
  if (errors.length)
    summary.problems.push(`${errors.length} answers were a 500 or no answer: ${byStatus(errors)}`);
  const unfriendly = all.filter(
    (s) => s.answer.status === 503 && s.path !== "/healthz" && !/right back/i.test(s.answer.body),
  );
  if (unfriendly.length)
    summary.problems.push(`${unfriendly.length} 503 pages without the "we'll be right back" page`);
  const health = samples.filter(
    (s) => s.path === "/healthz" && s.startedAt > downAt + 500 && s.startedAt < upAt,
  );
  if (health.some((s) => s.answer.status !== 503))
    summary.problems.push(`/healthz during the outage answered ${byStatus(health)}`);

  // Recovery without restarting Meridian.
  const firstOk = (path: string, okStatus: number) =>
    all
      .filter((s) => s.path === path && s.startedAt > upAt && s.answer.status === okStatus)
      .sort((a, b) => a.startedAt - b.startedAt)[0];
  const recovered = [
    { what: "/healthz", sample: firstOk("/healthz", 200) },
    { what: "/me", sample: firstOk("/me", 200) },
    { what: "registration", sample: firstOk("POST register", 303) },
  ];
  for (const { what, sample } of recovered) {
    if (!sample) summary.problems.push(`${what} did not recover after PostgreSQL came back`);
    else
      summary.notes.push(
        `${what} answered normally ${((sample.startedAt + sample.answer.ms - upAt) / 1000).toFixed(1)} s after PostgreSQL was back`,
      );
  }
  if (env.webs[0]!.child.exitCode !== null) {
    summary.problems.push("the web process exited: it did not survive the outage");
    console.log(`The web process's last words:\n${env.webs[0]!.output().slice(-3000)}`);
  }

  // Registrations: every one seen confirmed exists once, with its email; none half-made.
  const audit = await auditRegistrations(env.db, registrations.attempts);
  summary.notes.push(
    `registrations: ${registrations.attempts.length} tried, ${audit.confirmedSeen} confirmed to the client; ${audit.failedButMade} failed to the client but were made whole (the commit happened, the answer did not arrive); half-made: ${audit.halfMade}`,
  );
  if (audit.halfMade) summary.problems.push(`${audit.halfMade} registrations half-made`);

  // Mail: the worker delivers every email once, after the outage too.
  const drained = await waitForOutboxDrained(env.db, 180_000, (n) =>
    console.log(`  waiting for the worker: ${n} emails still due`),
  );
  const mail = await auditMail(env.db, env.sink);
  if (!drained) summary.problems.push(`the outbox did not drain: ${mail.pending} emails pending`);
  summary.notes.push(
    `mail: ${mail.due} due, ${mail.sent} sent, ${mail.failed} failed; at the sink ${env.sink.received.length}, lost ${mail.lost}, duplicated ${mail.duplicated}`,
  );
  summary.lost = audit.lost + mail.lost;
  summary.duplicated = audit.duplicated + mail.duplicated;
} catch (error) {
  summary.problems.push(
    `the script failed: ${error instanceof Error ? error.stack : String(error)}`,
  );
} finally {
  await env.stop();
}
finish(summary);
