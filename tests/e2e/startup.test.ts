import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServerProcess } from "~scripts/lib/server-process";

/** What `npm start` does on a fresh machine, and how it fails when misconfigured. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-start-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("starting the site", () => {
  it("creates the demo festival on an empty embedded database and serves it", async () => {
    const dir = path.join(tmp, "fresh");
    const server = await startServerProcess({ PGLITE_DIR: dir, DATABASE_URL: "", SEED_DEMO: "1" });
    try {
      expect(server.output()).toMatch(/Seeded the demo festival: week of \d{4}-\d{2}-\d{2}/);
      const home = await (await fetch(`${server.url}/`)).text();
      expect(home).toContain("Networkfest");
      const schedule = (await (await fetch(`${server.url}/api/schedule.json`)).json()) as {
        webinars: { slug: string }[];
      };
      expect(schedule.webinars).toHaveLength(7);

      // A second process on the same directory is refused, and the first keeps serving.
      const second = spawnSync(process.execPath, ["server.mjs"], {
        env: { ...process.env, PGLITE_DIR: dir, DATABASE_URL: "", PORT: "0" },
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(second.status).toBe(1);
      expect(second.stderr).toContain("already in use by process");
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

      // Every response carries the security headers, pages and data alike.
      for (const pathname of ["/", "/api/schedule.json", "/healthz"]) {
        const response = await fetch(`${server.url}${pathname}`);
        expect(response.headers.get("x-content-type-options"), pathname).toBe("nosniff");
        expect(response.headers.get("x-frame-options"), pathname).toBe("DENY");
        expect(response.headers.get("referrer-policy"), pathname).toBe(
          "strict-origin-when-cross-origin",
        );
      }
      expect(
        (await fetch(`${server.url}/embed/schedule`)).headers.get("x-frame-options"),
      ).toBeNull();

      // A form posted from another site is refused before any action runs;
      // the same form from this site goes through.
      const login = (origin: string) =>
        fetch(`${server.url}/login`, {
          method: "POST",
          redirect: "manual",
          headers: { Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
          body: "email=someone%40example.org",
        });
      const crossSite = await login("https://evil.example");
      expect(crossSite.status).toBe(403);
      expect(await crossSite.text()).toMatch(/sent from another website, so it was refused/);
      expect((await login(new URL(server.url).origin)).status).not.toBe(403);
    } finally {
      await server.stop();
    }
  });

  it("refuses to start with a malformed DATABASE_URL, naming it", () => {
    const result = spawnSync(process.execPath, ["server.mjs"], {
      env: { ...process.env, DATABASE_URL: "postgres//missing-colon", PORT: "0" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL must be a postgres:// or postgresql:// URL");
  });

  it("refuses to start in production without a session secret", () => {
    const result = spawnSync(process.execPath, ["server.mjs"], {
      env: { ...process.env, NODE_ENV: "production", SESSION_SECRET: "", PORT: "0" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("SESSION_SECRET is required in production");
  });
});
