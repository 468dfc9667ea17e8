import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import type { Db } from "~db/client.server";
import { devMail, type OutboxMessage } from "~db/schema";

export interface MailTransport {
  send(to: string, message: OutboxMessage): Promise<void>;
  close(): void;
}

/** An SMTP error the server called permanent (5xx): retrying cannot help. */
export function isPermanentSmtpError(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

function toMail(from: string, to: string, message: OutboxMessage): SendMailOptions {
  return {
    from,
    to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers,
    icalEvent: message.calendar
      ? {
          method: message.calendar.method,
          content: message.calendar.content,
          filename: message.calendar.filename ?? "invite.ics",
        }
      : undefined,
  };
}

/** One pooled SMTP transport for the process. */
export function smtpTransport(url: string, from: string): MailTransport {
  const options: SMTPPool.Options = { url, pool: true, maxConnections: 5 };
  const transporter: Transporter = nodemailer.createTransport(options);
  return {
    async send(to, message) {
      await transporter.sendMail(toMail(from, to, message));
    },
    close: () => transporter.close(),
  };
}

/**
 * With no SMTP_URL, messages are built by nodemailer exactly as they would be
 * sent and kept in the database, where /dev/mailbox shows them.
 */
export function devMailboxTransport(db: Db, from: string): MailTransport {
  const transporter = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: "unix",
  });
  return {
    async send(to, message) {
      const info = await transporter.sendMail(toMail(from, to, message));
      await db
        .insert(devMail)
        .values({ recipient: to, subject: message.subject, raw: String(info.message) });
    },
    close: () => transporter.close(),
  };
}

/** The transport the configuration asks for: SMTP_URL, or the dev mailbox. */
export function transportFor(
  db: Db,
  config: { SMTP_URL?: string; MAIL_FROM: string },
): MailTransport {
  return config.SMTP_URL
    ? smtpTransport(config.SMTP_URL, config.MAIL_FROM)
    : devMailboxTransport(db, config.MAIL_FROM);
}
