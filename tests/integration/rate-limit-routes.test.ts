import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  entry,
  facultyProfile,
  festival as festivalTable,
  festivalRegistration,
  post,
  rateLimit,
  resource,
  vote,
  webinarRegistration,
} from "~db/schema";
import { CLIENT_IP_HEADER } from "~/lib/client-ip.server";
import { RATE_LIMITS, type LimitName } from "~/lib/rate-limit.server";
import { action as organiserRegistrationsAction } from "~/routes/admin.registrations.$webinarId";
import { action as resourceNewAction } from "~/routes/admin.resources.new";
import { action as settingsAction } from "~/routes/admin.settings";
import { action as facultyProfileAction } from "~/routes/me.faculty-profile";
import { action as enterAction } from "~/routes/network90.enter";
import { action as voteAction } from "~/routes/network90.entries.$id";
import { action as festivalRegisterAction } from "~/routes/register";
import { action as studioAction } from "~/routes/studio.posts.$id";
import { action as webinarRegisterAction } from "~/routes/webinars.$slug_.register";
import {
  createCompetition,
  createEntry,
  createFaculty,
  createFestival,
  createPost,
  createRegistration,
  createUser,
  createWebinar,
  type FestivalRow,
  type WebinarRow,
} from "~tests/factories";
import { TINY_PNG } from "~tests/helpers/images";
import { callRoute, type RouteResult } from "~tests/helpers/remix";
import { organiserCookie, signedInCookie } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";
import { isoVideo } from "~tests/helpers/videos";

/**
 * Each limited action, refused at the route once its limit is used up: 429
 * with Retry-After, the message where the person acted, what they typed
 * kept, and nothing saved. The limit is used up by writing the counter as
 * the limiter would after that many actions.
 */
const testDb = withTestDatabase();
const db = () => testDb.handle.db;
const dirs = {
  uploads: fs.mkdtempSync(path.join(os.tmpdir(), "meridian-limit-uploads-")),
  storage: fs.mkdtempSync(path.join(os.tmpdir(), "meridian-limit-storage-")),
};
const previous = { uploads: process.env.UPLOADS_DIR, storage: process.env.STORAGE_DIR };
let festival: FestivalRow;
let talk: WebinarRow;
const day = 86_400_000;

beforeAll(async () => {
  process.env.UPLOADS_DIR = dirs.uploads;
  process.env.STORAGE_DIR = dirs.storage;
  festival = await createFestival(db(), { registrationOpen: true });
  talk = await createWebinar(db(), festival, { slug: "mapping-networks" });
});

