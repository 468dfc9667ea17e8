/**
 * A small RFC 4180 reader for checking exports (no CSV parser is installed):
 * quoted fields may hold commas, quotes (doubled) and line breaks; records end
 * with CRLF. It is strict where Excel is: a bare LF outside quotes is reported,
 * so a file that would split rows in Excel fails the test.
 */
export interface ParsedCsv {
  bom: boolean;
  header: string[];
  rows: Record<string, string>[];
  records: string[][];
}

export function parseCsv(text: string): ParsedCsv {
  const bom = text.startsWith("\uFEFF");
  const body = bom ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
      } else {
        field += c;
        i += 1;
      }
      continue;
    }
    if (c === '"' && field === "") {
      quoted = true;
      i += 1;
    } else if (c === ",") {
      record.push(field);
      field = "";
      i += 1;
    } else if (c === "\r" && body[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i += 2;
    } else if (c === "\n" || c === "\r") {
      throw new Error(`A bare line break outside quotes at offset ${i}`);
    } else {
      field += c;
      i += 1;
    }
  }
  if (quoted) throw new Error("The file ends inside a quoted field");
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header = [], ...data] = records;
  return {
    bom,
    header,
    records,
    rows: data.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k] ?? ""]))),
  };
}
