import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "~/lib/env.server";

describe("configuration", () => {
  it("defaults to the embedded database, the dev mailbox and port 3000", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PGLITE_DIR).toBe("./.data/pglite");
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.APP_URL).toBe("http://localhost:3000");
  });

  it("accepts a PostgreSQL URL and an SMTP URL, and trims a trailing slash from APP_URL", () => {
    const env = parseEnv({
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test",
      SMTP_URL: "smtp://user:pass@mail.example.org:587",
      APP_URL: "https://fest.example.org/",
      PORT: "8080",
    });
    expect(env.DATABASE_URL).toBe("postgres://postgres@127.0.0.1:5432/test");
    expect(env.APP_URL).toBe("https://fest.example.org");
    expect(env.PORT).toBe(8080);
  });

  it("names the variable and what is wrong for malformed values", () => {
    const attempt = () =>
      parseEnv({
        DATABASE_URL: "mysql://nope",
        PORT: "eighty",
        SMTP_URL: "mail.example.org",
        APP_URL: "fest",
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("DATABASE_URL must be a postgres:// or postgresql:// URL");
      expect(message).toContain("PORT must be a whole number");
      expect(message).toContain("SMTP_URL must be an smtp:// or smtps:// URL");
      expect(message).toContain("APP_URL must be an http:// or https:// URL");
    }
  });

  it("refuses out-of-range ports and short secrets", () => {
    expect(() => parseEnv({ PORT: "70000" })).toThrow(/PORT must be between 0 and 65535/);
    expect(() => parseEnv({ SESSION_SECRET: "short" })).toThrow(
      /SESSION_SECRET must be at least 32/,
    );
  });

  it("requires a session secret in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(
      /SESSION_SECRET is required in production/,
    );
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: "s".repeat(32) }).NODE_ENV).toBe(
      "production",
    );
  });

  it("treats empty variables as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });
});

describe("DKIM configuration", () => {
  const pem = generateKeyPairSync("rsa", { modulusLength: 1024 })
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString();
  const dkim = (overrides: Record<string, string | undefined> = {}) => ({
    DKIM_DOMAIN: "Fest.Example.org",
    DKIM_SELECTOR: "meridian2025",
    DKIM_PRIVATE_KEY: pem,
    ...overrides,
  });
  const problems = (source: Record<string, string | undefined>) => {
    try {
      parseEnv(source);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).problems;
    }
    throw new Error("parseEnv accepted the configuration");
  };

  it("is off when none of the three is set", () => {
    const env = parseEnv({ DKIM_DOMAIN: "", DKIM_SELECTOR: "" });
    expect([env.DKIM_DOMAIN, env.DKIM_SELECTOR, env.DKIM_PRIVATE_KEY]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("takes the key as PEM text with \\n escapes, as one-line settings hold it", () => {
    const env = parseEnv(dkim({ DKIM_PRIVATE_KEY: pem.trim().replace(/\n/g, "\\n") }));
    expect(env.DKIM_DOMAIN).toBe("fest.example.org");
    expect(env.DKIM_SELECTOR).toBe("meridian2025");
    expect(env.DKIM_PRIVATE_KEY).toBe(pem.trim());
    expect(parseEnv(dkim()).DKIM_PRIVATE_KEY).toBe(pem.trim());
  });

  it("takes the key as the path of a PEM file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "meridian-dkim-"));
    try {
      const file = path.join(dir, "dkim.pem");
      fs.writeFileSync(file, pem);
      expect(parseEnv(dkim({ DKIM_PRIVATE_KEY: file })).DKIM_PRIVATE_KEY).toBe(pem);
      expect(problems(dkim({ DKIM_PRIVATE_KEY: path.join(dir, "missing.pem") }))).toEqual([
        expect.stringMatching(
          /^DKIM_PRIVATE_KEY must be a PEM private key .* cannot be read \(ENOENT\)/,
        ),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("needs all three or none, and names what is missing", () => {
    expect(problems({ DKIM_DOMAIN: "fest.example.org" })).toEqual([
      expect.stringMatching(/^DKIM_SELECTOR is required when DKIM_DOMAIN is set/),
      expect.stringMatching(/^DKIM_PRIVATE_KEY is required when DKIM_DOMAIN is set/),
    ]);
    expect(problems(dkim({ DKIM_SELECTOR: "" }))).toEqual([
      expect.stringMatching(
        /^DKIM_SELECTOR is required when DKIM_DOMAIN and DKIM_PRIVATE_KEY are set \(DKIM needs/,
      ),
    ]);
  });

  it("refuses a key that is not an RSA private key, and malformed names", () => {
    expect(
      problems(
        dkim({
          DKIM_PRIVATE_KEY: "-----BEGIN PRIVATE KEY-----\\nnope\\n-----END PRIVATE KEY-----",
        }),
      ),
    ).toEqual([
      expect.stringMatching(/^DKIM_PRIVATE_KEY is not an unencrypted RSA private key in PEM form/),
    ]);
    const ed25519 = generateKeyPairSync("ed25519")
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    expect(problems(dkim({ DKIM_PRIVATE_KEY: ed25519 }))[0]).toMatch(/not an unencrypted RSA/);
    const named = problems(dkim({ DKIM_DOMAIN: "not a domain", DKIM_SELECTOR: "two words" }));
    expect(named).toContain("DKIM_DOMAIN must be a domain name, e.g. fest.example.org");
    expect(named).toContain("DKIM_SELECTOR must be a DNS label, e.g. meridian2025");
  });
});
