import { afterEach, describe, expect, it, vi } from "vitest";
import type { Db } from "~db/client.server";
import { rateLimit } from "~db/schema";
import { consumeLimit, RATE_LIMITS } from "~/lib/rate-limit.server";
import { withTestDatabase } from "~tests/helpers/test-database";

const database = withTestDatabase();

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

async function spend(times: number, who: { personId: string | null; ip: string | null }) {
  const verdicts = [];
  for (let i = 0; i < times; i += 1) verdicts.push(await consumeLimit("vote", who));
  return verdicts;
}

describe("rate limits kept in the database", () => {
  it("lets a person act up to the limit, refuses the next with a wait, and forgets after the window", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-11-28T10:00:00Z") });
    const who = { personId: "person-a", ip: null };
    const { points, duration } = RATE_LIMITS.vote.perPerson;
    const allowed = await spend(points, who);
    expect(allowed.every((v) => v.ok)).toBe(true);

    vi.setSystemTime(new Date("2026-11-28T10:20:00Z"));
    const refused = await consumeLimit("vote", who);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    // The window began at 10:00, so 40 minutes remain.
    expect(refused.retryAfterSeconds).toBe(duration - 20 * 60);
    expect(refused.headers["Retry-After"]).toBe(String(duration - 20 * 60));
    expect(refused.message).toBe(
      "Too many vote attempts in a short time. Nothing was saved: please wait 40 minutes and try again.",
    );

    // Someone else is not affected.
    expect((await consumeLimit("vote", { personId: "person-b", ip: null })).ok).toBe(true);

    vi.setSystemTime(new Date(Date.parse("2026-11-28T10:00:00Z") + duration * 1000 + 1000));
    expect((await consumeLimit("vote", who)).ok).toBe(true);
  });

  it("counts an address across people, and does not count an unknown address", async () => {
    const { points } = RATE_LIMITS.vote.perIp;
    for (let i = 0; i < points; i += 1) {
      expect((await consumeLimit("vote", { personId: `voter-${i}`, ip: "203.0.113.9" })).ok).toBe(
        true,
      );
    }
    const refused = await consumeLimit("vote", { personId: "voter-new", ip: "203.0.113.9" });
    expect(refused.ok).toBe(false);
    expect((await consumeLimit("vote", { personId: "voter-new", ip: "203.0.113.10" })).ok).toBe(
      true,
    );
    const anonymousAddress = await spend(points + 5, { personId: null, ip: null });
    expect(anonymousAddress.every((v) => v.ok)).toBe(true);
  });

  it("counts exactly when many requests arrive at once (one atomic upsert each)", async () => {
    const { points } = RATE_LIMITS.vote.perPerson;
    const verdicts = await Promise.all(
      Array.from({ length: points + 10 }, () =>
        consumeLimit("vote", { personId: "person-burst", ip: null }),
      ),
    );
    expect(verdicts.filter((v) => v.ok)).toHaveLength(points);
  });

  it("keeps each limit apart, in the rate_limit table", async () => {
    await consumeLimit("upload", { personId: "person-c", ip: "198.51.100.1" });
    await consumeLimit("registration", { personId: "person-c", ip: null });
    const rows = await database.handle.db.select().from(rateLimit);
    const keys = rows.map((r) => r.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        "upload:person:person-c",
        "upload:ip:198.51.100.1",
        "registration:person:person-c",
      ]),
    );
    const upload = rows.find((r) => r.key === "upload:person:person-c");
    expect(upload?.points).toBe(1);
  });

  it("lets the request through (and says so in the log) when the store fails", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = {
      insert: () => {
        throw new Error("connection refused");
      },
    } as unknown as Db;
    const verdict = await consumeLimit(
      "upload",
      { personId: "p", ip: "192.0.2.1" },
      { db: broken },
    );
    expect(verdict).toEqual({ ok: true });
    expect(logged).toHaveBeenCalledWith(
      expect.stringContaining("Rate limit upload could not be checked"),
      expect.any(Error),
    );
  });
});
