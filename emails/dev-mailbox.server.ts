import { desc } from "drizzle-orm";
import { db } from "~db/client.server";
import { devMail } from "~db/schema";

export type DevMail = typeof devMail.$inferSelect;

/** The newest messages the dev mailbox caught, newest first. */
export async function listDevMail(limit = 50): Promise<DevMail[]> {
  return (await db()).select().from(devMail).orderBy(desc(devMail.createdAt)).limit(limit);
}

export interface ReadableMail {
  text: string;
  attachments: { filename: string; contentType: string; content: string }[];
}

/**
 * A caught message as a person reads it: the decoded text part (so links can
 * be followed) and any calendar attachments, parsed by mailparser.
 */
export async function readDevMail(raw: string): Promise<ReadableMail> {
  const { simpleParser } = await import("mailparser");
  const parsed = await simpleParser(raw);
  return {
    text: parsed.text ?? "",
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? "attachment",
      contentType: a.contentType,
      content:
        a.contentType.startsWith("text/") || a.contentType.includes("ics")
          ? a.content.toString("utf8")
          : `(${a.size} bytes)`,
    })),
  };
}
