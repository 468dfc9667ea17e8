import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  detectImageType,
  parseUploadForm,
  readUpload,
  saveImage,
  uploadedFile,
  uploadNameFromUrl,
} from "~/lib/uploads.server";
import { loader as mediaLoader } from "~/routes/media.$file";
import { SVG, TINY_JPEG, TINY_PNG, TINY_WEBP } from "~tests/helpers/images";

let dir: string;
const previous = process.env.UPLOADS_DIR;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "meridian-uploads-"));
  process.env.UPLOADS_DIR = dir;
});
afterAll(async () => {
  if (previous === undefined) delete process.env.UPLOADS_DIR;
  else process.env.UPLOADS_DIR = previous;
  await rm(dir, { recursive: true, force: true });
});

const file = (bytes: Buffer, name: string, type: string) =>
  new File([new Uint8Array(bytes)], name, { type });

describe("checking an image by its bytes", () => {
  it("knows PNG, JPEG and WebP, names SVG, and refuses everything else", () => {
    expect(detectImageType(TINY_PNG)).toBe("png");
    expect(detectImageType(TINY_JPEG)).toBe("jpeg");
    expect(detectImageType(TINY_WEBP)).toBe("webp");
    expect(detectImageType(SVG)).toBe("svg");
    expect(detectImageType(Buffer.from("\uFEFF  <svg></svg>"))).toBe("svg");
    expect(detectImageType(Buffer.from("GIF89a\x01\x00\x01\x00"))).toBeNull();
    expect(detectImageType(Buffer.from("<html><script>alert(1)</script></html>"))).toBeNull();
    // The PNG signature alone, without its IHDR chunk, is not a PNG.
    expect(detectImageType(TINY_PNG.subarray(0, 8))).toBeNull();
    expect(detectImageType(new Uint8Array())).toBeNull();
  });
});

describe("saving an image", () => {
  it("stores a real PNG, JPEG and WebP under a random name with the extension of what they are", async () => {
    const png = await saveImage(file(TINY_PNG, "photo.jpg", "image/jpeg"));
    const jpeg = await saveImage(file(TINY_JPEG, "photo.png", "image/png"));
    const webp = await saveImage(file(TINY_WEBP, "x", "application/octet-stream"));
    expect(png).toMatchObject({ ok: true, type: "png" });
    expect(jpeg).toMatchObject({ ok: true, type: "jpeg" });
    expect(webp).toMatchObject({ ok: true, type: "webp" });
    if (!png.ok || !jpeg.ok || !webp.ok) throw new Error("unreachable");
    // The browser's name and type count for nothing.
    expect(png.name).toMatch(/^[0-9a-f-]{36}\.png$/);
    expect(jpeg.name).toMatch(/^[0-9a-f-]{36}\.jpg$/);
    expect(webp.name).toMatch(/^[0-9a-f-]{36}\.webp$/);
    expect(await readFile(path.join(dir, png.name))).toEqual(TINY_PNG);
    expect(new Set([png.name, jpeg.name, webp.name]).size).toBe(3);
  });

  it("refuses text dressed as a PNG, an SVG, an empty file and an oversized one, storing nothing", async () => {
    const before = await readdir(dir);
    const fake = await saveImage(file(Buffer.from("just some text, honest"), "a.png", "image/png"));
    expect(fake).toEqual({
      ok: false,
      error: "This file is not a PNG, JPEG or WebP image. Upload a photo in one of those formats.",
    });
    const svg = await saveImage(file(SVG, "logo.svg", "image/svg+xml"));
    expect(svg).toMatchObject({ ok: false, error: expect.stringContaining("SVG images are not") });
    expect(await saveImage(file(Buffer.alloc(0), "e.png", "image/png"))).toMatchObject({
      ok: false,
      error: "The file is empty. Choose an image.",
    });
    const big = Buffer.concat([TINY_PNG, Buffer.alloc(3 * 1024 * 1024)]);
    expect(await saveImage(file(big, "big.png", "image/png"))).toEqual({
      ok: false,
      error: "The image is too large: at most 2 MB. Make it smaller and try again.",
    });
    expect(await saveImage(file(TINY_PNG, "p.png", "image/png"), { maxBytes: 50 })).toMatchObject({
      ok: false,
      error: expect.stringContaining("at most 50 bytes"),
    });
    expect(await readdir(dir)).toEqual(before);
  });

  it("creates the folder when it does not exist yet", async () => {
    const nested = path.join(dir, "later", "deeper");
    const saved = await saveImage(file(TINY_PNG, "p.png", "image/png"), { dir: nested });
    expect(saved.ok).toBe(true);
    expect(await readdir(nested)).toHaveLength(1);
  });
});

