import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, facultyInvite, facultyProfile, outbox, user } from "~db/schema";
import { deliverDueEmails } from "~emails/deliver.server";
import { smtpTransport } from "~emails/transport.server";
import { inviteFaculty, listInvites } from "~/models/faculty-invite.server";
import { action as peopleAction, loader as peopleLoader } from "~/routes/admin.people._index";
import { action as acceptAction, loader as acceptLoader } from "~/routes/faculty-invite.$token";
import { action as profileAction, loader as profileLoader } from "~/routes/me.faculty-profile";
import { loader as facultyPageLoader } from "~/routes/faculty.$slug";
import { createAttendee, createFestival, createUser, type FestivalRow } from "~tests/factories";
import { callRoute } from "~tests/helpers/remix";
import { organiserCookie, signedInCookie } from "~tests/helpers/session";
import { startTestSmtp, type TestSmtp } from "~tests/helpers/smtp";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
const conn = () => testDb.handle.db;
let festival: FestivalRow;
let organiser: { id: string; email: string };
let organiserCookieHeader: string;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startTestSmtp();
  const start = DateTime.now().setZone("Europe/London").plus({ days: 20 }).startOf("day");
  festival = await createFestival(conn(), {
    name: "Networkfest",
    startsOn: start.toISODate()!,
    endsOn: start.plus({ days: 4 }).toISODate()!,
  });
  organiser = await createUser(conn(), { email: "olu@organisers.test", name: "Olu" });
  organiserCookieHeader = await organiserCookie(organiser.id);
});
afterAll(() => smtp.close());
beforeEach(() => {
  smtp.messages.length = 0;
});

/** Delivers what is queued through a real SMTP server, as the worker would. */
async function deliver() {
  const transport = smtpTransport(smtp.url, "Festival <festival@example.test>");
  await deliverDueEmails(conn(), transport, { limit: 500 });
  transport.close();
}

/** The invitation link from the last message to that address, as the person would click it. */
function linkFrom(to: string) {
  const message = smtp.messages.filter((m) => JSON.stringify(m.to).includes(to)).at(-1);
  expect(message, `an email to ${to}`).toBeDefined();
  const match = /(https?:\/\/[^\s]+\/faculty-invite\/([A-Za-z0-9_-]{43}))/.exec(message!.text!);
  expect(match, "a link in the text part").not.toBeNull();
  // The HTML part carries the same link on its button.
  expect(message!.html).toContain(match![1]);
  return { message: message!, url: new URL(match![1]!), token: match![2]! };
}

async function invite(email: string, name = "") {
  return callRoute<{ errors: Record<string, string>; done: string | null }>(
    peopleAction,
    "/admin/people",
    { cookie: organiserCookieHeader, form: { intent: "invite", email, name } },
  );
}

const accept = (token: string, cookie?: string) =>
  callRoute<{ error: string }>(acceptAction, `/faculty-invite/${token}`, {
    cookie,
    params: { token },
    method: "POST",
    form: {},
  });

const page = (token: string, cookie?: string) =>
  callRoute<{
    invite: { status: string; email?: string };
    viewerEmail: string | null;
    signInUrl: string;
  }>(acceptLoader, `/faculty-invite/${token}`, { cookie, params: { token } });

