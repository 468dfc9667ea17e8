import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, recoveryCode, session, user } from "~db/schema";
import { requireAdmin } from "~/lib/admin-auth.server";
import { recordAudit } from "~/models/audit.server";
import { currentCode, resetSecondFactor } from "~/models/second-factor.server";
import { loader as auditLoader } from "~/routes/admin.audit";
import { loader as dashboardLoader } from "~/routes/admin._index";
import { action as securityAction, loader as securityLoader } from "~/routes/admin.security";
import { action as enrolAction, loader as enrolLoader } from "~/routes/admin_.security.enrol";
import { action as verifyAction, loader as verifyLoader } from "~/routes/admin_.security.verify";
import { createFestival, createUser, type FestivalRow } from "~tests/factories";
import { callRoute } from "~tests/helpers/remix";
import { organiserCookie, signedInCookie } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
let festival: FestivalRow;

beforeAll(async () => {
  festival = await createFestival(testDb.handle.db);
});

async function newOrganiser() {
  const person = await createUser(testDb.handle.db, { isOrganiser: true });
  return { person, cookie: await signedInCookie(person.id) };
}

/** Enrols through the pages, as a person with an authenticator app would. */
async function enrol(cookie: string) {
  const page = await callRoute<{ secret: string; qrSvg: string }>(
    enrolLoader,
    "/admin/security/enrol?redirectTo=/admin/webinars",
    { cookie },
  );
  expect(page.status).toBe(200);
  const secret = page.data!.secret;
  const at = new Date();
  const code = currentCode(secret, at);
  const done = await callRoute<{ recoveryCodes: string[]; redirectTo: string }>(
    enrolAction,
    "/admin/security/enrol",
    { cookie, form: { code, redirectTo: "/admin/webinars" } },
  );
  expect(done.status).toBe(200);
  return {
    secret,
    code,
    at,
    recoveryCodes: done.data!.recoveryCodes,
    redirectTo: done.data!.redirectTo,
  };
}

describe("who may enter the back office", () => {
  it("sends anonymous visitors to sign in and refuses attendees", async () => {
    const anonymous = await callRoute(dashboardLoader, "/admin");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin");
    const attendee = await createUser(testDb.handle.db);
    const refused = await callRoute(dashboardLoader, "/admin", {
      cookie: await signedInCookie(attendee.id),
    });
    expect(refused.status).toBe(403);
    // The enrolment pages are for organisers too.
    expect(
      (
        await callRoute(enrolLoader, "/admin/security/enrol", {
          cookie: await signedInCookie(attendee.id),
        })
      ).status,
    ).toBe(403);
  });

  it("asks an organiser with no authenticator to enrol one first, coming back after", async () => {
    const { cookie } = await newOrganiser();
    const res = await callRoute(auditLoader, "/admin/audit?q=x", { cookie });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(
      "/admin/security/enrol?redirectTo=%2Fadmin%2Faudit%3Fq%3Dx",
    );
  });
});

