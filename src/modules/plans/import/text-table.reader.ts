/** A task-division table pasted as text, found by its header and laid back onto its columns. */
import { normalizeChars } from '../../../common/text/normalize-chars';
import { columnKindOf, namesTaskAndUnit, type ColumnKind } from './table-columns';
import { alignCells, cellKind, looksLikeNumber, type LayoutRole } from './table-layout';
import { HEADING_LINE_RE, readMeta } from './table-meta';
import type { ParseTableOptions, TableInput, TableRow } from './table-plan.types';

interface TextTable {
  input: TableInput;
  meta: Partial<ParseTableOptions>;
}

interface TextCell {
  text: string;
  /** 0-based line index. */
  k: number;
}

/**
 * Finds a table in pasted text:
 * - rows, one per line, with cells separated by tabs or `|` (`| a | b |` or `a | b`);
 * - one cell per line, each optionally ending in ` |` (an empty cell printed as `|` or `||`).
 * The header is found by its words (see columnKindOf), not by its position; its width is the
 * number of header cells. Rows of a one-cell-per-line table start at a 序号 cell; cells are
 * laid onto the columns by what they look like (see alignCells) when their number differs
 * from the header's.
 */
export function findTextTable(text: string): TextTable | null {
  const lines = text.split(/\r?\n/);
  const trimmed = lines.map((l) => l.trim());
  return findRowTable(lines, trimmed) ?? findCellPerLineTable(trimmed);
}

/** Cells of a line holding a whole row, or null when the line has no separator. */
function rowCells(line: string): string[] | null {
  if (line.includes('\t')) {
    const cells = line.split('\t').map((c) => stripPipes(c));
    return cells.length >= 2 ? cells : null;
  }
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  if (!inner.includes('|')) return null;
  return inner.split('|').map((c) => c.trim());
}

function stripPipes(s: string): string {
  return s
    .trim()
    .replace(/^\|+\s*/, '')
    .replace(/\s*\|+$/, '')
    .trim();
}

function findRowTable(lines: string[], trimmed: string[]): TextTable | null {
  for (let i = 0; i < Math.min(lines.length, 60); i++) {
    const header = rowCells(lines[i]);
    if (!header || !isHeader(header.map(columnKindOf))) continue;
    const width = header.length;
    const roles = header.map((h) => layoutRoleOf(columnKindOf(h)));
    const rows: TableRow[] = [];
    for (let k = 0; k < i; k++) {
      if (trimmed[k])
        rows.push({ line: k + 1, cells: [{ ref: `第${k + 1}行`, text: trimmed[k] }] });
    }
    rows.push({ line: i + 1, cells: header.map((text) => ({ ref: `第${i + 1}行`, text })) });
    for (let k = i + 1; k < lines.length; k++) {
      if (!trimmed[k] || /^[|\s:：-]+$/.test(trimmed[k])) continue; // blank, `|---|---|`
      const cells = rowCells(lines[k]) ?? [stripPipes(lines[k])];
      const ref = `第${k + 1}行`;
      const filled = cells.filter((c) => c.trim() !== '').length;
      if (cells.length === width || filled <= 1) {
        rows.push({ line: k + 1, cells: cells.map((t) => ({ ref, text: t.trim() })) });
        continue;
      }
      const a = alignCells(cells, roles);
      rows.push({
        line: k + 1,
        cells: a.texts.map((t) => ({ ref, text: t })),
        ...(a.realigned ? { realigned: true } : {}),
      });
    }
    return { input: { sheet: '文本表格', rows }, meta: readMeta(trimmed.slice(0, i)) };
  }
  return null;
}

/** A short cell that could be a column name the lexicon does not know (`建设地点`). */
function headerLike(text: string): boolean {
  const n = normalizeChars(text).replace(/\s+/g, '');
  return (
    n.length >= 2 &&
    n.length <= 10 &&
    !/[\d。,;!?、]/.test(n) &&
    cellKind(text) !== 'unit' &&
    !HEADING_LINE_RE.test(n)
  );
}

function findCellPerLineTable(trimmed: string[]): TextTable | null {
  const cells: TextCell[] = [];
  trimmed.forEach((t, k) => {
    if (!t) return;
    cells.push({ text: /^\|+$/.test(t) ? '' : stripPipes(t), k });
  });
  for (let s = 0; s < Math.min(cells.length, 300); s++) {
    if (!columnKindOf(cells[s].text)) continue;
    let e = s;
    while (
      e < cells.length &&
      cells[e].text &&
      (columnKindOf(cells[e].text) || headerLike(cells[e].text))
    )
      e++;
    // Unknown names at the end belong to the header only when a row starts right after it.
    while (
      e > s &&
      !columnKindOf(cells[e - 1].text) &&
      !(e < cells.length && looksLikeNumber(cells[e].text))
    )
      e--;
    const kinds = cells.slice(s, e).map((c) => columnKindOf(c.text));
    if (e - s >= 3 && isHeader(kinds)) {
      return {
        input: cellPerLineTable(trimmed, cells, s, e),
        meta: readMeta(trimmed.slice(0, cells[s].k)),
      };
    }
    s = Math.max(s, e - 1);
  }
  return null;
}