describe("serving uploads at /media/<name>", () => {
  const get = async (name: string) => {
    try {
      return (await mediaLoader({
        request: new Request(`http://localhost/media/${encodeURIComponent(name)}`),
        params: { file: name },
        context: {},
      })) as Response;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  };

  it("serves a stored image with its true type, nosniff and a long cache", async () => {
    const saved = await saveImage(file(TINY_JPEG, "me.png", "image/png"));
    if (!saved.ok) throw new Error(saved.error);
    const res = await get(saved.name);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/jpeg");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("Content-Security-Policy")).toContain("sandbox");
    expect(Buffer.from(await res.arrayBuffer())).toEqual(TINY_JPEG);
  });

  it("answers 404 for unknown, malformed and path-climbing names", async () => {
    // A file that exists beside the uploads folder must stay out of reach.
    await writeFile(path.join(dir, "..", "meridian-secret.txt"), "secret");
    const names = [
      "00000000-0000-4000-8000-000000000000.png",
      "../meridian-secret.txt",
      "..%2Fmeridian-secret.txt",
      "../../etc/passwd",
      "..\\..\\etc\\passwd",
      "/etc/passwd",
      "x.png",
      "00000000-0000-4000-8000-000000000000.svg",
      "00000000-0000-4000-8000-000000000000.png\u0000.txt",
      "",
    ];
    for (const name of names) {
      const res = await get(name);
      expect(res.status, name).toBe(404);
      expect(res.headers.get("Content-Type")).toContain("text/plain");
    }
    await rm(path.join(dir, "..", "meridian-secret.txt"), { force: true });
    expect(await readUpload("../meridian-secret.txt")).toBeNull();
  });

  it("reads back stored names from /media addresses and nothing else", () => {
    const name = "0f0e0d0c-0b0a-4908-8706-050403020100.webp";
    expect(uploadNameFromUrl(`/media/${name}`)).toBe(name);
    expect(uploadNameFromUrl("https://example.org/photo.png")).toBeNull();
    expect(uploadNameFromUrl("/media/../x.png")).toBeNull();
    expect(uploadNameFromUrl(null)).toBeNull();
  });
});

describe("reading a form with a file", () => {
  const multipart = (fields: [string, string | File][]) => {
    const form = new FormData();
    for (const [k, v] of fields) form.append(k, v);
    return new Request("http://localhost/admin/speakers/new", { method: "POST", body: form });
  };

  it("keeps every field and the file", async () => {
    const { form, tooLarge } = await parseUploadForm(
      multipart([
        ["name", "Ada Lovelace"],
        ["photo", file(TINY_PNG, "ada.png", "image/png")],
        ["bio", "Wrote the first program."],
      ]),
    );
    expect(tooLarge).toEqual([]);
    expect(form.get("name")).toBe("Ada Lovelace");
    expect(form.get("bio")).toBe("Wrote the first program.");
    const photo = uploadedFile(form, "photo");
    expect(photo).not.toBeNull();
    expect(Buffer.from(await photo!.arrayBuffer())).toEqual(TINY_PNG);
  });

  it("drops only an oversized file, names its field, and keeps the fields after it", async () => {
    const big = Buffer.concat([TINY_PNG, Buffer.alloc(300_000, 7)]);
    const { form, tooLarge } = await parseUploadForm(
      multipart([
        ["name", "Ada"],
        ["photo", file(big, "big.png", "image/png")],
        ["bio", "after the file"],
      ]),
      { maxBytes: 100_000 },
    );
    expect(tooLarge).toEqual(["photo"]);
    expect(form.get("photo")).toBeNull();
    expect(form.get("name")).toBe("Ada");
    expect(form.get("bio")).toBe("after the file");
  });

  it("refuses with 413 a form whose parts, each under the limit, add up to far more", async () => {
    const part = file(Buffer.alloc(90_000, 1), "p.png", "image/png");
    const fields: [string, File][] = Array.from({ length: 30 }, (_, i) => [`f${i}`, part]);
    const refused = await parseUploadForm(multipart(fields), { maxBytes: 100_000 }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(413);
  });

  it("treats a file input left empty as no file", async () => {
    const { form } = await parseUploadForm(
      multipart([["photo", new File([], "", { type: "application/octet-stream" })]]),
    );
    expect(uploadedFile(form, "photo")).toBeNull();
  });

  it("reads urlencoded forms too, and answers 400 for a body that is no form", async () => {
    const plain = await parseUploadForm(
      new Request("http://localhost/x", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "name=Grace",
      }),
    );
    expect(plain.form.get("name")).toBe("Grace");
    const broken = await parseUploadForm(
      new Request("http://localhost/x", {
        method: "POST",
        headers: { "Content-Type": "multipart/form-data" },
        body: "garbage",
      }),
    ).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(Response);
    expect((broken as Response).status).toBe(400);
  });
});