afterAll(() => {
  for (const [name, value] of [
    ["UPLOADS_DIR", previous.uploads],
    ["STORAGE_DIR", previous.storage],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  for (const dir of Object.values(dirs)) fs.rmSync(dir, { recursive: true, force: true });
});

/** The counter as it stands after `name`'s whole allowance has been spent by this key. */
async function useUp(name: LimitName, scope: "person" | "ip", id: string) {
  const window = scope === "person" ? RATE_LIMITS[name].perPerson : RATE_LIMITS[name].perIp;
  await db()
    .insert(rateLimit)
    .values({
      key: `${name}:${scope}:${id}`,
      points: window.points,
      expire: new Date(Date.now() + 5 * 60_000),
    });
}

function expectLimited(res: RouteResult, text: string) {
  expect(res.status).toBe(429);
  const wait = Number(res.headers.get("Retry-After"));
  expect(wait).toBeGreaterThan(0);
  expect(wait).toBeLessThanOrEqual(5 * 60);
  expect(text).toMatch(/^Too many .* in a short time\. Nothing was saved: please wait \d+ /);
}

const resourceCount = async () => (await db().select({ n: count() }).from(resource))[0]!.n;

describe("registration", () => {
  it("refuses a webinar registration past the person's limit, saying so on the page", async () => {
    const person = await createUser(db());
    await db().insert(festivalRegistration).values({ festivalId: festival.id, userId: person.id });
    await useUp("registration", "person", person.id);
    const res = await callRoute<{ error: string }>(
      webinarRegisterAction,
      `/webinars/${talk.slug}/register`,
      {
        params: { slug: talk.slug },
        cookie: await signedInCookie(person.id),
        form: { intent: "register" },
      },
    );
    expectLimited(res, res.data!.error);
    const saved = await db()
      .select()
      .from(webinarRegistration)
      .where(eq(webinarRegistration.userId, person.id));
    expect(saved).toEqual([]);
  });

  it("refuses the festival form past the address's limit, keeping what was typed", async () => {
    const person = await createUser(db());
    await useUp("registration", "ip", "203.0.113.50");
    const res = await callRoute<{ error: string; values: Record<string, string> }>(
      festivalRegisterAction,
      "/register",
      {
        cookie: await signedInCookie(person.id),
        headers: { [CLIENT_IP_HEADER]: "203.0.113.50" },
        form: { name: "Nia Network", organisation: "Riverside", privacy: "on" },
      },
    );
    expectLimited(res, res.data!.error);
    expect(res.data!.values).toMatchObject({ name: "Nia Network", organisation: "Riverside" });
    const saved = await db()
      .select()
      .from(festivalRegistration)
      .where(eq(festivalRegistration.userId, person.id));
    expect(saved).toEqual([]);
  });
});

describe("organisers in the back office", () => {
  it("are not limited on registration changes, whatever their own counters say", async () => {
    const boss = await createUser(db());
    const cookie = await organiserCookie(boss.id);
    await useUp("registration", "person", boss.id);
    await useUp("registration", "ip", "192.0.2.44");
    const coming = await createWebinar(db(), festival, {
      startsAt: new Date(Date.now() + 7 * day),
    });
    const attendee = await createUser(db());
    const place = await createRegistration(db(), coming, attendee);
    const res = await callRoute<{ done: string }>(
      organiserRegistrationsAction,
      `/admin/registrations/${coming.id}`,
      {
        params: { webinarId: coming.id },
        cookie,
        headers: { [CLIENT_IP_HEADER]: "192.0.2.44" },
        form: { intent: "cancel", registrationId: place.id, confirm: "yes" },
      },
    );
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    expect(res.data!.done).toBe("cancelled");
    const [after] = await db()
      .select()
      .from(webinarRegistration)
      .where(eq(webinarRegistration.id, place.id));
    expect(after!.status).toBe("cancelled");
  });
});

describe("Network90 votes", () => {
  it("refuses a vote past the address's limit, next to the button, without counting it", async () => {
    await createCompetition(db(), festival, {
      entriesCloseAt: new Date(Date.now() - 3 * day),
      votingOpensAt: new Date(Date.now() - day),
      votingClosesAt: new Date(Date.now() + day),
    });
    const candidate = await createEntry(db(), festival, { public: true });
    const person = await createUser(db());
    await useUp("vote", "ip", "198.51.100.7");
    const res = await callRoute<{ error: string; reason: string }>(
      voteAction,
      `/network90/entries/${candidate.id}`,
      {
        params: { id: candidate.id },
        cookie: await signedInCookie(person.id),
        headers: { [CLIENT_IP_HEADER]: "198.51.100.7" },
        form: {},
      },
    );
    expectLimited(res, res.data!.error);
    expect(res.data!.reason).toBe("rate-limit");
    expect(await db().select().from(vote).where(eq(vote.entryId, candidate.id))).toEqual([]);
  });
});

describe("uploads", () => {
  it("refuses a Network90 video past the person's upload limit, next to the field", async () => {
    const person = await createUser(db());
    const mine = await createEntry(db(), festival, { userId: person.id });
    await useUp("upload", "person", person.id);
    const body = new FormData();
    body.append("intent", "video");
    body.append("video", new File([new Uint8Array(isoVideo(30))], "ours.mp4"));
    const res = await callRoute<{ errors: Record<string, string> }>(
      enterAction,
      "/network90/enter",
      { cookie: await signedInCookie(person.id), multipart: body },
    );
    expectLimited(res, res.data!.errors.video!);
    const [after] = await db().select().from(entry).where(eq(entry.id, mine.id));
    expect(after!.videoKey).toBeNull();
  });

  it("refuses a resource file past the organiser's upload limit, keeping the typed fields", async () => {
    const boss = await createUser(db());
    const cookie = await organiserCookie(boss.id);
    await useUp("upload", "person", boss.id);
    const body = new FormData();
    const fields: Record<string, string> = {
      title: "Network mapping toolkit",
      slug: "",
      description: "How to map.",
      kind: "file",
      url: "",
      licence: "CC-BY-4.0",
      releaseDate: "2026-10-23",
      releaseTime: "09:00",
      tags: "",
    };
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    body.append("file", new File([new Uint8Array(Buffer.from("%PDF-1.4\n%%EOF\n"))], "t.pdf"));
    const before = await resourceCount();
    const res = await callRoute<{ errors: Record<string, string>; values: Record<string, string> }>(
      resourceNewAction,
      "/admin/resources/new",
      { cookie, multipart: body },
    );
    expectLimited(res, res.data!.errors.file!);
    expect(res.data!.values.title).toBe("Network mapping toolkit");
    expect(await resourceCount()).toBe(before);
  });

  it("refuses a faculty photo past the limit, keeping the words", async () => {
    const profile = await createFaculty(db(), festival, { bio: "Before." });
    await useUp("upload", "person", profile.userId!);
    const body = new FormData();
    body.append("name", profile.name);
    body.append("title", "Network lead");
    body.append("location", "Leeds, UK");
    body.append("bio", "After.");
    body.append("photo", new File([new Uint8Array(TINY_PNG)], "me.png", { type: "image/png" }));
    const res = await callRoute<{ errors: Record<string, string>; values: { bio: string } }>(
      facultyProfileAction,
      "/me/faculty-profile",
      { cookie: await signedInCookie(profile.userId!), multipart: body },
    );
    expectLimited(res, res.data!.errors.photo!);
    expect(res.data!.values.bio).toBe("After.");
    const [after] = await db()
      .select()
      .from(facultyProfile)
      .where(eq(facultyProfile.id, profile.id));
    expect(after!.bio).toBe("Before.");
    expect(after!.photoUrl).toBe(profile.photoUrl);
    expect(fs.readdirSync(dirs.uploads)).toEqual([]);
  });

  it("refuses a studio cover image past the limit, giving the typed post back", async () => {
    const boss = await createUser(db());
    const cookie = await organiserCookie(boss.id);
    const draft = await createPost(db(), festival, { status: "draft", title: "Before" });
    await useUp("upload", "person", boss.id);
    const body = new FormData();
    body.append("intent", "save");
    body.append("revision", String(draft.revision));
    body.append("title", "Typed title");
    body.append("body", "Typed body");
    body.append("coverImage", new File([new Uint8Array(TINY_PNG)], "c.png", { type: "image/png" }));
    const res = await callRoute<{ errors: Record<string, string>; copy: { title: string } }>(
      studioAction,
      `/studio/posts/${draft.id}`,
      { params: { id: draft.id }, cookie, multipart: body },
    );
    expectLimited(res, res.data!.errors.coverImage!);
    expect(res.data!.copy.title).toBe("Typed title");
    const [after] = await db().select().from(post).where(eq(post.id, draft.id));
    expect(after!.title).toBe("Before");
    expect(after!.revision).toBe(draft.revision);
  });

  it("refuses a festival logo past the limit, changing none of the settings", async () => {
    const boss = await createUser(db());
    const cookie = await organiserCookie(boss.id);
    await useUp("upload", "person", boss.id);
    const body = new FormData();
    body.append("name", "Renamed festival");
    body.append("logo", new File([new Uint8Array(TINY_PNG)], "logo.png", { type: "image/png" }));
    const res = await callRoute<{ errors: Record<string, string>; values: { name: string } }>(
      settingsAction,
      "/admin/settings",
      { cookie, multipart: body },
    );
    expectLimited(res, res.data!.errors.logo!);
    expect(res.data!.values.name).toBe("Renamed festival");
    const [after] = await db()
      .select()
      .from(festivalTable)
      .where(eq(festivalTable.id, festival.id));
    expect(after!.name).toBe(festival.name);
    expect(after!.logoFile).toBe(festival.logoFile);
  });
});
