import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRange, serveStored } from "~/lib/serve-stored.server";
import { isStorageKey, LocalStorage, S3Storage, type Storage } from "~/lib/storage.server";
import { startTestS3 } from "~tests/helpers/s3";

const BYTES = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

describe("a Range header", () => {
  it.each([
    ["bytes=0-99", { start: 0, end: 99 }],
    ["bytes=990-", { start: 990, end: 999 }],
    ["bytes=-10", { start: 990, end: 999 }],
    ["bytes=500-5000", { start: 500, end: 999 }],
    ["bytes=-5000", { start: 0, end: 999 }],
    ["bytes=1000-", "unsatisfiable"],
    ["bytes=-0", "unsatisfiable"],
    ["bytes=9-3", null],
    ["bytes=0-1,5-9", null],
    ["items=0-9", null],
    ["", null],
  ] as const)("%s", (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });
});

describe("storage keys", () => {
  it("accept only names the server makes", () => {
    expect(isStorageKey(`videos/${randomUUID()}.mp4`)).toBe(true);
    expect(isStorageKey(`resources/${randomUUID()}.pdf`)).toBe(true);
    for (const bad of [
      "../etc/passwd",
      `videos/../${randomUUID()}.mp4`,
      `videos/${randomUUID()}.exe`,
      `other/${randomUUID()}.mp4`,
      `videos/${randomUUID()}.mp4/..`,
      "videos/not-a-uuid.mp4",
    ]) {
      expect(isStorageKey(bad), bad).toBe(false);
    }
  });
});

async function tempFile(): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "meridian-put-")), "upload");
  fs.writeFileSync(file, BYTES);
  return file;
}

async function bodyOf(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

function behavesAsStorage(name: string, make: () => Storage) {
  describe(`${name} storage`, () => {
    const key = `videos/${randomUUID()}.mp4`;

    it("stores a file under its key and consumes the temporary file", async () => {
      const file = await tempFile();
      await make().putFile(key, file);
      expect(fs.existsSync(file)).toBe(false);
      expect(await make().size(key)).toBe(1000);
    });

    it("serves the whole file, and 206 with exactly the bytes asked for", async () => {
      const request = (range?: string) =>
        new Request("http://localhost/x", { headers: range ? { Range: range } : {} });
      const whole = await serveStored(request(), key, { cacheControl: "private", storage: make() });
      expect(whole.status).toBe(200);
      expect(whole.headers.get("Accept-Ranges")).toBe("bytes");
      expect(whole.headers.get("Content-Type")).toBe("video/mp4");
      expect(await bodyOf(whole)).toEqual(BYTES);

      const part = await serveStored(request("bytes=100-199"), key, {
        cacheControl: "private",
        storage: make(),
      });
      expect(part.status).toBe(206);
      expect(part.headers.get("Content-Range")).toBe("bytes 100-199/1000");
      expect(part.headers.get("Content-Length")).toBe("100");
      expect(await bodyOf(part)).toEqual(BYTES.subarray(100, 200));

      const tail = await serveStored(request("bytes=-24"), key, {
        cacheControl: "private",
        storage: make(),
      });
      expect(await bodyOf(tail)).toEqual(BYTES.subarray(976));

      const past = await serveStored(request("bytes=5000-"), key, {
        cacheControl: "private",
        storage: make(),
      });
      expect(past.status).toBe(416);
      expect(past.headers.get("Content-Range")).toBe("bytes */1000");
    });

    it("answers 404 for a key with nothing stored, and forgets deleted files", async () => {
      const missing = `videos/${randomUUID()}.mp4`;
      const response = await serveStored(new Request("http://localhost/x"), missing, {
        cacheControl: "private",
        storage: make(),
      });
      expect(response.status).toBe(404);
      await make().delete(key);
      expect(await make().size(key)).toBeNull();
      await make().delete(key);
    });

    it("refuses to touch anything but a server-made key", async () => {
      await expect(make().size("../../etc/passwd")).rejects.toThrow(/Not a storage key/);
    });
  });
}

const localRoot = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-storage-"));
afterAll(() => fs.rmSync(localRoot, { recursive: true, force: true }));
behavesAsStorage("local", () => new LocalStorage(localRoot));

let s3: Awaited<ReturnType<typeof startTestS3>>;
let s3Storage: S3Storage;
beforeAll(async () => {
  s3 = await startTestS3();
  s3Storage = new S3Storage(s3.settings);
});
afterAll(async () => {
  await s3?.close();
});
behavesAsStorage("S3-compatible", () => s3Storage);
