import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { isCrossSiteMutation } from "~/server/request-guard.server";

const settings = { appOrigin: "https://festival.example.org", trustProxy: false };

const request = (method: string, headers: Record<string, string>) =>
  ({ method, headers }) as unknown as IncomingMessage;

describe("cross-site mutations", () => {
  it("lets reads through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(
        isCrossSiteMutation(request(method, { origin: "https://evil.example" }), settings),
      ).toBe(false);
    }
  });

  it("refuses a POST from another site, a sandboxed frame or a browser-marked cross-site fetch", () => {
    const host = { host: "festival.example.org" };
    expect(
      isCrossSiteMutation(request("POST", { ...host, origin: "https://evil.example" }), settings),
    ).toBe(true);
    expect(isCrossSiteMutation(request("POST", { ...host, origin: "null" }), settings)).toBe(true);
    expect(
      isCrossSiteMutation(
        request("DELETE", { ...host, origin: "https://festival.example.org.evil.example" }),
        settings,
      ),
    ).toBe(true);
    expect(
      isCrossSiteMutation(request("POST", { ...host, "sec-fetch-site": "cross-site" }), settings),
    ).toBe(true);
    expect(
      isCrossSiteMutation(request("POST", { ...host, "sec-fetch-site": "same-site" }), settings),
    ).toBe(true);
  });

  it("accepts the site's own forms, by its public origin or by the host it was reached at", () => {
    expect(
      isCrossSiteMutation(
        request("POST", { host: "10.0.0.5:3000", origin: "https://festival.example.org" }),
        settings,
      ),
    ).toBe(false);
    expect(
      isCrossSiteMutation(
        request("POST", { host: "127.0.0.1:4123", origin: "http://127.0.0.1:4123" }),
        settings,
      ),
    ).toBe(false);
    expect(
      isCrossSiteMutation(
        request("POST", { host: "x", "sec-fetch-site": "same-origin" }),
        settings,
      ),
    ).toBe(false);
    // Scripts and old clients send neither header, and carry no browser cookies.
    expect(isCrossSiteMutation(request("POST", { host: "x" }), settings)).toBe(false);
  });

  it("behind a trusted proxy, compares with the host the visitor used", () => {
    const proxied = request("POST", {
      host: "app-3:3000",
      "x-forwarded-host": "www.festival.example.org",
      origin: "https://www.festival.example.org",
    });
    expect(isCrossSiteMutation(proxied, { ...settings, trustProxy: true })).toBe(false);
    expect(isCrossSiteMutation(proxied, settings)).toBe(true);
  });
});
