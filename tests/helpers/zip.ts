import { deflateRawSync } from "node:zlib";

/**
 * Small ZIP archives built byte by byte (APPNOTE 6.3.10: local headers,
 * data, central directory, end record), so tests can make a real .docx or
 * .odp shape without a zip library or a fixture file.
 */
export interface ZipFile {
  name: string;
  content: string | Uint8Array;
  /** Deflate it (as Office does for most parts); stored when false. */
  deflate?: boolean;
  /** Write the sizes after the data (general purpose flag bit 3), as streaming zippers do. */
  dataDescriptor?: boolean;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

export function buildZip(files: ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const raw = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : file.content;
    const data = file.deflate ? deflateRawSync(raw) : Buffer.from(raw);
    const name = Buffer.from(file.name, "utf8");
    const method = file.deflate ? 8 : 0;
    const flags = (file.dataDescriptor ? 0x08 : 0) | 0x800; // bit 11: names are UTF-8
    const crc = crc32(raw);
    const sizes = [u32(crc), u32(data.length), u32(raw.length)];
    const local = Buffer.concat([
      u32(0x04034b50),
      u16(20),
      u16(flags),
      u16(method),
      u16(0),
      u16(0x21),
      ...(file.dataDescriptor ? [u32(0), u32(0), u32(0)] : sizes),
      u16(name.length),
      u16(0),
      name,
      data,
      ...(file.dataDescriptor ? [u32(0x08074b50), ...sizes] : []),
    ]);
    centrals.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(20),
        u16(20),
        u16(flags),
        u16(method),
        u16(0),
        u16(0x21),
        ...sizes,
        u16(name.length),
        u16(0),
        u16(0),
        u16(0),
        u16(0),
        u32(0),
        u32(offset),
        name,
      ]),
    );
    locals.push(local);
    offset += local.length;
  }
  const central = Buffer.concat(centrals);
  const end = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(files.length),
    u16(files.length),
    u32(central.length),
    u32(offset),
    u16(0),
  ]);
  return Buffer.concat([...locals, central, end]);
}

const CONTENT_TYPES_XML =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';

/** An OOXML package's shape: [Content_Types].xml, _rels, and parts under `folder`. */
export function ooxml(
  folder: "word" | "ppt" | "xl",
  options: { deflate?: boolean; dataDescriptor?: boolean; extra?: ZipFile[] } = {},
): Buffer {
  const { deflate = true, dataDescriptor = false, extra = [] } = options;
  const main = { word: "document.xml", ppt: "presentation.xml", xl: "workbook.xml" }[folder];
  return buildZip([
    { name: "[Content_Types].xml", content: CONTENT_TYPES_XML, deflate, dataDescriptor },
    { name: "_rels/.rels", content: "<Relationships/>", deflate, dataDescriptor },
    { name: `${folder}/${main}`, content: `<${main}/>`.repeat(50), deflate, dataDescriptor },
    ...extra,
  ]);
}

/** An OpenDocument package: the stored "mimetype" entry first, then its content. */
export function odf(mimetype: string, options: { deflateMimetype?: boolean } = {}): Buffer {
  return buildZip([
    { name: "mimetype", content: mimetype, deflate: options.deflateMimetype ?? false },
    { name: "META-INF/manifest.xml", content: "<manifest/>", deflate: true },
    { name: "content.xml", content: "<office:document-content/>", deflate: true },
  ]);
}

/** A minimal but well-formed one-page PDF (header, catalog, pages, xref, trailer). */
export function tinyPdf(text = "Hello"): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
  ];
  const stream = `BT /F1 12 Tf 20 100 Td (${text}) Tj ET`;
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) body += `${String(o).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}
