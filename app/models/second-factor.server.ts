import { createHash, randomInt } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { db, type Db, type Tx } from "~db/client.server";
import { recoveryCode, session, user } from "~db/schema";
import { recordAudit, type Actor } from "./audit.server";

/**
 * The back office's second factor: an authenticator app (RFC 6238 TOTP, the
 * 30-second six-digit codes every app speaks) plus ten single-use recovery
 * codes. Passing it marks the session, not the person: each browser proves
 * it once.
 */

export const MAX_SECOND_FACTOR_FAILURES = 5;
const RECOVERY_CODES = 10;
// Letters and digits that cannot be misread for one another when copied by hand.
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

const hash = (value: string) => createHash("sha256").update(value).digest("hex");

function totpFor(email: string, secret: string, issuer: string) {
  return new TOTP({
    issuer,
    label: email,
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secret),
  });
}

export interface Enrolment {
  /** base32, for typing into an app that cannot scan. */
  secret: string;
  uri: string;
  /** The otpauth URI as an SVG QR code (markup made by the qrcode library from our own URI). */
  qrSvg: string;
}

/**
 * The secret the person is about to scan. Kept until confirmed, so reloading
 * the page shows the same code rather than invalidating what they scanned.
 */
export async function startEnrolment(userId: string, issuer: string): Promise<Enrolment | null> {
  const conn = await db();
  const [person] = await conn
    .select({ email: user.email, secret: user.totpSecret, enabledAt: user.totpEnabledAt })
    .from(user)
    .where(eq(user.id, userId));
  if (!person || person.enabledAt) return null;
  let secret = person.secret;
  if (!secret) {
    secret = new Secret({ size: 20 }).base32;
    await conn.update(user).set({ totpSecret: secret }).where(eq(user.id, userId));
  }
  const uri = totpFor(person.email, secret, issuer).toString();
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return { secret, uri, qrSvg };
}

const CODE = /^\d{6}$/;

/** A fresh code for a secret: the tests' authenticator app. */
export function currentCode(secret: string, now = new Date()): string {
  return totpFor("x", secret, "x").generate({ timestamp: now.getTime() });
}

/** Development only (the demo has no phone): the code this person's app would show now. */
export async function developmentCodeFor(userId: string): Promise<string | null> {
  const [person] = await (
    await db()
  )
    .select({ secret: user.totpSecret })
    .from(user)
    .where(eq(user.id, userId));
  return person?.secret ? currentCode(person.secret) : null;
}

/** The time step a valid, unused code belongs to, or null. One step of drift either way. */
function acceptedStep(
  secret: string,
  code: string,
  lastStep: number | null,
  now: Date,
): number | null {
  if (!CODE.test(code)) return null;
  const totp = totpFor("x", secret, "x");
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = totp.counter({ timestamp: now.getTime() }) + delta;
  // A code seen once (by us, or by someone looking over a shoulder) is spent.
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}

