// A load generator for "every person once": each request in the list is sent
// exactly once, either at a steady arrival rate (open loop: request i is due
// at i / rate seconds, whether or not earlier ones have been answered, as
// people arriving do not wait for each other) or all at once with a bounded
// number in flight. wrk cannot do either (it repeats and has no clock in its
// scripts). Runs in a process of its own, so its work does not share the
// measuring process's event loop. Usage: node paced-client.mjs <config.json>
// Config: { origin, method, contentType?, body?, expectStatus, rate (0: all at
//   once), concurrency, timeoutMs, requests: [{ path, cookie, forwardedFor? }] }
// Prints one JSON line: counts, statuses, latencies (ms) and elapsed time.
import fs from "node:fs";
import http from "node:http";

const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const { origin, method, contentType, body, expectStatus, rate, concurrency, requests } = config;
const timeoutMs = config.timeoutMs ?? 10_000;
const url = new URL(origin);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const payload = body ? Buffer.from(body) : undefined;

const latencies = [];
/** From the moment a request was due: includes any wait for a free connection. */
const fromDue = [];
const statuses = {};
let errors = 0;
let unexpected = 0;
let inFlight = 0;
let next = 0;
let completed = 0;
let firstSent = 0;
let lastDone = 0;

function send(entry, dueAt) {
  inFlight++;
  const sentAt = performance.now();
  if (!firstSent) firstSent = sentAt;
  const headers = { cookie: entry.cookie };
  if (entry.forwardedFor) headers["x-forwarded-for"] = entry.forwardedFor;
  if (payload) {
    headers["content-type"] = contentType;
    headers["content-length"] = payload.length;
  }
  const finish = (status) => {
    const doneAt = performance.now();
    lastDone = doneAt;
    latencies.push(doneAt - sentAt);
    fromDue.push(doneAt - dueAt);
    if (status === undefined) errors++;
    else {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status !== expectStatus) unexpected++;
    }
    inFlight--;
    completed++;
    pump();
  };
  const request = http.request(
    { host: url.hostname, port: url.port, path: entry.path, method, headers, agent },
    (response) => {
      response.resume();
      response.on("end", () => finish(response.statusCode));
      response.on("error", () => finish(undefined));
    },
  );
  request.setTimeout(timeoutMs, () => request.destroy(new Error("timeout")));
  request.on("error", () => finish(undefined));
  request.end(payload);
}

let started = 0;
/** Sends what is due (or, all at once, whatever the concurrency allows). */
function pump() {
  const now = performance.now();
  while (next < requests.length && inFlight < concurrency) {
    const dueAt = rate > 0 ? started + (next * 1000) / rate : started;
    if (dueAt > now) break;
    send(requests[next++], dueAt);
  }
  if (completed === requests.length) report();
}

function percentile(values, p) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (ms) => Math.round(ms * 10) / 10;

function report() {
  clearInterval(ticker);
  const elapsedMs = lastDone - firstSent;
  process.stdout.write(
    `${JSON.stringify({
      sent: next,
      completed,
      errors,
      unexpected,
      statuses,
      elapsedMs: round(elapsedMs),
      requestsPerSecond: completed / (elapsedMs / 1000),
      p50: round(percentile(latencies, 50)),
      p99: round(percentile(latencies, 99)),
      max: round(percentile(latencies, 100)),
      p99FromDue: round(percentile(fromDue, 99)),
      maxFromDue: round(percentile(fromDue, 100)),
    })}\n`,
  );
  agent.destroy();
  process.exit(0);
}

started = performance.now();
// A millisecond tick releases requests as they fall due; answers release more at once.
const ticker = setInterval(pump, 1);
pump();
