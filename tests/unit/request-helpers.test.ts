import { describe, expect, it } from "vitest";
import { CACHE, publicPageCache } from "~/lib/http.server";
import { safeRedirect } from "~/lib/safe-redirect";
import { isSlug, slugify } from "~/lib/slug";
import { viewerZone } from "~/lib/viewer-zone.server";

const request = (url: string, cookie?: string) =>
  new Request(`http://localhost${url}`, { headers: cookie ? { Cookie: cookie } : {} });

describe("the viewer's zone", () => {
  it("uses the festival zone for a first visit", () => {
    expect(viewerZone(request("/schedule"), "Europe/London")).toMatchObject({
      zone: "Europe/London",
      source: "festival",
      remembered: null,
    });
  });

  it("uses the remembered cookie, and ?tz= over it", () => {
    const cookie = "meridian_tz=Australia%2FMelbourne";
    expect(viewerZone(request("/schedule", cookie), "Europe/London")).toMatchObject({
      zone: "Australia/Melbourne",
      source: "cookie",
    });
    expect(
      viewerZone(request("/schedule?tz=America/New_York", cookie), "Europe/London"),
    ).toMatchObject({
      zone: "America/New_York",
      source: "query",
      remembered: "Australia/Melbourne",
    });
  });

  it("shows festival time on request while remembering the visitor's own zone", () => {
    const zone = viewerZone(
      request("/schedule?view=festival", "meridian_tz=Asia%2FTokyo"),
      "Europe/London",
    );
    expect(zone).toMatchObject({
      zone: "Europe/London",
      festivalView: true,
      remembered: "Asia/Tokyo",
    });
  });

  it("falls back to the festival zone for bad zones in the query or cookie", () => {
    for (const [url, cookie] of [
      ["/schedule?tz=Not/AZone", undefined],
      ["/schedule?tz=%00%FF", "meridian_tz=%E0%A4%A"],
      ["/schedule", "meridian_tz=<script>"],
      ["/schedule?tz=" + "A".repeat(5000), undefined],
    ] as const) {
      expect(viewerZone(request(url, cookie), "Europe/London").zone).toBe("Europe/London");
    }
  });
});

describe("redirect targets", () => {
  it("keeps same-site paths", () => {
    expect(safeRedirect("/webinars/x?tz=UTC")).toBe("/webinars/x?tz=UTC");
  });
  it("refuses other sites and tricks", () => {
    for (const bad of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "javascript:alert(1)",
      "/\t/evil",
      42,
      null,
    ]) {
      expect(safeRedirect(bad, "/schedule")).toBe("/schedule");
    }
  });
});

describe("slugs", () => {
  it("accepts lowercase words with hyphens only", () => {
    expect(isSlug("running-meetings")).toBe(true);
    expect(isSlug("../etc/passwd")).toBe(false);
    expect(isSlug("Caps")).toBe(false);
    expect(isSlug("-edge-")).toBe(false);
    expect(isSlug("a".repeat(121))).toBe(false);
  });
  it("makes slugs from titles", () => {
    expect(slugify("Running meetings: a how-to!")).toBe("running-meetings-a-how-to");
    expect(slugify("Café société")).toBe("cafe-societe");
  });
});

describe("cache headers", () => {
  it("lets shared caches keep anonymous pages but never personalised ones", () => {
    expect(publicPageCache(request("/schedule"))).toBe(CACHE.publicPage);
    expect(CACHE.publicPage).toMatch(/s-maxage=\d+/);
    expect(CACHE.publicPage).toMatch(/stale-while-revalidate=\d+/);
    expect(publicPageCache(request("/schedule", "meridian_tz=UTC"))).toBe(CACHE.personal);
  });
});