describe("inviting someone to the faculty, end to end", () => {
  it("emails a link that, once signed in with the invited address, gives the role and a profile to complete", async () => {
    const sent = await invite("Nia.Faculty@Example.TEST", "Nia Faculty");
    expect(sent.status).toBe(200);
    expect(sent.data?.done).toBe("Invitation sent to nia.faculty@example.test.");
    await deliver();
    const { message, url, token } = linkFrom("nia.faculty@example.test");
    expect(message.subject).toBe("Invitation: join the faculty of Networkfest");
    expect(message.text).toMatch(/works once, until .* London time \(UTC/);
    expect(url.pathname).toBe(`/faculty-invite/${token}`);
    // Only the hash is stored.
    const [row] = await conn()
      .select()
      .from(facultyInvite)
      .where(eq(facultyInvite.email, "nia.faculty@example.test"));
    expect(row!.tokenHash).not.toContain(token);
    expect(row!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(14 * 86_400_000);

    // A mail scanner (or anyone) following the link changes nothing.
    const anonymous = await page(token);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get("Cache-Control")).toBe("no-store");
    expect(anonymous.data?.invite).toMatchObject({
      status: "valid",
      email: "nia.faculty@example.test",
    });
    expect(anonymous.data?.signInUrl).toBe(
      `/login?redirectTo=${encodeURIComponent(`/faculty-invite/${token}`)}`,
    );
    const notSignedIn = await accept(token);
    expect(notSignedIn.status).toBe(303);
    expect(notSignedIn.headers.get("Location")).toMatch(
      /^\/login\?redirectTo=%2Ffaculty-invite%2F/,
    );

    // Signed in as someone else: told why, nothing granted.
    const other = await createUser(conn(), { email: "someone.else@example.test" });
    const otherCookie = await signedInCookie(other.id);
    expect((await page(token, otherCookie)).data?.viewerEmail).toBe("someone.else@example.test");
    const wrong = await accept(token, otherCookie);
    expect(wrong.status).toBe(403);
    expect(wrong.data?.error).toBe(
      "This invitation is for nia.faculty@example.test, but you are signed in as someone.else@example.test. Sign out, then sign in with nia.faculty@example.test and open the link again.",
    );
    const [stillOther] = await conn().select().from(user).where(eq(user.id, other.id));
    expect(stillOther!.isFaculty).toBe(false);

    // The invited person, whose account spells the address differently.
    const nia = await createUser(conn(), { email: "NIA.faculty@example.test", name: "" });
    const niaCookie = await signedInCookie(nia.id);
    const accepted = await accept(token, niaCookie);
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get("Location")).toBe("/me/faculty-profile?welcome=1");
    const [now] = await conn().select().from(user).where(eq(user.id, nia.id));
    expect(now!.isFaculty).toBe(true);
    const [profile] = await conn()
      .select()
      .from(facultyProfile)
      .where(and(eq(facultyProfile.userId, nia.id), eq(facultyProfile.festivalId, festival.id)));
    expect(profile).toMatchObject({ slug: "nia-faculty", name: "Nia Faculty" });
    const [audit] = await conn()
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, "faculty.accept-invite"));
    expect(audit).toMatchObject({ actorId: nia.id, festivalId: festival.id });

    // Used: a second click by them goes to their profile; anyone else is told.
    expect((await accept(token, niaCookie)).headers.get("Location")).toBe("/me/faculty-profile");
    const again = await accept(token, otherCookie);
    expect(again.status).toBe(400);
    expect(again.data?.error).toBe("This invitation has already been used.");
    expect((await page(token)).data?.invite.status).toBe("used");

    // They complete the profile; the public page shows it.
    const form = await callRoute<{ errors: Record<string, string> }>(
      profileAction,
      "/me/faculty-profile",
      {
        cookie: niaCookie,
        form: {
          name: "Nia Faculty",
          title: "Network weaver",
          organisation: "Weavers",
          location: "Accra, Ghana",
          bio: "Builds **networks**.\n\n<script>alert(1)</script>",
        },
      },
    );
    expect(form.status).toBe(200);
    const view = await callRoute<{ bioHtml: string }>(profileLoader, "/me/faculty-profile", {
      cookie: niaCookie,
    });
    expect(view.data?.bioHtml).toContain("<strong>networks</strong>");
    expect(view.data?.bioHtml).not.toContain("<script>");
    const publicPage = await callRoute<{ profile: { title: string } }>(
      facultyPageLoader,
      "/faculty/nia-faculty",
      { params: { slug: "nia-faculty" } },
    );
    expect(publicPage.data?.profile.title).toBe("Network weaver");
  });

  it("refuses an expired link and a withdrawn one; sending again makes a new link and kills the old", async () => {
    await invite("late@example.test", "Late Comer");
    await deliver();
    const first = linkFrom("late@example.test").token;
    const late = await createUser(conn(), { email: "late@example.test" });
    const lateCookie = await signedInCookie(late.id);

    await conn()
      .update(facultyInvite)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(facultyInvite.email, "late@example.test"));
    expect((await page(first)).data?.invite.status).toBe("expired");
    const expired = await accept(first, lateCookie);
    expect(expired.status).toBe(400);
    expect(expired.data?.error).toMatch(/expired/);

    const [row] = await conn()
      .select()
      .from(facultyInvite)
      .where(eq(facultyInvite.email, "late@example.test"));
    const resent = await callRoute<{ done: string }>(peopleAction, "/admin/people", {
      cookie: organiserCookieHeader,
      form: { intent: "resend", inviteId: row!.id },
    });
    expect(resent.data?.done).toMatch(/sent again to late@example.test/);
    await deliver();
    const second = linkFrom("late@example.test").token;
    expect(second).not.toBe(first);
    expect((await page(first)).data?.invite.status).toBe("unknown");
    expect((await accept(first, lateCookie)).status).toBe(400);

    const revoked = await callRoute<{ done: string }>(peopleAction, "/admin/people", {
      cookie: organiserCookieHeader,
      form: { intent: "revoke", inviteId: row!.id },
    });
    expect(revoked.data?.done).toMatch(/withdrawn/);
    expect((await page(second)).data?.invite.status).toBe("unknown");
    const afterRevoke = await accept(second, lateCookie);
    expect(afterRevoke.status).toBe(400);
    const [lateNow] = await conn().select().from(user).where(eq(user.id, late.id));
    expect(lateNow!.isFaculty).toBe(false);
    const actions = (
      await conn().select().from(auditLog).where(eq(auditLog.subjectId, row!.id))
    ).map((r) => r.action);
    expect(actions.sort()).toEqual(
      ["faculty.invite", "faculty.invite-resend", "faculty.invite-revoke"].sort(),
    );
  });

  it("gives each new member a unique slug, and refuses malformed tokens plainly", async () => {
    const ctx = { festival, actor: organiser, appUrl: "http://localhost:3000" };
    const form = (email: string) => {
      const f = new FormData();
      f.set("email", email);
      f.set("name", "Sam Same");
      return f;
    };
    for (const email of ["sam1@example.test", "sam2@example.test"]) {
      expect((await inviteFaculty(form(email), ctx)).status).toBe("invited");
    }
    await deliver();
    const slugs: string[] = [];
    for (const email of ["sam1@example.test", "sam2@example.test"]) {
      const person = await createUser(conn(), { email });
      const res = await accept(linkFrom(email).token, await signedInCookie(person.id));
      expect(res.status).toBe(303);
      const [p] = await conn()
        .select({ slug: facultyProfile.slug })
        .from(facultyProfile)
        .where(eq(facultyProfile.userId, person.id));
      slugs.push(p!.slug);
    }
    expect(slugs).toEqual(["sam-same", "sam-same-2"]);
    const listed = await listInvites(festival.id);
    expect(listed.accepted.map((i) => i.email)).toEqual(
      expect.arrayContaining(["sam1@example.test", "sam2@example.test"]),
    );
    for (const token of ["short", "x".repeat(43), "../../etc/passwd", "%00"]) {
      expect((await page(token)).data?.invite.status).toBe("unknown");
    }
  });
});

