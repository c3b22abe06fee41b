/**
 * The text of a PDF plan, as the lines a clerk would type: pdf.js (Mozilla's `pdfjs-dist`, legacy
 * build for Node) gives positioned text items; they are put back into lines by their baseline,
 * the lines broken by the layout are rejoined into paragraphs, and running headers, footers and
 * page numbers are dropped. The result goes through the same text reader as a pasted plan.
 * This file loads the PDF; the steps below live in pdf-lines.ts, pdf-paragraphs.ts and
 * pdf-running-lines.ts.
 *
 * - Lines: items sorted by page, then baseline (top down), then x; items on one baseline are joined,
 *   with a space only between two non-CJK items set apart (never between CJK glyphs).
 * - Paragraphs: a line ends its paragraph when it stops short of the page's right text margin (the
 *   largest line right edge on the page) or ends with 。；;：: (and ！？; unless the line is full
 *   and the next one opens a bracket: an item's unit list wrapped below it); a full-width line
 *   continues into the next line (also across a page break) unless that line is indented, starts
 *   with a numbering label (`一、` `（一）` `1.` `1、` `（1）` `①` `第一条` …) or a label word
 *   (`牵头单位：` …), or stands after a blank gap.
 * - Running headers and footers: lines among the first or last two of a page that recur, digits
 *   aside, at the same height on at least half of the pages; and page-number lines there
 *   (`- 3 -`, `— 3 —`, `3`, `第3页`, `第 3 页 共 10 页`, `3/10`).
 *
 * Refusals: no text at all (a scan) → NO_TEXT_LAYER; password-protected, truncated (no `%%EOF`)
 * or unreadable → CORRUPT_FILE; more than MAX_PDF_PAGES pages → FILE_TOO_LARGE. pdf.js parses
 * on the main thread but in slices (per page, and its text extraction yields every few ms), and
 * the whole read is bounded by PDF_READ_BUDGET_MS, so a hostile file cannot hold the service.
 */
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { corruptPdf, noTextLayer, PlanParseError } from './plan-parse.errors';
import { itemsToLines, WS_ONLY, type Item, type PdfPage } from './pdf-lines';
import { pdfPagesToText } from './pdf-paragraphs';

export { itemsToLines, type PdfLine, type PdfPage } from './pdf-lines';
export { pdfPagesToText, startsParagraph } from './pdf-paragraphs';
export { dropRunningLines, isPageNumberLine } from './pdf-running-lines';

export const MAX_PDF_PAGES = 500;
/** Wall-clock budget for reading one PDF (load + every page's text). */
export const PDF_READ_BUDGET_MS = 30_000;

type Pdfjs = typeof import('pdfjs-dist/types/src/pdf');

let pdfjs: Promise<Pdfjs> | undefined;

/**
 * pdf.js ships only as ES modules: loaded on first use (Node 20.19+ `require()`s ES modules; Jest
 * transforms them, see jest.config.js). CMaps: PDFs set in non-embedded SimSun/FangSong need the
 * predefined Adobe-GB1 CMaps for their text.
 */
function loadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs') as Promise<Pdfjs>;
  return pdfjs;
}

const PDFJS_ROOT = dirname(require.resolve('pdfjs-dist/package.json'));
const ASSET_URLS = {
  cMapUrl: `${pathToFileURL(join(PDFJS_ROOT, 'cmaps')).href}/`,
  standardFontDataUrl: `${pathToFileURL(join(PDFJS_ROOT, 'standard_fonts')).href}/`,
};

/** Reads a PDF into the text of its body, one paragraph per line. */
export async function readPdfText(buf: Buffer, where = ''): Promise<string> {
  const pages = await extractPdfPages(buf, where);
  const text = pdfPagesToText(pages);
  if (!text.trim()) throw noTextLayer(where);
  return text;
}

export async function extractPdfPages(buf: Buffer, where = ''): Promise<PdfPage[]> {
  // A PDF ends with `%%EOF` (some writers add a little after it); a truncated upload has none.
  if (!buf.subarray(Math.max(0, buf.length - 4096)).includes('%%EOF')) throw corruptPdf(where);
  let lib: Pdfjs;
  try {
    lib = await loadPdfjs();
  } catch (err) {
    pdfjs = undefined;
    throw err;
  }
  const task: PDFDocumentLoadingTask = lib.getDocument({
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
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(corruptPdf(where)), PDF_READ_BUDGET_MS);
    timer.unref();
  });
  try {
    return await Promise.race([readPages(task, where), budget]);
  } catch (err) {
    if (err instanceof PlanParseError) throw err;
    const name = (err as { name?: string } | null)?.name;
    if (name === 'PasswordException') {
      throw new PlanParseError(
        'CORRUPT_FILE',
        `这个 PDF 文件设有打开密码，无法读取。请去掉密码后重新上传，或上传方案的 Word（.docx）文件，也可以直接粘贴方案正文。${where}`,
        { cause: err },
      );
    }
    throw corruptPdf(where, err);
  } finally {
    clearTimeout(timer);
    void task.destroy().catch(() => undefined);
  }
}

async function readPages(task: PDFDocumentLoadingTask, where: string): Promise<PdfPage[]> {
  const doc: PDFDocumentProxy = await task.promise;
  if (doc.numPages > MAX_PDF_PAGES) {
    throw new PlanParseError(
      'FILE_TOO_LARGE',
      `这个 PDF 文件有 ${doc.numPages} 页，超过了 ${MAX_PDF_PAGES} 页的上限，无法导入。请只上传责任分解方案部分。${where}`,
    );
  }
  const pages: PdfPage[] = [];
  let anyText = false;
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const view = page.view; // [x0, y0, x1, y1]
    const content = await page.getTextContent({ includeMarkedContent: false });
    const items: Item[] = [];
    for (const raw of content.items) {
      const it = raw as TextItem;
      if (typeof it.str !== 'string' || it.str === '') continue;
      const [a, b, c, d, e, f] = it.transform as number[];
      // Horizontal text only; rotated stamps and watermarks are not the plan's text.
      if (Math.abs(b) > 1e-3 || Math.abs(c) > 1e-3) continue;
      if (!WS_ONLY.test(it.str)) anyText = true;
      items.push({
        str: it.str,
        x: e,
        y: f,
        width: it.width,
        size: Math.abs(d) || Math.abs(a) || it.height || 1,
      });
    }
    pages.push({ height: view[3] - view[1], lines: itemsToLines(items, p) });
    page.cleanup();
  }
  if (!anyText) throw noTextLayer(where);
  return pages;
}
