import { crc32 } from 'node:zlib';

/**
 * Whether an image's container is what its first bytes claim, walked to its end without decoding
 * pixels (a decoder's memory grows with the pixel count, a bomb of its own). A PNG header followed
 * by SVG or HTML fails here: the bytes after the signature are not chunks with valid CRCs.
 */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A PNG (ISO/IEC 15948): the signature, then chunks (length, type, data, CRC-32 of type and data);
 * IHDR first (13 bytes, non-zero width and height), at least one IDAT, IEND last and nothing after.
 */
export function isWellFormedPng(buf: Buffer): boolean {
  if (buf.length < PNG_SIGNATURE.length || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) return false;
  let offset = 8;
  let first = true;
  let sawData = false;
  while (offset + 12 <= buf.length) {
    const length = buf.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (length > 0x7fffffff || end > buf.length) return false;
    const type = buf.toString('latin1', offset + 4, offset + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) return false;
    const crc = buf.readUInt32BE(end - 4);
    if (crc32(buf.subarray(offset + 4, end - 4)) !== crc) return false;
    if (first) {
      if (type !== 'IHDR' || length !== 13) return false;
      if (buf.readUInt32BE(offset + 8) === 0 || buf.readUInt32BE(offset + 12) === 0) return false;
      first = false;
    }
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') return length === 0 && sawData && end === buf.length;
    offset = end;
  }
  return false;
}

const SOF_MARKERS = new Set([
  0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf,
]);
/** Markers without a length: RSTn, TEM (SOI and EOI are handled apart). */
const isStandalone = (m: number) => (m >= 0xd0 && m <= 0xd7) || m === 0x01;
/** Markup that a browser would render if it ever sniffed the bytes. */
const MARKUP = /<\s*(svg|html|script|body|iframe|!doctype|\?xml)/i;

/**
 * A JPEG (ITU T.81 / JFIF): SOI, marker segments with consistent lengths, a frame header (SOF) with
 * non-zero width before the first scan, entropy-coded scans (stuffed 0xFF00 and RSTn only, other
 * markers between progressive scans), and EOI. Bytes after EOI (cameras append trailers) are
 * allowed unless they hold markup.
 */
export function isWellFormedJpeg(buf: Buffer): boolean {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8) return false;
  let offset = 2;
  let sawFrame = false;
  while (offset < buf.length) {
    if (buf[offset] !== 0xff) return false;
    let marker = buf[++offset];
    while (marker === 0xff && offset + 1 < buf.length) marker = buf[++offset];
    offset++;
    if (marker === 0xd9) return sawFrame && !MARKUP.test(buf.toString('latin1', offset));
    if (marker === 0xd8 || marker === undefined) return false;
    if (isStandalone(marker)) continue;
    if (offset + 2 > buf.length) return false;
    const length = buf.readUInt16BE(offset);
    if (length < 2 || offset + length > buf.length) return false;
    if (SOF_MARKERS.has(marker)) {
      if (length < 8 || buf.readUInt16BE(offset + 5) === 0) return false;
      sawFrame = true;
    }
    offset += length;
    if (marker === 0xda) {
      if (!sawFrame) return false;
      offset = skipEntropyData(buf, offset);
      if (offset < 0) return false;
    }
  }
  return false;
}

/** The offset of the marker that ends a scan's entropy-coded data, or -1 if none does. */
function skipEntropyData(buf: Buffer, from: number): number {
  for (
    let i = buf.indexOf(0xff, from);
    i >= 0 && i + 1 < buf.length;
    i = buf.indexOf(0xff, i + 1)
  ) {
    const next = buf[i + 1];
    if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) continue;
    return i;
  }
  return -1;
}
