/** A PDF's running headers, footers and page numbers, found across pages and dropped. */
import type { PdfLine, PdfPage } from './pdf-lines';

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
