import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PDFDocumentLoadingTask } from 'pdfjs-dist/types/src/display/api';

type Pdfjs = typeof import('pdfjs-dist/types/src/pdf');

let pdfjs: Promise<Pdfjs> | undefined;

/**
 * pdf.js ships only as ES modules: loaded on first use (Node 20.19+ `require()`s ES modules; Jest
 * transforms them, see jest.config.js). CMaps: PDFs set in non-embedded SimSun/FangSong need the
 * predefined Adobe-GB1 CMaps for their text.
 */
async function loadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs') as Promise<Pdfjs>;
  try {
    return await pdfjs;
  } catch (err) {
    pdfjs = undefined;
    throw err;
  }
}

const PDFJS_ROOT = dirname(require.resolve('pdfjs-dist/package.json'));
const ASSET_URLS = {
  cMapUrl: `${pathToFileURL(join(PDFJS_ROOT, 'cmaps')).href}/`,
  standardFontDataUrl: `${pathToFileURL(join(PDFJS_ROOT, 'standard_fonts')).href}/`,
};

/** A PDF document being opened by pdf.js (Mozilla's `pdfjs-dist`, legacy build for Node), no eval. */
export async function openPdf(buf: Buffer): Promise<PDFDocumentLoadingTask> {
  const lib = await loadPdfjs();
  return lib.getDocument({
    // pdf.js may transfer (detach) the bytes it is given: pass a copy.
    data: new Uint8Array(buf),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    stopAtErrors: false,
    verbosity: 0,
    ...ASSET_URLS,
  });
}

/** A PDF ends with `%%EOF` (some writers add a little after it); a truncated upload has none. */
export function hasPdfTrailer(buf: Buffer): boolean {
  return buf.subarray(Math.max(0, buf.length - 4096)).includes('%%EOF');
}