function newRecoveryCodes(): string[] {
  const pick = () =>
    Array.from({ length: 5 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join(
      "",
    );
  return Array.from({ length: RECOVERY_CODES }, () => `${pick()}-${pick()}`);
}

const normaliseRecovery = (code: string) => code.trim().toLowerCase().replace(/\s+/g, "");

export type ConfirmResult =
  | { status: "enrolled"; recoveryCodes: string[] }
  | { status: "wrong-code" }
  | { status: "not-enrolling" };

/** The first code from the app proves the scan worked: the factor is on, this session passed it. */
export async function confirmEnrolment(
  userId: string,
  sessionId: string,
  code: string,
  now = new Date(),
): Promise<ConfirmResult> {
  return (await db()).transaction(async (tx) => {
    const [person] = await tx
      .select({ secret: user.totpSecret, enabledAt: user.totpEnabledAt })
      .from(user)
      .where(eq(user.id, userId))
      .for("update");
    if (!person?.secret || person.enabledAt) return { status: "not-enrolling" };
    const step = acceptedStep(person.secret, code.trim(), null, now);
    if (step === null) return { status: "wrong-code" };
    const codes = newRecoveryCodes();
    await tx
      .update(user)
      .set({ totpEnabledAt: now, totpLastStep: step })
      .where(eq(user.id, userId));
    await tx.delete(recoveryCode).where(eq(recoveryCode.userId, userId));
    await tx
      .insert(recoveryCode)
      .values(codes.map((c) => ({ userId, codeHash: hash(c), createdAt: now })));
    await tx
      .update(session)
      .set({ secondFactorAt: now, secondFactorFailures: 0 })
      .where(and(eq(session.id, sessionId), eq(session.userId, userId)));
    return { status: "enrolled", recoveryCodes: codes };
  });
}

export type VerifyResult =
  | { status: "verified"; usedRecoveryCode: boolean; recoveryCodesLeft: number }
  | { status: "wrong-code"; triesLeft: number }
  | { status: "signed-out" }
  | { status: "not-enrolled" };

/**
 * Checks a code from the app or a recovery code for this session. Five wrong
 * answers end the session: whoever holds the cookie must sign in by email
 * again, so guessing costs a fresh inbox round-trip each time.
 */
export async function verifySecondFactor(
  userId: string,
  sessionId: string,
  input: string,
  now = new Date(),
): Promise<VerifyResult> {
  return (await db()).transaction(async (tx): Promise<VerifyResult> => {
    const [person] = await tx
      .select({
        secret: user.totpSecret,
        enabledAt: user.totpEnabledAt,
        lastStep: user.totpLastStep,
      })
      .from(user)
      .where(eq(user.id, userId))
      .for("update");
    if (!person?.secret || !person.enabledAt) return { status: "not-enrolled" };
    const [live] = await tx
      .select({ failures: session.secondFactorFailures })
      .from(session)
      .where(and(eq(session.id, sessionId), eq(session.userId, userId)));
    if (!live) return { status: "signed-out" };

    const code = input.trim();
    let usedRecoveryCode = false;
    const step = acceptedStep(person.secret, code, person.lastStep, now);
    if (step !== null) {
      await tx.update(user).set({ totpLastStep: step }).where(eq(user.id, userId));
    } else {
      const [spent] = await tx
        .update(recoveryCode)
        .set({ usedAt: now })
        .where(
          and(
            eq(recoveryCode.userId, userId),
            eq(recoveryCode.codeHash, hash(normaliseRecovery(code))),
            isNull(recoveryCode.usedAt),
          ),
        )
        .returning({ id: recoveryCode.id });
      usedRecoveryCode = spent !== undefined;
    }

    if (step === null && !usedRecoveryCode) {
      const failures = live.failures + 1;
      if (failures >= MAX_SECOND_FACTOR_FAILURES) {
        await tx.delete(session).where(eq(session.id, sessionId));
        return { status: "signed-out" };
      }
      await tx
        .update(session)
        .set({ secondFactorFailures: failures })
        .where(eq(session.id, sessionId));
      return { status: "wrong-code", triesLeft: MAX_SECOND_FACTOR_FAILURES - failures };
    }
    await tx
      .update(session)
      .set({ secondFactorAt: now, secondFactorFailures: 0 })
      .where(eq(session.id, sessionId));
    return {
      status: "verified",
      usedRecoveryCode,
      recoveryCodesLeft: await recoveryCodesLeft(userId, tx),
    };
  });
}

export async function recoveryCodesLeft(userId: string, conn?: Db | Tx): Promise<number> {
  const [left] = await (conn ?? (await db()))
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(recoveryCode)
    .where(and(eq(recoveryCode.userId, userId), isNull(recoveryCode.usedAt)));
  return left?.n ?? 0;
}

/** A new set of recovery codes, the old ones void (shown once, after a fresh second factor). */
export async function replaceRecoveryCodes(userId: string, now = new Date()): Promise<string[]> {
  const codes = newRecoveryCodes();
  await (
    await db()
  ).transaction(async (tx) => {
    await tx.delete(recoveryCode).where(eq(recoveryCode.userId, userId));
    await tx
      .insert(recoveryCode)
      .values(codes.map((c) => ({ userId, codeHash: hash(c), createdAt: now })));
  });
  return codes;
}

/**
 * Removes someone's authenticator (they lost it and their recovery codes):
 * they enrol again on their next visit, and every session of theirs must
 * pass the new factor. Done by another organiser, it is audited in the
 * same transaction.
 */
export async function resetSecondFactor(
  userId: string,
  by?: { actor: Actor; festivalId: string | null },
): Promise<boolean> {
  return (await db()).transaction(async (tx) => {
    const [row] = await tx
      .update(user)
      .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
      .where(eq(user.id, userId))
      .returning({ id: user.id, email: user.email });
    if (!row) return false;
    await tx.delete(recoveryCode).where(eq(recoveryCode.userId, userId));
    await tx.update(session).set({ secondFactorAt: null }).where(eq(session.userId, userId));
    if (by) {
      await recordAudit(tx, by.actor, {
        festivalId: by.festivalId,
        action: "security.reset-authenticator",
        subjectType: "user",
        subjectId: userId,
        summary: `Reset ${row.email}'s authenticator: they enrol a new one at their next visit`,
      });
    }
    return true;
  });
}
