import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { competition, entry } from "~db/schema";
import { action as enterAction, loader as enterLoader } from "~/routes/network90.enter";
import { createCompetition, createFestival, createUser, type FestivalRow } from "~tests/factories";
import { multipartRequest } from "~tests/helpers/images";
import { callRoute } from "~tests/helpers/remix";
import { signedInCookie } from "~tests/helpers/session";
import { withTestDatabase } from "~tests/helpers/test-database";
import { isoVideo, WEBVTT, webmVideo } from "~tests/helpers/videos";

const testDb = withTestDatabase();
const db = () => testDb.handle.db;
const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-entries-"));
const previousDir = process.env.STORAGE_DIR;
let festival: FestivalRow;
let cookie: string;
let userId: string;

beforeAll(async () => {
  process.env.STORAGE_DIR = storageDir;
  festival = await createFestival(db(), { timeZone: "Europe/London" });
  await createCompetition(db(), festival);
  const person = await createUser(db(), {
    email: "lead@riverside.example",
    timeZone: "Europe/London",
  });
  userId = person.id;
  cookie = await signedInCookie(person.id);
});

afterAll(() => {
  if (previousDir === undefined) delete process.env.STORAGE_DIR;
  else process.env.STORAGE_DIR = previousDir;
  fs.rmSync(storageDir, { recursive: true, force: true });
});

type Reply = {
  errors: Record<string, string>;
  message: string | null;
  values: Record<string, string>;
};

async function upload(intent: "video" | "captions", file: File, as = cookie) {
  let result: unknown;
  try {
    result = await enterAction({
      request: multipartRequest(
        "/network90/enter",
        [
          ["intent", intent],
          [intent, file],
        ],
        as,
      ),
      params: {},
      context: {},
    });
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) return { status: result.status, data: undefined };
  const r = result as { data: Reply; init: ResponseInit | null };
  return { status: r.init?.status ?? 200, data: r.data };
}

const video = (bytes: Buffer, name = "our-video.mp4") =>
  new File([new Uint8Array(bytes)], name, { type: "video/mp4" });

const details = (over: Record<string, string> = {}) => ({
  intent: "details",
  networkName: "Riverside Network",
  region: "Yorkshire and the Humber",
  contactName: "Rae Rivers",
  description: "We bring together forty community groups along the river.",
  consent: "on",
  ...over,
});

const ownEntry = async () => (await db().select().from(entry).where(eq(entry.userId, userId)))[0];
const stored = (key: string | null | undefined) =>
  key ? fs.existsSync(path.join(storageDir, key)) : false;

