import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, post, postAuthor, user } from "~db/schema";
import { findPublishedPost } from "~/models/post.server";
import { action as newPostAction, loader as studioLoader } from "~/routes/studio._index";
import { action as editAction, loader as editLoader } from "~/routes/studio.posts.$id";
import { action as autosaveAction } from "~/routes/studio.posts.$id_.autosave";
import { action as previewAction } from "~/routes/studio.preview";
import {
  createAttendee,
  createFaculty,
  createPost,
  createUser,
  dstWeekFestival,
  type FacultyRow,
} from "~tests/factories";
import { multipartRequest, SVG, TINY_PNG } from "~tests/helpers/images";
import { callRoute } from "~tests/helpers/remix";
import { organiserCookie, signedInCookie } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";

const testDb = withTestDatabase();
const db = () => testDb.handle.db;
let week: Awaited<ReturnType<typeof dstWeekFestival>>;
let ann: FacultyRow;
let ben: FacultyRow;
let annCookie: string;
let benCookie: string;

beforeAll(async () => {
  week = await dstWeekFestival(db());
  ann = await createFaculty(db(), week.festival, { name: "Ann Author", slug: "ann-author" });
  ben = await createFaculty(db(), week.festival, { name: "Ben Writer", slug: "ben-writer" });
  // Ann writes from New York: she schedules in her own zone.
  await db().update(user).set({ timeZone: "America/New_York" }).where(eq(user.id, ann.userId));
  annCookie = await signedInCookie(ann.userId);
  benCookie = await signedInCookie(ben.userId);
});

async function newDraft(cookie: string): Promise<string> {
  const res = await callRoute(newPostAction, "/studio", { cookie, form: {} });
  expect(res.status).toBe(303);
  const id = /\/studio\/posts\/([0-9a-f-]{36})$/.exec(res.headers.get("Location") ?? "")?.[1];
  expect(id).toBeTruthy();
  return id!;
}

type EditorData = {
  post: { revision: number; state: string; copy: Record<string, unknown>; slug: string };
  schedule: { zone: string };
};

async function openEditor(id: string, cookie: string) {
  return callRoute<EditorData>(editLoader, `/studio/posts/${id}`, { params: { id }, cookie });
}

type EditResult = { errors: Record<string, string>; message: string | null };

function submit(id: string, cookie: string, form: [string, string][]) {
  return callRoute<EditResult>(editAction, `/studio/posts/${id}`, { params: { id }, cookie, form });
}

const fieldsFor = (over: Record<string, string> = {}): [string, string][] =>
  Object.entries({
    title: "Why networks matter",
    slug: "",
    summary: "Purpose before structure.",
    body: "## Start with purpose\n\nNetworks that last know **why** they exist.",
    tags: "Purpose, networks",
    coverImageUrl: "",
    coverImageAlt: "",
    ...over,
  });

