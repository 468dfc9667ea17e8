import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

/** A free TCP port on loopback, chosen by the kernel. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A process's output: the first 64 KB and the last megabyte, with a mark where lines were dropped. */
function boundedLog(headBytes = 64 * 1024, tailBytes = 1024 * 1024) {
  let head = "";
  let tail = "";
  let dropped = false;
  return {
    append(chunk: Buffer) {
      const text = chunk.toString();
      if (head.length < headBytes) head += text;
      else tail += text;
      if (tail.length > 2 * tailBytes) {
        tail = tail.slice(-tailBytes);
        dropped = true;
      }
    },
    text: () => head + (dropped ? "\n[… earlier lines dropped …]\n" : "") + tail,
  };
}

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts the production build (`node server.mjs`) and waits for /healthz. */
export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // A server under load logs a line per request: the start and the latest lines are kept.
  const output = boundedLog();
  // The same flags as `npm run serve`: a bounded old space keeps the resident size in check.
  // SERVER_NODE_FLAGS adds Node flags for profiling, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const extra = (process.env.SERVER_NODE_FLAGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, ["--max-old-space-size=192", ...extra, "server.mjs"], {
    env: { ...process.env, PORT: String(port), APP_URL: url, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d: Buffer) => output.append(d));
  child.stderr?.on("data", (d: Buffer) => output.append(d));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`Server exited with ${child.exitCode}:\n${output.text()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Server did not become healthy in ${timeoutMs} ms:\n${output.text()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    port,
    child,
    output: () => output.text(),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      // remix-style servers do not always exit promptly: wait, then kill hard.
      const timer = setTimeout(() => child.kill("SIGKILL"), 8_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
