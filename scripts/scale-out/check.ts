import { and, eq } from "drizzle-orm";
import { user, webinarRegistration } from "~db/schema";
import { openWebinars, seedAttendees } from "./attendees";
import { SESSION_SECRET, type Environment } from "./environment";
import { pool, request, type Answer } from "./http";
import { auditMail, waitForOutboxDrained } from "./mail-audit";

interface Outcome {
  name: string;
  passed: boolean;
  detail: string;
}

const tally = (answers: Answer[]) => {
  const by = new Map<string, number>();
  for (const a of answers) by.set(a.upstream ?? "none", (by.get(a.upstream ?? "none") ?? 0) + 1);
  return [...by.entries()].map(([u, n]) => `${u} ${n}`).join(", ");
};

/**
 * The scale-out check, through nginx: a person signs in with the code from the
 * email, then every web process serves their next requests; registrations go
 * through different processes; the mail the web processes queue is delivered
 * by the workers, each message once. Returns whether everything held.
 */
export async function checkScaleOut(env: Environment): Promise<boolean> {
  const outcomes: Outcome[] = [];
  const record = (name: string, passed: boolean, detail: string) => {
    outcomes.push({ name, passed, detail });
    console.log(`  ${passed ? "ok  " : "FAIL"} ${name}: ${detail}`);
  };
  const app = env.appUrl;
  const upstreams = env.webs.map((w) => `127.0.0.1:${w.port}`);
  const slugs = await openWebinars(env.db, env.festivalId);

  // 1. Sign in through nginx with the code read from the SMTP sink.
  const email = `scale-check-${Date.now()}@example.test`;
  const asked = await request(app, "/login", { form: { intent: "request", email } });
  const mail = await env.sink.waitFor((m) => m.to === email && /\b\d{6}\b/.test(m.text ?? ""));
  const code = /\b(\d{6})\b/.exec(mail.text ?? "")![1]!;
  const signedIn = await request(app, "/login", { form: { intent: "code", email, code } });
  const session = signedIn.setCookie.find((c) => c.startsWith("meridian_session="));
  record(
    "sign in through nginx",
    asked.status === 200 && signedIn.status === 303 && Boolean(session),
    `code asked via ${asked.upstream} (${asked.status}), emailed by a worker, given via ${signedIn.upstream} (${signedIn.status})`,
  );
  const cookie = session?.split(";")[0] ?? "";

  // 2. Their next requests succeed on every web process.
  const pages = await pool(Array.from({ length: 30 }), 3, () => request(app, "/me", { cookie }));
  const servedBy = new Set(pages.filter((p) => p.status === 200).map((p) => p.upstream));
  record(
    "signed-in pages on every web process",
    pages.every((p) => p.status === 200 && p.body.includes(email)) &&
      upstreams.every((u) => servedBy.has(u)),
    `30 × /me, all 200 showing their address: ${tally(pages)}`,
  );

  // 3. Registering through different processes.
  const festivalForm = await request(app, "/register", {
    cookie,
    form: { name: "Scale Check", network: "Scale Network", privacy: "on" },
  });
  const registrations = [];
  for (const slug of slugs)
    registrations.push(
      await request(app, `/webinars/${slug}/register`, { cookie, form: { intent: "register" } }),
    );
  const [person] = await env.db.select({ id: user.id }).from(user).where(eq(user.email, email));
  const rows = person
    ? await env.db
        .select({ id: webinarRegistration.id })
        .from(webinarRegistration)
        .where(
          and(
            eq(webinarRegistration.userId, person.id),
            eq(webinarRegistration.status, "confirmed"),
          ),
        )
    : [];
  const registeredVia = new Set(registrations.map((r) => r.upstream));
  record(
    "registering through different processes",
    festivalForm.status === 303 &&
      registrations.every(
        (r) => r.status === 303 && /registration=confirmed/.test(r.location ?? ""),
      ) &&
      rows.length === slugs.length &&
      registeredVia.size >= Math.min(2, upstreams.length),
    `festival form via ${festivalForm.upstream} (${festivalForm.status}); ${slugs.length} webinars: ${tally(registrations)}; ${rows.length} confirmed rows in the database`,
  );

  // 4. Mail queued by every web process, delivered by the workers, each once.
  const people = await seedAttendees(env.db, env.festivalId, 100, SESSION_SECRET, "check");
  const pairs = people.flatMap((p) => slugs.slice(0, 3).map((slug) => ({ p, slug })));
  const started = Date.now();
  const answers = await pool(pairs, 16, ({ p, slug }) =>
    request(app, `/webinars/${slug}/register`, { cookie: p.cookie, form: { intent: "register" } }),
  );
  const confirmed = answers.filter((a) => a.status === 303).length;
  const drained = await waitForOutboxDrained(env.db, 120_000);
  const audit = await auditMail(env.db, env.sink);
  const perWorker = env.workers.map((w) => `${w.name} ${w.sent()}`).join(", ");
  record(
    "mail from every web process, delivered once by the workers",
    drained &&
      confirmed === pairs.length &&
      audit.lost === 0 &&
      audit.duplicated === 0 &&
      audit.unknown === 0 &&
      env.workers.every((w) => w.sent() > 0),
    `${confirmed}/${pairs.length} registrations confirmed (${tally(answers)}); ${audit.due} emails due, ${audit.sent} sent in ${((Date.now() - started) / 1000).toFixed(1)} s (${perWorker}); at the sink ${env.sink.received.length} messages, lost ${audit.lost}, duplicated ${audit.duplicated}`,
  );

  const failed = outcomes.filter((o) => !o.passed);
  console.log(
    failed.length
      ? `\nScale-out check FAILED: ${failed.map((f) => f.name).join("; ")}`
      : `\nScale-out check passed: ${outcomes.length} of ${outcomes.length}.`,
  );
  return failed.length === 0;
}
