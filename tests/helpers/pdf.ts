import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/**
 * Reads a PDF back the way a person's viewer would: pdf-lib opens it and
 * gives its metadata; PDF.js (Mozilla's viewer, legacy build for Node) lays
 * out each page and gives the text a reader sees, one string per line.
 */
export interface ReadPdf {
  pageCount: number;
  title: string | undefined;
  subject: string | undefined;
  author: string | undefined;
  keywords: string | undefined;
  /** Text of each page, lines joined with "\n". */
  pages: string[];
}

const standardFontDataUrl = `${path.resolve("node_modules/pdfjs-dist/standard_fonts")}/`;

export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  // PDF.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    standardFontDataUrl,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  const pages: string[] = [];
  try {
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const content = await (await pdf.getPage(n)).getTextContent();
      const lines: string[] = [];
      for (const item of content.items) {
        if ("str" in item && item.str.trim()) lines.push(item.str);
      }
      pages.push(lines.join("\n"));
    }
  } finally {
    await pdf.destroy();
  }
  return {
    pageCount: doc.getPageCount(),
    title: doc.getTitle(),
    subject: doc.getSubject(),
    author: doc.getAuthor(),
    keywords: doc.getKeywords(),
    pages,
  };
}
