import type { OutboxMessage } from "~db/schema";

export interface SignInEmailData {
  festivalName: string;
  link: string;
  code: string;
  validMinutes: number;
}

const escape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The sign-in message: a link and a code, either of which works once. */
export function buildSignInEmail(data: SignInEmailData): OutboxMessage {
  const subject = `Your sign-in code for ${data.festivalName}: ${data.code}`;
  const text = [
    `Sign in to ${data.festivalName} by opening this link:`,
    "",
    data.link,
    "",
    `Or enter this code on the sign-in page: ${data.code}`,
    "",
    `The link and the code work once, for ${data.validMinutes} minutes.`,
    "If you did not ask to sign in, you can ignore this message.",
  ].join("\n");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(subject)}</title></head><body style="font-family:Arial,sans-serif;color:#1c1917;line-height:1.5">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td style="padding:24px">
<h1 style="font-size:20px;margin:0 0 16px">Sign in to ${escape(data.festivalName)}</h1>
<p><a href="${escape(data.link)}" style="display:inline-block;background:#0b5563;color:#ffffff;padding:10px 18px;border-radius:8px;text-decoration:none;font-weight:bold">Sign in</a></p>
<p>Or enter this code on the sign-in page:</p>
<p style="font-size:28px;letter-spacing:6px;font-weight:bold;margin:8px 0">${escape(data.code)}</p>
<p style="color:#57534e">The link and the code work once, for ${data.validMinutes} minutes. If you did not ask to sign in, you can ignore this message.</p>
</td></tr></table></body></html>`;
  return { subject, text, html };
}
