// The benchmark's baseline: a bare Node http server returning recorded bytes
// from memory. Anything Meridian does costs something on top of this.
// Fixtures are keyed by path; the key "POST *" answers every POST, once its
// body has been read, with the recorded status and headers (e.g. a 303).
import fs from "node:fs";
import http from "node:http";

const [, , fixturesPath, portArg] = process.argv;
const fixtures = JSON.parse(fs.readFileSync(fixturesPath, "utf8"));
const responses = new Map(
  Object.entries(fixtures).map(([path, { status, headers, body }]) => [
    path,
    { status: status ?? 200, headers, body: Buffer.from(body, "base64") },
  ]),
);

const server = http.createServer((req, res) => {
  if (req.method === "POST") {
    const found = responses.get("POST *");
    if (!found) {
      res.writeHead(404).end();
      return;
    }
    req.resume();
    req.on("end", () => {
      // As the app writes a redirect: the headers, then an empty end.
      res.writeHead(found.status, found.headers);
      res.end(found.body.length ? found.body : undefined);
    });
    return;
  }
  const found = responses.get(req.url);
  if (!found) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(found.status, { ...found.headers, "content-length": found.body.length });
  res.end(found.body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(portArg), "127.0.0.1", () => console.log("ready"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
