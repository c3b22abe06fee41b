/**
 * The accepted evidence types, and what a file's first bytes claim it is (never its name or the
 * declared content type). The claim is only where checking starts: evidence-check.ts parses the
 * file (in a document worker) before it is accepted. Pure: the checks and the tests call it.
 */
export interface EvidenceType {
  /** Canonical extension, for display only (files are stored under their hash). */
  ext: 'pdf' | 'jpg' | 'png' | 'docx' | 'xlsx';
  mimeType: string;
}

export const ALLOWED_EVIDENCE_LABEL = 'PDF、JPG、PNG、Word(docx)、Excel(xlsx)';

const MIME_TYPES: Record<EvidenceType['ext'], string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const evidenceTypeOf = (ext: EvidenceType['ext']): EvidenceType => ({
  ext,
  mimeType: MIME_TYPES[ext],
});

const startsWith = (buf: Buffer, bytes: readonly number[]) =>
  buf.length >= bytes.length && bytes.every((b, i) => buf[i] === b);

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04]; // PK\x03\x04: docx and xlsx are Office Open XML packages

/** What the first bytes claim (`zip`: a .docx or .xlsx, told apart by its entries), else null. */
export function detectEvidenceType(buf: Buffer): 'pdf' | 'png' | 'jpg' | 'zip' | null {
  if (startsWith(buf, PDF)) return 'pdf';
  if (startsWith(buf, PNG)) return 'png';
  if (startsWith(buf, JPEG)) return 'jpg';
  if (startsWith(buf, ZIP)) return 'zip';
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
