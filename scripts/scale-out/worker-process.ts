import { spawn, type ChildProcess } from "node:child_process";

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  output: () => string;
  /** Messages this worker recorded as sent, from its `mail.batch` log lines. */
  sent: () => number;
  /** SIGTERM: claimed rows go back at once, the sends in hand finish. */
  stop: () => Promise<void>;
  /** SIGKILL: a crash, with whatever it had claimed still leased. */
  kill: () => Promise<void>;
}

/**
 * `npm run worker` (scripts/worker.ts) as one Node process (tsx loaded with
 * --import, so a signal reaches the worker itself and not a wrapper), ready
 * once it logs mail.started.
 */
export async function startWorkerProcess(
  name: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<WorkerProcess> {
  let output = "";
  let sent = 0;
  let pending = "";
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const started = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      output += d.toString();
      pending += d.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.startsWith("{")) continue;
        try {
          const entry = JSON.parse(line) as { event?: string; sent?: number };
          if (entry.event === "mail.started") resolve();
          if (entry.event === "mail.batch") sent += entry.sent ?? 0;
        } catch {
          // not a log line
        }
      }
    });
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    child.once("exit", (code) =>
      reject(new Error(`Worker ${name} exited with ${code}:\n${output}`)),
    );
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  await started;
  clearTimeout(timer);
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(sig);
    const hard = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(hard);
  };
  return {
    name,
    child,
    output: () => output,
    sent: () => sent,
    stop: () => signal("SIGTERM"),
    kill: () => signal("SIGKILL"),
  };
}
