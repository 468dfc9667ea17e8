import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One message as the server received it: its bytes, when, and its headers. */
export interface ReceivedMessage {
  raw: Buffer;
  /** Date.now() when it was accepted (or refused). */
  at: number;
  /** The first header of that name, unfolded; undefined when absent. */
  header(name: string): string | undefined;
}

/**
 * A real SMTP server on loopback for tests. It can refuse the next N
 * deliveries with a temporary (4xx) or permanent (5xx) error, hold each
 * message before answering (a slow server), and gives back every accepted
 * message: raw in `received`, parsed by mailparser in `messages`.
 */
export interface TestSmtp {
  url: string;
  /** Accepted messages, parsed (unless started with parse: false). */
  messages: ParsedMail[];
  /** Accepted messages, raw, in the order they were accepted. */
  received: ReceivedMessage[];
  /** Messages whose DATA was refused by failNext. */
  refused: ReceivedMessage[];
  /** Messages received in full and not answered yet (held by beforeAccept). */
  inProgress(): number;
  /** Client connections open now. */
  connections(): number;
  failNext(count: number, code: number): void;
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** false: keep raw messages only (fast, for thousands of messages). */
  parse?: boolean;
  /**
   * Awaited before a message is accepted: a slow server. A message whose
   * client went away meanwhile is not accepted (a server must not deliver
   * what it never acknowledged), so it is not in `received`.
   */
  beforeAccept?: (message: ReceivedMessage) => Promise<void> | void;
}

/** The first header of that name in a raw message, unfolded. */
export function headerOf(raw: Buffer, name: string): string | undefined {
  const text = raw.toString("latin1");
  const end = text.search(/\r?\n\r?\n/);
  const head = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, " ");
  const wanted = name.toLowerCase();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted)
      return line.slice(colon + 1).trim();
  }
  return undefined;
}

function received(raw: Buffer): ReceivedMessage {
  return { raw, at: Date.now(), header: (name) => headerOf(raw, name) };
}

export async function startTestSmtp(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  const accepted: ReceivedMessage[] = [];
  const refused: ReceivedMessage[] = [];
  const closedSessions = new Set<string>();
  let connections = 0;
  let inProgress = 0;
  let failures = 0;
  let failureCode = 451;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onClose(session) {
      connections -= 1;
      closedSessions.add(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const message = received(Buffer.concat(chunks));
        if (failures > 0) {
          failures -= 1;
          refused.push(message);
          const error = Object.assign(new Error("Try again later"), { responseCode: failureCode });
          callback(error);
          return;
        }
        inProgress += 1;
        void (async () => {
          try {
            await options.beforeAccept?.(message);
            if (closedSessions.has(session.id)) return;
            if (options.parse !== false) messages.push(await simpleParser(message.raw));
            message.at = Date.now();
            accepted.push(message);
            callback();
          } catch (error) {
            callback(error as Error);
          } finally {
            inProgress -= 1;
          }
        })();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    received: accepted,
    refused,
    inProgress: () => inProgress,
    connections: () => connections,
    failNext(count, code) {
      failures = count;
      failureCode = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
