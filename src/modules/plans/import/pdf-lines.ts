/** PDF text items → lines: items on one baseline joined, a space only between Latin items set apart. */

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

export interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

export const CJK =
  /[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef“”‘’—…·]/;
export const WS_ONLY = /^[\s\u00a0\u3000]*$/;

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