describe("entering Network90", () => {
  it("asks a visitor to sign in first (signing in verifies the email)", async () => {
    const res = await callRoute(enterLoader, "/network90/enter");
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toMatch(/^\/login\?redirectTo=%2Fnetwork90%2Fenter/);
  });

  it("refuses a video before the network's details are saved", async () => {
    const res = await upload("video", video(isoVideo(60)));
    expect(res.status).toBe(400);
    expect(res.data!.errors.video).toMatch(/Save your network's details first/);
  });

  it("shows each problem with the details next to its field, keeping what was typed", async () => {
    const res = await callRoute<Reply>(enterAction, "/network90/enter", {
      cookie,
      form: details({ region: "Atlantis", description: "Too short", networkName: "" }),
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.data!.errors).sort()).toEqual(["description", "networkName", "region"]);
    expect(res.data!.values.description).toBe("Too short");
    expect(await ownEntry()).toBeUndefined();
  });

  it("starts the entry with the details and the consent, dated", async () => {
    const res = await callRoute<Reply>(enterAction, "/network90/enter", {
      cookie,
      form: details(),
    });
    expect(res.status).toBe(200);
    const row = await ownEntry();
    expect(row).toMatchObject({ networkName: "Riverside Network", status: "draft" });
    expect(row!.publicConsentAt).toBeInstanceOf(Date);
  });

  it("accepts a 60-second video, stored under a name of ours whatever it was called", async () => {
    const res = await upload("video", video(isoVideo(60), "../../../../tmp/evil.mp4"));
    expect(res.data!.message).toBe("Video uploaded: 1 minute 0 seconds, MP4.");
    const row = await ownEntry();
    expect(row!.videoKey).toMatch(/^videos\/[0-9a-f-]{36}\.mp4$/);
    expect(row!.videoSeconds).toBe(60);
    expect(stored(row!.videoKey)).toBe(true);
    expect(fs.existsSync("/tmp/evil.mp4")).toBe(false);
  });

  it("refuses a 120-second video with its length, keeping the accepted one", async () => {
    const before = await ownEntry();
    const res = await upload("video", video(isoVideo(120)));
    expect(res.status).toBe(400);
    expect(res.data!.errors.video).toBe(
      "This video is 2 minutes 0 seconds long. Network90 videos are at most 90 seconds: trim it and upload it again.",
    );
    const after = await ownEntry();
    expect(after!.videoKey).toBe(before!.videoKey);
  });

  it("gives a second's grace, no more", async () => {
    expect((await upload("video", video(isoVideo(92)))).status).toBe(400);
    const res = await upload("video", video(webmVideo(91), "cut.webm"));
    expect(res.data!.message).toBe("Video uploaded: 1 minute 31 seconds, WEBM.");
  });

  it("refuses a renamed file that is not a video, and replacing removes the old file", async () => {
    const first = (await ownEntry())!.videoKey;
    const fake = await upload(
      "video",
      video(Buffer.from("plain text, not a film at all"), "film.mp4"),
    );
    expect(fake.data!.errors.video).toMatch(/not an MP4, WebM or MOV video/);
    const mov = await upload("video", video(isoVideo(45, { brand: "qt  " }), "clip.mov"));
    expect(mov.status).toBe(200);
    const row = await ownEntry();
    expect(row!.videoType).toBe("mov");
    expect(stored(first)).toBe(false);
    expect(stored(row!.videoKey)).toBe(true);
  });

  it("takes WebVTT captions and refuses SRT", async () => {
    const srt = await upload(
      "captions",
      new File(["1\n00:00:00,000 --> 00:00:02,000\nHello\n"], "captions.vtt", { type: "text/vtt" }),
    );
    expect(srt.data!.errors.captions).toMatch(/not a WebVTT file/);
    const vtt = await upload("captions", new File([WEBVTT], "captions.vtt", { type: "text/vtt" }));
    expect(vtt.data!.message).toBe("Captions uploaded.");
    const row = await ownEntry();
    expect(row!.captionsKey).toMatch(/^captions\/[0-9a-f-]{36}\.vtt$/);
    expect(fs.readFileSync(path.join(storageDir, row!.captionsKey!), "utf8")).toBe(WEBVTT);
  });

  it("shows what the entry still needs, then sends it to the judges", async () => {
    const page = await callRoute<{ entry: { blockers: string[]; status: string } }>(
      enterLoader,
      "/network90/enter",
      { cookie },
    );
    expect(page.data!.entry.blockers).toEqual([]);
    const sent = await callRoute<Reply>(enterAction, "/network90/enter", {
      cookie,
      form: { intent: "submit" },
    });
    expect(sent.data!.message).toMatch(
      /^Entry sent\. You can still change it until .* London time/,
    );
    expect((await ownEntry())!.status).toBe("submitted");
  });

  it("swaps an upload for a link to a hosting site (https only)", async () => {
    const bad = await callRoute<Reply>(enterAction, "/network90/enter", {
      cookie,
      form: { intent: "link", videoUrl: "http://video.example.org/v/1" },
    });
    expect(bad.data!.errors.videoUrl).toBe("Use the https:// address of the video.");
    const previous = (await ownEntry())!.videoKey;
    const ok = await callRoute<Reply>(enterAction, "/network90/enter", {
      cookie,
      form: { intent: "link", videoUrl: "https://video.example.org/v/1" },
    });
    expect(ok.data!.message).toBe("Video link saved.");
    const row = await ownEntry();
    expect(row).toMatchObject({ videoKey: null, videoUrl: "https://video.example.org/v/1" });
    expect(stored(previous)).toBe(false);
  });
});

describe("after entries close", () => {
  it("keeps the entry as it is, but consent can still be withdrawn", async () => {
    await db()
      .update(competition)
      .set({ entriesCloseAt: new Date(Date.now() - 60_000) })
      .where(eq(competition.festivalId, festival.id));
    const change = await callRoute<Reply>(enterAction, "/network90/enter", {
      cookie,
      form: details({ networkName: "Renamed" }),
    });
    expect(change.status).toBe(400);
    expect(change.data!.errors.form).toMatch(/^Entries closed at .* London time/);
    const late = await upload("video", video(isoVideo(30)));
    expect(late.data!.errors.video).toMatch(/^Entries closed at /);
    const withdraw = await callRoute<Reply>(enterAction, "/network90/enter", {
      cookie,
      form: { intent: "withdraw-consent" },
    });
    expect(withdraw.data!.message).toMatch(/Consent withdrawn/);
    expect(await ownEntry()).toMatchObject({
      networkName: "Riverside Network",
      publicConsentAt: null,
    });
  });
});