describe("who may use the studio", () => {
  it("sends visitors to sign in and refuses attendees", async () => {
    const anonymous = await callRoute(studioLoader, "/studio");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=%2Fstudio/);
    const attendee = await createAttendee(db(), week.festival);
    const refused = await callRoute(studioLoader, "/studio", {
      cookie: await signedInCookie(attendee.id),
    });
    expect(refused.status).toBe(403);
    const refusedNew = await callRoute(newPostAction, "/studio", {
      cookie: await signedInCookie(attendee.id),
      form: {},
    });
    expect(refusedNew.status).toBe(403);
  });

  it("asks an organiser for the second factor first", async () => {
    const organiser = await createUser(db(), { isOrganiser: true });
    const res = await callRoute(studioLoader, "/studio", {
      cookie: await signedInCookie(organiser.id),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toMatch(/^\/admin\/security\/enrol\?redirectTo=%2Fstudio/);
  });

  it("never lets a faculty member open, autosave, edit or unpublish another's post", async () => {
    const id = await newDraft(annCookie);
    expect((await openEditor(id, benCookie)).status).toBe(403);
    const autosave = await callRoute(autosaveAction, `/studio/posts/${id}/autosave`, {
      params: { id },
      cookie: benCookie,
      form: { revision: "0", title: "Ben was here", body: "x" },
    });
    expect(autosave.status).toBe(403);
    expect(
      (await submit(id, benCookie, [["intent", "save"], ["revision", "0"], ...fieldsFor()])).status,
    ).toBe(403);
    expect(
      (
        await submit(id, benCookie, [
          ["intent", "unpublish"],
          ["revision", "0"],
        ])
      ).status,
    ).toBe(403);
    const [row] = await db().select().from(post).where(eq(post.id, id));
    expect(row!.title).toBe("");
    expect(row!.workingCopy).toBeNull();
    // Ben's studio lists only his own posts.
    const list = await callRoute<{ posts: { id: string }[] }>(studioLoader, "/studio", {
      cookie: benCookie,
    });
    expect(list.data!.posts.map((p) => p.id)).not.toContain(id);
  });

  it("answers 404 for a malformed or unknown post id", async () => {
    for (const id of ["nope", "00000000-0000-4000-8000-000000000000", "../../etc"]) {
      expect((await openEditor(id, annCookie)).status).toBe(404);
    }
  });
});

describe("writing a post", () => {
  let id: string;

  it("starts a draft with the writer as its author", async () => {
    id = await newDraft(annCookie);
    const authors = await db().select().from(postAuthor).where(eq(postAuthor.postId, id));
    expect(authors.map((a) => a.facultyId)).toEqual([ann.id]);
    const editor = await openEditor(id, annCookie);
    expect(editor.status).toBe(200);
    expect(editor.data!.post.state).toBe("draft");
    expect(editor.data!.schedule.zone).toBe("America/New_York");
  });

  it("autosaves what is typed without changing what readers see", async () => {
    const res = await callRoute<{ ok: boolean }>(autosaveAction, `/studio/posts/${id}/autosave`, {
      params: { id },
      cookie: annCookie,
      form: [["revision", "0"], ...fieldsFor({ title: "Half a tit" })],
    });
    expect(res.data).toMatchObject({ ok: true });
    const [row] = await db().select().from(post).where(eq(post.id, id));
    expect(row!.title).toBe("");
    expect(row!.workingCopy).toMatchObject({ title: "Half a tit", tags: "Purpose, networks" });
    // The editor reopens on the autosaved text.
    const editor = await openEditor(id, annCookie);
    expect(editor.data!.post.copy).toMatchObject({ title: "Half a tit" });
  });

  it("shows each refusal next to its field and keeps everything typed", async () => {
    const res = await submit(id, annCookie, [
      ["intent", "publish"],
      ["revision", "0"],
      ...fieldsFor({
        title: "",
        slug: "Not A Slug!",
        coverImageUrl: "http://insecure.example/cover.jpg",
        tags: "a,b,c,d,e,f,g,h,i,j,k",
        body: "Kept text",
      }),
    ]);
    expect(res.status).toBe(400);
    expect(Object.keys(res.data!.errors).sort()).toEqual([
      "coverImageUrl",
      "slug",
      "tags",
      "title",
    ]);
    expect(res.data!.errors.title).toBe("Give the post a title.");
    const [row] = await db().select().from(post).where(eq(post.id, id));
    expect(row!.status).toBe("draft");
    expect(row!.workingCopy).toMatchObject({ body: "Kept text" });
  });

  it("asks for a text alternative when there is a cover image", async () => {
    const res = await submit(id, annCookie, [
      ["intent", "save"],
      ["revision", "0"],
      ...fieldsFor({ coverImageUrl: "https://images.example.org/cover.jpg" }),
    ]);
    expect(res.status).toBe(400);
    expect(res.data!.errors).toEqual({
      coverImageAlt: "Describe the cover image for people who cannot see it.",
    });
  });

  it("publishes now, with the address made from the title and tags tidied", async () => {
    const res = await submit(id, annCookie, [
      ["intent", "publish"],
      ["revision", "0"],
      ...fieldsFor(),
    ]);
    expect(res.status).toBe(200);
    expect(res.data!.message).toBe("Published: the post is live.");
    const [row] = await db().select().from(post).where(eq(post.id, id));
    expect(row).toMatchObject({
      slug: "why-networks-matter",
      status: "published",
      tags: ["purpose", "networks"],
      workingCopy: null,
      revision: 1,
    });
    const found = await findPublishedPost(week.festival.id, "why-networks-matter", new Date());
    expect(found.kind).toBe("post");
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, id), eq(auditLog.action, "post.publish")));
    expect(audit!.summary).toBe('Published "Why networks matter"');
  });

  it("refuses an autosave from an editor opened before the last save", async () => {
    const res = await callRoute<{ ok: boolean; error: string }>(
      autosaveAction,
      `/studio/posts/${id}/autosave`,
      {
        params: { id },
        cookie: annCookie,
        form: [["revision", "0"], ...fieldsFor({ body: "stale" })],
      },
    );
    expect(res.status).toBe(409);
    expect(res.data!.error).toMatch(
      /saved this post at .* New York time \(UTC−[45]\), after you opened it/,
    );
    const [row] = await db().select().from(post).where(eq(post.id, id));
    expect(row!.workingCopy).toBeNull();
  });

  it("keeps the old address leading to the post when the slug changes", async () => {
    const res = await submit(id, annCookie, [
      ["intent", "save"],
      ["revision", "1"],
      ...fieldsFor({ slug: "networks-purpose", title: "Why networks matter, revised" }),
    ]);
    expect(res.data!.message).toBe("Post updated: readers see the new version.");
    expect(await findPublishedPost(week.festival.id, "why-networks-matter", new Date())).toEqual({
      kind: "redirect",
      slug: "networks-purpose",
    });
    const [row] = await db().select().from(post).where(eq(post.id, id));
    expect(row!.contentUpdatedAt).not.toBeNull();
  });

  it("refuses an address another post already has", async () => {
    await createPost(db(), week.festival, { slug: "taken-address", authors: [ben] });
    const res = await submit(id, annCookie, [
      ["intent", "save"],
      ["revision", "2"],
      ...fieldsFor({ slug: "taken-address" }),
    ]);
    expect(res.status).toBe(400);
    expect(res.data!.errors.slug).toMatch(/Another post already lives at \/blog\/taken-address/);
  });

  it("keeps the writer on the byline even when they untick themselves", async () => {
    const res = await submit(id, annCookie, [
      ["intent", "save"],
      ["revision", "2"],
      ...fieldsFor({ slug: "networks-purpose" }),
      ["authorIds", ben.id],
    ]);
    expect(res.status).toBe(200);
    const authors = await db()
      .select()
      .from(postAuthor)
      .where(eq(postAuthor.postId, id))
      .orderBy(postAuthor.position);
    expect(authors.map((a) => a.facultyId)).toEqual([ann.id, ben.id]);
  });
});

