import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import { FileLimitError, type DocumentCaps } from '../../common/files/file-limits';
import { isWellFormedJpeg, isWellFormedPng } from '../../common/files/image-structure';
import { hasPdfTrailer, openPdf } from '../../common/files/pdf-document';
import { listZip, type ZipListing } from '../../common/files/zip-listing';
import { detectEvidenceType, evidenceTypeOf, type EvidenceType } from './evidence-type';

/** The document worker's job that checks one evidence file (src/document-worker.ts serves it). */
export const EVIDENCE_CHECK_JOB = 'evidence.check';

export interface EvidenceCheckPayload {
  bytes: Uint8Array;
}

/**
 * What an evidence file is, judged by parsing it (never by its name or first bytes alone):
 * `unsupported` when its first bytes are none of the accepted types; `mismatch` when they claim a
 * type the content is not (`%PDF-` over HTML, a PNG signature over SVG, a ZIP that is no Office
 * document); `too_complex` over a cap (message in Chinese).
 */
export type EvidenceVerdict =
  | { ok: true; type: EvidenceType }
  | { ok: false; reason: 'unsupported' }
  | { ok: false; reason: 'mismatch'; claimed: EvidenceType['ext'] | 'zip' }
  | { ok: false; reason: 'too_complex'; message: string };

const mismatch = (claimed: EvidenceType['ext'] | 'zip'): EvidenceVerdict => ({
  ok: false,
  reason: 'mismatch',
  claimed,
});

/** Runs in a document worker. */
export function checkEvidenceJob(
  payload: EvidenceCheckPayload,
  caps: DocumentCaps,
): Promise<EvidenceVerdict> {
  const { bytes } = payload;
  return checkEvidence(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), caps);
}

export async function checkEvidence(buf: Buffer, caps: DocumentCaps): Promise<EvidenceVerdict> {
  const claimed = detectEvidenceType(buf);
  if (!claimed) return { ok: false, reason: 'unsupported' };
  try {
    switch (claimed) {
      case 'png':
        return isWellFormedPng(buf) ? ok(claimed) : mismatch(claimed);
      case 'jpg':
        return isWellFormedJpeg(buf) ? ok(claimed) : mismatch(claimed);
      case 'pdf':
        return (await isReadablePdf(buf, caps.pdfMaxPages)) ? ok(claimed) : mismatch(claimed);
      case 'zip':
        return await checkOfficePackage(buf, caps);
    }
  } catch (err) {
    if (err instanceof FileLimitError)
      return { ok: false, reason: 'too_complex', message: err.message };
    return mismatch(claimed);
  }
}

const ok = (ext: EvidenceType['ext']): EvidenceVerdict => ({ ok: true, type: evidenceTypeOf(ext) });

/** pdf.js opens it (cross-reference, catalogue) and reads its first page; pages over the cap refused. */
async function isReadablePdf(buf: Buffer, maxPages: number): Promise<boolean> {
  if (!hasPdfTrailer(buf)) return false;
  const task = await openPdf(buf);
  try {
    const doc = await task.promise;
    if (doc.numPages < 1) return false;
    if (doc.numPages > maxPages) throw new FileLimitError('pdf_pages', doc.numPages, maxPages);
    await doc.getPage(1);
    return true;
  } finally {
    void task.destroy().catch(() => undefined);
  }
}

/** The Office parts a package of each kind must have, and which of them must parse as XML. */
const OFFICE_PARTS: { ext: 'docx' | 'xlsx'; main: string }[] = [
  { ext: 'docx', main: 'word/document.xml' },
  { ext: 'xlsx', main: 'xl/workbook.xml' },
];

/**
 * A .docx or .xlsx: a ZIP within the caps (checked on the central directory, before inflating)
 * with `[Content_Types].xml` and its main part, both well-formed XML when inflated (streamed, never
 * held whole; an entry larger than its header declares fails).
 */
async function checkOfficePackage(buf: Buffer, caps: DocumentCaps): Promise<EvidenceVerdict> {
  let listing: ZipListing;
  try {
    listing = await listZip(buf, caps.zip);
  } catch (err) {
    if (err instanceof FileLimitError) throw err;
    return mismatch('zip');
  }
  try {
    const kind = OFFICE_PARTS.find((p) => listing.names.has(p.main));
    if (!kind) {
      const looksOffice = [...listing.names].some(
        (n) => n.startsWith('word/') || n.startsWith('xl/'),
      );
      return looksOffice ? mismatch('zip') : { ok: false, reason: 'unsupported' };
    }
    if (!listing.names.has('[Content_Types].xml')) return mismatch(kind.ext);
    for (const part of ['[Content_Types].xml', kind.main]) {
      if (!(await isWellFormedXml(await listing.stream(part)))) return mismatch(kind.ext);
    }
    return ok(kind.ext);
  } finally {
    listing.close();
  }
}

/** Streams XML through saxes (a conformant non-validating parser); false at the first error. */
function isWellFormedXml(stream: Readable): Promise<boolean> {
  return new Promise((resolve) => {
    const parser = new SaxesParser({ xmlns: false });
    const decoder = new StringDecoder('utf8');
    let failed = false;
    let root = false;
    parser.on('error', () => {
      failed = true;
    });
    parser.on('opentag', () => {
      root = true;
    });
    const fail = () => {
      stream.destroy();
      resolve(false);
    };
    stream.on('data', (chunk: Buffer) => {
      if (failed) return;
      parser.write(decoder.write(chunk));
      if (failed) fail();
    });
    stream.on('error', fail);
    stream.on('end', () => {
      if (!failed) parser.write(decoder.end()).close();
      resolve(!failed && root);
    });
  });
}
