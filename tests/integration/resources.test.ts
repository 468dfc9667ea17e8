import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, resource } from "~db/schema";
import { MAX_RESOURCE_BYTES } from "~/lib/document-types";
import { createTempFileUploadHandler } from "~/lib/resource-upload.server";
import {
  findReleasedResource,
  listReleasedResources,
  upcomingResources,
} from "~/models/resources.server";
import { action as editAction, loader as editLoader } from "~/routes/admin.resources.$id";
import { loader as adminListLoader } from "~/routes/admin.resources._index";
import { action as newAction, loader as newLoader } from "~/routes/admin.resources.new";
import { loader as pageLoader, meta as pageMeta } from "~/routes/resources.$slug";
import { loader as downloadLoader } from "~/routes/resources.$slug_.download";
import { loader as listLoader } from "~/routes/resources._index";
import { createFestival, createResource, type FestivalRow } from "~tests/factories";
import { accessCookies, expectGuarded, type AccessCookies } from "~tests/helpers/admin-access";
import { multipartRequest } from "~tests/helpers/images";
import { callRoute } from "~tests/helpers/remix";
import { withTestDatabase } from "~tests/helpers/test-database";
import { tinyPdf } from "~tests/helpers/zip";

/**
 * The resource library end to end on a real database: releases at their
 * time, licences, tags, counted downloads with ranges, and the back office's
 * uploads checked by their bytes and stored under names the server chose.
 */
const testDb = withTestDatabase();
const HOUR = 3_600_000;
let festival: FestivalRow;
let access: AccessCookies;
let storageDir: string;
let tempDir: string;
const previous = { STORAGE_DIR: process.env.STORAGE_DIR, TMPDIR: process.env.TMPDIR };

let realPdf: Buffer;

beforeAll(async () => {
  storageDir = await mkdtemp(path.join(tmpdir(), "meridian-resources-store-"));
  tempDir = await mkdtemp(path.join(tmpdir(), "meridian-resources-tmp-"));
  process.env.STORAGE_DIR = storageDir;
  // os.tmpdir() reads TMPDIR on each call: upload temp files land where the test can look.
  process.env.TMPDIR = tempDir;
  festival = await createFestival(testDb.handle.db, {
    name: "Networkfest",
    startsOn: "2026-10-21",
    endsOn: "2026-10-28",
    timeZone: "Europe/London",
  });
  access = await accessCookies(testDb.handle.db);
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]).drawText("Network mapping toolkit", { x: 10, y: 100, size: 10 });
  doc.setTitle("Network mapping toolkit");
  realPdf = Buffer.from(await doc.save());
});

afterAll(async () => {
  for (const [key, value] of Object.entries(previous)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await rm(storageDir, { recursive: true, force: true });
  await rm(tempDir, { recursive: true, force: true });
});

const rowById = async (id: string) =>
  (await testDb.handle.db.select().from(resource).where(eq(resource.id, id)))[0];

const storedFiles = async () => {
  try {
    return (await readdir(path.join(storageDir, "resources"))).sort();
  } catch {
    return [];
  }
};

/** Stores bytes as a resource file the way an upload would, for download tests. */
async function storedResource(bytes: Buffer, overrides: Parameters<typeof createResource>[2] = {}) {
  const key = `resources/${crypto.randomUUID()}.pdf`;
  await mkdir(path.join(storageDir, "resources"), { recursive: true });
  await writeFile(path.join(storageDir, key), bytes);
  return createResource(testDb.handle.db, festival, {
    url: null,
    fileKey: key,
    fileType: "pdf",
    fileBytes: bytes.length,
    fileName: "toolkit.pdf",
    ...overrides,
  });
}

/** A request to the download route as a browser or a download manager makes it. */
async function download(slug: string, init: { method?: string; range?: string } = {}) {
  const headers = new Headers();
  if (init.range) headers.set("Range", init.range);
  const request = new Request(`http://localhost:3000/resources/${slug}/download`, {
    method: init.method ?? "GET",
    headers,
  });
  let response: Response;
  try {
    response = (await downloadLoader({ request, params: { slug }, context: {} })) as Response;
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    response = thrown;
  }
  const body = init.method === "HEAD" ? Buffer.alloc(0) : Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body };
}

