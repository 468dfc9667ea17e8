import pino from "pino";

const LEVELS = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);
const configured = process.env.LOG_LEVEL ?? "info";

/*
 * Asynchronous writes: a busy server logs a line per request, and a
 * synchronous write per line would cost a system call each. flushLogs() is
 * called before the process exits so nothing buffered is lost.
 */
const destination = pino.destination({ dest: 1, sync: false });

/**
 * The one logger for web and worker processes: JSON lines on standard output
 * (`{"level":30,"time":"…","pid":…,"msg":…}`), for whatever collects a
 * container's output. LOG_LEVEL is checked by the configuration at start-up;
 * an unknown value here falls back to info rather than failing an import.
 */
export const logger = pino(
  {
    level: LEVELS.has(configured) ? configured : "info",
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  },
  destination,
);

export function flushLogs(): void {
  try {
    destination.flushSync();
  } catch {
    // Nothing written yet (the stream is not open): nothing to flush.
  }
}

/** An error met while answering a request, with the request's id (X-Request-Id) to find it by. */
export function logRequestError(error: unknown, request: Request): void {
  logger.error(
    {
      err: error,
      req_id: request.headers.get("x-request-id") ?? undefined,
      method: request.method,
      path: new URL(request.url).pathname,
    },
    "request failed",
  );
}
