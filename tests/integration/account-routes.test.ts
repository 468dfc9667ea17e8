import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  festivalRegistration,
  loginToken,
  outbox,
  session,
  user,
  webinarRegistration,
} from "~db/schema";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { action as verifyAction, loader as verifyLoader } from "~/routes/login_.verify";
import { action as logoutAction } from "~/routes/logout";
import { action as meAction, loader as meLoader } from "~/routes/me._index";
import { action as profileAction } from "~/routes/me.profile";
import { action as deleteAction } from "~/routes/me.delete";
import { loader as exportLoader } from "~/routes/me.export[.]json";
import { action as festivalFormAction, loader as festivalFormLoader } from "~/routes/register";
import { action as registerAction } from "~/routes/webinars.$slug_.register";
import { loader as joinLoader } from "~/routes/webinars.$slug_.join";
import { action as zoneAction } from "~/routes/zone";
import {
  createAttendee,
  createFestival,
  createRegistration,
  createUser,
  createWebinar,
  type FestivalRow,
  type WebinarRow,
} from "~tests/factories";
import { requireRole } from "~/lib/auth.server";
import { callRoute } from "~tests/helpers/remix";
import { signedInCookie } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
let festival: FestivalRow;
let upcoming: WebinarRow;
let cancelled: WebinarRow;
let live: WebinarRow;

/** Routes use the real clock, so this festival is always a week ahead. */
beforeAll(async () => {
  const start = DateTime.now().setZone("Europe/London").plus({ days: 7 }).startOf("day");
  festival = await createFestival(testDb.handle.db, {
    startsOn: start.toISODate()!,
    endsOn: start.plus({ days: 4 }).toISODate()!,
  });
  upcoming = await createWebinar(testDb.handle.db, festival, { slug: "upcoming", capacity: 1 });
  cancelled = await createWebinar(testDb.handle.db, festival, {
    slug: "called-off",
    status: "cancelled",
  });
  live = await createWebinar(testDb.handle.db, festival, {
    slug: "on-now",
    startsAt: new Date(Date.now() - 5 * 60_000),
  });
});

beforeEach(async () => {
  await testDb.handle.db.delete(loginToken);
});

async function latestSignInEmail(to: string) {
  const rows = await testDb.handle.db.select().from(outbox).where(eq(outbox.recipient, to));
  const text = rows.filter((r) => r.kind === "sign-in").at(-1)!.message.text;
  return {
    token: /\/login\/verify\?token=([A-Za-z0-9_-]+)/.exec(text)![1]!,
    code: /code on the sign-in page: (\d{6})/.exec(text)![1]!,
  };
}

