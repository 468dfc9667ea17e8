import { eq, sql } from "drizzle-orm";
import { afterEach } from "vitest";
import type { Db } from "~db/client.server";
import { outbox } from "~db/schema";
import { enqueueEmails, type QueuedEmail } from "~emails/outbox.server";
import {
  SMTP_CONCURRENCY,
  SMTP_POOL_CONNECTIONS,
  smtpTransport,
  type MailTransport,
} from "~emails/transport.server";
import { startTestSmtp, type ReceivedMessage, type TestSmtp } from "./smtp";

/** Shared by the delivery tests: servers and transports closed after each test, queue helpers, a valve. */
export const FROM = "Festival <festival@example.test>";
/** Messages at a slow server at once: one per pool connection. */
export const AT_SERVER = SMTP_POOL_CONNECTIONS;
/** Messages a worker has handed the transport at once (at the server, or queued in the pool). */
export const IN_HAND = SMTP_CONCURRENCY;

// Servers, transports and processes a test starts, closed after it whatever happened.
export const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export async function smtpServer(
  options: Parameters<typeof startTestSmtp>[0] = {},
): Promise<TestSmtp> {
  const smtp = await startTestSmtp(options);
  cleanups.push(() => smtp.close());
  return smtp;
}

export function transportTo(smtp: TestSmtp): MailTransport {
  const transport = smtpTransport(smtp.url, FROM);
  cleanups.push(() => transport.close());
  return transport;
}

export const email = (key: string): QueuedEmail => ({
  kind: "reminder",
  to: `${key}@example.test`,
  dedupeKey: key,
  message: {
    subject: `Reminder ${key}`,
    text: `Your webinar starts soon (${key}).`,
    html: `<p>Your webinar starts soon (${key}).</p>`,
    headers: { "X-Test-Key": key },
  },
});

export async function enqueueMany(db: Db, prefix: string, count: number): Promise<string[]> {
  const keys = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  for (let i = 0; i < keys.length; i += 500)
    await enqueueEmails(db, keys.slice(i, i + 500).map(email));
  return keys;
}

/** Polls until the condition holds; fails with `what` after the timeout. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const pendingCount = async (db: Db) => {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(outbox)
    .where(eq(outbox.status, "pending"));
  return row!.n;
};

/** How often each test key arrived, and the extra copies. */
export function tally(messages: ReceivedMessage[]) {
  const copies = new Map<string, number>();
  for (const m of messages) {
    const key = m.header("X-Test-Key") ?? "(none)";
    copies.set(key, (copies.get(key) ?? 0) + 1);
  }
  const duplicates = [...copies.values()].reduce((n, c) => n + c - 1, 0);
  return { copies, duplicates, distinct: copies.size };
}

/** A slow server's valve: each message waits until the test lets it through. */
export function valve() {
  const held: (() => void)[] = [];
  let open = false;
  return {
    held,
    wait: () => (open ? undefined : new Promise<void>((resolve) => held.push(resolve))),
    let(count = 1) {
      for (const resolve of held.splice(0, count)) resolve();
    },
    open() {
      open = true;
      this.let(held.length);
    },
  };
}
