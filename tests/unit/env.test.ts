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
