/**
 * A mail worker dies mid-batch. A throwaway cluster, a production web
 * process, two workers (scripts/worker.ts) and an SMTP sink that takes
 * --sink-delay ms per message (a slow provider, so each worker has messages
 * in its hands); registrations queue confirmation emails; one worker is
 * SIGKILLed while delivering. The rows it had claimed stay leased for the
 * worker's 2 minutes (scripts/worker.ts has no setting to shorten it, so the
 * script waits) and are then delivered by the other. A message that was in
 * the killed worker's hands (at most 10: its SMTP pool's 5 connections, two
 * each) may arrive twice; anything else lost or duplicated fails the run.
 *
 *   tsx scripts/failures/worker-kill.ts [--people 120] [--webinars 5] [--sink-delay 500]
 */
import { and, eq, gt, lte, sql } from "drizzle-orm";
import { parseArgs } from "node:util";
import { outbox } from "~db/schema";
import { SMTP_CONCURRENCY } from "~emails/transport.server";
import { openWebinars, seedAttendees } from "../scale-out/attendees";
import { SESSION_SECRET, startEnvironment } from "../scale-out/environment";
import { sleep } from "../scale-out/http";
import { auditMail, rowIdOf, waitForOutboxDrained } from "../scale-out/mail-audit";
import { auditRegistrations, registrationPairs, startRegistrationLoad } from "./registrations";
import { finish, startSummary } from "./summary";

const { values: args } = parseArgs({
  options: {
    people: { type: "string", default: "120" },
    webinars: { type: "string", default: "5" },
    "sink-delay": { type: "string", default: "500" },
  },
});
const LEASE_SECONDS = 120;

// README "Mail": a worker killed mid-batch can repeat only the messages in its hands.
const summary = startSummary("worker-kill (SIGKILL one of two mail workers mid-batch)", {
  count: SMTP_CONCURRENCY,
  why: "the messages in the killed worker's hands",
});

const env = await startEnvironment({
  webs: 1,
  workers: 2,
  nginx: false,
  sinkDelayMs: Number(args["sink-delay"]),
});
try {
  const slugs = (await openWebinars(env.db, env.festivalId)).slice(0, Number(args.webinars));
  const people = await seedAttendees(env.db, env.festivalId, Number(args.people), SESSION_SECRET);
  const pairs = registrationPairs(people, slugs);
  console.log(`${pairs.length} registrations to make, a confirmation email each`);
  const load = startRegistrationLoad(env.appUrl, pairs, 6);

  const claimedNow = async () => {
    const [row] = await env.db
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(and(eq(outbox.status, "pending"), gt(outbox.lockedUntil, new Date())));
    return row?.n ?? 0;
  };
  // Kill once mail is flowing and a backlog is claimed: a batch in the worker's hands.
  const threshold = Math.min(100, Math.floor(pairs.length / 5));
  const backlog = 2 * SMTP_CONCURRENCY;
  const giveUpAt = Date.now() + 120_000;
  while (
    (env.sink.received.length < threshold || (await claimedNow()) < backlog) &&
    Date.now() < giveUpAt
  )
    await sleep(50);
  const [victim, survivor] = env.workers as [(typeof env.workers)[0], (typeof env.workers)[0]];
  const claimedBefore = await claimedNow();
  const atSinkBefore = env.sink.received.length;
  await victim.kill();
  const killedAt = Date.now();
  console.log(
    `SIGKILL ${victim.name} (pid ${victim.child.pid}) with ${atSinkBefore} messages at the sink and ${claimedBefore} rows claimed by the two workers.`,
  );
  await load.done();
  // The survivor empties what it holds within seconds; what stays claimed is the dead worker's.
  await sleep(15_000);
  // Leases taken before the kill end by killedAt + the lease; the survivor's later ones after it.
  const orphaned = await env.db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        eq(outbox.status, "pending"),
        gt(outbox.lockedUntil, new Date()),
        lte(outbox.lockedUntil, new Date(killedAt + LEASE_SECONDS * 1000)),
      ),
    );
  console.log(
    `${orphaned.length} rows still leased by the dead worker; the lease is ${LEASE_SECONDS} s from its claim, so waiting up to ${LEASE_SECONDS + 60} s.`,
  );
  const drained = await waitForOutboxDrained(env.db, (LEASE_SECONDS + 60) * 1000, (n) =>
    console.log(
      `  ${Math.round((Date.now() - killedAt) / 1000)} s after the kill: ${n} emails still to go`,
    ),
  );
  const orphanIds = new Set(orphaned.map((o) => o.id));
  const orphanArrivals = env.sink.received.filter(
    (m) => m.at > killedAt + 15_000 && orphanIds.has(rowIdOf(m.messageId) ?? ""),
  );
  const orphansDoneAt = Math.max(0, ...orphanArrivals.map((m) => m.at));
  summary.notes.push(
    `the dead worker's ${orphaned.length} leased rows: ${new Set(orphanArrivals.map((m) => rowIdOf(m.messageId))).size} delivered by ${survivor.name}${orphansDoneAt ? `, the last ${Math.round((orphansDoneAt - killedAt) / 1000)} s after the kill` : ""}`,
  );

  const afterKill = load.attempts.filter((a) => a.startedAt >= killedAt);
  summary.maxOutageLatencyMs = afterKill.length
    ? Math.max(...afterKill.map((a) => a.answer.ms))
    : null;
  summary.requestsOk = load.attempts.filter((a) => a.confirmed).length;
  summary.requestsFailed = load.attempts.length - summary.requestsOk;
  const registrations = await auditRegistrations(env.db, load.attempts);
  const mail = await auditMail(env.db, env.sink);
  if (!drained) summary.problems.push(`the outbox did not drain: ${mail.pending} pending`);
  const counts = [...env.sink.counts().values()];
  const thrice = counts.filter((n) => n > 2).length;
  summary.notes.push(
    `mail: ${mail.due} due, ${mail.sent} sent, ${mail.failed} failed; at the sink ${env.sink.received.length}; ${survivor.name} recorded ${survivor.sent()} sent`,
    `duplicated ${mail.duplicated}: messages that were in the killed worker's hands (it holds at most ${SMTP_CONCURRENCY}), each delivered at most twice${thrice ? ` — but ${thrice} arrived three times or more` : ""}`,
  );
  summary.lost = mail.lost + registrations.lost;
  summary.duplicated = mail.duplicated + registrations.duplicated;
  if (thrice) summary.problems.push(`${thrice} messages arrived three times or more`);
  if (registrations.halfMade)
    summary.problems.push(`${registrations.halfMade} registrations half-made`);
} catch (error) {
  summary.problems.push(
    `the script failed: ${error instanceof Error ? error.stack : String(error)}`,
  );
} finally {
  await env.stop();
}
finish(summary);
