import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { competition, competitionJudge } from "~db/schema";
import { storage } from "~/lib/storage.server";
import { loader as captionsLoader } from "~/routes/network90.entries.$id_.captions[.]vtt";
import { loader as videoLoader } from "~/routes/network90.entries.$id_.video";
import {
  createCompetition,
  createEntry,
  createFestival,
  createUser,
  type EntryRow,
  type FestivalRow,
} from "~tests/factories";
import { organiserCookie, signedInCookie } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";
import { isoVideo, WEBVTT } from "~tests/helpers/videos";

/*
 * An entry's video and captions as a browser fetches them: stored files
 * served with range support to those allowed, and a plain 404 to everyone
 * else (never a 403 that would say a hidden entry exists).
 */

const testDb = withTestDatabase();
const db = () => testDb.handle.db;
const DAY = 86_400_000;
const previousDir = process.env.STORAGE_DIR;
let storageDir: string;

let festival: FestivalRow;
let shown: EntryRow;
let hidden: EntryRow;
let linked: EntryRow;
let entrantCookie: string;
let videoBytes: Buffer;

type Loader = typeof videoLoader;

/** A GET as a browser's <video> or <track> makes it, answered as Remix would. */
async function get(
  loader: Loader,
  id: string,
  file: "video" | "captions.vtt",
  { cookie, range }: { cookie?: string; range?: string } = {},
): Promise<Response> {
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  if (range) headers.set("Range", range);
  const request = new Request(
    `http://localhost:3000/network90/entries/${encodeURIComponent(id)}/${file}`,
    { headers },
  );
  try {
    return (await loader({ request, params: { id }, context: {} })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
const video = (id: string, options?: { cookie?: string; range?: string }) =>
  get(videoLoader, id, "video", options);
const captions = (id: string, options?: { cookie?: string; range?: string }) =>
  get(captionsLoader, id, "captions.vtt", options);

/** Stores bytes under a server-style key, as the upload does. */
async function store(folder: "videos" | "captions", ext: string, bytes: Buffer | string) {
  const key = `${folder}/${crypto.randomUUID()}.${ext}`;
  const temp = path.join(storageDir, `upload-${crypto.randomUUID()}`);
  await writeFile(temp, bytes);
  await storage().putFile(key, temp);
  return key;
}

async function setVoting(open: boolean) {
  const t = Date.now();
  await db()
    .update(competition)
    .set(
      open
        ? {
            entriesCloseAt: new Date(t - 2 * DAY),
            votingOpensAt: new Date(t - DAY),
            votingClosesAt: new Date(t + DAY),
          }
        : {
            entriesCloseAt: new Date(t - DAY),
            votingOpensAt: new Date(t + DAY),
            votingClosesAt: new Date(t + 2 * DAY),
          },
    )
    .where(eq(competition.festivalId, festival.id));
}

beforeAll(async () => {
  storageDir = await mkdtemp(path.join(tmpdir(), "meridian-n90-media-"));
  process.env.STORAGE_DIR = storageDir;
  festival = await createFestival(db());
  await createCompetition(db(), festival);
  await setVoting(true);
  // A real (tiny) MP4 padded to 4 KB of distinct bytes, so a range has recognisable content.
  videoBytes = isoVideo(60, { padding: 4096 });
  for (let i = 64; i < videoBytes.length; i++) videoBytes[i] = i % 251;
  shown = await createEntry(db(), festival, {
    public: true,
    networkName: "Shown Network",
    videoUrl: null,
    videoKey: await store("videos", "mp4", videoBytes),
    videoType: "mp4",
    captionsKey: await store("captions", "vtt", WEBVTT),
  });
  const entrant = await createUser(db());
  entrantCookie = await signedInCookie(entrant.id);
  hidden = await createEntry(db(), festival, {
    userId: entrant.id,
    status: "submitted",
    networkName: "Hidden Network",
    videoKey: await store("videos", "mp4", videoBytes),
    captionsKey: await store("captions", "vtt", WEBVTT),
    publicConsentAt: new Date(),
  });
  linked = await createEntry(db(), festival, { public: true, networkName: "Linked Network" });
});

afterAll(async () => {
  if (previousDir === undefined) delete process.env.STORAGE_DIR;
  else process.env.STORAGE_DIR = previousDir;
  await rm(storageDir, { recursive: true, force: true });
});

describe("a public entry's media", () => {
  it("serves the whole video to anyone, cacheable for five minutes", async () => {
    const response = await video(shown.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("video/mp4");
    expect(response.headers.get("Accept-Ranges")).toBe("bytes");
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=300");
    expect(Buffer.from(await response.arrayBuffer()).equals(videoBytes)).toBe(true);
  });

  it("answers a Range request with 206 and exactly those bytes, so the player seeks", async () => {
    const response = await video(shown.id, { range: "bytes=1000-1999" });
    expect(response.status).toBe(206);
    expect(response.headers.get("Content-Range")).toBe(`bytes 1000-1999/${videoBytes.length}`);
    expect(response.headers.get("Content-Length")).toBe("1000");
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.equals(videoBytes.subarray(1000, 2000))).toBe(true);

    const tail = await video(shown.id, { range: "bytes=-100" });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(videoBytes.subarray(-100))).toBe(true);

    const beyond = await video(shown.id, { range: `bytes=${videoBytes.length + 10}-` });
    expect(beyond.status).toBe(416);
  });

  it("serves the captions as text/vtt", async () => {
    const response = await captions(shown.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/vtt\b/);
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=300");
    expect(await response.text()).toBe(WEBVTT);
  });

  it("has no video here for an entry whose video is on a hosting site", async () => {
    expect((await video(linked.id)).status).toBe(404);
  });

  it("keeps the shortlist's media private until voting opens", async () => {
    await setVoting(false);
    try {
      expect((await video(shown.id)).status).toBe(404);
      expect((await captions(shown.id)).status).toBe(404);
    } finally {
      await setVoting(true);
    }
  });
});

describe("a hidden entry's media", () => {
  it("is a 404, not a 403, to anonymous visitors and to strangers", async () => {
    const stranger = await signedInCookie((await createUser(db())).id);
    for (const cookie of [undefined, stranger]) {
      for (const response of [
        await video(hidden.id, { cookie }),
        await captions(hidden.id, { cookie }),
      ]) {
        expect(response.status).toBe(404);
        expect(response.headers.get("Cache-Control")).toBe("no-store");
        expect(await response.text()).not.toContain("Hidden Network");
      }
    }
  });

  it("plays for its entrant, a judge and an organiser, never stored by caches", async () => {
    const judge = await createUser(db());
    await db().insert(competitionJudge).values({ festivalId: festival.id, userId: judge.id });
    const organiser = await organiserCookie((await createUser(db())).id);
    for (const cookie of [entrantCookie, await signedInCookie(judge.id), organiser]) {
      const response = await video(hidden.id, { cookie, range: "bytes=0-99" });
      expect(response.status).toBe(206);
      expect(response.headers.get("Cache-Control")).toBe("private, no-store");
      expect(Buffer.from(await response.arrayBuffer()).equals(videoBytes.subarray(0, 100))).toBe(
        true,
      );
      const vtt = await captions(hidden.id, { cookie });
      expect(vtt.status).toBe(200);
      expect(vtt.headers.get("Cache-Control")).toBe("private, no-store");
    }
  });
});

describe("addresses that name no entry", () => {
  it("answer 404 for malformed, unknown and other festivals' ids", async () => {
    const elsewhere = await createFestival(db(), { startsOn: "2020-01-01", endsOn: "2020-01-05" });
    const old = await createEntry(db(), elsewhere, {
      public: true,
      videoUrl: null,
      videoKey: await store("videos", "mp4", videoBytes),
    });
    for (const id of [
      "not-an-id",
      "../../../etc/passwd",
      "%00",
      `${shown.id}x`,
      crypto.randomUUID(),
      old.id,
    ]) {
      expect((await video(id)).status, id).toBe(404);
      expect((await captions(id)).status, id).toBe(404);
    }
  });

  it("answers 404 when a stored key is not one the server would make", async () => {
    const odd = await createEntry(db(), festival, {
      public: true,
      videoUrl: null,
      videoKey: "../../etc/passwd",
      captionsKey: `videos/${crypto.randomUUID()}.mp4`,
    });
    expect((await video(odd.id)).status).toBe(404);
    expect((await captions(odd.id)).status).toBe(404);
  });
});
