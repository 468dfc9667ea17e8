import fs from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont } from "pdf-lib";

const require = createRequire(import.meta.url);

/**
 * DejaVu Sans: Latin, Greek, Cyrillic and more, so names print as people
 * write them (Łucja Żółć, Ярослава). Read once; only the letters a
 * certificate uses are embedded (subsetting), so the file stays small.
 */
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function fontFiles() {
  fonts ??= {
    regular: fs.readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf")),
    bold: fs.readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf")),
  };
  return fonts;
}

/** Everything printed on a certificate of attendance, already formatted. */
export interface CertificateData {
  /** The attendee's name as they gave it. */
  name: string;
  festivalName: string;
  webinarTitle: string;
  /** "Tuesday 3 December 2030, 14:00–14:30 London time (UTC)": the festival's zone, named. */
  when: string;
  durationMinutes: number;
  /** Faculty hosts, in the order the organisers set. */
  hosts: string[];
  /** Guest speakers, if any. */
  guests: string[];
  /** The short code organisers check the certificate by. */
  certificateId: string;
  contactEmail: string;
  /** The festival site, printed beside the contact address; may be empty. */
  siteUrl: string;
  /** When it was made: the PDF's creation date. */
  issuedAt: Date;
  /** The same, as printed: "27 November 2026" in the festival's zone. */
  issuedOn: string;
}

// Transliterations for letters that have no decomposition to a base letter.
const FALLBACK: Record<string, string> = {
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  Ħ: "H",
  ħ: "h",
  ı: "i",
  Ŀ: "L",
  ŀ: "l",
  Ŧ: "T",
  ŧ: "t",
  ĸ: "k",
  "\u2010": "-",
  "\u2011": "-",
  "\u2212": "-",
};

/**
 * Text as the embedded font can draw it: DejaVu Sans covers Latin, Greek,
 * Cyrillic and more, not Chinese, Japanese or Korean. A letter it lacks is
 * written as the nearest one it has or, failing that, "?", so no name or
 * title can make the PDF fail to build. The exact text is also kept in the
 * PDF's metadata, which is Unicode.
 */
export function toFontText(text: string, font: PDFFont): string {
  const supported = new Set(font.getCharacterSet());
  let out = "";
  const cleaned = text
    .normalize("NFC")
    .replace(/\p{Cc}+/gu, " ")
    .replace(/\p{Cf}/gu, "");
  for (const ch of cleaned) {
    if (supported.has(ch.codePointAt(0)!)) {
      out += ch;
      continue;
    }
    const base = FALLBACK[ch] ?? ch.normalize("NFKD").replace(/\p{M}/gu, "");
    // A lone accent that composes with nothing is dropped; an unknown letter is "?".
    if (base === "") continue;
    out += [...base].every((c) => supported.has(c.codePointAt(0)!)) ? base : "?";
  }
  return out.replace(/\s+/g, " ").trim();
}

/** Breaks text into lines that fit the width; a word longer than a line is cut. */
function wrap(text: string, font: PDFFont, size: number, width: number, maxLines: number) {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut -= 1;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.replace(/\s*\S{0,3}$/, "")}…`;
    return kept;
  }
  return lines;
}

function listOf(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

const INK = rgb(0.11, 0.1, 0.09);
const MUTED = rgb(0.34, 0.33, 0.31);
const ACCENT = rgb(0.04, 0.33, 0.39);

/** A one-page A4 landscape certificate of attendance, built with pdf-lib and DejaVu Sans. */
export async function buildCertificatePdf(data: CertificateData): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const page = doc.addPage([841.89, 595.28]);
  const files = fontFiles();
  const [regular, bold] = await Promise.all([
    doc.embedFont(files.regular, { subset: true }),
    doc.embedFont(files.bold, { subset: true }),
  ]);
  const { width, height } = page.getSize();
  const margin = 70;
  const textWidth = width - margin * 2;

  page.drawRectangle({
    x: 24,
    y: 24,
    width: width - 48,
    height: height - 48,
    borderColor: ACCENT,
    borderWidth: 3,
  });
  page.drawRectangle({
    x: 32,
    y: 32,
    width: width - 64,
    height: height - 64,
    borderColor: ACCENT,
    borderWidth: 0.75,
  });

  let y = height - 95;
  const centred = (
    text: string,
    font: PDFFont,
    largest: number,
    color = INK,
    maxLines = 1,
    gap = 8,
    smallest = largest,
  ) => {
    const clean = toFontText(text, font);
    // Long names and titles get a smaller size before anything is cut.
    let size = largest;
    while (size > smallest && wrap(clean, font, size, textWidth, 99).length > maxLines) size -= 1;
    for (const line of wrap(clean, font, size, textWidth, maxLines)) {
      const w = font.widthOfTextAtSize(line, size);
      page.drawText(line, { x: (width - w) / 2, y, size, font, color });
      y -= size + gap;
    }
  };

  centred(data.festivalName.toUpperCase(), bold, 13, ACCENT);
  y -= 10;
  centred("Certificate of attendance", bold, 30);
  y -= 16;
  centred("This certifies that", regular, 14, MUTED);
  y -= 12;
  centred(data.name, bold, 28, INK, 2, 8, 18);
  y -= 4;
  centred("attended the webinar", regular, 14, MUTED);
  y -= 8;
  centred(data.webinarTitle, bold, 20, INK, 3, 6, 14);
  y -= 6;
  centred(`on ${data.when}`, regular, 13);
  centred(`Duration: ${data.durationMinutes} minutes`, regular, 13);
  if (data.hosts.length) centred(`Hosted by ${listOf(data.hosts)}`, regular, 12, INK, 2);
  if (data.guests.length) {
    const label = data.guests.length === 1 ? "Guest" : "Guests";
    centred(`${label}: ${listOf(data.guests)}`, regular, 12, INK, 2);
  }

  const footer = [
    "A record of live attendance, as evidence of continuing professional development (CPD).",
    `Certificate ID ${data.certificateId} · issued ${data.issuedOn} by ${data.festivalName}`,
    `To verify this certificate, send its ID to ${data.contactEmail}${data.siteUrl ? ` · ${data.siteUrl}` : ""}`,
  ];
  y = 83;
  for (const line of footer) {
    const text = wrap(toFontText(line, regular), regular, 9, textWidth, 1)[0] ?? "";
    const w = regular.widthOfTextAtSize(text, 9);
    page.drawText(text, { x: (width - w) / 2, y, size: 9, font: regular, color: MUTED });
    y -= 13;
  }

  doc.setTitle(`Certificate of attendance: ${data.webinarTitle}`);
  doc.setSubject(`${data.name} attended ${data.webinarTitle} (${data.festivalName}), ${data.when}`);
  doc.setAuthor(data.festivalName);
  doc.setKeywords([`certificate-id:${data.certificateId}`, "certificate of attendance", "CPD"]);
  doc.setCreator("Meridian");
  doc.setProducer("Meridian (pdf-lib)");
  doc.setCreationDate(data.issuedAt);
  doc.setModificationDate(data.issuedAt);
  return doc.save();
}