describe("scheduling", () => {
  let id: string;
  beforeAll(async () => {
    id = await newDraft(annCookie);
  });

  it("takes the time in the author's zone and refuses a time in the spring gap", async () => {
    const gap = await submit(id, annCookie, [
      ["intent", "schedule"],
      ["revision", "0"],
      ...fieldsFor({ title: "Spring piece", slug: "spring-piece" }),
      ["publishDate", "2027-03-14"],
      ["publishTime", "02:30"],
    ]);
    expect(gap.status).toBe(400);
    expect(gap.data!.errors.publishTime).toMatch(
      /02:30 does not exist on Sunday 14 March 2027 in New York time/,
    );

    const ok = await submit(id, annCookie, [
      ["intent", "schedule"],
      ["revision", "0"],
      ...fieldsFor({ title: "Spring piece", slug: "spring-piece" }),
      ["publishDate", "2027-03-15"],
      ["publishTime", "09:00"],
    ]);
    expect(ok.status).toBe(200);
    expect(ok.data!.message).toBe(
      "Scheduled: the post appears at Mon 15 Mar 2027, 09:00 New York time (UTC−4).",
    );
    const [row] = await db().select().from(post).where(eq(post.id, id));
    expect(row!.publishAt!.toISOString()).toBe("2027-03-15T13:00:00.000Z");
    // Invisible until then, visible from that minute.
    const before = new Date("2027-03-15T12:59:59Z");
    const at = new Date("2027-03-15T13:00:00Z");
    expect((await findPublishedPost(week.festival.id, "spring-piece", before)).kind).toBe(
      "missing",
    );
    expect((await findPublishedPost(week.festival.id, "spring-piece", at)).kind).toBe("post");
  });

  it("refuses a time that has passed", async () => {
    const res = await submit(id, annCookie, [
      ["intent", "schedule"],
      ["revision", "1"],
      ...fieldsFor({ title: "Spring piece", slug: "spring-piece" }),
      ["publishDate", "2020-01-01"],
      ["publishTime", "09:00"],
    ]);
    expect(res.status).toBe(400);
    expect(res.data!.errors.publishTime).toMatch(/has already passed/);
  });

  it("lets an organiser unpublish anyone's post, and a published post cannot be deleted", async () => {
    const organiser = await createUser(db(), { email: "olu@example.test" });
    const cookie = await organiserCookie(organiser.id);
    expect((await openEditor(id, cookie)).status).toBe(200);
    const refused = await submit(id, cookie, [
      ["intent", "delete"],
      ["revision", "1"],
    ]);
    expect(refused.status).toBe(409);
    const res = await submit(id, cookie, [
      ["intent", "unpublish"],
      ["revision", "1"],
    ]);
    expect(res.data!.message).toMatch(/^Unpublished/);
    const [row] = await db().select().from(post).where(eq(post.id, id));
    expect(row).toMatchObject({ status: "draft", publishAt: null });
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, id), eq(auditLog.action, "post.unpublish")));
    expect(audit!.actorEmail).toBe("olu@example.test");
    const deleted = await submit(id, annCookie, [
      ["intent", "delete"],
      ["revision", "2"],
    ]);
    expect(deleted.status).toBe(303);
    expect(await db().select().from(post).where(eq(post.id, id))).toEqual([]);
  });
});

