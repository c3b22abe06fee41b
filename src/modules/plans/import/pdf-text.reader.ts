/**
 * The text of a PDF plan, as the lines a clerk would type: pdf.js (Mozilla's `pdfjs-dist`, legacy
 * build for Node) gives positioned text items; they are put back into lines by their baseline,
 * the lines broken by the layout are rejoined into paragraphs, and running headers, footers and
 * page numbers are dropped. The result goes through the same text reader as a pasted plan.
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
import { startsNewLine } from './plan-outline';
import { PLAN_PARSE_ERROR_MESSAGES, PlanParseError } from './plan-parse.errors';
import { normalizeChars } from './plan-text.util';

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

// ---------------------------------------------------------------------------------------

export interface PdfLine {
  page: number;
  /** Left edge, right edge and baseline, in PDF units (y grows upwards). */
  x: number;
  right: number;
  y: number;
  /** Font size (glyph height). */
  size: number;
  text: string;
}

export interface PdfPage {
  height: number;
  lines: PdfLine[];
}

interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

const CJK =
  /[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef“”‘’—…·]/;
const WS_ONLY = /^[\s\u00a0\u3000]*$/;

/** Reads a PDF into the text of its body, one paragraph per line. */
export async function readPdfText(buf: Buffer, where = ''): Promise<string> {
  const pages = await extractPdfPages(buf, where);
  const text = pdfPagesToText(pages);
  if (!text.trim()) throw noTextLayer(where);
  return text;
}