describe("signing in through the pages", () => {
  it("explains a malformed or oversized address next to the field, with a 400", async () => {
    for (const email of ["not-an-email", "", `${"x".repeat(300)}@example.org`]) {
      const res = await callRoute<{ error: string; step: string }>(loginAction, "/login", {
        form: { intent: "request", email },
      });
      expect(res.status).toBe(400);
      expect(res.data?.step).toBe("email");
      expect(res.data?.error).toMatch(/email/i);
    }
  });

  it("answers the same for a known and an unknown address", async () => {
    await createUser(testDb.handle.db, { email: "known@example.org" });
    const known = await callRoute(loginAction, "/login", {
      form: { intent: "request", email: "known@example.org" },
    });
    const unknown = await callRoute(loginAction, "/login", {
      form: { intent: "request", email: "nobody@example.org" },
    });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(JSON.stringify(known.data).replace("known", "X")).toBe(
      JSON.stringify(unknown.data).replace("nobody", "X"),
    );
  });

  it("limits requests per address with a 429 and a clear message", async () => {
    let last = await callRoute<{ error: string }>(loginAction, "/login", {
      form: { intent: "request", email: "flood@example.org" },
    });
    for (let i = 0; i < 6; i++) {
      last = await callRoute<{ error: string }>(loginAction, "/login", {
        form: { intent: "request", email: "flood@example.org" },
      });
    }
    expect(last.status).toBe(429);
    expect(last.data?.error).toMatch(/too many/i);
  });

  it("shows a Continue button on the link's GET without using the token; the POST signs in once", async () => {
    await callRoute(loginAction, "/login", {
      form: { intent: "request", email: "link@example.org", redirectTo: "/schedule" },
    });
    const { token } = await latestSignInEmail("link@example.org");
    const page = await callRoute<{ token: string }>(verifyLoader, `/login/verify?token=${token}`);
    expect(page.data?.token).toBe(token);
    const [unused] = await testDb.handle.db
      .select()
      .from(loginToken)
      .where(eq(loginToken.email, "link@example.org"));
    expect(unused!.usedAt).toBeNull();

    const signedIn = await callRoute(verifyAction, "/login/verify", { form: { token } });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("Location")).toBe("/schedule");
    const cookie = signedIn.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^meridian_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const again = await callRoute<{ error: string }>(verifyAction, "/login/verify", {
      form: { token },
    });
    expect(again.status).toBe(400);
    expect(again.data?.error).toMatch(/expired or was already used/);
  });

  it("signs in with the code, and refuses to redirect off the site", async () => {
    await callRoute(loginAction, "/login", {
      form: { intent: "request", email: "code@example.org", redirectTo: "https://evil.example" },
    });
    const { code } = await latestSignInEmail("code@example.org");
    const wrong = await callRoute<{ error: string }>(loginAction, "/login", {
      form: {
        intent: "code",
        email: "code@example.org",
        code: code === "000000" ? "111111" : "000000",
      },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.data?.error).toMatch(/not right/);
    const right = await callRoute(loginAction, "/login", {
      form: { intent: "code", email: "code@example.org", code },
    });
    expect(right.status).toBe(303);
    expect(right.headers.get("Location")).toBe("/me");
  });

  it("signing in from a webinar's Register button completes the registration", async () => {
    const person = await createAttendee(testDb.handle.db, festival, { email: "keen@example.org" });
    const anon = await callRoute(registerAction, "/webinars/on-now/register", {
      params: { slug: "on-now" },
      form: { intent: "register", redirectTo: "/schedule" },
    });
    expect(anon.status).toBe(303);
    const login = new URL(anon.headers.get("Location")!, "http://x");
    expect(login.pathname).toBe("/login");
    expect(login.searchParams.get("register")).toBe("on-now");
    const page = await callRoute<{ register: { title: string } }>(
      loginLoader,
      `${login.pathname}${login.search}`,
    );
    expect(page.data?.register?.title).toBe(live.title);
    await callRoute(loginAction, "/login", {
      form: {
        intent: "request",
        email: "keen@example.org",
        redirectTo: login.searchParams.get("redirectTo")!,
        register: "on-now",
      },
    });
    const { token } = await latestSignInEmail("keen@example.org");
    const done = await callRoute(verifyAction, "/login/verify", { form: { token } });
    expect(done.headers.get("Location")).toBe("/webinars/on-now?registration=confirmed");
    const [reg] = await testDb.handle.db
      .select()
      .from(webinarRegistration)
      .where(
        and(eq(webinarRegistration.webinarId, live.id), eq(webinarRegistration.userId, person.id)),
      );
    expect(reg?.status).toBe("confirmed");
  });

  it("ends the session on the server when signing out", async () => {
    const person = await createUser(testDb.handle.db);
    const cookie = await signedInCookie(person.id);
    expect((await callRoute(meLoader, "/me", { cookie })).status).toBe(200);
    const out = await callRoute(logoutAction, "/logout", { form: {}, cookie });
    expect(out.status).toBe(303);
    expect(out.headers.get("Set-Cookie")).toMatch(/Max-Age=0/);
    const rows = await testDb.handle.db.select().from(session).where(eq(session.userId, person.id));
    expect(rows).toHaveLength(0);
    // The old cookie, replayed, no longer signs anyone in.
    const replay = await callRoute(meLoader, "/me", { cookie });
    expect(replay.status).toBe(303);
    expect(replay.headers.get("Location")).toBe("/login?redirectTo=%2Fme");
  });

  it("treats a forged or tampered session cookie as signed out", async () => {
    const person = await createUser(testDb.handle.db);
    const cookie = await signedInCookie(person.id);
    const tampered = cookie.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    for (const c of [tampered, "meridian_session=abc", "meridian_session=%E0%A4%A"]) {
      const res = await callRoute(meLoader, "/me", { cookie: c });
      expect(res.status).toBe(303);
    }
  });
});

