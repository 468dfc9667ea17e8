/**
 * The SMTP sink of the scale-out and failure scripts, in a process of its own
 * so that it can be stopped and started again on the same port (an SMTP
 * outage). Accepts every message and tells its parent over IPC, before
 * answering 250, what arrived: { type: "message", messageId, to, text }.
 * `text` is the start of the message's plain text (sign-in codes are read
 * from it) and is only sent when SINK_TEXT=1.
 *
 *   node smtp-sink.mjs [port] [delay-ms]
 *
 * port 0 picks a free one; delay-ms holds each message that long before
 * answering, like a slow provider (the worker-kill script uses it so that a
 * worker is killed with messages in its hands). SIGTERM stops listening,
 * drops open connections at once and exits once the parent has every report.
 */
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const port = Number(process.argv[2] ?? 0);
const delayMs = Number(process.argv[3] ?? 0);
const keepText = process.env.SINK_TEXT === "1";
let stopping = false;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  // A stop is an outage: connections are cut, not waited for.
  closeTimeout: 50,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", async () => {
      const raw = Buffer.concat(chunks);
      const head = raw.subarray(0, Math.max(raw.indexOf("\r\n\r\n"), 0)).toString("latin1");
      const unfolded = head.replace(/\r\n[ \t]+/g, " ");
      const messageId = /^message-id:[ \t]*(.+?)\r?$/im.exec(unfolded)?.[1] ?? null;
      const to = session.envelope.rcptTo.map((r) => r.address).join(",");
      let text;
      if (keepText) text = ((await simpleParser(raw)).text ?? "").slice(0, 4000);
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      // Stopping: the message is not accepted (no 250 goes out), so it is not counted.
      if (stopping) return;
      process.send({ type: "message", messageId, to, text });
      callback();
    });
  },
});

process.once("SIGTERM", () => {
  stopping = true;
  server.close(() => process.send({ type: "stopped" }, () => process.exit(0)));
});
process.on("disconnect", () => process.exit(0));

server.listen(port, "127.0.0.1", () => {
  process.send({ type: "ready", port: server.server.address().port });
});
