import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { mayReadMetrics } from "~/server/metrics.server";

const request = (remoteAddress: string, headers: Record<string, string> = {}) =>
  ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;
const TOKEN = "a-long-enough-metrics-token";

describe("who may read /metrics", () => {
  it("without a token, only a scraper on this machine", () => {
    expect(mayReadMetrics(request("127.0.0.1"), undefined)).toBe(true);
    expect(mayReadMetrics(request("::1"), undefined)).toBe(true);
    expect(mayReadMetrics(request("203.0.113.9"), undefined)).toBe(false);
  });

  it("does not count a request through the local load balancer as local", () => {
    const viaProxy = request("127.0.0.1", { "x-forwarded-for": "203.0.113.9" });
    expect(mayReadMetrics(viaProxy, undefined)).toBe(false);
  });

  it("with a token, whoever presents it, from anywhere, and nobody else", () => {
    const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
    expect(mayReadMetrics(request("203.0.113.9", bearer(TOKEN)), TOKEN)).toBe(true);
    expect(mayReadMetrics(request("203.0.113.9", bearer(`${TOKEN}x`)), TOKEN)).toBe(false);
    expect(mayReadMetrics(request("127.0.0.1"), TOKEN)).toBe(false);
    expect(mayReadMetrics(request("127.0.0.1", { authorization: TOKEN }), TOKEN)).toBe(false);
  });
});
