/**
 * The mail benchmark's SMTP sink, in a process of its own so that its work
 * does not share a core with the sender being measured: accepts every
 * message, keeps nothing, counts messages, distinct X-Dedupe-Key values and
 * distinct Message-IDs.
 * Driven over IPC by scripts/bench/run.ts:
 *   { cmd: "reset" }            -> { type: "reset" }
 *   { cmd: "expect", count: N } -> { type: "done", ... } once N messages are in
 *   { cmd: "stats" }            -> { type: "stats", ... }
 */
import { SMTPServer } from "smtp-server";

let messages = 0;
let bytes = 0;
let keys = new Set();
let messageIds = new Set();
let target = 0;

const stats = () => ({ messages, distinct: keys.size, distinctMessageIds: messageIds.size, bytes });

function checkTarget() {
  if (target > 0 && messages >= target) {
    target = 0;
    process.send({ type: "done", ...stats() });
  }
}

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, _session, callback) {
    let head = "";
    let inHead = true;
    stream.on("data", (chunk) => {
      bytes += chunk.length;
      if (inHead) {
        head += chunk.toString("latin1");
        const end = head.indexOf("\r\n\r\n");
        if (end >= 0) {
          head = head.slice(0, end);
          inHead = false;
        }
      }
    });
    stream.on("end", () => {
      const unfolded = head.replace(/\r\n[ \t]+/g, " ");
      const key = /^x-dedupe-key:[ \t]*(.+?)\r?$/im.exec(unfolded);
      if (key) keys.add(key[1]);
      // The worker's Message-ID is made from the outbox row: one per message to send.
      const id = /^message-id:[ \t]*(.+?)\r?$/im.exec(unfolded);
      if (id) messageIds.add(id[1]);
      messages += 1;
      callback();
      checkTarget();
    });
  },
});

process.on("message", (message) => {
  if (message.cmd === "reset") {
    messages = 0;
    bytes = 0;
    keys = new Set();
    messageIds = new Set();
    target = 0;
    process.send({ type: "reset" });
  } else if (message.cmd === "expect") {
    target = message.count;
    checkTarget();
  } else if (message.cmd === "stats") {
    process.send({ type: "stats", ...stats() });
  }
});
process.on("disconnect", () => process.exit(0));

server.listen(0, "127.0.0.1", () => {
  process.send({ type: "ready", port: server.server.address().port });
});
