import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SNIFF_WINDOW, sniffDocument, sniffDocumentFile } from "~/lib/document-sniff.server";
import { buildZip, odf, ooxml, tinyPdf } from "~tests/helpers/zip";

/** Resource files are judged by their bytes: fixtures are built here, byte by byte. */

const typeOf = (bytes: Uint8Array) => {
  const result = sniffDocument(bytes);
  return result.ok ? result.type : null;
};
const refusal = (bytes: Uint8Array) => {
  const result = sniffDocument(bytes);
  if (result.ok) throw new Error(`accepted as ${result.type}`);
  return result.error;
};

describe("documents that are what they claim", () => {
  it("knows a PDF by its header", () => {
    expect(typeOf(tinyPdf())).toBe("pdf");
  });

  it("knows Word, PowerPoint and Excel packages by their parts, deflated or stored", () => {
    expect(typeOf(ooxml("word"))).toBe("docx");
    expect(typeOf(ooxml("ppt"))).toBe("pptx");
    expect(typeOf(ooxml("xl"))).toBe("xlsx");
    expect(typeOf(ooxml("word", { deflate: false }))).toBe("docx");
  });

  it("walks entries whose sizes follow their data (streamed zips)", () => {
    expect(typeOf(ooxml("ppt", { dataDescriptor: true }))).toBe("pptx");
  });

  it("finds the parts after a large first entry, within the window", () => {
    const big = { name: "docProps/thumbnail.jpeg", content: new Uint8Array(100_000) };
    const zip = buildZip([
      { name: "[Content_Types].xml", content: "<Types/>" },
      big,
      { name: "xl/workbook.xml", content: "<workbook/>", deflate: true },
    ]);
    expect(typeOf(zip)).toBe("xlsx");
  });

  it("knows OpenDocument text, slides and spreadsheets by their stored mimetype", () => {
    expect(typeOf(odf("application/vnd.oasis.opendocument.text"))).toBe("odt");
    expect(typeOf(odf("application/vnd.oasis.opendocument.presentation"))).toBe("odp");
    expect(typeOf(odf("application/vnd.oasis.opendocument.spreadsheet"))).toBe("ods");
  });
});

describe("files that are refused, each with a sentence saying why", () => {
  it("refuses a program renamed .pdf", () => {
    const exe = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00", "latin1"), Buffer.alloc(200)]);
    expect(refusal(exe)).toMatch(/^This file is a program, not a document\./);
    expect(refusal(Buffer.from("\x7fELF\x02\x01\x01", "latin1"))).toMatch(/program/);
  });

  it("refuses a web page and other markup, even with a PDF-looking line later", () => {
    expect(refusal(Buffer.from("<!doctype html><script>alert(1)</script>"))).toMatch(
      /web page or other markup/,
    );
    expect(refusal(Buffer.from("\uFEFF  <svg onload=alert(1)/>\n%PDF-1.4"))).toMatch(/web page/);
  });

  it("refuses a PDF header that is not at the very start", () => {
    expect(refusal(Buffer.concat([Buffer.from("junk\n"), tinyPdf()]))).toMatch(
      /not a PDF, Word \(\.docx\), PowerPoint/,
    );
  });

  it("refuses a zip that is no document, and OOXML shapes that do not add up", () => {
    const plain = buildZip([{ name: "photos/cat.jpg", content: "meow", deflate: true }]);
    expect(refusal(plain)).toMatch(/^This is a ZIP archive, not a document\./);
    // Parts of a Word document without the package's [Content_Types].xml.
    const noTypes = buildZip([{ name: "word/document.xml", content: "<w/>" }]);
    expect(refusal(noTypes)).toMatch(/ZIP archive/);
    // Word and PowerPoint parts in one package: not one kind of document.
    const mixed = ooxml("word", { extra: [{ name: "ppt/presentation.xml", content: "<p/>" }] });
    expect(refusal(mixed)).toMatch(/ZIP archive/);
  });

  it("refuses documents carrying macros", () => {
    const docm = ooxml("word", {
      extra: [{ name: "word/vbaProject.bin", content: new Uint8Array(64) }],
    });
    expect(refusal(docm)).toMatch(/contains macros/);
  });

  it("refuses other OpenDocument kinds, a compressed mimetype and other zipped formats", () => {
    expect(refusal(odf("application/vnd.oasis.opendocument.graphics"))).toMatch(
      /not a text, presentation or spreadsheet/,
    );
    expect(
      refusal(odf("application/vnd.oasis.opendocument.text", { deflateMimetype: true })),
    ).toMatch(/not a PDF/);
    expect(refusal(odf("application/epub+zip"))).toMatch(/ZIP archive/);
  });

  it("names old Office files and empty files", () => {
    const cfb = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(refusal(cfb)).toMatch(/older Office file/);
    expect(refusal(new Uint8Array(0))).toMatch(/empty/);
  });

  it("survives truncated and hostile zips without reading past the bytes it has", () => {
    const zip = ooxml("word");
    for (const cut of [4, 10, 29, 30, 45, 80]) {
      expect(sniffDocument(zip.subarray(0, cut)).ok, `cut at ${cut}`).toBe(false);
    }
    // A header claiming a name longer than the file.
    const lying = Buffer.from(zip);
    lying.writeUInt16LE(0xffff, 26);
    expect(sniffDocument(lying).ok).toBe(false);
    // A megabyte of local-header signatures with nothing valid in them.
    const storm = Buffer.alloc(1024 * 1024);
    for (let i = 0; i + 4 <= storm.length; i += 4) storm.write("PK\x03\x04", i, "latin1");
    const started = performance.now();
    expect(sniffDocument(storm).ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("sniffing a file on disk", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "meridian-sniff-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads only the window at the start, whatever the size", async () => {
    const file = path.join(dir, "big.pdf");
    // The decisive bytes lie beyond the window: only the start counts.
    await writeFile(
      file,
      Buffer.concat([Buffer.from("<html>"), Buffer.alloc(SNIFF_WINDOW), tinyPdf()]),
    );
    expect((await sniffDocumentFile(file)).ok).toBe(false);
    const pdf = path.join(dir, "real.bin");
    await writeFile(pdf, tinyPdf());
    expect(await sniffDocumentFile(pdf)).toEqual({ ok: true, type: "pdf" });
  });
});
