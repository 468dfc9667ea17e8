import { and, count, eq, inArray, ne } from "drizzle-orm";
import { expectGuarded } from "~tests/helpers/admin-access";
import { DateTime } from "luxon";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, outbox, recoveryCode, session, user, webinarRegistration } from "~db/schema";
import { exportAccount } from "~/models/account.server";
import {
  grantOrganiser,
  removeFaculty,
  removeOrganiser,
  resetAuthenticator,
  searchPeople,
} from "~/models/people.server";
import { registerForWebinar } from "~/models/registration.server";
import { replaceRecoveryCodes } from "~/models/second-factor.server";
import { action as peopleAction, loader as peopleLoader } from "~/routes/admin.people._index";
import { action as personAction, loader as personLoader } from "~/routes/admin.people.$userId";
import { loader as personJsonLoader } from "~/routes/admin.people.$userId[.]json";
import { action as acceptAction } from "~/routes/faculty-invite.$token";
import {
  createAttendee,
  createFestival,
  createUser,
  createWebinar,
  type FestivalRow,
} from "~tests/factories";
import { callRoute } from "~tests/helpers/remix";
import { organiserCookie, signedInCookie, TEST_TOTP_SECRET } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
const conn = () => testDb.handle.db;
let festival: FestivalRow;
let organiser: { id: string; email: string };
let cookies: { organiser: string; attendee: string; unverified: string };

beforeAll(async () => {
  const start = DateTime.now().setZone("Europe/London").plus({ days: 15 }).startOf("day");
  festival = await createFestival(conn(), {
    startsOn: start.toISODate()!,
    endsOn: start.plus({ days: 4 }).toISODate()!,
  });
  organiser = await createUser(conn(), { email: "olu@organisers.test", name: "Olu Organiser" });
  const attendee = await createAttendee(conn(), festival);
  const unverified = await createUser(conn(), {
    isOrganiser: true,
    totpSecret: TEST_TOTP_SECRET,
    totpEnabledAt: new Date(),
  });
  cookies = {
    organiser: await organiserCookie(organiser.id),
    attendee: await signedInCookie(attendee.id),
    unverified: await signedInCookie(unverified.id),
  };
});

const ctx = () => ({ festival, actor: organiser });

async function organisersNow() {
  return (await conn().select({ id: user.id }).from(user).where(eq(user.isOrganiser, true))).map(
    (r) => r.id,
  );
}

/** Leaves exactly these people as organisers (and gives back the ones to restore after). */
async function onlyOrganisers(ids: string[]) {
  const before = await organisersNow();
  await conn().update(user).set({ isOrganiser: false }).where(eq(user.isOrganiser, true));
  await conn().update(user).set({ isOrganiser: true }).where(inArray(user.id, ids));
  return async () => {
    await conn().update(user).set({ isOrganiser: false }).where(eq(user.isOrganiser, true));
    await conn().update(user).set({ isOrganiser: true }).where(inArray(user.id, before));
  };
}

describe("finding people", () => {
  it("searches names and emails case-insensitively, taking % and _ literally", async () => {
    await createUser(conn(), { name: "Ximena Quispe", email: "xq@andes.test" });
    await createUser(conn(), { name: "Percent 100% Person", email: "pp@andes.test" });
    const names = async (q: string) => (await searchPeople(q)).rows.map((r) => r.name);
    expect(await names("XIMENA")).toEqual(["Ximena Quispe"]);
    expect(await names("XQ@ANDES")).toEqual(["Ximena Quispe"]);
    expect(await names("%")).toEqual(["Percent 100% Person"]);
    const page = await callRoute<{ people: { email: string; roles: string }[] }>(
      peopleLoader,
      "/admin/people?q=andes",
      { cookie: cookies.organiser },
    );
    expect(page.data?.people.map((p) => p.email).sort()).toEqual([
      "pp@andes.test",
      "xq@andes.test",
    ]);
    expect(page.data?.people[0]!.roles).toBe("attendee");
  });
});

