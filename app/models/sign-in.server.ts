import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from "node:crypto";
import { and, count, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "~db/client.server";
import { loginToken, user } from "~db/schema";
import { enqueueEmails } from "~emails/outbox.server";
import { buildSignInEmail } from "~emails/sign-in";
import { safeRedirect } from "~/lib/safe-redirect";
import { isSlug } from "~/lib/slug";

/** Rules of passwordless sign-in, in one place. */
export const SIGN_IN = {
  validMinutes: 10,
  windowMinutes: 15,
  perEmail: 5,
  perIp: 20,
  codeAttempts: 5,
} as const;

export const emailSchema = z
  .string({ message: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .email("Enter an email address like name@example.org.")
  .transform((e) => e.toLowerCase());

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const codeHashFor = (id: string, code: string) => sha256(`${id}:${code}`);

export type RequestSignInResult =
  | { status: "sent" }
  | { status: "invalid"; error: string }
  | { status: "rate-limited"; error: string };

/**
 * Queues a sign-in email with a link and a code. The answer is the same
 * whether or not the address has an account (accounts are made on first
 * sign-in), so it reveals nothing about who is registered.
 */
export async function requestSignIn(input: {
  email: unknown;
  ip: string | null;
  redirectTo?: unknown;
  /** Slug of a webinar whose Register button led here: registered once signed in. */
  registerFor?: unknown;
  appUrl: string;
  festivalName: string;
  now?: Date;
}): Promise<RequestSignInResult> {
  const parsed = emailSchema.safeParse(input.email);
  if (!parsed.success) return { status: "invalid", error: parsed.error.issues[0]!.message };
  const email = parsed.data;
  const now = input.now ?? new Date();
  const windowStart = new Date(now.getTime() - SIGN_IN.windowMinutes * 60_000);
  const conn = await db();

  const [byEmail] = await conn
    .select({ n: count() })
    .from(loginToken)
    .where(and(eq(loginToken.email, email), gt(loginToken.createdAt, windowStart)));
  const [byIp] = input.ip
    ? await conn
        .select({ n: count() })
        .from(loginToken)
        .where(and(eq(loginToken.requestedIp, input.ip), gt(loginToken.createdAt, windowStart)))
    : [{ n: 0 }];
  if ((byEmail?.n ?? 0) >= SIGN_IN.perEmail || (byIp?.n ?? 0) >= SIGN_IN.perIp) {
    return {
      status: "rate-limited",
      error: `Too many sign-in requests. Please wait ${SIGN_IN.windowMinutes} minutes and try again, or use the code from a message you already have.`,
    };
  }

  const token = randomBytes(32).toString("base64url");
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const redirectTo = safeRedirect(input.redirectTo, "/me");
  const id = randomUUID();
  await conn.transaction(async (tx) => {
    await tx.insert(loginToken).values({
      id,
      email,
      tokenHash: sha256(token),
      codeHash: codeHashFor(id, code),
      requestedIp: input.ip,
      redirectTo,
      registerFor: isSlug(input.registerFor) ? input.registerFor : null,
      expiresAt: new Date(now.getTime() + SIGN_IN.validMinutes * 60_000),
      createdAt: now,
    });
    await enqueueEmails(tx, [
      {
        kind: "sign-in",
        to: email,
        dedupeKey: `sign-in:${id}`,
        message: buildSignInEmail({
          festivalName: input.festivalName,
          link: `${input.appUrl}/login/verify?token=${token}`,
          code,
          validMinutes: SIGN_IN.validMinutes,
        }),
      },
    ]);
  });
  return { status: "sent" };
}

export type SignInResult =
  | {
      status: "signed-in";
      userId: string;
      email: string;
      redirectTo: string;
      registerFor: string | null;
    }
  | { status: "invalid"; error: string };

const usedColumns = {
  email: loginToken.email,
  redirectTo: loginToken.redirectTo,
  registerFor: loginToken.registerFor,
};

const EXPIRED = "That sign-in link or code has expired or was already used. Ask for a new one.";

async function completeSignIn(used: {
  email: string;
  redirectTo: string | null;
  registerFor: string | null;
}): Promise<SignInResult> {
  const { email } = used;
  const conn = await db();
  await conn.insert(user).values({ email }).onConflictDoNothing();
  const [found] = await conn
    .select({ id: user.id })
    .from(user)
    .where(sql`lower(${user.email}) = ${email}`);
  return {
    status: "signed-in",
    userId: found!.id,
    email,
    redirectTo: used.redirectTo ?? "/me",
    registerFor: used.registerFor,
  };
}

/** Uses a magic link's token: once, within its validity. */
export async function signInWithToken(
  token: unknown,
  now: Date = new Date(),
): Promise<SignInResult> {
  if (typeof token !== "string" || token.length < 20 || token.length > 100) {
    return { status: "invalid", error: EXPIRED };
  }
  const [used] = await (
    await db()
  )
    .update(loginToken)
    .set({ usedAt: now })
    .where(
      and(
        eq(loginToken.tokenHash, sha256(token)),
        isNull(loginToken.usedAt),
        gt(loginToken.expiresAt, now),
      ),
    )
    .returning(usedColumns);
  if (!used) return { status: "invalid", error: EXPIRED };
  return completeSignIn(used);
}

/** Uses the 6-digit code from the newest request for the address; a few wrong tries burn it. */
export async function signInWithCode(
  email: unknown,
  code: unknown,
  now: Date = new Date(),
): Promise<SignInResult> {
  const parsedEmail = emailSchema.safeParse(email);
  if (!parsedEmail.success)
    return { status: "invalid", error: parsedEmail.error.issues[0]!.message };
  if (typeof code !== "string" || !/^\d{6}$/.test(code.trim())) {
    return { status: "invalid", error: "Enter the 6-digit code from the email." };
  }
  const conn = await db();
  const [latest] = await conn
    .select()
    .from(loginToken)
    .where(
      and(
        eq(loginToken.email, parsedEmail.data),
        isNull(loginToken.usedAt),
        gt(loginToken.expiresAt, now),
      ),
    )
    .orderBy(desc(loginToken.createdAt))
    .limit(1);
  if (!latest || latest.codeAttempts >= SIGN_IN.codeAttempts)
    return { status: "invalid", error: EXPIRED };
  const expected = Buffer.from(latest.codeHash, "hex");
  const given = Buffer.from(codeHashFor(latest.id, code.trim()), "hex");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    await conn
      .update(loginToken)
      .set({ codeAttempts: sql`${loginToken.codeAttempts} + 1` })
      .where(eq(loginToken.id, latest.id));
    const left = SIGN_IN.codeAttempts - latest.codeAttempts - 1;
    return {
      status: "invalid",
      error:
        left > 0
          ? `That code is not right. ${left} ${left === 1 ? "try" : "tries"} left.`
          : EXPIRED,
    };
  }
  const [used] = await conn
    .update(loginToken)
    .set({ usedAt: now })
    .where(and(eq(loginToken.id, latest.id), isNull(loginToken.usedAt)))
    .returning(usedColumns);
  if (!used) return { status: "invalid", error: EXPIRED };
  return completeSignIn(used);
}