describe("the invitation form", () => {
  it("explains a bad address, an invitation already waiting, and someone already on the faculty", async () => {
    const bad = await invite("not-an-address", "X");
    expect(bad.status).toBe(400);
    expect(bad.data?.errors.email).toBe("Enter an email address like name@example.org.");
    expect((await invite("", "")).data?.errors.email).toBe("Enter the address to invite.");

    expect((await invite("twice@example.test")).status).toBe(200);
    const twice = await invite("TWICE@example.test");
    expect(twice.status).toBe(400);
    expect(twice.data?.errors.email).toMatch(/already/);
    const [queued] = await conn()
      .select()
      .from(outbox)
      .where(eq(outbox.recipient, "twice@example.test"));
    expect(queued?.kind).toBe("faculty-invite");
  });

  it("shows pending invitations on the People page", async () => {
    await invite("listed@example.test", "Listed Person");
    const res = await callRoute<{ pending: { email: string; expired: boolean }[] }>(
      peopleLoader,
      "/admin/people",
      { cookie: organiserCookieHeader },
    );
    expect(res.data?.pending).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ email: "listed@example.test", expired: false }),
      ]),
    );
  });

  it("answers 404 for an unknown invitation id", async () => {
    for (const inviteId of ["00000000-0000-4000-8000-000000000000", "nope"]) {
      const res = await callRoute(peopleAction, "/admin/people", {
        cookie: organiserCookieHeader,
        form: { intent: "resend", inviteId },
      });
      expect(res.status).toBe(404);
    }
  });
});