describe("the organiser role", () => {
  it("is granted and removed with an audit row each", async () => {
    const newcomer = await createUser(conn(), { email: "new.organiser@example.test" });
    const url = `/admin/people/${newcomer.id}`;
    const params = { userId: newcomer.id };
    const granted = await callRoute<{ done: string }>(personAction, url, {
      cookie: cookies.organiser,
      params,
      form: { intent: "grant-organiser" },
    });
    expect(granted.status).toBe(200);
    expect(granted.data?.done).toMatch(/is now an organiser/);
    const [now] = await conn().select().from(user).where(eq(user.id, newcomer.id));
    expect(now!.isOrganiser).toBe(true);
    const removed = await callRoute<{ done: string }>(personAction, url, {
      cookie: cookies.organiser,
      params,
      form: { intent: "remove-organiser" },
    });
    expect(removed.data?.done).toBe("new.organiser@example.test is no longer an organiser.");
    const rows = await conn()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, newcomer.id), eq(auditLog.subjectType, "user")));
    expect(rows.map((r) => [r.action, r.summary, r.actorEmail])).toEqual(
      expect.arrayContaining([
        ["role.grant", "Made new.organiser@example.test an organiser", organiser.email],
        [
          "role.remove",
          "Removed the organiser role from new.organiser@example.test",
          organiser.email,
        ],
      ]),
    );
    expect(rows.find((r) => r.action === "role.grant")!.after).toEqual({ isOrganiser: true });
  });

  it("is never taken from the last organiser", async () => {
    const restore = await onlyOrganisers([organiser.id]);
    try {
      const res = await callRoute<{ error: string }>(
        personAction,
        `/admin/people/${organiser.id}`,
        {
          cookie: cookies.organiser,
          params: { userId: organiser.id },
          form: { intent: "remove-organiser" },
        },
      );
      expect(res.status).toBe(400);
      expect(res.data?.error).toMatch(/last organiser/);
      expect(await organisersNow()).toEqual([organiser.id]);
    } finally {
      await restore();
    }
  });

  it("keeps one organiser when two remove each other at the same moment", async () => {
    const a = await createUser(conn(), { email: "race-a@example.test" });
    const b = await createUser(conn(), { email: "race-b@example.test" });
    const restore = await onlyOrganisers([a.id, b.id]);
    try {
      // Several rounds: on PostgreSQL the two transactions really overlap.
      for (let round = 0; round < 8; round += 1) {
        await conn()
          .update(user)
          .set({ isOrganiser: true })
          .where(inArray(user.id, [a.id, b.id]));
        const results = await Promise.all([
          removeOrganiser(b.id, { festival, actor: { id: a.id, email: a.email } }),
          removeOrganiser(a.id, { festival, actor: { id: b.id, email: b.email } }),
        ]);
        const statuses = results.map((r) => r.status).sort();
        expect(statuses[0]).toBe("changed");
        // The second is refused: as the last organiser, or as no longer an organiser.
        expect(["last-organiser", "not-allowed"]).toContain(statuses[1]);
        expect(await organisersNow()).toHaveLength(1);
      }
    } finally {
      await restore();
    }
  });
});

