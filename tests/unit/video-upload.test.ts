import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { receiveStreamedUpload, uploadTempDir } from "~/lib/streamed-upload.server";
import { detectVideoType, isWebVtt, readVideoDuration } from "~/lib/video-file.server";
import { TINY_PNG } from "~tests/helpers/images";
import { isoVideo, WEBVTT, webmVideo } from "~tests/helpers/videos";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-video-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function written(name: string, bytes: Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

describe("what a video file is", () => {
  it("is told by its bytes: MP4, QuickTime, WebM, or nothing", () => {
    expect(detectVideoType(isoVideo(60))).toBe("mp4");
    expect(detectVideoType(isoVideo(60, { brand: "qt  " }))).toBe("mov");
    expect(detectVideoType(webmVideo(60))).toBe("webm");
    expect(detectVideoType(Buffer.from("just some text pretending to be a video"))).toBeNull();
    expect(detectVideoType(TINY_PNG)).toBeNull();
    expect(detectVideoType(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0]))).toBeNull();
  });

  it("knows a WebVTT captions file", () => {
    expect(isWebVtt(Buffer.from(WEBVTT))).toBe(true);
    expect(isWebVtt(Buffer.from(`\uFEFF${WEBVTT}`))).toBe(true);
    expect(isWebVtt(Buffer.from("1\n00:00:00,000 --> 00:00:04,000\nSRT, not VTT\n"))).toBe(false);
    expect(isWebVtt(Buffer.from("WEBVTTX"))).toBe(false);
  });
});

describe("how long a video lasts, from its own metadata", () => {
  it.each([
    ["a 60-second MP4", isoVideo(60), "mp4", 60],
    ["a 120-second MP4", isoVideo(120), "mp4", 120],
    ["a 90.5-second QuickTime file", isoVideo(90.5, { brand: "qt  " }), "mov", 90.5],
    [
      "an MP4 whose movie box comes after 5 MB of media",
      isoVideo(75, { padding: 5_000_000, moovLast: true }),
      "mp4",
      75,
    ],
    ["a 61-second WebM", webmVideo(61), "webm", 61],
  ] as const)("%s", async (_, bytes, type, seconds) => {
    expect(await readVideoDuration(written(`${type}-${seconds}`, bytes), type)).toBeCloseTo(
      seconds,
      3,
    );
  });

  it("is unknown for a file that only starts like a video", async () => {
    const broken = Buffer.concat([isoVideo(60).subarray(0, 40)]);
    expect(await readVideoDuration(written("broken.mp4", broken), "mp4")).toBeNull();
  });
});

const BOUNDARY = "----meridian-test-boundary";

/** A multipart body produced lazily, chunk by chunk, counting what the reader pulled. */
function multipartStream(
  parts: { name: string; filename?: string; content: Buffer | { bytes: number } }[],
): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const CHUNK = 64 * 1024;
  const zeros = new Uint8Array(CHUNK);
  async function* generate(): AsyncGenerator<Uint8Array> {
    for (const part of parts) {
      const disposition =
        part.filename !== undefined
          ? `form-data; name="${part.name}"; filename="${part.filename}"`
          : `form-data; name="${part.name}"`;
      yield Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n` +
          (part.filename !== undefined ? "Content-Type: video/mp4\r\n" : "") +
          "\r\n",
      );
      if (Buffer.isBuffer(part.content)) yield part.content;
      else {
        for (let left = part.content.bytes; left > 0; left -= CHUNK) {
          yield left >= CHUNK ? zeros : zeros.subarray(0, left);
        }
      }
      yield Buffer.from("\r\n");
    }
    yield Buffer.from(`--${BOUNDARY}--\r\n`);
  }
  const iterator = generate();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else {
          pulled += next.value.byteLength;
          controller.enqueue(next.value);
        }
      },
    },
    { highWaterMark: 0 },
  );
  return { body, pulled: () => pulled };
}

function uploadRequest(body: ReadableStream<Uint8Array>): Request {
  return new Request("http://localhost/network90/enter", {
    method: "POST",
    headers: { "Content-Type": `multipart/form-data; boundary=${BOUNDARY}` },
    body,
    duplex: "half",
  } as RequestInit);
}

const leftovers = () => (fs.existsSync(uploadTempDir()) ? fs.readdirSync(uploadTempDir()) : []);

describe("a streamed upload", () => {
  it("keeps the text fields and writes the file under a name of our own", async () => {
    const before = new Set(leftovers());
    const { body } = multipartStream([
      { name: "intent", content: Buffer.from("video") },
      { name: "video", filename: "../../../etc/passwd.mp4", content: isoVideo(60) },
    ]);
    const result = await receiveStreamedUpload(uploadRequest(body), { video: 10_000_000 });
    if (!result.ok) throw new Error(`refused: ${result.reason}`);
    expect(result.fields.get("intent")).toBe("video");
    const file = result.files.get("video")!;
    expect(path.dirname(file.path)).toBe(uploadTempDir());
    expect(path.basename(file.path)).toMatch(/^[0-9a-f-]{36}$/);
    // Only the last part of the name the browser sent is kept, and only as text.
    expect(file.originalName).toBe("passwd.mp4");
    expect(detectVideoType(file.head)).toBe("mp4");
    expect(fs.readFileSync(file.path)).toEqual(isoVideo(60));
    expect(fs.existsSync("/etc/passwd.mp4")).toBe(false);
    fs.unlinkSync(file.path);
    expect(leftovers().filter((f) => !before.has(f))).toEqual([]);
  });

  it("cuts a 250 MB stream off at the 200 MB limit, without holding it in memory", async () => {
    const limit = 200 * 1024 * 1024;
    const before = new Set(leftovers());
    const { body, pulled } = multipartStream([
      { name: "intent", content: Buffer.from("video") },
      { name: "video", filename: "huge.mp4", content: { bytes: 250 * 1024 * 1024 } },
    ]);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 20);
    const result = await receiveStreamedUpload(uploadRequest(body), { video: limit });
    clearInterval(sampler);
    expect(result).toEqual({ ok: false, reason: "too-large", field: "video", maxBytes: limit });
    // Reading stopped at the limit (give or take a chunk of framing), not at 250 MB.
    expect(pulled()).toBeGreaterThan(limit);
    expect(pulled()).toBeLessThan(limit + 2 * 1024 * 1024);
    // A whole-file buffer would add 200 MB; streaming adds a few chunks.
    expect(rssPeak - rssBefore).toBeLessThan(96 * 1024 * 1024);
    expect(leftovers().filter((f) => !before.has(f))).toEqual([]);
  }, 120_000);

  it("refuses a file in a field that takes none, and a form that is not multipart", async () => {
    const { body } = multipartStream([{ name: "other", filename: "x.mp4", content: isoVideo(1) }]);
    expect(await receiveStreamedUpload(uploadRequest(body), { video: 1000 })).toEqual({
      ok: false,
      reason: "malformed",
    });
    const plain = new Request("http://localhost/x", { method: "POST", body: "a=b" });
    expect((await receiveStreamedUpload(plain, { video: 1000 })).ok).toBe(false);
  });
});
