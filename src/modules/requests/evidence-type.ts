/**
 * What an uploaded file really is, read from its first bytes (never from its name or the declared
 * content type). Pure: the upload interceptor and the tests call it.
 */
export interface EvidenceType {
  /** Canonical extension, for display only (files are stored under their hash). */
  ext: 'pdf' | 'jpg' | 'png' | 'docx' | 'xlsx';
  mimeType: string;
}

export const ALLOWED_EVIDENCE_LABEL = 'PDF、JPG、PNG、Word(docx)、Excel(xlsx)';

const startsWith = (buf: Buffer, bytes: readonly number[]) =>
  buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b);

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04]; // PK\x03\x04: docx and xlsx are Office Open XML packages

/** The names of the entries in a ZIP archive's local file headers (no decompression needed). */
function zipEntryNames(buf: Buffer, max = 200): string[] {
  const names: string[] = [];
  let offset = 0;
  while (
    names.length < max &&
    offset + 30 <= buf.length &&
    buf.readUInt32LE(offset) === 0x04034b50
  ) {
    const flags = buf.readUInt16LE(offset + 6);
    const compressedSize = buf.readUInt32LE(offset + 18);
    const nameLength = buf.readUInt16LE(offset + 26);
    const extraLength = buf.readUInt16LE(offset + 28);
    const nameStart = offset + 30;
    if (nameStart + nameLength > buf.length) break;
    names.push(buf.toString('latin1', nameStart, nameStart + nameLength));
    // Sizes after the data (bit 3): stop walking; the names read so far decide.
    if (flags & 0x08) break;
    offset = nameStart + nameLength + extraLength + compressedSize;
  }
  return names;
}

/** The file's type when it is one of the accepted evidence types, else null. */
export function detectEvidenceType(buf: Buffer): EvidenceType | null {
  if (startsWith(buf, PDF)) return { ext: 'pdf', mimeType: 'application/pdf' };
  if (startsWith(buf, PNG)) return { ext: 'png', mimeType: 'image/png' };
  if (startsWith(buf, JPEG)) return { ext: 'jpg', mimeType: 'image/jpeg' };
  if (startsWith(buf, ZIP)) {
    const names = zipEntryNames(buf);
    if (names.some((n) => n.startsWith('word/'))) {
      return {
        ext: 'docx',
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      };
    }
    if (names.some((n) => n.startsWith('xl/'))) {
      return {
        ext: 'xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      };
    }
  }
  return null;
}

/**
 * The uploaded name as shown back to people: the last path segment only, without control
 * characters, at most 200 characters. Never used to build a path.
 */
export function displayFileName(original: string): string {
  const base = original.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean || 'file').slice(0, 200);
}
