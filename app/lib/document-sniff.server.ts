import { open } from "node:fs/promises";
import { ACCEPTED_DOCUMENTS, type DocumentType } from "./document-types";

/**
 * What a resource file really is, decided from its bytes and never from its
 * name or the browser's claim: a renamed program or web page must not reach
 * readers as a "PDF". Only the first SNIFF_WINDOW bytes are read, and every
 * loop over them is bounded, so a hostile file costs the same as any other.
 *
 * - PDF: starts with "%PDF-".
 * - OOXML (.pptx, .docx, .xlsx): a ZIP whose local file headers name
 *   "[Content_Types].xml" and parts under "ppt/", "word/" or "xl/".
 * - ODF (.odp, .odt, .ods): a ZIP whose first entry is "mimetype", stored
 *   uncompressed, holding the OpenDocument media type (ODF 1.2 part 3, 3.3).
 */

export const SNIFF_WINDOW = 256 * 1024;
/** More entries than any real document has in its first 256 KB; a cap on the walk. */
const MAX_ENTRIES = 2_000;

export type SniffResult = { ok: true; type: DocumentType } | { ok: false; error: string };

const refuse = (error: string): SniffResult => ({ ok: false, error });

const NOT_A_DOCUMENT = `This file is not ${ACCEPTED_DOCUMENTS}. Files are checked by their content, not their name.`;

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const LOCAL_HEADER = [0x50, 0x4b, 0x03, 0x04];
const CENTRAL_HEADER = [0x50, 0x4b, 0x01, 0x02];

const ODF_TYPES: Record<string, DocumentType> = {
  "application/vnd.oasis.opendocument.presentation": "odp",
  "application/vnd.oasis.opendocument.text": "odt",
  "application/vnd.oasis.opendocument.spreadsheet": "ods",
};

const OOXML_FOLDERS: [string, DocumentType][] = [
  ["ppt/", "pptx"],
  ["word/", "docx"],
  ["xl/", "xlsx"],
];

interface ZipEntry {
  name: string;
  method: number;
  /** Where the entry's data starts within the window. */
  dataStart: number;
  compressedSize: number;
  uncompressedSize: number;
}

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (u16(b, at) + u16(b, at + 2) * 0x10000) >>> 0;

/** The local file header at `at`, or null when there is none (or it runs past the window). */
function localEntry(bytes: Uint8Array, at: number): (ZipEntry & { next: number | null }) | null {
  if (!startsWith(bytes, LOCAL_HEADER, at) || at + 30 > bytes.length) return null;
  const flags = u16(bytes, at + 6);
  const method = u16(bytes, at + 8);
  const compressedSize = u32(bytes, at + 18);
  const uncompressedSize = u32(bytes, at + 22);
  const nameLength = u16(bytes, at + 26);
  const extraLength = u16(bytes, at + 28);
  const nameStart = at + 30;
  const dataStart = nameStart + nameLength + extraLength;
  if (dataStart > bytes.length) return null;
  const name = new TextDecoder("utf-8", { fatal: false }).decode(
    bytes.subarray(nameStart, nameStart + nameLength),
  );
  // Sizes written after the data (flag bit 3) or in a ZIP64 field are not
  // here: the next header is found by looking for its signature instead.
  const sizeUnknown = (flags & 0x08) !== 0 || compressedSize === 0xffffffff;
  const next = sizeUnknown ? null : dataStart + compressedSize;
  return { name, method, dataStart, compressedSize, uncompressedSize, next };
}

/** The next local or central header signature at or after `from`, within the window. */
function nextSignature(bytes: Uint8Array, from: number): number | null {
  for (let i = from; i + 4 <= bytes.length; i++) {
    if (bytes[i] !== 0x50 || bytes[i + 1] !== 0x4b) continue;
    if (startsWith(bytes, LOCAL_HEADER, i) || startsWith(bytes, CENTRAL_HEADER, i)) return i;
  }
  return null;
}