function cellPerLineTable(trimmed: string[], cells: TextCell[], s: number, e: number): TableInput {
  const header = cells.slice(s, e);
  const width = header.length;
  const kinds = header.map((c) => columnKindOf(c.text));
  const roles = kinds.map(layoutRoleOf);
  const rows: TableRow[] = [];
  // Lines above the header (title, document number) as one-cell rows.
  for (let k = 0; k < header[0].k; k++) {
    if (trimmed[k]) rows.push({ line: k + 1, cells: [{ ref: `第${k + 1}行`, text: trimmed[k] }] });
  }
  rows.push({
    line: header[0].k + 1,
    cells: header.map((c) => ({ ref: `第${c.k + 1}行`, text: c.text })),
  });

  const byNumber = kinds[0] === 'no';
  let record: TextCell[] = [];
  let last: number | null = null;
  let afterHeading = false;
  const previous: string[] = new Array<string>(width).fill('');
  const flush = () => {
    if (record.length === 0) return;
    rows.push(shapeRecord(record, roles, previous));
    record = [];
  };
  const isAnchor = (t: string): boolean => {
    if (!looksLikeNumber(t)) return false;
    if (record.length === 1) return false;
    const m = /\d+/.exec(normalizeChars(t));
    if (!m) return record.length === 0 || record.length >= 3; // `（一）`, `一`
    const n = Number(m[0]);
    return (
      last === null ||
      afterHeading ||
      n === last + 1 ||
      n === 1 ||
      (record.length >= 3 && n > last && n <= last + 5)
    );
  };

  for (const c of cells.slice(e)) {
    const n = normalizeChars(c.text).trim();
    const heading = HEADING_LINE_RE.test(n) && !looksLikeNumber(n);
    if (heading && (record.length === 0 || record.length >= width - 1 || byNumber)) {
      // A heading between rows (`一、…`, `(一)…`): a category row of its own.
      flush();
      rows.push({ line: c.k + 1, cells: [{ ref: `第${c.k + 1}行`, text: c.text }] });
      afterHeading = true;
      continue;
    }
    if (byNumber ? isAnchor(c.text) : record.length === width) {
      flush();
      const m = /\d+/.exec(normalizeChars(c.text));
      if (m) last = Number(m[0]);
      afterHeading = false;
    }
    record.push(c);
  }
  flush();
  return { sheet: '文本表格', rows };
}

/**
 * Lays one record's cells onto the columns (see alignCells). A text or lead column the row
 * leaves out (a cell merged over several rows, printed once) carries the value from the row
 * above.
 */
function shapeRecord(record: TextCell[], roles: LayoutRole[], previous: string[]): TableRow {
  const a = alignCells(
    record.map((c) => c.text),
    roles,
  );
  const cells = a.texts.map((text, c) => {
    const at = a.from[c] >= 0 ? record[a.from[c]].k : record[0].k;
    return { ref: `第${at + 1}行`, text };
  });
  const withoutText = roles.every((r, c) => r !== 'text' || !a.texts[c]);
  roles.forEach((role, c) => {
    if (a.from[c] >= 0 || !previous[c] || withoutText) return;
    if (role === 'text' && roles.some((r, d) => r === 'text' && d !== c && a.texts[d])) {
      cells[c] = { ...cells[c], text: previous[c] };
    }
  });
  cells.forEach((cell, c) => {
    previous[c] = cell.text;
  });
  return {
    line: record[0].k + 1,
    cells,
    ...(a.realigned ? { realigned: true } : {}),
  };
}

function layoutRoleOf(kind: ColumnKind | null): LayoutRole {
  switch (kind) {
    case 'no':
      return 'no';
    case 'task':
    case 'goal':
      return 'text';
    case 'lead':
    case 'support':
    case 'responsible':
      return 'unit';
    case 'leaders':
      return 'leaders';
    case 'deadline':
      return 'deadline';
    default:
      return 'other';
  }
}

function isHeader(kinds: Array<ColumnKind | null>): boolean {
  const known = kinds.filter((r) => r !== null);
  return known.length >= 3 && namesTaskAndUnit((kind) => kinds.includes(kind));
}
