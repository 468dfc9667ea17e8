import { createHmac, timingSafeEqual } from "node:crypto";
import { sessionSecret } from "./session-secret.server";

/** What a person can unsubscribe from. Confirmations, updates and cancellations are not on the list. */
export const UNSUBSCRIBE_TOPICS = ["reminders", "digest", "announcements", "news"] as const;
export type UnsubscribeTopic = (typeof UNSUBSCRIBE_TOPICS)[number];

const mac = (payload: string) =>
  createHmac("sha256", `unsubscribe:${sessionSecret()}`).update(payload).digest("base64url");

/**
 * A token for one person and one topic, signed so that it works with no
 * sign-in (mail clients POST it with no cookie) and cannot be forged for
 * anyone else. It never expires: an old email's link should still work.
 */
export function unsubscribeToken(userId: string, topic: UnsubscribeTopic): string {
  const payload = `${Buffer.from(userId).toString("base64url")}.${topic}`;
  return `${payload}.${mac(payload)}`;
}

export function readUnsubscribeToken(
  token: unknown,
): { userId: string; topic: UnsubscribeTopic } | null {
  if (typeof token !== "string" || token.length > 200) return null;
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const [id, topic, signature] = parts as [string, string, string];
  const expected = Buffer.from(mac(`${id}.${topic}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (!(UNSUBSCRIBE_TOPICS as readonly string[]).includes(topic)) return null;
  return { userId: Buffer.from(id, "base64url").toString(), topic: topic as UnsubscribeTopic };
}

/** RFC 8058 headers: the https link, and the promise that a bare POST to it unsubscribes. */
export function unsubscribeHeaders(appUrl: string, userId: string, topic: UnsubscribeTopic) {
  const url = `${appUrl}/unsubscribe/${unsubscribeToken(userId, topic)}`;
  return {
    url,
    headers: {
      "List-Unsubscribe": `<${url}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}
