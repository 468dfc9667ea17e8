import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import type { Db } from "~db/client.server";
import { devMail, type OutboxMessage } from "~db/schema";

/** What one delivery knows besides the message: its outbox row's id. */
export interface SendContext {
  /** The outbox row's id: the Message-ID is built from it, so a retry repeats the same one. */
  id?: string;
}

export interface MailTransport {
  send(to: string, message: OutboxMessage, context?: SendContext): Promise<void>;
  close(): void;
  /** How many messages it can usefully have in hand at once; 1 if unset. */
  readonly concurrency?: number;
}

/** DKIM signing, when the configuration asks for it (all three of DKIM_DOMAIN, _SELECTOR, _PRIVATE_KEY). */
export interface DkimOptions {
  domainName: string;
  keySelector: string;
  /** PEM text. */
  privateKey: string;
}

export interface TransportOptions {
  dkim?: DkimOptions;
}

/** Connections of the pooled SMTP transport. */
export const SMTP_POOL_CONNECTIONS = 5;
/**
 * Messages a worker hands the pool at once: two per connection, so that a
 * connection that finishes one finds the next already queued instead of
 * waiting for the worker to record the last and build the next (measured:
 * one per connection sends at half the pool's speed).
 */
export const SMTP_CONCURRENCY = 2 * SMTP_POOL_CONNECTIONS;

/** An SMTP error the server called permanent (5xx): retrying cannot help. */
export function isPermanentSmtpError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/** The domain of the sender's address, for Message-IDs: "Festival <f@fest.org>" gives fest.org. */
export function senderDomain(from: string): string {
  return /@([^\s>@]+)>?\s*$/.exec(from)?.[1] ?? "localhost";
}

/** nodemailer's options for one outbox message (the benchmark sends the same through bare nodemailer). */
export function mailOptions(
  from: string,
  to: string,
  message: OutboxMessage,
  context: SendContext = {},
): SendMailOptions {
  return {
    from,
    to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers,
    // Stable across retries: a receiver that saw the message already can tell.
    messageId: context.id ? `<${context.id}@${senderDomain(from)}>` : undefined,
    icalEvent: message.calendar
      ? {
          method: message.calendar.method,
          content: message.calendar.content,
          filename: message.calendar.filename ?? "invite.ics",
        }
      : undefined,
  };
}

/** The transport options DKIM signing needs, or none. */
function dkimOption(options: TransportOptions) {
  return options.dkim ? { dkim: { ...options.dkim } } : {};
}

/** One pooled SMTP transport for the process. */
export function smtpTransport(
  url: string,
  from: string,
  options: TransportOptions = {},
): MailTransport {
  const smtp: SMTPPool.Options = {
    url,
    pool: true,
    maxConnections: SMTP_POOL_CONNECTIONS,
    // A server that goes silent fails the send (to be retried) well inside the
    // worker's 2-minute lease, instead of after nodemailer's default 10 minutes,
    // when another worker could already have sent the message again.
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    ...dkimOption(options),
  };
  const transporter: Transporter = nodemailer.createTransport(smtp);
  return {
    concurrency: SMTP_CONCURRENCY,
    async send(to, message, context) {
      await transporter.sendMail(mailOptions(from, to, message, context));
    },
    close: () => transporter.close(),
  };
}

/**
 * With no SMTP_URL, messages are built by nodemailer exactly as they would be
 * sent and kept in the database, where /dev/mailbox shows them.
 */
export function devMailboxTransport(
  db: Db,
  from: string,
  options: TransportOptions = {},
): MailTransport {
  const transporter = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: "unix",
    ...dkimOption(options),
  });
  return {
    async send(to, message, context) {
      const info = await transporter.sendMail(mailOptions(from, to, message, context));
      await db
        .insert(devMail)
        .values({ recipient: to, subject: message.subject, raw: String(info.message) });
    },
    close: () => transporter.close(),
  };
}

export interface MailConfig {
  SMTP_URL?: string;
  MAIL_FROM: string;
  DKIM_DOMAIN?: string;
  DKIM_SELECTOR?: string;
  /** PEM text (env.server.ts reads a path and unescapes \n). */
  DKIM_PRIVATE_KEY?: string;
}

/** DKIM options from the configuration (parseEnv has checked that all three or none are set). */
export function dkimFromConfig(config: MailConfig): DkimOptions | undefined {
  return config.DKIM_DOMAIN && config.DKIM_SELECTOR && config.DKIM_PRIVATE_KEY
    ? {
        domainName: config.DKIM_DOMAIN,
        keySelector: config.DKIM_SELECTOR,
        privateKey: config.DKIM_PRIVATE_KEY,
      }
    : undefined;
}

/** The transport the configuration asks for: SMTP_URL, or the dev mailbox; DKIM-signed if configured. */
export function transportFor(db: Db, config: MailConfig): MailTransport {
  const options = { dkim: dkimFromConfig(config) };
  return config.SMTP_URL
    ? smtpTransport(config.SMTP_URL, config.MAIL_FROM, options)
    : devMailboxTransport(db, config.MAIL_FROM, options);
}
