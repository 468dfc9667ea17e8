import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, speaker } from "~db/schema";
import { loader as mediaLoader } from "~/routes/media.$file";
import { action as editAction, loader as editLoader } from "~/routes/admin.speakers.$id";
import { action as listAction, loader as listLoader } from "~/routes/admin.speakers._index";
import { createFestival, createSpeaker, createUser, type FestivalRow } from "~tests/factories";
import { multipartRequest, SVG, TINY_JPEG, TINY_PNG } from "~tests/helpers/images";
import { callRoute } from "~tests/helpers/remix";
import { organiserCookie, signedInCookie, TEST_TOTP_SECRET } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";

/** Guest speakers through their pages, photos uploaded as a browser sends them (multipart). */
const testDb = withTestDatabase();
let festival: FestivalRow;
let other: FestivalRow;
let cookie: string;
let uploads: string;
const previousDir = process.env.UPLOADS_DIR;

beforeAll(async () => {
  uploads = await mkdtemp(path.join(tmpdir(), "meridian-speakers-"));
  process.env.UPLOADS_DIR = uploads;
  other = await createFestival(testDb.handle.db, { startsOn: "2025-01-01", endsOn: "2025-01-05" });
  festival = await createFestival(testDb.handle.db, {
    startsOn: "2026-10-21",
    endsOn: "2026-10-28",
  });
  cookie = await organiserCookie((await createUser(testDb.handle.db)).id);
});
afterAll(async () => {
  if (previousDir === undefined) delete process.env.UPLOADS_DIR;
  else process.env.UPLOADS_DIR = previousDir;
  await rm(uploads, { recursive: true, force: true });
});

type Reply = { errors: Record<string, string>; values: Record<string, string> };

/** Calls an action with a multipart request, as Remix would, catching thrown responses. */
async function post(
  fn: typeof listAction | typeof editAction,
  url: string,
  fields: [string, string | File][],
  params: Record<string, string> = {},
  as = cookie,
) {
  let result: unknown;
  try {
    result = await fn({ request: multipartRequest(url, fields, as), params, context: {} });
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) return { status: result.status, headers: result.headers };
  const init = result as { data: Reply; init: ResponseInit | null };
  return { status: init.init?.status ?? 200, data: init.data, headers: new Headers() };
}

const png = (bytes: Buffer = TINY_PNG, name = "photo.png", type = "image/png") =>
  new File([new Uint8Array(bytes)], name, { type });
const noFile = () => new File([], "", { type: "application/octet-stream" });

const fields = (over: Record<string, string> = {}, photo: File = noFile()) =>
  [
    ...Object.entries({
      name: "Ada Lovelace",
      organisation: "Analytical Engines",
      location: "London, UK",
      bio: "Wrote the first program.",
      ...over,
    }),
    ["photo", photo],
  ] as [string, string | File][];

const rows = () =>
  testDb.handle.db.select().from(speaker).where(eq(speaker.festivalId, festival.id));

describe("adding a guest speaker", () => {
  it("stores a real photo under a new name, serves it, and logs the change", async () => {
    const res = await post(listAction, "/admin/speakers", fields({}, png()));
    expect(res.status).toBe(303);
    const id = res.headers
      .get("Location")!
      .match(/\/admin\/speakers\/([0-9a-f-]{36})\?saved=1/)![1]!;
    const [row] = await testDb.handle.db.select().from(speaker).where(eq(speaker.id, id));
    expect(row).toMatchObject({
      name: "Ada Lovelace",
      slug: "ada-lovelace",
      organisation: "Analytical Engines",
      location: "London, UK",
    });
    const name = row!.photoUrl!.replace("/media/", "");
    expect(name).toMatch(/^[0-9a-f-]{36}\.png$/);
    expect(await readdir(uploads)).toContain(name);
    const served = (await mediaLoader({
      request: new Request(`http://localhost${row!.photoUrl}`),
      params: { file: name },
      context: {},
    })) as Response;
    expect(served.headers.get("Content-Type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer())).toEqual(TINY_PNG);
    const [audit] = await testDb.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subjectId, id));
    expect(audit).toMatchObject({
      action: "speaker.create",
      summary: "Added the guest speaker Ada Lovelace",
    });
    // A second Ada gets her own address.
    const again = await post(listAction, "/admin/speakers", fields());
    const secondId = again.headers.get("Location")!.split("/").pop()!.split("?")[0]!;
    const [second] = await testDb.handle.db.select().from(speaker).where(eq(speaker.id, secondId));
    expect(second!.slug).toBe("ada-lovelace-2");
    expect(second!.photoUrl).toBeNull();
  });

  it("refuses text posing as a PNG, an SVG and an oversized photo next to the field, keeping the words", async () => {
    const before = (await rows()).length;
    const filesBefore = await readdir(uploads);
    const cases: [File, string][] = [
      [
        png(Buffer.from("<html>not an image</html>")),
        "This file is not a PNG, JPEG or WebP image.",
      ],
      [png(SVG, "logo.svg", "image/svg+xml"), "SVG images are not accepted"],
      [
        png(Buffer.concat([TINY_PNG, Buffer.alloc(3 * 1024 * 1024)]), "huge.png"),
        "The image is too large: at most 2 MB.",
      ],
    ];
    for (const [file, message] of cases) {
      const res = await post(listAction, "/admin/speakers", fields({ name: "Grace Hopper" }, file));
      expect(res.status, message).toBe(400);
      expect(res.data!.errors.photo).toContain(message);
      expect(res.data!.values).toMatchObject({
        name: "Grace Hopper",
        bio: "Wrote the first program.",
      });
    }
    expect((await rows()).length).toBe(before);
    expect(await readdir(uploads)).toEqual(filesBefore);
  });

  it("checks the words, and stores no photo while they are wrong", async () => {
    const filesBefore = await readdir(uploads);
    const res = await post(
      listAction,
      "/admin/speakers",
      fields({ name: " ", location: "x".repeat(201), bio: "b".repeat(5001) }, png()),
    );
    expect(res.status).toBe(400);
    expect(res.data!.errors).toEqual({
      name: "Enter the speaker's name.",
      location: "Keep the country or location under 200 characters.",
      bio: "Keep the bio under 5,000 characters.",
    });
    expect(await readdir(uploads)).toEqual(filesBefore);
  });
});