describe("enrolling an authenticator", () => {
  it("shows a QR code and a key that stay the same on reload, and turns on with the app's code", async () => {
    const { person, cookie } = await newOrganiser();
    const first = await callRoute<{ secret: string; qrSvg: string }>(
      enrolLoader,
      "/admin/security/enrol",
      { cookie },
    );
    const again = await callRoute<{ secret: string }>(enrolLoader, "/admin/security/enrol", {
      cookie,
    });
    expect(first.data!.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(again.data!.secret).toBe(first.data!.secret);
    expect(first.data!.qrSvg).toMatch(/^<svg[^>]*viewBox/);

    const wrong = await callRoute<{ error: string }>(enrolAction, "/admin/security/enrol", {
      cookie,
      form: { code: "12ab56" },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.data!.error).toMatch(/does not match/);

    const { recoveryCodes, redirectTo } = await enrol(cookie);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(redirectTo).toBe("/admin/webinars");
    // Only hashes are kept.
    const stored = await testDb.handle.db
      .select()
      .from(recoveryCode)
      .where(eq(recoveryCode.userId, person.id));
    expect(stored).toHaveLength(10);
    expect(stored.map((r) => r.codeHash)).not.toContain(recoveryCodes[0]);
    // Without JavaScript the page is drawn again after the POST: it must
    // not send the person away before they have saved their codes.
    const after = await callRoute<{ enrolled: boolean }>(enrolLoader, "/admin/security/enrol", {
      cookie,
    });
    expect(after.status).toBe(200);
    expect(after.data).toMatchObject({ enrolled: true });
    // This browser passed; the back office opens.
    expect((await callRoute(dashboardLoader, "/admin", { cookie })).status).toBe(200);
    const [logged] = await testDb.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "security.enrol"));
    expect(logged).toMatchObject({ actorId: person.id, festivalId: festival.id });
  });

  it("refuses a redirect outside the back office", async () => {
    const { cookie } = await newOrganiser();
    const page = await callRoute<{ redirectTo: string }>(
      enrolLoader,
      "/admin/security/enrol?redirectTo=https://evil.example/",
      { cookie },
    );
    expect(page.data!.redirectTo).toBe("/admin");
    const other = await callRoute<{ redirectTo: string }>(
      enrolLoader,
      "/admin/security/enrol?redirectTo=/me",
      { cookie },
    );
    expect(other.data!.redirectTo).toBe("/admin");
  });
});

