import { createPrivateKey } from "node:crypto";
import fs from "node:fs";
import { z } from "zod";

/**
 * Configuration, parsed once. A bad value stops the process at start with the
 * variable's name and what is wrong, instead of failing on the first request.
 */
const postgresUrl = z
  .string()
  .trim()
  .refine((v) => /^postgres(ql)?:\/\/[^/]+/.test(v) && URL.canParse(v), {
    message: "must be a postgres:// or postgresql:// URL, e.g. postgres://user@host:5432/db",
  });

const smtpUrl = z
  .string()
  .trim()
  .refine((v) => /^smtps?:\/\//.test(v) && URL.canParse(v), {
    message: "must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.org:587",
  });

const httpUrl = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), {
    message: "must be an http:// or https:// URL, e.g. https://festival.example.org",
  })
  .transform((v) => v.replace(/\/+$/, ""));

const emptyAsUndefined = (v: unknown) => (v === "" ? undefined : v);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.preprocess(emptyAsUndefined, postgresUrl.optional()),
  /** Connections each process keeps to PostgreSQL. */
  DATABASE_POOL_MAX: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ message: "must be a whole number" })
      .int("must be a whole number")
      .min(1, "must be between 1 and 500")
      .max(500, "must be between 1 and 500")
      .default(10),
  ),
  PGLITE_DIR: z.preprocess(emptyAsUndefined, z.string().default("./.data/pglite")),
  SMTP_URL: z.preprocess(emptyAsUndefined, smtpUrl.optional()),
  APP_URL: z.preprocess(emptyAsUndefined, httpUrl.default("http://localhost:3000")),
  PORT: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ message: "must be a whole number" })
      .int("must be a whole number")
      // 0 asks the system for any free port (tests use it).
      .min(0, "must be between 0 and 65535")
      .max(65535, "must be between 0 and 65535")
      .default(3000),
  ),
  SESSION_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(32, "must be at least 32 characters").optional(),
  ),
  MAIL_FROM: z.preprocess(emptyAsUndefined, z.string().default("Meridian <festival@localhost>")),
  /** DKIM signing of outgoing mail: all three of DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY, or none. */
  DKIM_DOMAIN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/, "must be a domain name, e.g. fest.example.org")
      .optional(),
  ),
  DKIM_SELECTOR: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, "must be a DNS label, e.g. meridian2025")
      .optional(),
  ),
  /** The private key as PEM text (newlines may be written \n) or the path of a PEM file. */
  DKIM_PRIVATE_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  /** "0" turns off the in-process mail worker (run `npm run worker` instead). */
  RUN_WORKER: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).default("1")),
  /** "1" behind a reverse proxy: the client's address is the first of X-Forwarded-For. */
  TRUST_PROXY: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).default("0")),
  /** How much the server and workers log, as JSON lines on standard output. */
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  /**
   * Bearer token for /metrics. Unset: /metrics answers only requests from this
   * machine (loopback), which suits a Prometheus or agent running beside it.
   */
  METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16).optional()),
  /** "0" skips seeding the demo festival on first start. */
  SEED_DEMO: z.preprocess(emptyAsUndefined, z.enum(["0", "1"]).default("1")),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`),
    );
  }
  const env = result.data;
  if (env.NODE_ENV === "production" && !env.SESSION_SECRET) {
    throw new ConfigError(["SESSION_SECRET is required in production (32 characters or more)"]);
  }
  return { ...env, DKIM_PRIVATE_KEY: checkDkim(env) };
}

const DKIM_VARIABLES = ["DKIM_DOMAIN", "DKIM_SELECTOR", "DKIM_PRIVATE_KEY"] as const;

/**
 * DKIM is all three variables or none. Returns the private key as PEM text,
 * read from the file when the variable holds a path, and checked to be a key.
 */
function checkDkim(env: Env): string | undefined {
  const missing = DKIM_VARIABLES.filter((name) => !env[name]);
  if (missing.length === DKIM_VARIABLES.length) return undefined;
  if (missing.length > 0) {
    const set = DKIM_VARIABLES.filter((name) => env[name]);
    throw new ConfigError(
      missing.map(
        (name) =>
          `${name} is required when ${set.join(" and ")} ${set.length > 1 ? "are" : "is"} set (DKIM needs DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY together, or none of them)`,
      ),
    );
  }
  const value = env.DKIM_PRIVATE_KEY!.trim();
  let pem: string;
  if (value.startsWith("-----BEGIN")) {
    pem = value.replace(/\\n/g, "\n");
  } else {
    try {
      pem = fs.readFileSync(value, "utf8");
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
      throw new ConfigError([
        `DKIM_PRIVATE_KEY must be a PEM private key ("-----BEGIN PRIVATE KEY-----\\n...") or the path of a file holding one; the file ${value} cannot be read (${reason})`,
      ]);
    }
  }
  try {
    if (createPrivateKey(pem).asymmetricKeyType !== "rsa") throw new Error("not RSA");
  } catch {
    throw new ConfigError([
      "DKIM_PRIVATE_KEY is not an unencrypted RSA private key in PEM form (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)",
    ]);
  }
  return pem;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change variables between cases; this forgets the parsed copy. */
export function resetEnvForTests(): void {
  cached = undefined;
}
