import { open } from "node:fs/promises";
import { createFile, MP4BoxBuffer } from "mp4box";
import { parseFile } from "music-metadata";

/**
 * What an uploaded video really is and how long it lasts, read from the
 * file itself: its first bytes say the container, its own metadata the
 * duration. Names and browser claims are never trusted.
 */

export type VideoType = "mp4" | "mov" | "webm";

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/** MP4 and QuickTime start with an `ftyp` box (brand "qt  " for QuickTime); WebM is EBML with DocType "webm". */
export function detectVideoType(head: Uint8Array): VideoType | null {
  if (head.length >= 12 && ascii(head, 4, 8) === "ftyp") {
    return ascii(head, 8, 12) === "qt  " ? "mov" : "mp4";
  }
  if (
    head.length >= 4 &&
    head[0] === 0x1a &&
    head[1] === 0x45 &&
    head[2] === 0xdf &&
    head[3] === 0xa3
  ) {
    // The DocType element (0x42 0x82) sits in the EBML header, within its first bytes.
    const header = ascii(head, 0, Math.min(head.length, 256));
    if (header.includes("\u0042\u0082") && header.includes("webm")) return "webm";
  }
  return null;
}

/** A WebVTT file starts with "WEBVTT" (after an optional byte-order mark), then a space, tab or line end. */
export function isWebVtt(bytes: Uint8Array): boolean {
  let text = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 16));
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  return /^WEBVTT(?:[ \t\r\n]|$)/.test(text);
}

/** The biggest `moov` we read: a 90-second video's is a few hundred kilobytes. */
const MAX_MOOV_BYTES = 32 * 1024 * 1024;

/**
 * The `ftyp` and `moov` boxes of an MP4/QuickTime file, found by walking the
 * top-level box headers, so the media data (`mdat`, most of the file) is
 * never read, wherever `moov` sits.
 */
async function movieBoxes(filePath: string): Promise<Buffer | null> {
  const file = await open(filePath, "r");
  try {
    const { size } = await file.stat();
    const header = Buffer.alloc(16);
    const found: Buffer[] = [];
    let offset = 0;
    while (offset + 8 <= size) {
      await file.read(header, 0, 16, offset);
      let boxSize = header.readUInt32BE(0);
      const type = header.toString("latin1", 4, 8);
      if (boxSize === 1) boxSize = Number(header.readBigUInt64BE(8));
      else if (boxSize === 0) boxSize = size - offset;
      if (boxSize < 8) return null;
      if (type === "ftyp" || type === "moov") {
        if (boxSize > MAX_MOOV_BYTES) return null;
        const box = Buffer.alloc(boxSize);
        await file.read(box, 0, boxSize, offset);
        found.push(box);
        if (type === "moov") return Buffer.concat(found);
      }
      offset += boxSize;
    }
    return null;
  } finally {
    await file.close();
  }
}

/** The movie's duration from its `mvhd`, parsed by MP4Box.js. */
async function isoDuration(filePath: string): Promise<number | null> {
  const boxes = await movieBoxes(filePath);
  if (!boxes) return null;
  const file = createFile();
  let seconds: number | null = null;
  file.onReady = (info) => {
    if (info.timescale > 0) seconds = info.duration / info.timescale;
  };
  file.onError = () => {
    seconds = null;
  };
  const buffer = boxes.buffer.slice(boxes.byteOffset, boxes.byteOffset + boxes.byteLength);
  file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(buffer as ArrayBuffer, 0));
  file.flush();
  return seconds;
}

/** The duration in seconds, or null when the file does not say. */
export async function readVideoDuration(filePath: string, type: VideoType): Promise<number | null> {
  try {
    if (type === "webm") {
      const metadata = await parseFile(filePath, { duration: true, skipCovers: true });
      return metadata.format.duration ?? null;
    }
    return await isoDuration(filePath);
  } catch {
    return null;
  }
}
