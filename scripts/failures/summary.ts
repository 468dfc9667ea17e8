export interface Summary {
  scenario: string;
  startedAt: number;
  requestsOk: number;
  requestsFailed: number;
  /** Slowest request started during the outage, in ms (null when no requests ran then). */
  maxOutageLatencyMs: number | null;
  lost: number;
  duplicated: number;
  /** Duplicates the scenario permits (worker-kill: the killed worker's messages in hand). */
  allowedDuplicates?: { count: number; why: string };
  /** Other findings, one line each. */
  notes: string[];
  /** Reasons the run failed, besides lost and duplicated. */
  problems: string[];
}

/** A scenario's summary before anything has happened: nothing counted yet, the clock started. */
export function startSummary(
  scenario: string,
  allowedDuplicates?: Summary["allowedDuplicates"],
): Summary {
  return {
    scenario,
    startedAt: Date.now(),
    requestsOk: 0,
    requestsFailed: 0,
    maxOutageLatencyMs: null,
    lost: 0,
    duplicated: 0,
    ...(allowedDuplicates ? { allowedDuplicates } : {}),
    notes: [],
    problems: [],
  };
}

/** Prints the scenario's summary and exits: 0 when nothing was lost, duplicated or wrong. */
export function finish(summary: Summary): never {
  const seconds = (Date.now() - summary.startedAt) / 1000;
  const allowed = summary.allowedDuplicates?.count ?? 0;
  const failed = summary.lost > 0 || summary.duplicated > allowed || summary.problems.length > 0;
  console.log(`
## Summary
scenario: ${summary.scenario}
duration: ${seconds.toFixed(0)} s
requests: ${summary.requestsOk} ok, ${summary.requestsFailed} failed
max latency during the outage: ${summary.maxOutageLatencyMs === null ? "n/a" : `${Math.round(summary.maxOutageLatencyMs)} ms`}
lost: ${summary.lost}
duplicated: ${summary.duplicated}${summary.allowedDuplicates ? ` (allowed: up to ${allowed}, ${summary.allowedDuplicates.why})` : ""}${summary.notes.map((n) => `\n${n}`).join("")}
${failed ? `FAILED:\n${summary.problems.map((p) => `  - ${p}`).join("\n") || "  - something was lost or duplicated"}` : "PASSED"}`);
  process.exit(failed ? 1 : 0);
}

/** Deterministic shuffle (mulberry32), so runs send the same order. */
export function shuffle<T>(items: T[], seed = 0x9e3779b9): T[] {
  let s = seed;
  const random = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