describe("the faculty role and authenticators", () => {
  it("removes the faculty role, keeping the public profile", async () => {
    const member = await createUser(conn(), { isFaculty: true, email: "fac@example.test" });
    const res = await callRoute<{ done: string }>(personAction, `/admin/people/${member.id}`, {
      cookie: cookies.organiser,
      params: { userId: member.id },
      form: { intent: "remove-faculty" },
    });
    expect(res.data?.done).toMatch(/no longer has the faculty role/);
    const [now] = await conn().select().from(user).where(eq(user.id, member.id));
    expect(now!.isFaculty).toBe(false);
    expect((await removeFaculty(member.id, ctx())).status).toBe("unchanged");
  });

  it("resets a lost authenticator: codes gone, every session asked again, audited", async () => {
    const lost = await createUser(conn(), { email: "lost.phone@example.test" });
    const lostCookie = await organiserCookie(lost.id);
    await replaceRecoveryCodes(lost.id);
    expect(lostCookie).toBeTruthy();
    const res = await callRoute<{ done: string }>(personAction, `/admin/people/${lost.id}`, {
      cookie: cookies.organiser,
      params: { userId: lost.id },
      form: { intent: "reset-authenticator" },
    });
    expect(res.data?.done).toMatch(/authenticator is reset/);
    const [now] = await conn().select().from(user).where(eq(user.id, lost.id));
    expect(now!.totpEnabledAt).toBeNull();
    expect(now!.totpSecret).toBeNull();
    const [codes] = await conn()
      .select({ n: count() })
      .from(recoveryCode)
      .where(eq(recoveryCode.userId, lost.id));
    expect(codes!.n).toBe(0);
    const sessions = await conn().select().from(session).where(eq(session.userId, lost.id));
    expect(sessions.every((s) => s.secondFactorAt === null)).toBe(true);
    const [audit] = await conn()
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, "security.reset-authenticator"), eq(auditLog.subjectId, lost.id)),
      );
    expect(audit?.actorEmail).toBe(organiser.email);
    await conn().update(user).set({ isOrganiser: false }).where(eq(user.id, lost.id));
  });

  it("will not reset one's own authenticator", async () => {
    const res = await callRoute<{ error: string }>(personAction, `/admin/people/${organiser.id}`, {
      cookie: cookies.organiser,
      params: { userId: organiser.id },
      form: { intent: "reset-authenticator" },
    });
    expect(res.status).toBe(400);
    expect(res.data?.error).toMatch(/your own authenticator/);
    expect((await resetAuthenticator("not-a-uuid", ctx())).status).toBe("not-found");
    expect((await grantOrganiser("not-a-uuid", ctx())).status).toBe("not-found");
  });
});

describe("someone's data on request", () => {
  it("shows their answers, registrations, joins, consents, preferences and emails, and records the viewing", async () => {
    const w = await createWebinar(conn(), festival, {
      title: "Data request webinar",
      localStart: `${festival.startsOn}T12:30`,
    });
    const person = await createAttendee(conn(), festival, {
      name: "Dana Subject",
      email: "dana@example.test",
      marketingConsentAt: new Date("2026-11-01T10:00:00Z"),
      emailNews: true,
    });
    await registerForWebinar(person.id, w.slug, { festival, appUrl: "http://localhost:3000" });
    await conn()
      .update(webinarRegistration)
      .set({ joinedAt: new Date() })
      .where(eq(webinarRegistration.userId, person.id));
    const res = await callRoute<{
      profile: { email: string; name: string };
      consents: { privacy: string | null; marketing: string | null };
      emailPreferences: { announcements: boolean };
      festivals: { network: string }[];
      webinars: { webinar: string; status: string; joinedAt: string | null }[];
      emails: { kind: string; subject: string }[];
    }>(personLoader, `/admin/people/${person.id}`, {
      cookie: cookies.organiser,
      params: { userId: person.id },
    });
    expect(res.status).toBe(200);
    expect(res.data?.profile).toMatchObject({ email: "dana@example.test", name: "Dana Subject" });
    expect(res.data?.consents.marketing).toMatch(/2026/);
    expect(res.data?.consents.privacy).not.toBeNull();
    expect(res.data?.emailPreferences.announcements).toBe(true);
    expect(res.data?.festivals).toEqual([expect.objectContaining({ network: "Test Network" })]);
    expect(res.data?.webinars).toEqual([
      expect.objectContaining({ webinar: "Data request webinar", status: "confirmed" }),
    ]);
    expect(res.data?.webinars[0]!.joinedAt).not.toBeNull();
    expect(res.data?.emails.map((e) => e.kind)).toContain("webinar-confirmed");
    const [viewed] = await conn()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "person.view-data"), eq(auditLog.subjectId, person.id)));
    expect(viewed?.summary).toBe("Viewed Dana Subject <dana@example.test>'s data");
    expect(viewed?.actorEmail).toBe(organiser.email);

    const json = await callRoute<Record<string, unknown>>(
      personJsonLoader,
      `/admin/people/${person.id}.json`,
      { cookie: cookies.organiser, params: { userId: person.id } },
    );
    expect(json.headers.get("Content-Disposition")).toBe(
      `attachment; filename="person-${person.id}.json"`,
    );
    const own = await exportAccount(person.id);
    // The very file the person gets themselves (apart from when it was made).
    expect({ ...json.data, exportedAt: null }).toEqual(
      JSON.parse(JSON.stringify({ ...own, exportedAt: null })),
    );
    const downloads = await conn()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "person.download-data"), eq(auditLog.subjectId, person.id)));
    expect(downloads).toHaveLength(1);
    const queued = await conn().select().from(outbox).where(eq(outbox.recipient, person.email));
    expect(queued.length).toBeGreaterThan(0);
  });
});

