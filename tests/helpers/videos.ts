/**
 * Video files built byte by byte in the test, as small as a container can
 * be while still saying how long it is: an MP4 (or QuickTime .mov) is an
 * `ftyp` box and a `moov` box whose `mvhd` gives a timescale and a
 * duration; a WebM is an EBML header and a Segment whose Info gives the
 * duration. Real parsers read them as real files; `padding` adds bytes of
 * media data so a file can be any size.
 */

function box(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write(type, 4, "latin1");
  return Buffer.concat([header, payload]);
}

function mvhd(seconds: number, timescale = 1000): Buffer {
  const p = Buffer.alloc(100);
  p.writeUInt32BE(0, 0); // version 0, flags
  p.writeUInt32BE(0, 4); // creation time
  p.writeUInt32BE(0, 8); // modification time
  p.writeUInt32BE(timescale, 12);
  p.writeUInt32BE(Math.round(seconds * timescale), 16);
  p.writeUInt32BE(0x00010000, 20); // rate 1.0
  p.writeUInt16BE(0x0100, 24); // volume 1.0
  // reserved (10 bytes), then the unity matrix
  const matrix = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];
  matrix.forEach((v, i) => p.writeUInt32BE(v, 36 + i * 4));
  p.writeUInt32BE(2, 96); // next track id
  return box("mvhd", p);
}

export function isoVideo(
  seconds: number,
  {
    brand = "isom",
    padding = 0,
    moovLast = false,
  }: { brand?: "isom" | "qt  " | "mp42"; padding?: number; moovLast?: boolean } = {},
): Buffer {
  const ftyp = box(
    "ftyp",
    Buffer.concat([
      Buffer.from(brand, "latin1"),
      Buffer.from([0, 0, 2, 0]),
      Buffer.from(`${brand}mp41`, "latin1"),
    ]),
  );
  const moov = box("moov", mvhd(seconds));
  const mdat = box("mdat", Buffer.alloc(padding));
  // Files written without "fast start" keep the movie box after the media data.
  return Buffer.concat(moovLast ? [ftyp, mdat, moov] : [ftyp, moov, mdat]);
}

/** EBML variable-length size with the 8-byte marker (always valid). */
function ebmlSize(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt8(0x01, 0);
  b.writeUIntBE(n, 2, 6);
  return b;
}

function ebml(id: number[], payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from(id), ebmlSize(payload.length), payload]);
}

export function webmVideo(seconds: number): Buffer {
  const header = ebml(
    [0x1a, 0x45, 0xdf, 0xa3],
    Buffer.concat([
      ebml([0x42, 0x86], Buffer.from([1])), // EBMLVersion
      ebml([0x42, 0xf7], Buffer.from([1])), // EBMLReadVersion
      ebml([0x42, 0xf2], Buffer.from([4])), // EBMLMaxIDLength
      ebml([0x42, 0xf3], Buffer.from([8])), // EBMLMaxSizeLength
      ebml([0x42, 0x82], Buffer.from("webm", "latin1")), // DocType
      ebml([0x42, 0x87], Buffer.from([4])), // DocTypeVersion
      ebml([0x42, 0x85], Buffer.from([2])), // DocTypeReadVersion
    ]),
  );
  const duration = Buffer.alloc(8);
  duration.writeDoubleBE(seconds * 1000, 0); // in TimecodeScale units (1 ms)
  const info = ebml(
    [0x15, 0x49, 0xa9, 0x66],
    Buffer.concat([
      ebml([0x2a, 0xd7, 0xb1], Buffer.from([0x0f, 0x42, 0x40])), // TimecodeScale 1,000,000 ns
      ebml([0x44, 0x89], duration),
    ]),
  );
  const segment = ebml([0x18, 0x53, 0x80, 0x67], info);
  return Buffer.concat([header, segment]);
}

export const WEBVTT = "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nWe are the Riverside Network.\n";
