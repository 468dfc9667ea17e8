import { createHash, verify, type KeyObject } from "node:crypto";

/**
 * Checks a DKIM-Signature (RFC 6376) the way a receiving server does, for
 * the relaxed/relaxed canonicalization nodemailer uses: the body hash, then
 * the RSA-SHA256 signature over the signed headers.
 */
export interface DkimCheck {
  domain: string;
  selector: string;
  signedHeaders: string[];
  bodyHashMatches: boolean;
  signatureValid: boolean;
}

interface RawHeader {
  name: string;
  /** Everything after the colon, folding included. */
  value: string;
}

function splitMessage(raw: Buffer): { headers: RawHeader[]; body: string } {
  const text = raw.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? "" : text.slice(end + 4);
  const headers: RawHeader[] = [];
  for (const line of head.split("\r\n")) {
    if (/^[ \t]/.test(line) && headers.length) headers.at(-1)!.value += `\r\n${line}`;
    else {
      const colon = line.indexOf(":");
      headers.push({ name: line.slice(0, colon), value: line.slice(colon + 1) });
    }
  }
  return { headers, body };
}

const relaxedHeader = (h: RawHeader) =>
  `${h.name.trim().toLowerCase()}:${h.value
    .replace(/\r\n/g, "")
    .replace(/[ \t]+/g, " ")
    .trim()}`;

function relaxedBody(body: string): string {
  const lines = body.split("\r\n").map((l) => l.replace(/[ \t]+/g, " ").replace(/ $/, ""));
  while (lines.length && lines.at(-1) === "") lines.pop();
  return lines.length ? `${lines.join("\r\n")}\r\n` : "";
}

function tags(value: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of value.replace(/\r\n/g, "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) map.set(part.slice(0, eq).trim(), part.slice(eq + 1).replace(/\s+/g, ""));
  }
  return map;
}

/** undefined when the message has no DKIM-Signature. */
export function checkDkim(raw: Buffer, publicKey: KeyObject): DkimCheck | undefined {
  const { headers, body } = splitMessage(raw);
  const signature = headers.find((h) => h.name.toLowerCase() === "dkim-signature");
  if (!signature) return undefined;
  const t = tags(signature.value);
  if (t.get("a") !== "rsa-sha256") throw new Error(`unexpected algorithm ${t.get("a")}`);
  if (t.get("c") !== "relaxed/relaxed") throw new Error(`unexpected c=${t.get("c")}`);

  const bodyHash = createHash("sha256").update(relaxedBody(body), "latin1").digest("base64");
  const signedHeaders = (t.get("h") ?? "").split(":").map((n) => n.trim().toLowerCase());
  // Each name takes the last instance not used yet, from the bottom up.
  const used = new Set<RawHeader>();
  const lines: string[] = [];
  for (const name of signedHeaders) {
    const header = headers.findLast(
      (h) => h.name.trim().toLowerCase() === name && h !== signature && !used.has(h),
    );
    if (!header) continue; // a name signed as absent contributes nothing
    used.add(header);
    lines.push(`${relaxedHeader(header)}\r\n`);
  }
  const unsigned = { ...signature, value: signature.value.replace(/(^|;)(\s*b=)[^;]*/, "$1$2") };
  lines.push(relaxedHeader(unsigned));
  return {
    domain: t.get("d") ?? "",
    selector: t.get("s") ?? "",
    signedHeaders,
    bodyHashMatches: bodyHash === t.get("bh"),
    signatureValid: verify(
      "RSA-SHA256",
      Buffer.from(lines.join(""), "latin1"),
      publicKey,
      Buffer.from(t.get("b") ?? "", "base64"),
    ),
  };
}
