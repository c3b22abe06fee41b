/** The title, document number and issue date printed above a table (paragraphs or rows). */
import { normalizeChars } from '../../../common/text/normalize-chars';
import type { ParsePlanOptions } from './plan-document.types';
import { DOC_NUMBER_RE } from './plan-text.util';
import { dedupe } from './table-item';
import type { ParseTableOptions, TableInput } from './table-plan.types';

/** A chapter or section heading line (`一、…`, `(一)…`) between or above table rows. */
export const HEADING_LINE_RE =
  /^(?:[一二三四五六七八九十]+\s*[、.]|\(\s*[一二三四五六七八九十]+\s*\))/;

/** The options a table reader passes on: the file name for messages. */
export function tableOptions(opts: ParsePlanOptions): ParseTableOptions {
  return opts.sourceName ? { sourceName: opts.sourceName } : {};
}

const DATE_LINE_RE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/;

/** Title, document number and issue date from the paragraphs above a table. */
export function readMeta(paragraphs: string[]): Partial<ParseTableOptions> {
  const meta: Partial<ParseTableOptions> = {};
  for (const p of paragraphs) {
    const n = normalizeChars(p).trim();
    const doc = DOC_NUMBER_RE.exec(n);
    if (doc && meta.documentNumber === undefined) {
      meta.documentNumber = p.trim().slice(doc.index, doc.index + doc[0].length);
    }
    const date = DATE_LINE_RE.exec(n.replace(/^(?:印发日期|发布日期|成文日期)\s*:\s*/, ''));
    if (date && meta.issuedOn === undefined) {
      const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
      if (m >= 1 && m <= 12 && d >= 1 && d <= 31) {
        meta.issuedOn = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      }
    }
  }
  for (let i = paragraphs.length - 1; i >= 0; i--) {
    const n = normalizeChars(paragraphs[i]).trim();
    if (!n || n.length > 60 || /[。,:;]/.test(n) || DOC_NUMBER_RE.test(n) || DATE_LINE_RE.test(n)) {
      continue;
    }
    if (/^附件\s*\d*$/.test(n) || HEADING_LINE_RE.test(n)) continue;
    meta.title = paragraphs[i].trim().replace(/\s+/g, '');
    break;
  }
  return meta;
}

/** The last title-like text above the header (`XX任务分工方案`), or ''. */
export function readTitle(table: TableInput, headerIndex: number): string {
  for (let r = headerIndex - 1; r >= 0; r--) {
    const text = dedupe(table.rows[r].cells.map((c) => c.text.trim()).filter(Boolean));
    if (text.length !== 1) continue;
    const t = text[0];
    if (DOC_NUMBER_RE.test(normalizeChars(t)) || /^附件\s*\d*$/.test(t) || /[:：]$/.test(t))
      continue;
    if (t.length > 80) continue;
    return t.replace(/\s+/g, '');
  }
  return '';
}

/** The first document number (`X〔YYYY〕N号`) above the header, as printed. */
export function readDocumentNumber(table: TableInput, headerIndex: number): string | null {
  for (let r = 0; r < headerIndex; r++) {
    for (const c of table.rows[r].cells) {
      const m = DOC_NUMBER_RE.exec(normalizeChars(c.text));
      if (m) return c.text.slice(m.index, m.index + m[0].length);
    }
  }
  return null;
}