describe("editing a guest speaker", () => {
  it("replaces and removes the photo, logging only what changed", async () => {
    const s = await createSpeaker(testDb.handle.db, festival, { name: "Tom Whitfield" });
    const url = `/admin/speakers/${s.id}`;
    const page = await callRoute<{ speaker: { name: string } }>(editLoader, url, {
      cookie,
      params: { id: s.id },
    });
    expect(page.data!.speaker.name).toBe("Tom Whitfield");
    const jpeg = new File([new Uint8Array(TINY_JPEG)], "tom.png", { type: "image/png" });
    const res = await post(editAction, url, fields({ name: "Tom Whitfield" }, jpeg), { id: s.id });
    expect(res.status).toBe(303);
    let [row] = await testDb.handle.db.select().from(speaker).where(eq(speaker.id, s.id));
    // Stored as what it is (a JPEG), whatever the browser called it.
    expect(row!.photoUrl).toMatch(/^\/media\/[0-9a-f-]{36}\.jpg$/);
    await post(editAction, url, [...fields({ name: "Tom Whitfield", removePhoto: "on" })], {
      id: s.id,
    });
    [row] = await testDb.handle.db.select().from(speaker).where(eq(speaker.id, s.id));
    expect(row!.photoUrl).toBeNull();
    const audit = await testDb.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subjectId, s.id))
      .orderBy(auditLog.createdAt);
    expect(audit.map((a) => a.action)).toEqual(["speaker.update", "speaker.update"]);
    expect(Object.keys(audit[1]!.after!)).toEqual(["photoUrl"]);
  });

  it("answers 404 for another festival's speaker and for ids that are not uuids, storing nothing", async () => {
    const elsewhere = await createSpeaker(testDb.handle.db, other, { name: "Not Ours" });
    const filesBefore = await readdir(uploads);
    for (const id of [elsewhere.id, "nope", "00000000-0000-4000-8000-000000000000"]) {
      const page = await callRoute(editLoader, `/admin/speakers/${id}`, { cookie, params: { id } });
      expect(page.status, id).toBe(404);
      const res = await post(editAction, `/admin/speakers/${id}`, fields({}, png()), { id });
      expect(res.status, id).toBe(404);
    }
    expect(await readdir(uploads)).toEqual(filesBefore);
    const [row] = await testDb.handle.db.select().from(speaker).where(eq(speaker.id, elsewhere.id));
    expect(row!.name).toBe("Not Ours");
  });
});

describe("who may manage speakers", () => {
  it("refuses anonymous visitors, attendees and organisers without the second factor, before reading any upload", async () => {
    const s = await createSpeaker(testDb.handle.db, festival);
    const attendee = await signedInCookie((await createUser(testDb.handle.db)).id);
    const unverified = await signedInCookie(
      (
        await createUser(testDb.handle.db, {
          isOrganiser: true,
          totpSecret: TEST_TOTP_SECRET,
          totpEnabledAt: new Date(),
        })
      ).id,
    );
    const filesBefore = await readdir(uploads);
    const checks: [
      string,
      (c: string | undefined) => Promise<{ status: number; headers: Headers }>,
    ][] = [
      ["list loader", (c) => callRoute(listLoader, "/admin/speakers", { cookie: c })],
      [
        "edit loader",
        (c) =>
          callRoute(editLoader, `/admin/speakers/${s.id}`, { cookie: c, params: { id: s.id } }),
      ],
      ["list action", (c) => post(listAction, "/admin/speakers", fields({}, png()), {}, c ?? "")],
      [
        "edit action",
        (c) =>
          post(editAction, `/admin/speakers/${s.id}`, fields({}, png()), { id: s.id }, c ?? ""),
      ],
    ];
    for (const [name, call] of checks) {
      const anonymous = await call(undefined);
      expect(anonymous.status, name).toBe(303);
      expect(anonymous.headers.get("Location"), name).toMatch(/^\/login/);
      expect((await call(attendee)).status, name).toBe(403);
      const second = await call(unverified);
      expect(second.status, name).toBe(303);
      expect(second.headers.get("Location"), name).toMatch(/^\/admin\/security\/verify/);
    }
    expect(await readdir(uploads)).toEqual(filesBefore);
  });
});