const downloadsOf = async (id: string) => (await rowById(id))!.downloads;

type Reply = { errors: Record<string, string>; values: Record<string, string> };

async function post(
  fn: typeof newAction | typeof editAction,
  url: string,
  fields: [string, string | File][],
  params: Record<string, string> = {},
  cookie = access.organiser,
) {
  let result: unknown;
  try {
    result = await fn({ request: multipartRequest(url, fields, cookie), params, context: {} });
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) return { status: result.status, headers: result.headers };
  const init = result as { data: Reply; init: ResponseInit | null };
  return { status: init.init?.status ?? 200, data: init.data, headers: new Headers() };
}

const pdfFile = (bytes: Buffer = realPdf, name = "toolkit.pdf", type = "application/pdf") =>
  new File([new Uint8Array(bytes)], name, { type });
const noFile = () => new File([], "", { type: "application/octet-stream" });

const formFields = (over: Record<string, string> = {}, file: File = noFile()) =>
  [
    ["file", file],
    ...Object.entries({
      title: "Network mapping toolkit",
      slug: "",
      description: "How to **map** your network.",
      kind: "file",
      url: "",
      licence: "CC-BY-SA-4.0",
      releaseDate: "2026-10-23",
      releaseTime: "09:00",
      tags: "Mapping, facilitation",
      ...over,
    }),
  ] as [string, string | File][];

const idFrom = (location: string | null) =>
  /\/admin\/resources\/([0-9a-f-]{36})\?saved=1$/.exec(location ?? "")![1]!;

describe("release at the release time (controlled clock)", () => {
  it("is missing a millisecond before releaseAt and there exactly at it", async () => {
    const releaseAt = new Date("2026-10-25T00:30:00Z");
    const row = await createResource(testDb.handle.db, festival, {
      slug: "clock-test",
      title: "Clock test",
      releaseAt,
    });
    const before = new Date(releaseAt.getTime() - 1);
    expect(await findReleasedResource(festival.id, "clock-test", before)).toBeNull();
    expect(
      (await listReleasedResources(festival.id, { now: before })).map((r) => r.id),
    ).not.toContain(row.id);
    expect((await upcomingResources(festival.id, before)).count).toBeGreaterThanOrEqual(1);
    expect((await findReleasedResource(festival.id, "clock-test", releaseAt))?.id).toBe(row.id);
    expect(
      (await listReleasedResources(festival.id, { now: releaseAt })).map((r) => r.id),
    ).toContain(row.id);
    await testDb.handle.db.delete(resource).where(eq(resource.id, row.id));
  });
});