export async function extractPdfPages(buf: Buffer, where = ''): Promise<PdfPage[]> {
  // A PDF ends with `%%EOF` (some writers add a little after it); a truncated upload has none.
  if (!buf.subarray(Math.max(0, buf.length - 4096)).includes('%%EOF')) throw corrupt(where);
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
    timer = setTimeout(() => reject(corrupt(where)), PDF_READ_BUDGET_MS);
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
    throw corrupt(where, err);
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

/** Items on one baseline make one line; lines top down. */
export function itemsToLines(items: Item[], page: number): PdfLine[] {
  const sorted = [...items].sort((p, q) => q.y - p.y || p.x - q.x);
  const groups: Item[][] = [];
  for (const it of sorted) {
    const last = groups[groups.length - 1];
    if (last && Math.abs(last[0].y - it.y) <= 0.4 * Math.max(last[0].size, it.size)) last.push(it);
    else groups.push([it]);
  }
  const lines: PdfLine[] = [];
  for (const group of groups) {
    group.sort((p, q) => p.x - q.x);
    let text = '';
    let right = -Infinity;
    let left = Infinity;
    let size = 0;
    let pendingGap = false;
    for (const it of group) {
      if (WS_ONLY.test(it.str)) {
        pendingGap = true;
        continue;
      }
      const gap = it.x - right;
      const prev = text.slice(-1);
      const next = it.str[0];
      if (
        text &&
        (pendingGap || gap > 0.25 * it.size) &&
        !/\s/.test(prev) &&
        !/\s/.test(next) &&
        !CJK.test(prev) &&
        !CJK.test(next)
      ) {
        text += ' ';
      }
      text += it.str;
      pendingGap = false;
      left = Math.min(left, it.x);
      right = Math.max(right, it.x + it.width);
      size = Math.max(size, it.size);
    }
    text = text.replace(/\s+$/, '');
    if (!text.trim()) continue;
    lines.push({ page, x: left, right, y: group[0].y, size, text });
  }
  return lines;
}

// ---------------------------------------------------------------------------------------
// Headers, footers, page numbers

const PAGE_NUMBER_RES = [
  /^[-—–－~～·•_\s]*\d{1,4}[-—–－~～·•_\s]*$/,
  /^第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$/,
  /^共\s*\d{1,4}\s*页\s*[,，/]?\s*第\s*\d{1,4}\s*页$/,
  /^\d{1,4}\s*[/／]\s*\d{1,4}$/,
  /^page\s*\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?$/i,
];

export function isPageNumberLine(text: string): boolean {
  const t = text.trim();
  return PAGE_NUMBER_RES.some((re) => re.test(t));
}

/** How many lines at each end of a page may be running headers or footers. */
const EDGE_LINES = 2;

function edgeLines(page: PdfPage): PdfLine[] {
  const n = page.lines.length;
  if (n <= 2 * EDGE_LINES) return [...page.lines];
  return [...page.lines.slice(0, EDGE_LINES), ...page.lines.slice(n - EDGE_LINES)];
}

const runningKey = (text: string) => text.replace(/\s+/g, '').replace(/\d+/g, '#');

/** The body lines of each page: running headers, footers and page numbers removed. */
export function dropRunningLines(pages: PdfPage[]): PdfLine[][] {
  const drop = new Set<PdfLine>();
  // Lines recurring (digits aside) near the same height on at least half of the pages.
  const seen = new Map<string, Array<{ page: number; y: number; line: PdfLine }>>();
  pages.forEach((page, p) => {
    for (const line of edgeLines(page)) {
      const key = runningKey(line.text);
      const list = seen.get(key) ?? [];
      list.push({ page: p, y: line.y, line });
      seen.set(key, list);
    }
  });
  if (pages.length >= 2) {
    const need = Math.max(2, Math.ceil(pages.length / 2));
    for (const list of seen.values()) {
      // Group by height: the same band within a line's height.
      for (const anchor of list) {
        const band = list.filter((o) => Math.abs(o.y - anchor.y) <= Math.max(anchor.line.size, 6));
        const onPages = new Set(band.map((o) => o.page));
        if (onPages.size >= need) for (const o of band) drop.add(o.line);
      }
    }
  }
  for (const page of pages) {
    for (const line of edgeLines(page)) if (isPageNumberLine(line.text)) drop.add(line);
  }
  return pages.map((page) => page.lines.filter((l) => !drop.has(l)));
}

// ---------------------------------------------------------------------------------------
// Paragraphs

const PARAGRAPH_END_RE = /[。；;：:！？!?]$/;

/** A line that starts a paragraph of its own: the outline's rule for text (labels, label words). */
export function startsParagraph(text: string): boolean {
  return startsNewLine(normalizeChars(text).trim());
}

/** Joins the body lines into paragraphs, one per output line; a blank line where the page has a gap. */
export function pdfPagesToText(pages: PdfPage[]): string {
  const bodies = dropRunningLines(pages);
  const out: string[] = [];
  let current: string | null = null;
  /** The previous line and its page's right text margin. */
  let prev: { line: PdfLine; margin: number } | null = null;

  const indentMode = usesFirstLineIndent(bodies);
  for (const lines of bodies) {
    if (lines.length === 0) continue;
    const left = Math.min(...lines.map((l) => l.x));
    const margin = Math.max(...lines.map((l) => l.right));
    const pitch = medianPitch(lines);
    lines.forEach((line, i) => {
      const text = line.text.trim();
      const blank = i > 0 && pitch > 0 && lines[i - 1].y - line.y > 1.7 * pitch;
      const indented = line.x > left + 0.3 * line.size;
      const continues =
        current !== null &&
        prev !== null &&
        wrapsInto(prev.line, prev.margin, text, indentMode) &&
        !blank &&
        !indented &&
        !startsParagraph(text);
      if (continues) {
        current = joinWrapped(current as string, text);
      } else {
        if (current !== null) out.push(current);
        if (blank) out.push('');
        current = text;
      }
      prev = { line, margin };
    });
  }
  if (current !== null) out.push(current);
  return `${out.join('\n')}\n`;
}

/** Characters that may not start a line: the layout carries the glyph before them down too. */
const NO_LINE_START = '，。、；：？！,.;:?!)）」』”’》〉】〕…—％%';

/**
 * Whether `line` was broken by the layout before `next`: it does not end a sentence, and what
 * starts `next` (its first glyph or Latin word, with the punctuation that may not start a line)
 * would not have fitted in the room left before the right margin.
 */
function wrapsInto(line: PdfLine, margin: number, next: string, indentMode: boolean): boolean {
  const text = line.text.trim();
  if (PARAGRAPH_END_RE.test(text)) {
    // In a document whose paragraphs start indented, a full line ending a sentence is followed
    // by an unindented line of the same paragraph; so is an item's unit list `（…）` wrapped
    // below a full sentence.
    const full = margin - line.right < 1.5 * line.size;
    return full && (indentMode || /^[(（〔【]/.test(next));
  }
  const head = /^(?:[A-Za-z0-9]+|.)/u.exec(next)?.[0] ?? '';
  let chunk = head;
  for (const ch of next.slice(head.length)) {
    if (!NO_LINE_START.includes(ch)) break;
    chunk += ch;
  }
  const width = [...chunk].reduce((w, ch) => w + (CJK.test(ch) ? 1 : 0.6), 0) * line.size;
  return margin - line.right < width + 0.25 * line.size;
}

/**
 * Whether paragraphs start with an indented first line (as 公文 do: two characters): then an
 * unindented line after a full one continues its paragraph even after a full stop. Judged over
 * the lines that follow a line ending a sentence: most of them are indented.
 */
function usesFirstLineIndent(bodies: PdfLine[][]): boolean {
  let starts = 0;
  let indented = 0;
  for (const lines of bodies) {
    if (lines.length === 0) continue;
    const left = Math.min(...lines.map((l) => l.x));
    for (let i = 1; i < lines.length; i++) {
      if (!/[。；;！？!?]$/.test(lines[i - 1].text.trim())) continue;
      starts++;
      if (lines[i].x > left + 0.3 * lines[i].size) indented++;
    }
  }
  return starts >= 3 && indented >= 0.7 * starts;
}

function medianPitch(lines: PdfLine[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const g = lines[i - 1].y - lines[i].y;
    if (g > 0) gaps.push(g);
  }
  if (gaps.length === 0) return 0;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}

/** A line wrapped by the layout: no space between CJK; a space between two Latin words or numbers. */
function joinWrapped(a: string, b: string): string {
  if (/[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b)) return `${a} ${b}`;
  return a + b;
}

// ---------------------------------------------------------------------------------------

function corrupt(where: string, cause?: unknown): PlanParseError {
  return new PlanParseError(
    'CORRUPT_FILE',
    `PDF 文件已损坏或不完整（可能没有下载或上传完整），无法打开。请重新下载或重新导出该 PDF 后再上传，或上传方案的 Word（.docx）文件。${where}`,
    { cause },
  );
}

function noTextLayer(where: string): PlanParseError {
  return new PlanParseError('NO_TEXT_LAYER', `${PLAN_PARSE_ERROR_MESSAGES.NO_TEXT_LAYER}${where}`);
}
