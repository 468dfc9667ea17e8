/**
 * The SMTP server goes away. A throwaway cluster, a production web process,
 * two mail workers and an SMTP sink; signed-in people register for webinars
 * (a confirmation email each, queued by the web process) while the sink is
 * stopped for --outage seconds (default 180) and started again on the same
 * port. Every email must arrive exactly once afterwards; the script waits as
 * long as the retry backoff can take (30 s doubling, with jitter) and says so.
 *
 *   tsx scripts/failures/smtp-outage.ts [--outage 180] [--people 100] [--webinars 3]
 */
import { parseArgs } from "node:util";
import { openWebinars, seedAttendees } from "../scale-out/attendees";
import { SESSION_SECRET, startEnvironment } from "../scale-out/environment";
import { sleep } from "../scale-out/http";
import { auditMail, waitForOutboxDrained } from "../scale-out/mail-audit";
import { auditRegistrations, registrationPairs, startRegistrationLoad } from "./registrations";
import { finish, startSummary } from "./summary";

const { values: args } = parseArgs({
  options: {
    outage: { type: "string", default: "180" },
    people: { type: "string", default: "100" },
    webinars: { type: "string", default: "3" },
  },
});
const outageSeconds = Number(args.outage);

/**
 * The longest a message can wait after the outage ends, from the worker's
 * backoff (emails/outbox.server.ts): after its n-th failure it waits
 * 30 s × 2^(n-1), times 0.5 to 1 (jitter). Attempt k starts at the earliest
 * 15 × (2^(k-1) - 1) s after the first, so n attempts fit in the outage while
 * that is under its length; the next one comes at most 30 × 2^(n-1) s later.
 */
function longestWaitAfter(outage: number): { attempts: number; seconds: number } {
  let attempts = 1;
  while (15 * (2 ** attempts - 1) < outage) attempts += 1;
  return { attempts, seconds: 30 * 2 ** (attempts - 1) };
}

const summary = startSummary(
  `smtp-outage (the SMTP server down ${outageSeconds} s while registrations queue mail)`,
);

const env = await startEnvironment({ webs: 1, workers: 2, nginx: false });
try {
  const slugs = (await openWebinars(env.db, env.festivalId)).slice(0, Number(args.webinars));
  const people = await seedAttendees(env.db, env.festivalId, Number(args.people), SESSION_SECRET);
  const pairs = registrationPairs(people, slugs);
  console.log(`${pairs.length} registrations to make, a confirmation email each`);

  const load = startRegistrationLoad(env.appUrl, pairs, 4, { pauseMs: 20 });
  // The outage starts with delivery under way: some mail out, more queued and in hand.
  const threshold = Math.min(30, Math.floor(pairs.length / 5));
  while (env.sink.received.length < threshold) await sleep(100);
  await env.sink.stop();
  const downAt = Date.now();
  console.log(
    `SMTP sink stopped after ${env.sink.received.length} messages; down for ${outageSeconds} s while registrations go on.`,
  );
  await sleep(outageSeconds * 1000);
  await env.sink.start();
  const upAt = Date.now();
  const wait = longestWaitAfter((upAt - downAt) / 1000);
  const deadline = wait.seconds + 30;
  console.log(
    `SMTP sink back on the same port after ${Math.round((upAt - downAt) / 1000)} s. A message can have failed ${wait.attempts} times by now; its next try is at most 30 s × 2^${wait.attempts - 1} = ${wait.seconds} s away: waiting up to ${deadline} s (that plus 30 s) for the outbox to drain.`,
  );
  await load.done();
  console.log(`All ${load.attempts.length} registrations answered.`);
  const drained = await waitForOutboxDrained(env.db, deadline * 1000, (n) =>
    console.log(`  ${Math.round((Date.now() - upAt) / 1000)} s after: ${n} emails still to go`),
  );
  console.log(
    `Outbox drained ${((Date.now() - upAt) / 1000).toFixed(0)} s after the sink came back.`,
  );

  const during = load.attempts.filter((a) => a.startedAt >= downAt && a.startedAt <= upAt);
  summary.requestsOk = load.attempts.filter((a) => a.confirmed).length;
  summary.requestsFailed = load.attempts.length - summary.requestsOk;
  summary.maxOutageLatencyMs = during.length ? Math.max(...during.map((a) => a.answer.ms)) : null;
  if (summary.requestsFailed)
    summary.problems.push(
      `${summary.requestsFailed} registrations failed: mail must not hold them up`,
    );

  const registrations = await auditRegistrations(env.db, load.attempts);
  const mail = await auditMail(env.db, env.sink);
  if (!drained)
    summary.problems.push(`the outbox did not drain in ${deadline} s: ${mail.pending} pending`);
  if (mail.failed) summary.problems.push(`${mail.failed} emails given up as failed`);
  summary.notes.push(
    `mail: ${mail.due} due, ${mail.sent} sent, ${mail.failed} failed; at the sink ${env.sink.received.length} (${env.workers.map((w) => `${w.name} sent ${w.sent()}`).join(", ")}), lost ${mail.lost}, duplicated ${mail.duplicated}`,
    `registrations during the outage: ${during.length}, slowest ${Math.round(summary.maxOutageLatencyMs ?? 0)} ms; half-made ${registrations.halfMade}`,
  );
  summary.lost = mail.lost + registrations.lost;
  summary.duplicated = mail.duplicated + registrations.duplicated;
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
