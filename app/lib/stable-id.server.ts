import { createHash } from "node:crypto";

/**
 * Identifiers other systems keep: they must come out the same on every
 * request and every server, so they are derived from stored values by
 * hashing, never from counters or the order rows happen to come back in.
 */

/** Meridian's own UUID namespace for name-based (v5) UUIDs. */
export const MERIDIAN_NAMESPACE = "3f6c1a52-6d2b-4c8e-9a57-0b1f6e8d2c41";

/** RFC 9562 version 5 UUID: SHA-1 of namespace and name, with the version and variant bits set. */
export function uuidV5(name: string, namespace: string = MERIDIAN_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  if (ns.length !== 16) throw new Error(`Not a UUID: ${namespace}`);
  const bytes = createHash("sha1").update(ns).update(name, "utf8").digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const MAX_ID = 0x7fffffff;

/**
 * A positive 31-bit integer per key (apps store frab event ids in a signed
 * 32-bit int). Each comes from a SHA-256 of the key alone, so adding or
 * removing another webinar never renumbers this one. Two keys landing on the
 * same number (odds about n²/4·10⁹) would break the feed's uniqueness rule,
 * so the later key in sorted order takes the next free number: still the
 * same answer for the same set of keys.
 */
export function stableIntegerIds(keys: readonly string[]): Map<string, number> {
  const ids = new Map<string, number>();
  const taken = new Set<number>();
  for (const key of [...new Set(keys)].sort()) {
    const digest = createHash("sha256").update(key, "utf8").digest();
    let id = (digest.readUInt32BE(0) % MAX_ID) + 1;
    while (taken.has(id)) id = (id % MAX_ID) + 1;
    taken.add(id);
    ids.set(key, id);
  }
  return ids;
}
