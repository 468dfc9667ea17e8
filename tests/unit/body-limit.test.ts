import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bodyLimitFor,
  ENTRY_FORM_LIMIT,
  FORM_BODY_LIMIT,
  IMAGE_FORM_LIMIT,
  RESOURCE_FORM_LIMIT,
  refuseOversizedBody,
} from "~/server/body-limit.server";

/**
 * A real server that reads bodies the way our Node adapter does (a web
 * stream made from the request), behind refuseOversizedBody.
 */
const reads: { url: string; outcome: string }[] = [];
let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (refuseOversizedBody(req, res)) return;
    const request = new Request(`http://localhost${req.url}`, {
      method: req.method,
      body: Readable.toWeb(req) as unknown as ReadableStream,
      duplex: "half",
    } as RequestInit);
    request.arrayBuffer().then(
      (body) => {
        reads.push({ url: req.url ?? "", outcome: `read ${body.byteLength}` });
        if (!res.headersSent) res.end(`read ${body.byteLength}`);
      },
      () => reads.push({ url: req.url ?? "", outcome: "error" }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Sends `chunks` (with Content-Length `declared`, or chunked when undefined) and reads the answer. */
function send(path: string, chunks: Buffer[], declared?: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        port,
        host: "127.0.0.1",
        path,
        method: "POST",
        headers: declared === undefined ? {} : { "Content-Length": declared },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    // The server may close while we are still sending: that is the point.
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
    });
    let i = 0;
    const next = () => {
      while (i < chunks.length) {
        const ok = req.write(chunks[i++]!);
        if (!ok) return void req.once("drain", next);
      }
      req.end();
    };
    next();
  });
}

const kb = (n: number) => Buffer.alloc(n * 1024, 0x61);
const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i += 1) await new Promise((r) => setTimeout(r, 20));
};

describe("refusing oversized bodies before the app reads them", () => {
  it("lets an ordinary form under 1 MB through whole", async () => {
    const answer = await send("/register", [kb(900)], 900 * 1024);
    expect(answer).toMatchObject({ status: 200, body: `read ${900 * 1024}` });
  });

  it("answers 413 with a short page when Content-Length is over 1 MB, without the app seeing it", async () => {
    const answer = await send("/register?x=1", [kb(1100)], 1100 * 1024);
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe("close");
    expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(answer.body).toContain("That was too large to send");
    expect(answer.body).toContain("over 1 MB");
    expect(reads.some((r) => r.url === "/register?x=1")).toBe(false);
  });

  it("counts a chunked body and cuts it at 1 MB: the reader gets an error, never a short body", async () => {
    const answer = await send(
      "/schedule.json",
      Array.from({ length: 40 }, () => kb(64)),
    );
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("That was too large to send");
    await waitFor(() => reads.some((r) => r.url === "/schedule.json"));
    expect(reads.filter((r) => r.url === "/schedule.json")).toEqual([
      { url: "/schedule.json", outcome: "error" },
    ]);
  });

  it("lets a chunked body under the limit through whole", async () => {
    const answer = await send(
      "/studio/posts/abc/autosave",
      Array.from({ length: 10 }, () => kb(64)),
    );
    expect(answer).toMatchObject({ status: 200, body: `read ${640 * 1024}` });
  });

  it("lets upload forms through up to their own, larger limits", async () => {
    const photo = await send("/me/faculty-profile", [kb(4096)], 4096 * 1024);
    expect(photo).toMatchObject({ status: 200, body: `read ${4096 * 1024}` });
    const singleFetch = await send("/admin/settings.data", [kb(2048)], 2048 * 1024);
    expect(singleFetch.status).toBe(200);
    // Over the video form's limit is refused from the declared length alone.
    const video = await send("/network90/enter", [], ENTRY_FORM_LIMIT + 1);
    expect(video.status).toBe(413);
    expect(video.body).toContain(`over ${Math.floor(ENTRY_FORM_LIMIT / 1024 / 1024)} MB`);
  });

  it("knows each upload route's limit, with or without .data, and 1 MB elsewhere", () => {
    expect(bodyLimitFor("/network90/enter")).toBe(ENTRY_FORM_LIMIT);
    expect(bodyLimitFor("/network90/enter.data?x")).toBe(ENTRY_FORM_LIMIT);
    expect(bodyLimitFor("/admin/resources/new")).toBe(RESOURCE_FORM_LIMIT);
    expect(bodyLimitFor("/admin/resources/5d2c")).toBe(RESOURCE_FORM_LIMIT);
    expect(bodyLimitFor("/studio/posts/5d2c")).toBe(IMAGE_FORM_LIMIT);
    expect(bodyLimitFor("/admin/speakers")).toBe(IMAGE_FORM_LIMIT);
    expect(bodyLimitFor("/admin/speakers/5d2c.data")).toBe(IMAGE_FORM_LIMIT);
    expect(bodyLimitFor("/studio/posts/5d2c/autosave")).toBe(FORM_BODY_LIMIT);
    expect(bodyLimitFor("/network90/entries/5d2c")).toBe(FORM_BODY_LIMIT);
    expect(bodyLimitFor("//evil/%zz")).toBe(FORM_BODY_LIMIT);
    expect(RESOURCE_FORM_LIMIT).toBeGreaterThan(ENTRY_FORM_LIMIT);
  });
});