describe("pages that need a person", () => {
  it.each([
    ["/me", meLoader],
    ["/me/export.json", exportLoader],
    ["/register", festivalFormLoader],
    ["/webinars/upcoming/join", joinLoader],
  ] as const)("%s sends anonymous visitors to sign in and back", async (url, loader) => {
    const res = await callRoute(loader, url, { params: { slug: "upcoming" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(url)}`);
  });
});

describe("roles", () => {
  const ask = (cookie: string) =>
    new Request("http://localhost:3000/organise", { headers: { Cookie: cookie } });

  it("are checked on the server: a 403 for someone without the role, through for someone with it", async () => {
    const attendee = await createUser(testDb.handle.db);
    const faculty = await createUser(testDb.handle.db, { isFaculty: true });
    const organiser = await createUser(testDb.handle.db, { isOrganiser: true });
    const refused = await requireRole(ask(await signedInCookie(attendee.id)), "organiser").catch(
      (thrown: unknown) => thrown,
    );
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(403);
    const facultyTry = await requireRole(ask(await signedInCookie(faculty.id)), "organiser").catch(
      (thrown: unknown) => thrown,
    );
    expect((facultyTry as Response).status).toBe(403);
    expect((await requireRole(ask(await signedInCookie(faculty.id)), "faculty")).id).toBe(
      faculty.id,
    );
    expect((await requireRole(ask(await signedInCookie(organiser.id)), "organiser")).id).toBe(
      organiser.id,
    );
  });

  it("follow the database, not the cookie: a role taken away applies at the next request", async () => {
    const organiser = await createUser(testDb.handle.db, { isOrganiser: true });
    const cookie = await signedInCookie(organiser.id);
    await testDb.handle.db
      .update(user)
      .set({ isOrganiser: false })
      .where(eq(user.id, organiser.id));
    const refused = await requireRole(ask(cookie), "organiser").catch((t: unknown) => t);
    expect((refused as Response).status).toBe(403);
  });
});

describe("the festival form", () => {
  it("shows each problem next to its field, keeps what was typed, saves nothing", async () => {
    const person = await createUser(testDb.handle.db, { name: "" });
    const cookie = await signedInCookie(person.id);
    const res = await callRoute<{ errors: Record<string, string>; values: Record<string, string> }>(
      festivalFormAction,
      "/register",
      {
        cookie,
        form: { name: "", organisation: "o".repeat(201), timeZone: "Mars/Olympus", network: "Net" },
      },
    );
    expect(res.status).toBe(400);
    expect(res.data?.errors).toMatchObject({
      name: "Enter your name.",
      organisation: "Keep your organisation under 200 characters.",
      timeZone: expect.stringMatching(/time zone/) as string,
      privacy: expect.stringMatching(/privacy notice/) as string,
    });
    expect(res.data?.values.network).toBe("Net");
    const rows = await testDb.handle.db
      .select()
      .from(festivalRegistration)
      .where(eq(festivalRegistration.userId, person.id));
    expect(rows).toHaveLength(0);
  });

  it("registers, records consents with their time, and queues one welcome email", async () => {
    const person = await createUser(testDb.handle.db, { email: "new@example.org" });
    const cookie = await signedInCookie(person.id);
    const form = {
      name: "Nia Jones",
      organisation: "Riverside Trust",
      network: "North Network",
      networkRole: "Coordinator",
      country: "Wales",
      timeZone: "Europe/London",
      heardFrom: "My network",
      privacy: "on",
    };
    const res = await callRoute(festivalFormAction, "/register", { cookie, form });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/me?welcome=new");
    await callRoute(festivalFormAction, "/register", { cookie, form });
    const [saved] = await testDb.handle.db.select().from(user).where(eq(user.id, person.id));
    expect(saved).toMatchObject({ name: "Nia Jones", networkRole: "Coordinator" });
    expect(saved!.privacyConsentAt).toBeInstanceOf(Date);
    expect(saved!.marketingConsentAt).toBeNull();
    const welcome = await testDb.handle.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.recipient, "new@example.org"), eq(outbox.kind, "festival-registered")));
    expect(welcome).toHaveLength(1);
  });

  it("keeps nothing a bot sends through the hidden field", async () => {
    const person = await createUser(testDb.handle.db);
    const cookie = await signedInCookie(person.id);
    const res = await callRoute(festivalFormAction, "/register", {
      cookie,
      form: { name: "Bot", privacy: "on", website: "http://spam.example" },
    });
    expect(res.status).toBe(303);
    const rows = await testDb.handle.db
      .select()
      .from(festivalRegistration)
      .where(eq(festivalRegistration.userId, person.id));
    expect(rows).toHaveLength(0);
  });
});

describe("the Register and Cancel buttons", () => {
  it("answer unknown webinars with 404 and cancelled ones with a clear 409", async () => {
    const person = await createAttendee(testDb.handle.db, festival);
    const cookie = await signedInCookie(person.id);
    const unknown = await callRoute(registerAction, "/webinars/nope/register", {
      cookie,
      params: { slug: "nope" },
      form: { intent: "register" },
    });
    expect(unknown.status).toBe(404);
    const res = await callRoute<{ error: string }>(registerAction, "/x", {
      cookie,
      params: { slug: cancelled.slug },
      form: { intent: "register" },
    });
    expect(res.status).toBe(409);
    expect(res.data?.error).toBe("This webinar has been cancelled, so it cannot be joined.");
  });

  it("only ever change the signed-in person's own registration, whatever ids are posted", async () => {
    const owner = await createAttendee(testDb.handle.db, festival);
    const other = await createAttendee(testDb.handle.db, festival);
    const reg = await createRegistration(testDb.handle.db, upcoming, owner, "confirmed");
    const cookie = await signedInCookie(other.id);
    const res = await callRoute<{ error: string }>(registerAction, "/x", {
      cookie,
      params: { slug: upcoming.slug },
      form: { intent: "cancel", registrationId: reg.id, userId: owner.id },
    });
    expect(res.status).toBe(409);
    expect(res.data?.error).toBe("You are not registered for this webinar.");
    const [still] = await testDb.handle.db
      .select()
      .from(webinarRegistration)
      .where(eq(webinarRegistration.id, reg.id));
    expect(still!.status).toBe("confirmed");
  });

  it("send someone new to the festival to the festival form, keeping the webinar", async () => {
    const person = await createUser(testDb.handle.db);
    const cookie = await signedInCookie(person.id);
    const res = await callRoute(registerAction, "/x", {
      cookie,
      params: { slug: live.slug },
      form: { intent: "register" },
    });
    expect(res.headers.get("Location")).toBe(`/register?webinar=${live.slug}`);
  });
});

describe("joining", () => {
  it("sends a confirmed registrant to the link while it is on, and records attendance", async () => {
    const person = await createAttendee(testDb.handle.db, festival);
    await createRegistration(testDb.handle.db, live, person, "confirmed");
    const cookie = await signedInCookie(person.id);
    const res = await callRoute(joinLoader, "/webinars/on-now/join", {
      cookie,
      params: { slug: live.slug },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(live.joinUrl);
    const [reg] = await testDb.handle.db
      .select()
      .from(webinarRegistration)
      .where(eq(webinarRegistration.userId, person.id));
    expect(reg!.joinedAt).toBeInstanceOf(Date);
  });

  it("explains why not to everyone else, without the link", async () => {
    const stranger = await createAttendee(testDb.handle.db, festival);
    const early = await createAttendee(testDb.handle.db, festival);
    await createRegistration(testDb.handle.db, upcoming, early, "confirmed");
    const notRegistered = await callRoute<{ result: { status: string } }>(joinLoader, "/x", {
      cookie: await signedInCookie(stranger.id),
      params: { slug: live.slug },
    });
    expect(notRegistered.data?.result.status).toBe("not-registered");
    const tooEarly = await callRoute<{ result: { status: string; opensAt: string } }>(
      joinLoader,
      "/x",
      { cookie: await signedInCookie(early.id), params: { slug: upcoming.slug } },
    );
    expect(tooEarly.data?.result.status).toBe("too-early");
    expect(Date.parse(tooEarly.data!.result.opensAt)).toBe(
      upcoming.startsAt.getTime() - 15 * 60_000,
    );
    for (const res of [notRegistered, tooEarly]) {
      expect(JSON.stringify(res.data)).not.toContain("meet.example.test");
    }
  });
});

describe("profile, export and deletion", () => {
  it("saves the profile, ignores forged role and email fields, and shows errors by field", async () => {
    const person = await createUser(testDb.handle.db, { email: "plain@example.org" });
    const cookie = await signedInCookie(person.id);
    const bad = await callRoute<{ errors: Record<string, string> }>(profileAction, "/me/profile", {
      cookie,
      form: { name: "", country: "c".repeat(81) },
    });
    expect(bad.status).toBe(400);
    expect(bad.data?.errors).toMatchObject({
      name: "Enter your name.",
      country: "Keep your country under 80 characters.",
    });
    const ok = await callRoute(profileAction, "/me/profile", {
      cookie,
      form: {
        name: "Plain Person",
        timeZone: "Asia/Kolkata",
        emailDigest: "on",
        marketing: "on",
        isOrganiser: "true",
        isFaculty: "on",
        email: "boss@example.org",
      },
    });
    expect(ok.status).toBe(303);
    const [saved] = await testDb.handle.db.select().from(user).where(eq(user.id, person.id));
    expect(saved).toMatchObject({
      name: "Plain Person",
      timeZone: "Asia/Kolkata",
      emailDigest: true,
      emailReminders: false,
      emailNews: true,
      isOrganiser: false,
      isFaculty: false,
      email: "plain@example.org",
    });
    expect(saved!.marketingConsentAt).toBeInstanceOf(Date);
  });

  it("exports everything held about the person as JSON", async () => {
    const person = await createAttendee(testDb.handle.db, festival, { email: "mine@example.org" });
    await createRegistration(testDb.handle.db, upcoming, person, "waitlisted");
    const res = await callRoute(exportLoader, "/me/export.json", {
      cookie: await signedInCookie(person.id),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Disposition")).toMatch(/attachment/);
    const data = JSON.parse(res.body!) as {
      profile: { email: string };
      webinarRegistrations: { webinar: string; status: string }[];
      festivalRegistrations: unknown[];
      sessions: unknown[];
    };
    expect(data.profile.email).toBe("mine@example.org");
    expect(data.webinarRegistrations).toEqual([
      expect.objectContaining({ webinar: upcoming.title, status: "waitlisted" }),
    ]);
    expect(data.festivalRegistrations).toHaveLength(1);
    expect(data.sessions).toHaveLength(1);
  });

  it("deletes the account: seats go to the waitlist, counts stay, the person is gone", async () => {
    const seat = await createWebinar(testDb.handle.db, festival, { capacity: 1 });
    const past = await createWebinar(testDb.handle.db, festival, {
      startsAt: new Date(Date.now() - 3 * 3600_000),
    });
    const leaving = await createAttendee(testDb.handle.db, festival, { email: "bye@example.org" });
    const waiting = await createAttendee(testDb.handle.db, festival);
    await createRegistration(testDb.handle.db, seat, leaving, "confirmed");
    await createRegistration(testDb.handle.db, seat, waiting, "waitlisted");
    await createRegistration(testDb.handle.db, past, leaving, "confirmed");
    const cookie = await signedInCookie(leaving.id);
    const festivalCount = async () =>
      (
        await testDb.handle.db
          .select()
          .from(festivalRegistration)
          .where(eq(festivalRegistration.festivalId, festival.id))
      ).length;
    const before = await festivalCount();

    const unconfirmed = await callRoute<{ error: string }>(deleteAction, "/me/delete", {
      cookie,
      form: {},
    });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.data?.error).toMatch(/Tick the box/);

    const res = await callRoute(deleteAction, "/me/delete", { cookie, form: { confirm: "on" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/?account=deleted");
    expect(await testDb.handle.db.select().from(user).where(eq(user.id, leaving.id))).toEqual([]);
    expect(await festivalCount()).toBe(before);
    const seatRows = await testDb.handle.db
      .select()
      .from(webinarRegistration)
      .where(eq(webinarRegistration.webinarId, seat.id));
    expect(seatRows.find((r) => r.userId === waiting.id)?.status).toBe("confirmed");
    const pastRows = await testDb.handle.db
      .select()
      .from(webinarRegistration)
      .where(eq(webinarRegistration.webinarId, past.id));
    expect(pastRows).toEqual([expect.objectContaining({ userId: null, status: "confirmed" })]);
    expect(
      await testDb.handle.db.select().from(outbox).where(eq(outbox.recipient, "bye@example.org")),
    ).toEqual([]);
  });

  it("changes a signed-in person's zone with the zone picker (the profile zone wins over the cookie)", async () => {
    const person = await createUser(testDb.handle.db, { timeZone: "Europe/London" });
    const res = await callRoute(zoneAction, "/zone", {
      cookie: await signedInCookie(person.id),
      form: { zone: "Australia/Melbourne", redirectTo: "/schedule" },
    });
    expect(res.status).toBe(303);
    const [after] = await testDb.handle.db.select().from(user).where(eq(user.id, person.id));
    expect(after!.timeZone).toBe("Australia/Melbourne");
  });

  it("replaces the calendar address on request", async () => {
    const person = await createUser(testDb.handle.db);
    const res = await callRoute(meAction, "/me", {
      cookie: await signedInCookie(person.id),
      form: { intent: "rotate-feed" },
    });
    expect(res.status).toBe(303);
    const [after] = await testDb.handle.db.select().from(user).where(eq(user.id, person.id));
    expect(after!.calendarToken).not.toBe(person.calendarToken);
  });
});
