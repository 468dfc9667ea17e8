import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isEmbeddable, newNonce } from "~/lib/csp.server";

const directives = (policy: string) =>
  new Map(
    policy.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values.join(" ")];
    }),
  );

describe("the Content-Security-Policy", () => {
  it("lets scripts run only from this origin or with this response's nonce", () => {
    const policy = directives(contentSecurityPolicy("abc123", "/blog/a-post"));
    expect(policy.get("script-src")).toBe("'self' 'nonce-abc123'");
    expect(policy.get("script-src")).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("base-uri")).toBe("'none'");
    expect(policy.get("form-action")).toBe("'self'");
    expect(policy.get("default-src")).toBe("'self'");
  });

  it("refuses frames everywhere but the embeddable schedule", () => {
    expect(directives(contentSecurityPolicy("n", "/schedule")).get("frame-ancestors")).toBe(
      "'none'",
    );
    expect(directives(contentSecurityPolicy("n", "/embed/schedule")).get("frame-ancestors")).toBe(
      "*",
    );
    expect(isEmbeddable("/embedded-trick")).toBe(false);
  });

  it("makes a new, unguessable nonce for every response", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});
