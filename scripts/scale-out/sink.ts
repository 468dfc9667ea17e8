import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), "smtp-sink.mjs");

export interface ReceivedMessage {
  messageId: string | null;
  to: string;
  text?: string;
  at: number;
}

export interface SmtpSink {
  port: number;
  url: string;
  /** Every message accepted, across restarts, in order of arrival. */
  received: ReceivedMessage[];
  /** Message-ID → times accepted: more than 1 is an email sent twice. */
  counts(): Map<string, number>;
  duplicates(): number;
  /** Stops listening and drops connections: an outage. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  running(): boolean;
  /** Resolves with the first message (already here or arriving) that matches. */
  waitFor(match: (m: ReceivedMessage) => boolean, timeoutMs?: number): Promise<ReceivedMessage>;
}

/**
 * The SMTP sink (smtp-sink.mjs) in a child process. Messages are counted by
 * Message-ID, which the worker makes from the outbox row's id and keeps on a
 * retry: the same Message-ID twice is the same email delivered twice.
 */
export async function startSmtpSink(
  options: { delayMs?: number; keepText?: boolean } = {},
): Promise<SmtpSink> {
  const received: ReceivedMessage[] = [];
  const waiters = new Set<() => void>();
  let child: ChildProcess | undefined;
  let port = 0;

  const launch = () =>
    new Promise<void>((resolve, reject) => {
      const process_ = fork(SCRIPT, [String(port), String(options.delayMs ?? 0)], {
        env: { ...process.env, SINK_TEXT: options.keepText ? "1" : "0" },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      child = process_;
      process_.on("message", (message: { type: string; port?: number } & ReceivedMessage) => {
        if (message.type === "ready") {
          port = message.port!;
          resolve();
        } else if (message.type === "message") {
          received.push({
            messageId: message.messageId,
            to: message.to,
            text: message.text,
            at: Date.now(),
          });
          for (const wake of waiters) wake();
        }
      });
      process_.once("exit", (code) => {
        if (child === process_) child = undefined;
        reject(new Error(`The SMTP sink exited with ${code} before it was ready.`));
      });
    });

  await launch();
  const counts = () => {
    const map = new Map<string, number>();
    for (const m of received)
      if (m.messageId) map.set(m.messageId, (map.get(m.messageId) ?? 0) + 1);
    return map;
  };
  return {
    get port() {
      return port;
    },
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    received,
    counts,
    duplicates: () => [...counts().values()].reduce((sum, n) => sum + (n - 1), 0),
    running: () => child !== undefined,
    stop: async () => {
      const current = child;
      if (!current) return;
      const exited = new Promise<void>((resolve) => current.once("exit", () => resolve()));
      current.kill("SIGTERM");
      const timer = setTimeout(() => current.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
      child = undefined;
    },
    start: launch,
    waitFor: (match, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No matching message at the SMTP sink within ${timeoutMs} ms.`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
  };
}