describe("the live preview", () => {
  it("renders through the public sanitiser, for studio users only", async () => {
    const res = await callRoute<{ html: string }>(previewAction, "/studio/preview", {
      cookie: annCookie,
      form: { body: "## Hi\n\n<script>alert(1)</script><img src=x onerror=alert(1)>" },
    });
    expect(res.data!.html).toContain('<h2 id="hi">Hi');
    expect(res.data!.html).not.toMatch(/<script|onerror/);
    const anonymous = await callRoute(previewAction, "/studio/preview", { form: { body: "x" } });
    expect(anonymous.status).toBe(303);
  });
});

describe("the cover image", () => {
  const uploads = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-covers-"));
  const previous = process.env.UPLOADS_DIR;
  beforeAll(() => {
    process.env.UPLOADS_DIR = uploads;
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.UPLOADS_DIR;
    else process.env.UPLOADS_DIR = previous;
    fs.rmSync(uploads, { recursive: true, force: true });
  });

  async function upload(id: string, file: File, alt = "A river at dawn") {
    let result: unknown;
    try {
      result = await editAction({
        request: multipartRequest(
          `/studio/posts/${id}`,
          [
            ["intent", "save"],
            ["revision", "0"],
            ...fieldsFor({ coverImageAlt: alt }),
            ["coverImage", file],
          ],
          annCookie,
        ),
        params: { id },
        context: {},
      });
    } catch (thrown) {
      result = thrown;
    }
    return result as { data: EditResult; init: ResponseInit | null };
  }

  it("stores an uploaded image under a name of its own and serves it from /media", async () => {
    const id = await newDraft(annCookie);
    const result = await upload(
      id,
      new File([new Uint8Array(TINY_PNG)], "../../river.png", { type: "image/png" }),
    );
    expect(result.data.message).toBe("Draft saved.");
    const [row] = await db().select().from(post).where(eq(post.id, id));
    expect(row!.coverImageUrl).toMatch(/^\/media\/[0-9a-f-]{36}\.png$/);
    expect(fs.readdirSync(uploads)).toEqual([row!.coverImageUrl!.slice("/media/".length)]);
  });

  it("refuses an SVG and a renamed non-image next to the field, keeping the text", async () => {
    const id = await newDraft(annCookie);
    const svg = await upload(
      id,
      new File([new Uint8Array(SVG)], "cover.png", { type: "image/png" }),
    );
    expect(svg.init?.status).toBe(400);
    expect(svg.data.errors.coverImage).toMatch(/SVG images are not accepted/);
    const text = await upload(id, new File(["just text"], "cover.jpg", { type: "image/jpeg" }));
    expect(text.data.errors.coverImage).toMatch(/not a PNG, JPEG or WebP/);
    const [row] = await db().select().from(post).where(eq(post.id, id));
    expect(row!.coverImageUrl).toBeNull();
    expect(row!.workingCopy).toMatchObject({ title: "Why networks matter" });
  });

  it("refuses an image over 3 MB", async () => {
    const id = await newDraft(annCookie);
    const big = new Uint8Array(3 * 1024 * 1024 + 1);
    big.set(TINY_PNG);
    const result = await upload(id, new File([big], "huge.png", { type: "image/png" }));
    expect(result.data.errors.coverImage).toMatch(/too large: at most 3 MB/);
  });
});