describe("the public library", () => {
  it("lists released resources newest first with licence and tags, and only counts what is coming", async () => {
    const now = Date.now();
    await createResource(testDb.handle.db, festival, {
      slug: "older-guide",
      title: "Older guide",
      releaseAt: new Date(now - 48 * HOUR),
      tags: ["facilitation"],
    });
    await createResource(testDb.handle.db, festival, {
      slug: "newer-slides",
      title: "Newer slides",
      licence: "CC-BY-NC-SA-4.0",
      releaseAt: new Date(now - HOUR),
      tags: ["evaluation"],
    });
    for (const n of [1, 2, 3]) {
      await createResource(testDb.handle.db, festival, {
        slug: `secret-${n}`,
        title: `Secret reveal ${n}`,
        releaseAt: new Date(now + n * 24 * HOUR),
      });
    }
    const res = await callRoute<{
      resources: { slug: string; licence: { short: string; url: string; summary: string } }[];
      upcoming: { count: number; next: string };
      tags: { tag: string; count: number }[];
    }>(listLoader, "/resources");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toMatch(/^public/);
    const slugs = res.data!.resources.map((r) => r.slug);
    expect(slugs.indexOf("newer-slides")).toBeLessThan(slugs.indexOf("older-guide"));
    expect(res.data!.upcoming.count).toBe(3);
    expect(res.data!.upcoming.next).toMatch(/London time/);
    // Nothing of what is coming leaks: no title, no slug.
    expect(JSON.stringify(res.data)).not.toMatch(/secret/i);
    const slides = res.data!.resources.find((r) => r.slug === "newer-slides")!;
    expect(slides.licence).toMatchObject({
      short: "CC BY-NC-SA 4.0",
      url: "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    });
    expect(slides.licence.summary).toMatch(/non-commercially/);
    expect(res.data!.tags.map((t) => t.tag)).toEqual(
      expect.arrayContaining(["facilitation", "evaluation"]),
    );
  });

  it("filters by tag, and answers 404 with a message for a tag nobody uses or a malformed one", async () => {
    const tagged = await callRoute<{ resources: { slug: string }[]; tag: string }>(
      listLoader,
      "/resources?tag=Facilitation",
    );
    expect(tagged.status).toBe(200);
    expect(tagged.data!.tag).toBe("facilitation");
    expect(tagged.data!.resources.map((r) => r.slug)).toEqual(["older-guide"]);
    for (const url of [
      "/resources?tag=knitting",
      "/resources?tag=%3Cscript%3E",
      `/resources?tag=${"x".repeat(300)}`,
    ]) {
      const res = await callRoute<{ problem: string; resources: unknown[] }>(listLoader, url);
      expect(res.status, url).toBe(404);
      expect(res.data!.problem, url).toMatch(/tag/);
      expect(res.data!.resources).toEqual([]);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
    }
  });

  it("shows a resource page with licence, citation, share links and Open Graph tags", async () => {
    const res = await callRoute<Awaited<ReturnType<typeof pageLoader>>["data"]>(
      pageLoader,
      "/resources/newer-slides",
      { params: { slug: "newer-slides" } },
    );
    expect(res.status).toBe(200);
    const page = res.data!;
    expect(page.resource.licence).toMatchObject({
      short: "CC BY-NC-SA 4.0",
      name: "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International",
      url: "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    });
    expect(page.resource.descriptionHtml).toContain("<strong>network</strong>");
    const appUrl = process.env.APP_URL ?? "";
    expect(page.citation).toMatch(
      /^Networkfest \(\d{4}\)\. Newer slides \[Online resource\]\. CC BY-NC-SA 4\.0\. \S+\/resources\/newer-slides$/,
    );
    const hrefs = page.share.map((s) => s.href);
    expect(hrefs.find((h) => h.startsWith("mailto:?subject="))).toContain(
      encodeURIComponent("/resources/newer-slides"),
    );
    for (const prefix of [
      "https://www.linkedin.com/sharing/share-offsite/?url=",
      "https://bsky.app/intent/compose?text=",
      "https://share.joinmastodon.org/#text=",
      "https://x.com/intent/post?text=",
    ]) {
      const href = hrefs.find((h) => h.startsWith(prefix));
      expect(href, prefix).toContain(encodeURIComponent("/resources/newer-slides"));
    }
    const tags = pageMeta({ data: page } as unknown as Parameters<typeof pageMeta>[0]);
    const og = (property: string) =>
      tags.find((t) => (t as { property?: string }).property === property) as
        { content: string } | undefined;
    expect(og("og:title")?.content).toBe("Newer slides");
    expect(og("og:url")?.content).toMatch(/\/resources\/newer-slides$/);
    expect(og("og:description")?.content).toBe("How to run a network meeting.");
    expect(appUrl === "" || og("og:url")!.content.startsWith(appUrl)).toBe(true);
  });

  it("answers 404 for unreleased, unknown and malformed slugs, on the page and the download", async () => {
    for (const slug of ["secret-1", "no-such-thing", "../../etc/passwd", "UPPER", ""]) {
      const page = await callRoute(pageLoader, `/resources/${slug}`, { params: { slug } });
      expect(page.status, slug).toBe(404);
      expect(page.body).not.toMatch(/Secret reveal/);
      const file = await download(slug);
      expect(file.status, slug).toBe(404);
      expect(file.headers.get("Cache-Control")).toBe("no-store");
    }
    const [secret] = await testDb.handle.db
      .select()
      .from(resource)
      .where(eq(resource.slug, "secret-1"));
    expect(secret!.downloads).toBe(0);
  });
});

describe("downloads", () => {
  it("counts each download started from the first byte, never HEAD or a continuation, and keeps no row per download", async () => {
    const bytes = tinyPdf("Counting");
    const row = await storedResource(bytes, { slug: "counted", fileName: "Counting guide.pdf" });
    const rowsBefore = await totalRows();

    const first = await download("counted");
    expect(first.status).toBe(200);
    expect(first.body.equals(bytes)).toBe(true);
    expect(first.headers.get("Content-Type")).toBe("application/pdf");
    expect(first.headers.get("Content-Disposition")).toContain('filename="Counting guide.pdf"');
    expect(first.headers.get("Cache-Control")).toBe("private, no-store");
    await download("counted");
    expect(await downloadsOf(row.id)).toBe(2);

    const head = await download("counted", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("Content-Length")).toBe(String(bytes.length));
    expect(await downloadsOf(row.id)).toBe(2);

    // A resumed download: the rest of the file, with the right bytes, not counted.
    const rest = await download("counted", { range: "bytes=10-40" });
    expect(rest.status).toBe(206);
    expect(rest.headers.get("Content-Range")).toBe(`bytes 10-40/${bytes.length}`);
    expect(rest.body.equals(bytes.subarray(10, 41))).toBe(true);
    const tail = await download("counted", { range: "bytes=-20" });
    expect(tail.status).toBe(206);
    expect(tail.body.equals(bytes.subarray(bytes.length - 20))).toBe(true);
    expect(await downloadsOf(row.id)).toBe(2);

    // A download manager starting with a range from 0 is a new download.
    const fromStart = await download("counted", { range: "bytes=0-99" });
    expect(fromStart.status).toBe(206);
    expect(fromStart.body.equals(bytes.subarray(0, 100))).toBe(true);
    expect(await downloadsOf(row.id)).toBe(3);

    // Past the end: 416, not counted.
    const beyond = await download("counted", { range: `bytes=${bytes.length + 5}-` });
    expect(beyond.status).toBe(416);
    expect(await downloadsOf(row.id)).toBe(3);

    // The count is a number on the resource: no table gained a row.
    expect(await totalRows()).toBe(rowsBefore);
  });

  it("counts concurrent downloads without losing any", async () => {
    const row = await storedResource(tinyPdf("Busy"), { slug: "busy" });
    await Promise.all(Array.from({ length: 8 }, () => download("busy")));
    expect(await downloadsOf(row.id)).toBe(8);
  });

  it("sends a link resource on with 303 after counting it; HEAD is not counted", async () => {
    const row = await createResource(testDb.handle.db, festival, {
      slug: "elsewhere",
      url: "https://example.org/toolkit",
    });
    const res = await download("elsewhere");
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("https://example.org/toolkit");
    await download("elsewhere", { method: "HEAD" });
    expect(await downloadsOf(row.id)).toBe(1);
  });
});

/** Every row in every table of the app's schema. */
async function totalRows(): Promise<number> {
  const tables = (await testDb.handle.db.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  )) as unknown as { rows?: { table_name: string }[] } | { table_name: string }[];
  const names = (Array.isArray(tables) ? tables : (tables.rows ?? [])).map((t) => t.table_name);
  expect(names).toContain("resource");
  let total = 0;
  for (const name of names) {
    const result = (await testDb.handle.db.execute(
      sql.raw(`select count(*)::int as n from "${name}"`),
    )) as unknown as { rows?: { n: number }[] } | { n: number }[];
    total += (Array.isArray(result) ? result : (result.rows ?? []))[0]!.n;
  }
  return total;
}

describe("uploading in the back office", () => {
  it("stores a real PDF as resources/<uuid>.pdf whatever it was called, with a safe download name", async () => {
    const before = await storedFiles();
    const res = await post(
      newAction,
      "/admin/resources",
      formFields({}, pdfFile(realPdf, "../../etc/passwd.pdf", "application/x-msdownload")),
    );
    expect(res.status).toBe(303);
    const row = (await rowById(idFrom(res.headers.get("Location"))))!;
    expect(row).toMatchObject({
      title: "Network mapping toolkit",
      slug: "network-mapping-toolkit",
      licence: "CC-BY-SA-4.0",
      fileType: "pdf",
      fileBytes: realPdf.length,
      fileName: "passwd.pdf",
      url: null,
      tags: ["mapping", "facilitation"],
      downloads: 0,
    });
    expect(row.fileKey).toMatch(/^resources\/[0-9a-f-]{36}\.pdf$/);
    // 09:00 in London on 23 October 2026 is 08:00 UTC (summer time).
    expect(row.releaseAt.toISOString()).toBe("2026-10-23T08:00:00.000Z");
    const after = await storedFiles();
    expect(after.filter((f) => !before.includes(f))).toEqual([row.fileKey!.split("/")[1]]);
    expect(await readFile(path.join(storageDir, row.fileKey!))).toEqual(realPdf);
    // Nothing outside the storage folder's resources/, and no temporary file left.
    expect((await readdir(storageDir)).sort()).toEqual(["resources"]);
    expect(await readdir(tempDir)).toEqual([]);
    const [audit] = await testDb.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subjectId, row.id));
    expect(audit).toMatchObject({
      action: "resource.create",
      actorId: access.organiserUser.id,
      summary: "Added the resource “Network mapping toolkit”",
    });
    expect(audit!.after).toMatchObject({ fileKey: row.fileKey, licence: "CC-BY-SA-4.0" });
  });

  it("refuses a renamed program, a web page and an unknown zip next to the file field, keeping the typed fields", async () => {
    const rows = await testDb.handle.db.select().from(resource);
    const files = await storedFiles();
    const cases: [File, RegExp][] = [
      [
        pdfFile(
          Buffer.concat([Buffer.from("MZ\x90\x00", "latin1"), Buffer.alloc(4096)]),
          "setup.pdf",
        ),
        /program, not a document/,
      ],
      [
        pdfFile(
          Buffer.from("<!DOCTYPE html><script>alert(1)</script>"),
          "toolkit.pdf",
          "application/pdf",
        ),
        /web page/,
      ],
      [
        pdfFile(Buffer.from("PK\x03\x04 not really", "latin1"), "toolkit.docx"),
        /ZIP archive|not a PDF/,
      ],
    ];
    for (const [file, message] of cases) {
      const res = await post(
        newAction,
        "/admin/resources",
        formFields({ title: "Evaluation workbook", tags: "evaluation" }, file),
      );
      expect(res.status, String(message)).toBe(400);
      expect(res.data!.errors.file).toMatch(message);
      expect(res.data!.values).toMatchObject({
        title: "Evaluation workbook",
        description: "How to **map** your network.",
        tags: "evaluation",
        licence: "CC-BY-SA-4.0",
      });
    }
    expect((await testDb.handle.db.select().from(resource)).length).toBe(rows.length);
    expect(await storedFiles()).toEqual(files);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it("refuses a file over 50 MB next to its field with the typed fields kept, storing nothing", async () => {
    const files = await storedFiles();
    const huge = Buffer.alloc(MAX_RESOURCE_BYTES + 1);
    realPdf.copy(huge);
    const res = await post(
      newAction,
      "/admin/resources",
      formFields({ title: "Too big" }, pdfFile(huge, "big.pdf")),
    );
    expect(res.status).toBe(400);
    expect(res.data!.errors.file).toBe(
      "The file is too large: at most 50 MB. Make it smaller (for example, compress its images) or share it as a link.",
    );
    // The fields after the file in the form still arrived.
    expect(res.data!.values).toMatchObject({ title: "Too big", releaseTime: "09:00" });
    expect(await storedFiles()).toEqual(files);
    expect(await readdir(tempDir)).toEqual([]);
  });

  it("checks the words and the release time in the festival's zone, and says a good file must be chosen again", async () => {
    const files = await storedFiles();
    const res = await post(
      newAction,
      "/admin/resources",
      formFields(
        {
          title: " ",
          slug: "Not A Slug",
          licence: "all-rights-reserved",
          // The clocks go forward at 01:00 in London on 28 March 2027.
          releaseDate: "2027-03-28",
          releaseTime: "01:30",
          tags: "ok, <b>bad</b>",
        },
        pdfFile(),
      ),
    );
    expect(res.status).toBe(400);
    expect(res.data!.errors).toMatchObject({
      title: "Enter a title.",
      slug: expect.stringMatching(/lowercase letters/),
      licence: "Choose a licence from the list.",
      releaseTime: expect.stringMatching(/01:30 does not exist .* clocks go forward/),
      tags: expect.stringMatching(/cannot be a tag/),
      file: "Nothing was saved, so the file was not kept: choose it again.",
    });
    expect(await storedFiles()).toEqual(files);
  });

  it("wants either a file or a link: a file resource without a file, a link without an address, or both", async () => {
    const noFileChosen = await post(newAction, "/admin/resources", formFields({ title: "A" }));
    expect(noFileChosen.data!.errors.file).toBe("Choose the file to upload.");
    const noUrl = await post(
      newAction,
      "/admin/resources",
      formFields({ title: "B", kind: "link" }),
    );
    expect(noUrl.data!.errors.url).toMatch(/Enter the link/);
    const insecure = await post(
      newAction,
      "/admin/resources",
      formFields({ title: "C", kind: "link", url: "http://example.org/x" }),
    );
    expect(insecure.data!.errors.url).toMatch(/https:\/\//);
    const both = await post(
      newAction,
      "/admin/resources",
      formFields({ title: "D", kind: "link", url: "https://example.org/x" }, pdfFile()),
    );
    expect(both.data!.errors.file).toMatch(/set to be a link/);
    const link = await post(
      newAction,
      "/admin/resources",
      formFields({ title: "Partner toolkit", kind: "link", url: "https://example.org/x" }),
    );
    expect(link.status).toBe(303);
    const row = (await rowById(idFrom(link.headers.get("Location"))))!;
    expect(row).toMatchObject({ url: "https://example.org/x", fileKey: null, fileType: null });
  });

  it("keeps slugs unique per festival, and another festival may reuse one", async () => {
    const first = await post(
      newAction,
      "/admin/resources",
      formFields({ title: "Same name", kind: "link", url: "https://example.org/1" }),
    );
    expect(first.status).toBe(303);
    const second = await post(
      newAction,
      "/admin/resources",
      formFields({ title: "Same name", kind: "link", url: "https://example.org/2" }),
    );
    expect(second.status).toBe(400);
    expect(second.data!.errors.slug).toMatch(/Another resource already uses this address/);
    const other = await createFestival(testDb.handle.db, {
      startsOn: "2020-01-01",
      endsOn: "2020-01-02",
    });
    await createResource(testDb.handle.db, other, { slug: "same-name-elsewhere" });
    const elsewhere = await post(
      newAction,
      "/admin/resources",
      formFields({ title: "Same name elsewhere", kind: "link", url: "https://example.org/3" }),
    );
    expect(elsewhere.status).toBe(303);
  });

  it("takes the first of a repeated autumn time, as the schedule does", async () => {
    const res = await post(
      newAction,
      "/admin/resources",
      formFields({
        title: "Autumn",
        kind: "link",
        url: "https://example.org/a",
        releaseDate: "2026-10-25",
        releaseTime: "01:30",
      }),
    );
    const row = (await rowById(idFrom(res.headers.get("Location"))))!;
    expect(row.releaseAt.toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });
});

describe("the upload handler on its own", () => {
  it("cuts a stream of limit + 1 bytes off at the limit and leaves no temporary file", async () => {
    const dir = await mkdtemp(path.join(tempDir, "handler-"));
    const upload = createTempFileUploadHandler({
      field: "file",
      maxBytes: MAX_RESOURCE_BYTES,
      dir,
    });
    const chunk = new Uint8Array(64 * 1024).fill(0x25);
    let produced = 0;
    // Generated as it is read: the test holds one 64 KB chunk, never the file.
    async function* stream() {
      while (produced < MAX_RESOURCE_BYTES + 1) {
        const size = Math.min(chunk.length, MAX_RESOURCE_BYTES + 1 - produced);
        produced += size;
        yield chunk.subarray(0, size);
      }
    }
    const heapBefore = process.memoryUsage().heapUsed;
    const value = await upload.handler({
      name: "file",
      filename: "big.pdf",
      contentType: "application/pdf",
      data: stream(),
    });
    expect(value).toBeUndefined();
    expect(upload.tooLarge()).toBe(true);
    expect(upload.file()).toBeNull();
    expect(produced).toBe(MAX_RESOURCE_BYTES + 1);
    expect(await readdir(dir)).toEqual([]);
    await upload.cleanup();
    // Not the 50 MB of the file: the handler kept none of it.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(30 * 1024 * 1024);
  });

  it("keeps a file at exactly the limit, under a name of its own choosing", async () => {
    const dir = await mkdtemp(path.join(tempDir, "handler-"));
    const upload = createTempFileUploadHandler({ field: "file", maxBytes: 1000, dir });
    async function* stream() {
      yield new Uint8Array(600);
      yield new Uint8Array(400);
    }
    await upload.handler({ name: "file", filename: "../x.pdf", contentType: "", data: stream() });
    const file = upload.file()!;
    expect(file.bytes).toBe(1000);
    expect(path.dirname(file.tempPath)).toBe(dir);
    expect(path.basename(file.tempPath)).toMatch(/^meridian-resource-[0-9a-f-]{36}\.upload$/);
    await upload.cleanup();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("editing and deleting", () => {
  it("replaces the file, deleting the old one after saving, and logs only what changed", async () => {
    const created = await post(
      newAction,
      "/admin/resources",
      formFields({ title: "Replace me" }, pdfFile()),
    );
    const id = idFrom(created.headers.get("Location"));
    const old = (await rowById(id))!;
    const url = `/admin/resources/${id}`;
    const page = await callRoute<{
      saved: { releaseDate: string; releaseTime: string; tags: string };
      resource: { releaseAt: string };
    }>(editLoader, url, { cookie: access.organiser, params: { id } });
    expect(page.data!.saved).toMatchObject({
      releaseDate: "2026-10-23",
      releaseTime: "09:00",
      tags: "mapping, facilitation",
    });
    expect(page.data!.resource.releaseAt).toMatch(/London time/);

    // Unchanged fields without a new file: the file is kept, nothing logged.
    const same = await post(editAction, url, formFields({ title: "Replace me" }), { id });
    expect(same.status).toBe(303);
    expect((await rowById(id))!.fileKey).toBe(old.fileKey);

    const newer = tinyPdf("Second edition");
    const replaced = await post(
      editAction,
      url,
      formFields({ title: "Replace me" }, pdfFile(newer, "v2.pdf")),
      { id },
    );
    expect(replaced.status).toBe(303);
    const row = (await rowById(id))!;
    expect(row.fileKey).not.toBe(old.fileKey);
    expect(row.fileName).toBe("v2.pdf");
    expect(await storedFiles()).not.toContain(old.fileKey!.split("/")[1]);
    expect(await readFile(path.join(storageDir, row.fileKey!))).toEqual(newer);

    // Switching to a link drops the file.
    await post(
      editAction,
      url,
      formFields({ title: "Replace me", kind: "link", url: "https://example.org/now-a-link" }),
      { id },
    );
    const linked = (await rowById(id))!;
    expect(linked).toMatchObject({
      url: "https://example.org/now-a-link",
      fileKey: null,
      fileName: null,
    });
    expect(await storedFiles()).not.toContain(row.fileKey!.split("/")[1]);

    const audit = await testDb.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, id)))
      .orderBy(auditLog.createdAt);
    expect(audit.map((a) => a.action)).toEqual([
      "resource.create",
      "resource.update",
      "resource.update",
    ]);
    expect(Object.keys(audit[1]!.after!).sort()).toEqual(["fileBytes", "fileKey", "fileName"]);
  });

  it("deletes a resource and its stored file only with the confirmation ticked", async () => {
    const created = await post(
      newAction,
      "/admin/resources",
      formFields({ title: "Delete me" }, pdfFile()),
    );
    const id = idFrom(created.headers.get("Location"));
    const { fileKey } = (await rowById(id))!;
    const url = `/admin/resources/${id}`;
    const unconfirmed = await callRoute<Reply>(editAction, url, {
      cookie: access.organiser,
      params: { id },
      form: { intent: "delete" },
    });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.data!.errors.confirm).toMatch(/Tick the box/);
    expect(await rowById(id)).toBeDefined();
    const done = await callRoute(editAction, url, {
      cookie: access.organiser,
      params: { id },
      form: { intent: "delete", confirm: "on" },
    });
    expect(done.status).toBe(303);
    expect(done.headers.get("Location")).toBe(
      `/admin/resources?deleted=${encodeURIComponent("Delete me")}`,
    );
    expect(await rowById(id)).toBeUndefined();
    expect(await storedFiles()).not.toContain(fileKey!.split("/")[1]);
    const [audit] = await testDb.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, id), eq(auditLog.action, "resource.delete")));
    expect(audit!.summary).toBe("Deleted the resource “Delete me” (0 downloads)");
  });

  it("lists every resource for organisers, unreleased ones with their release time in the festival's zone", async () => {
    const res = await callRoute<{
      resources: { slug: string; released: boolean; releaseAt: string }[];
    }>(adminListLoader, "/admin/resources", { cookie: access.organiser });
    const secret = res.data!.resources.find((r) => r.slug === "secret-1")!;
    expect(secret.released).toBe(false);
    expect(secret.releaseAt).toMatch(/London time \(UTC[+−]?\d*\)$/);
  });

  it("answers 404 for another festival's resource and ids that are not uuids, storing nothing", async () => {
    const other = await createFestival(testDb.handle.db, {
      startsOn: "2019-01-01",
      endsOn: "2019-01-02",
    });
    const elsewhere = await createResource(testDb.handle.db, other, { slug: "not-ours" });
    const files = await storedFiles();
    for (const id of [elsewhere.id, "nope", "00000000-0000-4000-8000-000000000000"]) {
      const page = await callRoute(editLoader, `/admin/resources/${id}`, {
        cookie: access.organiser,
        params: { id },
      });
      expect(page.status, id).toBe(404);
      const res = await post(editAction, `/admin/resources/${id}`, formFields({}, pdfFile()), {
        id,
      });
      expect(res.status, id).toBe(404);
    }
    expect(await storedFiles()).toEqual(files);
    expect(await readdir(tempDir)).toEqual(
      expect.not.arrayContaining([expect.stringMatching(/^meridian-resource-/)]),
    );
  });
});

describe("who may manage resources", () => {
  it("guards every back-office door: anonymous, attendee, organiser without the second factor", async () => {
    const row = await createResource(testDb.handle.db, festival, { slug: "guarded" });
    const id = row.id;
    await expectGuarded(adminListLoader, "/admin/resources", access);
    await expectGuarded(newLoader, "/admin/resources/new", access);
    await expectGuarded(newAction, "/admin/resources/new", access, { form: { title: "Sneaky" } });
    await expectGuarded(editLoader, `/admin/resources/${id}`, access, { params: { id } });
    await expectGuarded(editAction, `/admin/resources/${id}`, access, {
      params: { id },
      form: { intent: "delete", confirm: "on" },
    });
    expect(await rowById(id)).toBeDefined();
    const sneaky = await testDb.handle.db
      .select()
      .from(resource)
      .where(eq(resource.title, "Sneaky"));
    expect(sneaky).toEqual([]);
  });
});
