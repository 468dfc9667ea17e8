import { scheduleVersion } from "./schedule-events.server";

/**
 * Public schedule reads are the same for every visitor, so each is loaded
 * once per schedule version and reused for a few seconds. A change in this
 * process (scheduleChanged) is seen at once; another process's change within
 * the TTL.
 */
const TTL_MS = 5_000;
const MAX_ENTRIES = 500;

interface Entry {
  version: number;
  storedAt: number;
  value: Promise<unknown>;
}

const entries = new Map<string, Entry>();

export function cachedForSchedule<T>(key: string, load: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const version = scheduleVersion();
  const hit = entries.get(key);
  if (hit && hit.version === version && now - hit.storedAt < TTL_MS) return hit.value as Promise<T>;
  const value = load();
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(key, { version, storedAt: now, value });
  // A failed read is not kept: the next request tries again.
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  return value;
}
