// The benchmark's baseline: a bare Node http server returning recorded bytes
// from memory. Anything Meridian does costs something on top of this.
import fs from "node:fs";
import http from "node:http";

const [, , fixturesPath, portArg] = process.argv;
const fixtures = JSON.parse(fs.readFileSync(fixturesPath, "utf8"));
const responses = new Map(
  Object.entries(fixtures).map(([path, { headers, body }]) => [
    path,
    { headers, body: Buffer.from(body, "base64") },
  ]),
);

const server = http.createServer((req, res) => {
  const found = responses.get(req.url);
  if (!found) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { ...found.headers, "content-length": found.body.length });
  res.end(found.body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(portArg), "127.0.0.1", () => console.log("ready"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
