import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "./env.server";

let secret: string | undefined;

/**
 * The key that signs session cookies. Production must set SESSION_SECRET
 * (checked at start). In development one is generated once into ./.data so
 * sign-ins survive restarts; tests get a fresh one per process.
 */
export function sessionSecret(): string {
  if (secret) return secret;
  const config = env();
  if (config.SESSION_SECRET) return (secret = config.SESSION_SECRET);
  if (config.NODE_ENV === "test") return (secret = randomBytes(32).toString("hex"));
  const file = path.resolve(".data", "session-secret");
  try {
    secret = fs.readFileSync(file, "utf8").trim();
  } catch {
    secret = randomBytes(32).toString("hex");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  }
  return secret;
}
