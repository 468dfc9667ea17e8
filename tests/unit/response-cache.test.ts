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
    expect(cache.keyFor("GET", "/schedule", { cookie: "session=abc" })).toBeNull();
    expect(cache.keyFor("GET", "/schedule", { cookie: "meridian_tz=UTC; session=abc" })).toBeNull();
    expect(cache.keyFor("GET", "/schedule", { authorization: "Bearer x" })).toBeNull();
    expect(cache.keyFor("GET", "/me", {})).toBeNull();
  });

  it("keys pages by zone when the zone cookie is the only cookie", () => {
    const { cache } = makeCache();
    const tokyo = cache.keyFor("GET", "/schedule", { cookie: "meridian_tz=Asia%2FTokyo" });
    const london = cache.keyFor("GET", "/schedule", { cookie: "meridian_tz=Europe%2FLondon" });
    expect(tokyo).not.toBeNull();
    expect(tokyo).not.toBe(london);
    expect(tokyo).not.toBe(cache.keyFor("GET", "/schedule", {}));
  });

  it("stores a zone-personalised page only under its zone key", () => {
    const { cache } = makeCache();
    const privateHeaders = new Headers({ "cache-control": "private, no-cache" });
    expect(cache.shouldStore(200, privateHeaders, true)).toBe(true);
    expect(cache.shouldStore(200, privateHeaders, false)).toBe(false);
    expect(cache.shouldStore(200, new Headers({ "cache-control": "no-store" }), true)).toBe(false);
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

  it("serves the expired copy while one request renders its replacement", () => {
    const { cache, advance } = makeCache();
    cache.set("/schedule", entry, scheduleVersion());
    advance(5_001);
    expect(cache.get("/schedule")).toBeNull(); // the first request after expiry renders
    const finish = cache.beginRender("/schedule");
    expect(cache.get("/schedule")?.body.toString()).toBe("x"); // the others get the old copy
    const fresh = cache.set("/schedule", { ...entry, body: Buffer.from("y") }, scheduleVersion());
    finish(fresh);
    expect(cache.get("/schedule")?.body.toString()).toBe("y");
  });

  it("lets concurrent requests wait for one render and share it", async () => {
    const { cache } = makeCache();
    const finish = cache.beginRender("/schedule");
    const waiting = cache.pending("/schedule");
    expect(waiting).toBeDefined();
    const stored = cache.set("/schedule", entry, scheduleVersion());
    finish(stored);
    await expect(waiting).resolves.toBe(stored);
    expect(cache.pending("/schedule")).toBeUndefined();
  });

  it("never serves a copy from before a schedule change, even while re-rendering", () => {
    const { cache } = makeCache();
    cache.set("/schedule", entry, scheduleVersion());
    scheduleChanged();
    cache.beginRender("/schedule");
    expect(cache.get("/schedule")).toBeNull();
  });
});