/** The names of the entries whose local headers lie within the window, in order. */
function entryNames(bytes: Uint8Array): string[] {
  const names: string[] = [];
  let at: number | null = 0;
  while (at !== null && names.length < MAX_ENTRIES) {
    const entry = localEntry(bytes, at);
    if (!entry) break;
    names.push(entry.name);
    // Each step moves forward, so the walk ends within the window.
    at = entry.next ?? nextSignature(bytes, entry.dataStart);
  }
  return names;
}

function sniffOdf(bytes: Uint8Array): SniffResult | null {
  const first = localEntry(bytes, 0);
  if (!first || first.name !== "mimetype") return null;
  if (first.method !== 0 || first.compressedSize !== first.uncompressedSize) {
    return refuse(NOT_A_DOCUMENT);
  }
  const end = first.dataStart + first.compressedSize;
  if (first.compressedSize > 200 || end > bytes.length) return refuse(NOT_A_DOCUMENT);
  const mimetype = new TextDecoder().decode(bytes.subarray(first.dataStart, end));
  const type = ODF_TYPES[mimetype];
  if (type) return { ok: true, type };
  if (mimetype.startsWith("application/vnd.oasis.opendocument.")) {
    return refuse(
      "This OpenDocument file is not a text, presentation or spreadsheet (drawings, templates and other kinds are not accepted).",
    );
  }
  return refuse(`This is a ZIP archive, not a document. Upload ${ACCEPTED_DOCUMENTS}.`);
}

function sniffOoxml(bytes: Uint8Array): SniffResult {
  const names = entryNames(bytes).map((n) => n.toLowerCase());
  const kinds = new Set(
    OOXML_FOLDERS.filter(([folder]) => names.some((n) => n.startsWith(folder))).map(([, t]) => t),
  );
  if (!names.includes("[content_types].xml") || kinds.size !== 1) {
    return refuse(`This is a ZIP archive, not a document. Upload ${ACCEPTED_DOCUMENTS}.`);
  }
  // .docm, .pptm and .xlsm carry their macros in vbaProject.bin: code that
  // would run on readers' computers has no place in an open resource.
  if (names.some((n) => n.endsWith("vbaproject.bin"))) {
    return refuse(
      "This file contains macros, which can run code on readers' computers. Save it without macros (as .docx, .pptx or .xlsx) and upload it again.",
    );
  }
  return { ok: true, type: [...kinds][0]! };
}

/** Decides what the bytes are. `bytes` is the start of the file (SNIFF_WINDOW is enough). */
export function sniffDocument(bytes: Uint8Array): SniffResult {
  if (bytes.length === 0) return refuse("The file is empty. Choose the document to upload.");
  if (startsWith(bytes, ascii("%PDF-"))) return { ok: true, type: "pdf" };
  if (startsWith(bytes, LOCAL_HEADER)) {
    return sniffOdf(bytes) ?? sniffOoxml(bytes);
  }
  // Named, so the refusal can say what to do instead.
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return refuse(
      "This is an older Office file (.doc, .ppt, .xls) or a password-protected one. Save it as a PDF or as .docx, .pptx or .xlsx without a password, then upload it again.",
    );
  }
  if (
    startsWith(bytes, ascii("MZ")) ||
    startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46]) ||
    startsWith(bytes, [0xcf, 0xfa, 0xed, 0xfe]) ||
    startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe])
  ) {
    return refuse(`This file is a program, not a document. ${NOT_A_DOCUMENT}`);
  }
  const head = new TextDecoder("utf-8", { fatal: false })
    .decode(bytes.subarray(0, 1024))
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
  if (head.startsWith("<")) {
    return refuse(`This file is a web page or other markup, not a document. ${NOT_A_DOCUMENT}`);
  }
  return refuse(NOT_A_DOCUMENT);
}

/** Sniffs a file on disk, reading no more than SNIFF_WINDOW bytes of it. */
export async function sniffDocumentFile(filePath: string): Promise<SniffResult> {
  const handle = await open(filePath, "r");
  try {
    const buffer = new Uint8Array(SNIFF_WINDOW);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return sniffDocument(buffer.subarray(0, filled));
  } finally {
    await handle.close();
  }
}