describe("a new browser of an enrolled organiser", () => {
  it("asks for a code, accepts the app's code once, and lets the browser in", async () => {
    const { person, cookie } = await newOrganiser();
    const { secret, code: used, at } = await enrol(cookie);
    const laptop = await signedInCookie(person.id);
    const asked = await callRoute(dashboardLoader, "/admin", { cookie: laptop });
    expect(asked.status).toBe(303);
    expect(asked.headers.get("Location")).toBe("/admin/security/verify?redirectTo=%2Fadmin");
    expect(
      (await callRoute(verifyLoader, "/admin/security/verify", { cookie: laptop })).status,
    ).toBe(200);

    // The code used at enrolment is spent: replaying it fails.
    const replay = await callRoute<{ error: string }>(verifyAction, "/admin/security/verify", {
      cookie: laptop,
      form: { code: used, redirectTo: "/admin/outbox" },
    });
    expect(replay.status).toBe(400);
    expect(replay.data!.error).toMatch(/4 tries left/);

    // The next period's code is accepted (one step of clock drift is allowed).
    const next = currentCode(secret, new Date(at.getTime() + 30_000));
    const ok = await callRoute(verifyAction, "/admin/security/verify", {
      cookie: laptop,
      form: { code: next, redirectTo: "/admin/outbox" },
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("Location")).toBe("/admin/outbox");
    expect((await callRoute(dashboardLoader, "/admin", { cookie: laptop })).status).toBe(200);
  });

  it("takes a recovery code once, and says how many are left", async () => {
    const { person, cookie } = await newOrganiser();
    const { recoveryCodes } = await enrol(cookie);
    const phoneLost = await signedInCookie(person.id);
    const typed = ` ${recoveryCodes[3]!.toUpperCase()} `;
    const ok = await callRoute(verifyAction, "/admin/security/verify", {
      cookie: phoneLost,
      form: { code: typed, redirectTo: "/admin" },
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("Location")).toBe("/admin/security?recoveryLeft=9");
    const page = await callRoute<{ left: number; usedOne: boolean }>(
      securityLoader,
      "/admin/security?recoveryLeft=9",
      { cookie: phoneLost },
    );
    expect(page.data).toEqual({ left: 9, usedOne: true });

    const another = await signedInCookie(person.id);
    const again = await callRoute(verifyAction, "/admin/security/verify", {
      cookie: another,
      form: { code: recoveryCodes[3]!, redirectTo: "/admin" },
    });
    expect(again.status).toBe(400);
  });

  it("ends the session after five wrong codes", async () => {
    const { person, cookie } = await newOrganiser();
    await enrol(cookie);
    const thief = await signedInCookie(person.id);
    for (let i = 0; i < 4; i++) {
      const res = await callRoute(verifyAction, "/admin/security/verify", {
        cookie: thief,
        form: { code: "12345", redirectTo: "/admin" },
      });
      expect(res.status).toBe(400);
    }
    const last = await callRoute(verifyAction, "/admin/security/verify", {
      cookie: thief,
      form: { code: "99999", redirectTo: "/admin" },
    });
    expect(last.status).toBe(303);
    expect(last.headers.get("Location")).toBe("/login?redirectTo=/admin");
    expect(last.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    // The stolen cookie is dead; the organiser's own browser is not.
    expect((await callRoute(dashboardLoader, "/admin", { cookie: thief })).status).toBe(303);
    expect((await callRoute(dashboardLoader, "/admin", { cookie })).status).toBe(200);
  });

  it("explains an empty code next to the field", async () => {
    const { cookie } = await newOrganiser();
    await enrol(cookie);
    const res = await callRoute<{ error: string }>(verifyAction, "/admin/security/verify", {
      cookie,
      form: { code: "   " },
    });
    expect(res.status).toBe(400);
    expect(res.data!.error).toMatch(/Enter the 6-digit code/);
  });
});

describe("recovery codes and resets", () => {
  it("replaces recovery codes on request, the old ones void, and logs it", async () => {
    const { person, cookie } = await newOrganiser();
    const { recoveryCodes } = await enrol(cookie);
    const res = await callRoute<{ codes: string[] }>(securityAction, "/admin/security", {
      cookie,
      form: { intent: "replace-codes" },
    });
    expect(res.data!.codes).toHaveLength(10);
    expect(res.data!.codes).not.toContain(recoveryCodes[0]);
    const other = await signedInCookie(person.id);
    const old = await callRoute(verifyAction, "/admin/security/verify", {
      cookie: other,
      form: { code: recoveryCodes[0]! },
    });
    expect(old.status).toBe(400);
    const logged = await testDb.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "security.recovery-codes"));
    expect(logged.map((l) => l.actorId)).toContain(person.id);
  });

  it("a reset makes every session of the person pass the new factor", async () => {
    const { person, cookie } = await newOrganiser();
    await enrol(cookie);
    expect(await resetSecondFactor(person.id)).toBe(true);
    const res = await callRoute(dashboardLoader, "/admin", { cookie });
    expect(res.headers.get("Location")).toMatch(/^\/admin\/security\/enrol/);
    const [row] = await testDb.handle.db.select().from(user).where(eq(user.id, person.id));
    expect(row!.totpSecret).toBeNull();
    const sessions = await testDb.handle.db
      .select()
      .from(session)
      .where(eq(session.userId, person.id));
    expect(sessions.every((s) => s.secondFactorAt === null)).toBe(true);
  });
});

describe("the audit log page", () => {
  it("lists changes newest first, searchable, with before and after", async () => {
    const organiser = await createUser(testDb.handle.db, { email: "boss@example.test" });
    const cookie = await organiserCookie(organiser.id);
    const { actor } = await requireAdmin(
      new Request("http://localhost/admin", { headers: { Cookie: cookie } }),
    );
    await recordAudit(testDb.handle.db, actor, {
      festivalId: festival.id,
      action: "festival.update",
      subjectType: "festival",
      subjectId: festival.id,
      summary: "Renamed the festival",
      before: { name: "Old" },
      after: { name: "New" },
    });
    const res = await callRoute<{
      entries: { summary: string; actor: string; before: string; when: string }[];
    }>(auditLoader, "/admin/audit?q=renamed", { cookie });
    expect(res.status).toBe(200);
    expect(res.data!.entries).toHaveLength(1);
    expect(res.data!.entries[0]).toMatchObject({
      summary: "Renamed the festival",
      actor: "boss@example.test",
    });
    expect(res.data!.entries[0]!.before).toContain('"Old"');
    // Every time names its zone.
    expect(res.data!.entries[0]!.when).toMatch(/\d{2}:\d{2}:\d{2} .*(time|UTC)/);
    // Nonsense in the query string is ignored, not a 500.
    const odd = await callRoute(auditLoader, "/admin/audit?before=yesterday&q=%25", { cookie });
    expect(odd.status).toBe(200);
  });
});
