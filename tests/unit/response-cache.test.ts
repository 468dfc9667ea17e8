import { describe, expect, it } from "vitest";
import { scheduleChanged, scheduleVersion } from "~/lib/schedule-events.server";
import { ResponseCache } from "~/server/response-cache.server";

function makeCache() {
  let clock = 1_000;
  const cache = new ResponseCache({
    ttlMs: 5_000,
    maxEntries: 2,
    paths: [/^\/schedule$/],
    now: () => clock,
  });
  return { cache, advance: (ms: number) => (clock += ms) };
}

const entry = {
  status: 200,
  headers: [["content-type", "text/html"]] as [string, string][],
  body: Buffer.from("x"),
};

describe("the in-process response cache", () => {
  it("caches only anonymous GETs of listed paths", () => {
    const { cache } = makeCache();
    expect(cache.keyFor("GET", "/schedule?tz=UTC", {})).toBe("/schedule?tz=UTC");
    expect(cache.keyFor("POST", "/schedule", {})).toBeNull();
    expect(cache.keyFor("GET", "/schedule", { cookie: "a=b" })).toBeNull();
    expect(cache.keyFor("GET", "/me", {})).toBeNull();
  });

  it("stores only public 200s that set no cookie", () => {
    const { cache } = makeCache();
    expect(cache.shouldStore(200, new Headers({ "cache-control": "public, s-maxage=60" }))).toBe(
      true,
    );
    expect(cache.shouldStore(404, new Headers({ "cache-control": "public" }))).toBe(false);
    expect(cache.shouldStore(200, new Headers({ "cache-control": "private" }))).toBe(false);
    expect(
      cache.shouldStore(200, new Headers({ "cache-control": "public", "set-cookie": "a=b" })),
    ).toBe(false);
  });

  it("forgets an entry after its TTL", () => {
    const { cache, advance } = makeCache();
    cache.set("/schedule", entry, scheduleVersion());
    expect(cache.get("/schedule")).not.toBeNull();
    advance(5_001);
    expect(cache.get("/schedule")).toBeNull();
  });

  it("forgets everything when the schedule changes, even mid-render", () => {
    const { cache } = makeCache();
    cache.set("/schedule", entry, scheduleVersion());
    scheduleChanged();
    expect(cache.get("/schedule")).toBeNull();
    const before = scheduleVersion();
    scheduleChanged();
    cache.set("/schedule", entry, before);
    expect(cache.get("/schedule")).toBeNull();
  });

  it("keeps at most maxEntries, dropping the oldest", () => {
    const { cache } = makeCache();
    cache.set("a", entry, scheduleVersion());
    cache.set("b", entry, scheduleVersion());
    cache.set("c", entry, scheduleVersion());
    expect(cache.size).toBe(2);
    expect(cache.get("a")).toBeNull();
    expect(cache.get("c")).not.toBeNull();
  });
});
