import type { Page } from "playwright-core";
import type { TestSmtp } from "./smtp";

/**
 * The 6-digit code from the newest sign-in email to `email` that the test
 * SMTP server has received, waiting for it to arrive.
 */
export async function signInCodeFor(
  smtp: TestSmtp,
  email: string,
  { after = 0, serverOutput = () => "" }: { after?: number; serverOutput?: () => string } = {},
): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const mail = smtp.messages
      .slice(after)
      .filter((m) => JSON.stringify(m.to).includes(email) && /sign-in code/.test(m.subject ?? ""))
      .at(-1);
    const code = mail && /code on the sign-in page: (\d{6})/.exec(mail.text ?? "")?.[1];
    if (code) return code;
    if (Date.now() > deadline) throw new Error(`No sign-in email for ${email}.\n${serverOutput()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** On the sign-in page: asks for a code by email and types it in, as a person would. */
export async function signInWithEmailedCode(
  page: Page,
  smtp: TestSmtp,
  email: string,
  serverOutput?: () => string,
): Promise<void> {
  const after = smtp.messages.length;
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await page
    .getByLabel("6-digit code")
    .fill(await signInCodeFor(smtp, email, { after, serverOutput }));
  await page.getByRole("button", { name: "Sign in" }).click();
}