describe("the faculty profile page", () => {
  it("is for the faculty: sign in first, attendees are refused", async () => {
    const anonymous = await callRoute(profileLoader, "/me/faculty-profile");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    const attendee = await createAttendee(conn(), festival);
    const cookie = await signedInCookie(attendee.id);
    expect((await callRoute(profileLoader, "/me/faculty-profile", { cookie })).status).toBe(403);
    expect(
      (await callRoute(profileAction, "/me/faculty-profile", { cookie, form: { name: "X" } }))
        .status,
    ).toBe(403);
  });

  it("keeps what was typed and explains a missing name", async () => {
    const person = await createUser(conn(), { isFaculty: true });
    await conn()
      .insert(facultyProfile)
      .values({ festivalId: festival.id, userId: person.id, slug: "keeps-typing", name: "K" });
    const res = await callRoute<{ errors: Record<string, string>; values: Record<string, string> }>(
      profileAction,
      "/me/faculty-profile",
      { cookie: await signedInCookie(person.id), form: { name: " ", title: "Typed title" } },
    );
    expect(res.status).toBe(400);
    expect(res.data?.errors.name).toBe("Enter your name.");
    expect(res.data?.values.title).toBe("Typed title");
  });

  it("takes a photo checked by its bytes, and refuses an SVG next to the field", async () => {
    const uploads = await mkdtemp(path.join(tmpdir(), "meridian-faculty-photo-"));
    process.env.UPLOADS_DIR = uploads;
    try {
      const person = await createUser(conn(), { isFaculty: true });
      await conn()
        .insert(facultyProfile)
        .values({ festivalId: festival.id, userId: person.id, slug: "with-photo", name: "P" });
      const cookie = await signedInCookie(person.id);
      const post = async (file: Blob, filename: string) => {
        const body = new FormData();
        body.set("name", "Pat Photo");
        body.set("photo", file, filename);
        const request = new Request("http://localhost:3000/me/faculty-profile", {
          method: "POST",
          headers: { Cookie: cookie },
          body,
        });
        try {
          return (await profileAction({ request, params: {}, context: {} })) as unknown;
        } catch (thrown) {
          return thrown;
        }
      };
      const svg = new Blob(['<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'], {
        type: "image/png",
      });
      const refused = (await post(svg, "face.png")) as {
        init: { status: number };
        data: { errors: Record<string, string>; values: Record<string, string> };
      };
      expect(refused.init.status).toBe(400);
      expect(refused.data.errors.photo).toMatch(/SVG images are not accepted/);
      expect(refused.data.values.name).toBe("Pat Photo");
      // A 1x1 PNG: accepted by its signature, stored under a name the server chose.
      const png = Buffer.from(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
        "base64",
      );
      await post(new Blob([new Uint8Array(png)], { type: "image/png" }), "../../evil.png");
      const [saved] = await conn()
        .select()
        .from(facultyProfile)
        .where(eq(facultyProfile.userId, person.id));
      expect(saved!.name).toBe("Pat Photo");
      expect(saved!.photoUrl).toMatch(/^\/media\/[0-9a-f-]{36}\.png$/);
    } finally {
      delete process.env.UPLOADS_DIR;
      await rm(uploads, { recursive: true, force: true });
    }
  });
});
