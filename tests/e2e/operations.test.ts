import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "~scripts/lib/server-process";

/** What an operator sees of a running site: JSON logs with request ids, /metrics, a clean stop. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-ops-"));
const TOKEN = "metrics-token-for-the-test";
let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess({
    PGLITE_DIR: path.join(tmp, "db"),
    DATABASE_URL: "",
    SEED_DEMO: "1",
    METRICS_TOKEN: TOKEN,
    LOG_LEVEL: "info",
  });
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface LogLine {
  level: string;
  msg: string;
  req_id?: string;
  path?: string;
  route?: string;
  status?: number;
  ms?: number;
}
const logLines = (): LogLine[] =>
  server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);

async function waitForLog(find: (line: LogLine) => boolean): Promise<LogLine> {
  for (let i = 0; i < 50; i++) {
    const line = logLines().find(find);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no such log line in:\n${server.output()}`);
}

const metrics = async (headers: Record<string, string> = {}) => {
  const response = await fetch(`${server.url}/metrics`, { headers });
  return { status: response.status, text: await response.text() };
};

describe("operating the site", () => {
  it("answers every request with an id that its JSON log line carries", async () => {
    const response = await fetch(`${server.url}/schedule`);
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = await waitForLog((l) => l.req_id === id);
    expect(line).toMatchObject({
      level: "info",
      msg: "request",
      path: "/schedule",
      route: "routes/schedule",
      status: 200,
    });
    expect(line.ms).toBeGreaterThan(0);
    // Without a trusted proxy in front, a client cannot choose the id our logs show.
    const chosen = await fetch(`${server.url}/`, {
      headers: { "X-Request-Id": "chosen-by-client" },
    });
    expect(chosen.headers.get("x-request-id")).not.toBe("chosen-by-client");
  });

  it("keeps secret tokens out of the log", async () => {
    const token = "0123456789abcdef0123456789abcdef";
    const response = await fetch(`${server.url}/calendar/${token}.ics`);
    expect(response.status).toBe(404);
    const id = response.headers.get("x-request-id");
    const line = await waitForLog((l) => l.req_id === id);
    expect(line.path).toBe("/calendar/:feed");
    expect(server.output()).not.toContain(token);
  });

  it("serves Prometheus metrics to the holder of the token only", async () => {
    await fetch(`${server.url}/webinars/no-such-webinar`);
    expect((await metrics()).status).toBe(404);
    expect((await metrics({ Authorization: "Bearer wrong-token-entirely" })).status).toBe(404);
    const { status, text } = await metrics({ Authorization: `Bearer ${TOKEN}` });
    expect(status).toBe(200);
    expect(text).toMatch(
      /meridian_http_request_duration_seconds_count\{method="GET",route="routes\/schedule",status="200"\} [1-9]/,
    );
    expect(text).toMatch(
      /meridian_http_request_duration_seconds_bucket\{le="0\.25",method="GET",route="routes\/webinars\.\$slug",status="404"\} 1/,
    );
    // The demo festival's queue and registrations, read from the database.
    expect(text).toMatch(/meridian_outbox_messages\{state="pending"\} \d+/);
    expect(text).toMatch(/meridian_outbox_oldest_due_age_seconds \d/);
    expect(text).toMatch(/meridian_webinar_registrations\{status="confirmed"\} [1-9]/);
    expect(text).toMatch(/meridian_festival_registrations [1-9]/);
    expect(text).toMatch(/meridian_process_resident_memory_bytes \d+/);
  });

  it("answers a same-site form sent with a stray Host or X-Forwarded-Host without failing", async () => {
    const strays: Record<string, string>[] = [
      { "X-Forwarded-Host": "elsewhere.example" },
      { Host: "127.0.0.1" },
    ];
    for (const headers of strays) {
      const response = await fetch(`${server.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: {
          ...headers,
          Origin: new URL(server.url).origin,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: "email=not-an-address",
      });
      expect(response.status, JSON.stringify(headers)).toBe(400);
      expect(await response.text()).toContain("email");
    }
  });

  it("refuses an oversized form post before any action reads it", async () => {
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `email=${"a".repeat(2 * 1024 * 1024)}`,
    });
    expect(response.status).toBe(413);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("finishes its requests and stops cleanly on SIGTERM", async () => {
    await server.stop();
    expect(server.child.exitCode).toBe(0);
    const lines = logLines().map((l) => l.msg);
    expect(lines).toContain("SIGTERM received: finishing requests and closing the database.");
    expect(lines.at(-1)).toBe("stopped");
  });
});
