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
 * or unreadable → CORRUPT_FILE; more pages than the cap (DOCUMENT_MAX_PDF_PAGES) →
 * DOCUMENT_TOO_COMPLEX. The service runs this in a document worker (plan-reading.ts), under its heap
 * and time limits; the read is also bounded by PDF_READ_BUDGET_MS.
 */
import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { DEFAULT_DOCUMENT_CAPS, FileLimitError } from '../../../common/files/file-limits';
import { hasPdfTrailer, openPdf } from '../../../common/files/pdf-document';
import { corruptPdf, noTextLayer, PlanParseError, tooComplex } from './plan-parse.errors';
import { itemsToLines, WS_ONLY, type Item, type PdfPage } from './pdf-lines';
import { pdfPagesToText } from './pdf-paragraphs';

export { itemsToLines, type PdfLine, type PdfPage } from './pdf-lines';
export { pdfPagesToText, startsParagraph } from './pdf-paragraphs';
export { dropRunningLines, isPageNumberLine } from './pdf-running-lines';

/** Wall-clock budget for reading one PDF (load + every page's text). */
export const PDF_READ_BUDGET_MS = 30_000;

/** Reads a PDF into the text of its body, one paragraph per line. */
export async function readPdfText(
  buf: Buffer,
  where = '',
  maxPages = DEFAULT_DOCUMENT_CAPS.pdfMaxPages,
): Promise<string> {
  const pages = await extractPdfPages(buf, where, maxPages);
  const text = pdfPagesToText(pages);
  if (!text.trim()) throw noTextLayer(where);
  return text;
}

export async function extractPdfPages(
  buf: Buffer,
  where = '',
  maxPages = DEFAULT_DOCUMENT_CAPS.pdfMaxPages,
): Promise<PdfPage[]> {
  if (!hasPdfTrailer(buf)) throw corruptPdf(where);
  const task = await openPdf(buf);
  let timer: NodeJS.Timeout | undefined;
  const budget = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(corruptPdf(where)), PDF_READ_BUDGET_MS);
    timer.unref();
  });
  try {
    return await Promise.race([readPages(task, where, maxPages), budget]);
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

async function readPages(
  task: PDFDocumentLoadingTask,
  where: string,
  maxPages: number,
): Promise<PdfPage[]> {
  const doc: PDFDocumentProxy = await task.promise;
  if (doc.numPages > maxPages) {
    throw tooComplex(new FileLimitError('pdf_pages', doc.numPages, maxPages), where);
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
