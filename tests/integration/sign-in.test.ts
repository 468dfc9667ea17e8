import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { loginToken, outbox, user } from "~db/schema";
import { requestSignIn, SIGN_IN, signInWithCode, signInWithToken } from "~/models/sign-in.server";
import { createUser } from "~tests/factories";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
const appUrl = "https://fest.example.org";
let ipCounter = 0;

beforeEach(async () => {
  await testDb.handle.db.delete(outbox);
  await testDb.handle.db.delete(loginToken);
});

async function ask(email: string, options: { ip?: string; redirectTo?: string; now?: Date } = {}) {
  return requestSignIn({
    email,
    ip: options.ip ?? `10.0.0.${++ipCounter % 250}`,
    redirectTo: options.redirectTo,
    appUrl,
    festivalName: "Networkfest",
    now: options.now,
  });
}

/** The link token and code as the recipient reads them in the queued email. */
async function latestEmail(to: string) {
  const rows = await testDb.handle.db.select().from(outbox).where(eq(outbox.recipient, to));
  const row = rows.at(-1)!;
  const token = /\/login\/verify\?token=([A-Za-z0-9_-]+)/.exec(row.message.text)![1]!;
  const code = /code on the sign-in page: (\d{6})/.exec(row.message.text)![1]!;
  return { row, token, code };
}

describe("asking to sign in", () => {
  it("explains a malformed or oversized address next to the field", async () => {
    expect(await ask("not-an-email")).toEqual({
      status: "invalid",
      error: "Enter an email address like name@example.org.",
    });
    expect(await ask("")).toMatchObject({ status: "invalid", error: "Enter your email address." });
    expect(await ask(`${"a".repeat(250)}@example.org`)).toMatchObject({ status: "invalid" });
    expect(await testDb.handle.db.select().from(outbox)).toHaveLength(0);
  });

  it("answers the same for known and unknown addresses, queuing one email with a link and a code", async () => {
    await createUser(testDb.handle.db, { email: "known@example.org" });
    expect(await ask("known@example.org")).toEqual({ status: "sent" });
    expect(await ask("stranger@example.org")).toEqual({ status: "sent" });
    const { row, token, code } = await latestEmail("stranger@example.org");
    expect(row.kind).toBe("sign-in");
    expect(row.message.html).toContain(`${appUrl}/login/verify?token=${token}`);
    expect(row.message.subject).toContain(code);
    expect(Buffer.from(token, "base64url").length).toBeGreaterThanOrEqual(16); // 128 bits or more
  });

  it("stores only hashes of the link token and the code", async () => {
    await ask("hash@example.org");
    const { token, code } = await latestEmail("hash@example.org");
    const [stored] = await testDb.handle.db
      .select()
      .from(loginToken)
      .where(eq(loginToken.email, "hash@example.org"));
    expect(stored!.tokenHash).not.toContain(token);
    expect(stored!.codeHash).not.toContain(code);
    expect(stored!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("limits requests per address and per IP", async () => {
    for (let i = 0; i < SIGN_IN.perEmail; i++)
      expect((await ask("busy@example.org")).status).toBe("sent");
    const limited = await ask("busy@example.org");
    expect(limited).toMatchObject({ status: "rate-limited" });
    // After the window, it works again.
    const later = new Date(Date.now() + (SIGN_IN.windowMinutes + 1) * 60_000);
    expect((await ask("busy@example.org", { now: later })).status).toBe("sent");

    for (let i = 0; i < SIGN_IN.perIp; i++) {
      expect((await ask(`person${i}@example.org`, { ip: "192.0.2.7" })).status).toBe("sent");
    }
    expect((await ask("one-more@example.org", { ip: "192.0.2.7" })).status).toBe("rate-limited");
  });
});

describe("signing in with the link", () => {
  it("works once, creates the account, and keeps a safe return address", async () => {
    await ask("New.Person@Example.org", { redirectTo: "/webinars/why-networks-matter" });
    const { token } = await latestEmail("new.person@example.org");
    const first = await signInWithToken(token);
    expect(first).toMatchObject({
      status: "signed-in",
      email: "new.person@example.org",
      redirectTo: "/webinars/why-networks-matter",
    });
    const accounts = await testDb.handle.db
      .select()
      .from(user)
      .where(sql`lower(${user.email}) = 'new.person@example.org'`);
    expect(accounts).toHaveLength(1);
    expect(await signInWithToken(token)).toMatchObject({ status: "invalid" });
  });

  it("signs an existing person in to their own account, whatever the case of the address", async () => {
    const existing = await createUser(testDb.handle.db, { email: "Mixed.Case@Example.org" });
    await ask("mixed.case@example.org");
    const { token } = await latestEmail("mixed.case@example.org");
    expect(await signInWithToken(token)).toMatchObject({
      status: "signed-in",
      userId: existing.id,
    });
  });

  it("refuses expired, forged and malformed tokens", async () => {
    await ask("late@example.org");
    const { token } = await latestEmail("late@example.org");
    const later = new Date(Date.now() + (SIGN_IN.validMinutes + 1) * 60_000);
    expect(await signInWithToken(token, later)).toMatchObject({ status: "invalid" });
    expect(await signInWithToken("A".repeat(43))).toMatchObject({ status: "invalid" });
    expect(await signInWithToken(undefined)).toMatchObject({ status: "invalid" });
    expect(await signInWithToken("x".repeat(5000))).toMatchObject({ status: "invalid" });
  });

  it("never sends the visitor off the site afterwards", async () => {
    await ask("away@example.org", { redirectTo: "https://evil.example/" });
    const { token } = await latestEmail("away@example.org");
    expect(await signInWithToken(token)).toMatchObject({ redirectTo: "/me" });
  });
});

describe("signing in with the code", () => {
  it("works once with the right code", async () => {
    await ask("coder@example.org");
    const { code } = await latestEmail("coder@example.org");
    expect(await signInWithCode("Coder@Example.org", code)).toMatchObject({ status: "signed-in" });
    expect(await signInWithCode("coder@example.org", code)).toMatchObject({ status: "invalid" });
  });

  it("allows a few wrong tries, then burns the code", async () => {
    await ask("guesser@example.org");
    const { code } = await latestEmail("guesser@example.org");
    const wrong = code === "000000" ? "111111" : "000000";
    const answers = [];
    for (let i = 0; i < SIGN_IN.codeAttempts; i++)
      answers.push(await signInWithCode("guesser@example.org", wrong));
    expect(answers[0]).toMatchObject({
      error: `That code is not right. ${SIGN_IN.codeAttempts - 1} tries left.`,
    });
    expect(answers.at(-1)).toMatchObject({
      status: "invalid",
      error: expect.stringContaining("expired"),
    });
    expect(await signInWithCode("guesser@example.org", code)).toMatchObject({ status: "invalid" });
  });

  it("explains a malformed code", async () => {
    expect(await signInWithCode("someone@example.org", "12ab")).toMatchObject({
      error: "Enter the 6-digit code from the email.",
    });
  });
});