interface Guarded {
  name: string;
  fn: Parameters<typeof callRoute>[0];
  url: string;
  params?: Record<string, string>;
  form?: Record<string, string>;
}

describe("who may use the People pages", () => {
  const id = "00000000-0000-4000-8000-000000000000";
  const pages: Guarded[] = [
    { name: "people", fn: peopleLoader, url: "/admin/people" },
    {
      name: "people action",
      fn: peopleAction,
      url: "/admin/people",
      form: { intent: "invite", email: "x@example.test" },
    },
    { name: "person", fn: personLoader, url: `/admin/people/${id}`, params: { userId: id } },
    {
      name: "person action",
      fn: personAction,
      url: `/admin/people/${id}`,
      params: { userId: id },
      form: { intent: "grant-organiser" },
    },
    {
      name: "person JSON",
      fn: personJsonLoader,
      url: `/admin/people/${id}.json`,
      params: { userId: id },
    },
  ];

  it("sends anonymous visitors to sign in, refuses attendees, asks organisers for the second factor", async () => {
    for (const p of pages) {
      await expectGuarded(p.fn, p.url, cookies, { params: p.params, form: p.form });
    }
    // Nothing was done on their behalf.
    const invites = await conn()
      .select()
      .from(outbox)
      .where(eq(outbox.recipient, "x@example.test"));
    expect(invites).toEqual([]);
  });

  it("answers 404 for unknown and malformed people, and never writes for them", async () => {
    for (const userId of [id, "not-a-uuid", "1 or 1=1"]) {
      for (const fn of [personLoader, personJsonLoader]) {
        const res = await callRoute(fn, `/admin/people/${userId}`, {
          cookie: cookies.organiser,
          params: { userId },
        });
        expect(res.status, userId).toBe(404);
      }
      for (const intent of [
        "grant-organiser",
        "remove-organiser",
        "remove-faculty",
        "reset-authenticator",
      ]) {
        const res = await callRoute(personAction, `/admin/people/${userId}`, {
          cookie: cookies.organiser,
          params: { userId },
          form: { intent },
        });
        expect(res.status, `${intent} ${userId}`).toBe(404);
      }
    }
    const bad = await callRoute<{ error: string }>(personAction, `/admin/people/${organiser.id}`, {
      cookie: cookies.organiser,
      params: { userId: organiser.id },
      form: { intent: "make-me-king" },
    });
    expect(bad.status).toBe(400);
    expect(bad.data?.error).toBe("Choose what to do.");
    const views = await conn()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "person.view-data"), ne(auditLog.subjectId, organiser.id)));
    expect(views.every((v) => v.subjectId !== id)).toBe(true);
  });

  it("accepting an invitation needs a signed-in person", async () => {
    const token = "a".repeat(43);
    const res = await callRoute(acceptAction, `/faculty-invite/${token}`, {
      params: { token },
      method: "POST",
      form: {},
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(
      `/login?redirectTo=${encodeURIComponent(`/faculty-invite/${token}`)}`,
    );
  });
});
