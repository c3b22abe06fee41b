/**
 * Reads an uploaded plan file of any supported kind into a ParsedPlan:
 *
 * - `.xlsx` (ZIP with `xl/workbook.xml`): every sheet through exceljs; the first sheet with a
 *   recognisable header is read as a task-division table (merged ranges are filled by exceljs).
 * - `.docx` (ZIP with `word/document.xml`): mammoth's HTML; its tables (after the first one
 *   with a recognisable header, and of the same width) are read as one task-division table.
 *   A document without such a table is read as prose (mammoth's raw text).
 * - `.pdf` (`%PDF-`): the text layer through pdf.js (see pdf-text.reader.ts), lines rejoined into
 *   paragraphs, running headers/footers and page numbers dropped, then read as text; a scan
 *   without text is refused with NO_TEXT_LAYER.
 * - old `.doc`/`.xls` (OLE compound file): refused with a message asking for .docx/.xlsx.
 * - anything else: text (UTF-8 or GB18030); a table pasted as text — one cell per line or
 *   tab-separated — is recognised by its header, the rest is read as prose.
 */
import ExcelJS from 'exceljs';
import * as mammoth from 'mammoth';
import { readPdfText } from './pdf-text.reader';
import { decodePlanBuffer } from './plan-buffer.decoder';
import type { ParsedPlan } from './plan-document.types';
import { PlanParseError } from './plan-parse.errors';
import { parsePlanText } from './plan-text.parser';
import { normalizeChars, DOC_NUMBER_RE } from './plan-text.util';
import { alignCells, cellKind, looksLikeNumber, type LayoutRole } from './table-layout';
import {
  columnKindOf,
  hasTableHeader,
  parsePlanTable,
  type ColumnKind,
  type ParseTableOptions,
  type TableInput,
  type TableRow,
} from './table-plan.parser';

export const MAX_PLAN_FILE_BYTES = 20 * 1024 * 1024;

export interface ReadPlanOptions {
  /** File name shown in messages. */
  sourceName?: string;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_EMPTY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

export async function readPlanDocument(
  buf: Buffer,
  opts: ReadPlanOptions = {},
): Promise<ParsedPlan> {
  const where = opts.sourceName ? `（文件：${opts.sourceName}）` : '';
  if (buf.length > MAX_PLAN_FILE_BYTES) {
    throw new PlanParseError(
      'FILE_TOO_LARGE',
      `文件过大（${(buf.length / 1024 / 1024).toFixed(1)} MB），无法导入。方案文件不能超过 20 MB，` +
        `请删除图片等无关内容后重新上传。${where}`,
    );
  }
  if (buf.length === 0) throw new PlanParseError('EMPTY_DOCUMENT', undefined);

  if (startsWith(buf, OLE_MAGIC)) {
    throw new PlanParseError(
      'NOT_TEXT',
      `这是旧版 Word（.doc）或 Excel（.xls）格式的文件，无法直接读取。请在 Word 或 Excel 中` +
        `“另存为” .docx 或 .xlsx 格式（或纯文本 .txt）后重新上传。${where}`,
    );
  }
  if (startsWith(buf, ZIP_MAGIC) || startsWith(buf, ZIP_EMPTY)) {
    return readZip(buf, opts, where);
  }
  if (startsWith(buf, PDF_MAGIC)) return readText(await readPdfText(buf, where), opts);
  return readText(decodePlanBuffer(buf), opts);
}

function startsWith(buf: Buffer, magic: Buffer): boolean {
  return buf.length >= magic.length && buf.subarray(0, magic.length).equals(magic);
}

function corrupt(where: string, cause?: unknown): PlanParseError {
  return new PlanParseError(
    'CORRUPT_FILE',
    `文件已损坏或不完整（可能没有下载或上传完整），无法打开。请重新保存或重新下载该文件后再上传。${where}`,
    { cause },
  );
}

async function readZip(buf: Buffer, opts: ReadPlanOptions, where: string): Promise<ParsedPlan> {
  // The end-of-central-directory record sits in the last 64 KiB; a truncated file has none.
  const tail = buf.subarray(Math.max(0, buf.length - 65557));
  if (!tail.includes(ZIP_EMPTY)) throw corrupt(where);
  // Entry names are stored uncompressed in the central directory.
  if (buf.includes('xl/workbook.xml')) return readXlsx(buf, opts, where);
  if (buf.includes('word/document.xml')) return readDocx(buf, opts, where);
  throw new PlanParseError(
    'NOT_TEXT',
    `无法识别的文件格式（压缩包，但不是 .docx 或 .xlsx 文件）。请上传 Word（.docx）、Excel（.xlsx）或纯文本（.txt）格式的方案。${where}`,
  );
}

// ---------------------------------------------------------------------------------------
// Excel

async function readXlsx(buf: Buffer, opts: ReadPlanOptions, where: string): Promise<ParsedPlan> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (err) {
    throw corrupt(where, err);
  }
  const tables = workbook.worksheets
    .filter((ws) => ws.state !== 'hidden' && ws.state !== 'veryHidden')
    .map(sheetToTable);
  const found = tables.find(hasTableHeader);
  // No sheet with a header: the error names the first non-empty sheet's best header guess.
  const table = found ?? tables.find((t) => t.rows.length > 0) ?? tables[0];
  if (!table || table.rows.length === 0) throw new PlanParseError('EMPTY_DOCUMENT', undefined);
  return parsePlanTable(table, tableOptions(opts));
}

function sheetToTable(ws: ExcelJS.Worksheet): TableInput {
  const rows: TableRow[] = [];
  const width = Math.min(ws.columnCount, 60);
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (row.hidden) continue;
    const cells = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      cells.push({ ref: cell.address, text: cellText(cell) });
    }
    rows.push({ line: r, cells });
  }
  return { sheet: ws.name, rows };
}

/** Cell text as a clerk sees it; dates as `2024年6月30日` so the deadline reader knows them. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return formatDate(v);
  if (typeof v === 'object' && 'result' in v) {
    const result = (v as ExcelJS.CellFormulaValue).result;
    if (result instanceof Date) return formatDate(result);
  }
  if (typeof v === 'object' && 'error' in v) return '';
  try {
    return cell.text.replace(/\r\n?/g, '\n');
  } catch {
    return '';
  }
}

function formatDate(d: Date): string {
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

// ---------------------------------------------------------------------------------------
// Word

async function readDocx(buf: Buffer, opts: ReadPlanOptions, where: string): Promise<ParsedPlan> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: buf })).value;
  } catch (err) {
    throw corrupt(where, err);
  }
  const blocks = walkHtml(html);
  const tables = blocks.filter((b): b is TableBlock => b.kind === 'table');
  const proseText = async () => {
    try {
      return (await mammoth.extractRawText({ buffer: buf })).value;
    } catch (err) {
      throw corrupt(where, err);
    }
  };
  if (tables.length === 0) return parsePlanText(await proseText(), opts);

  const inputs = tables.map((t, i) => tableToInput(t, i));
  const first = inputs.findIndex(hasTableHeader);
  if (first < 0) {
    // Tables used only for layout: the plan may still be prose.
    try {
      return parsePlanText(await proseText(), opts);
    } catch (err) {
      if (err instanceof PlanParseError && err.code === 'NO_ITEMS') {
        const biggest = [...inputs].sort((a, b) => b.rows.length - a.rows.length)[0];
        return parsePlanTable(biggest, tableOptions(opts));
      }
      throw err;
    }
  }

  // Paragraphs before the table: title, document number, date.
  const firstBlock = blocks.indexOf(tables[first]);
  const before = blocks
    .slice(0, firstBlock)
    .filter((b): b is ParaBlock => b.kind === 'p')
    .map((b) => b.text);
  const meta = readMeta(before);

  // The table, continued by later tables of the same width (a table split per chapter or
  // page), with heading paragraphs between them as category rows.
  const width = tables[first].width;
  const rows: TableRow[] = [...inputs[first].rows];
  let pending: TableRow[] = [];
  for (let b = firstBlock + 1; b < blocks.length; b++) {
    const block = blocks[b];
    if (block.kind === 'p') {
      const n = normalizeChars(block.text).trim();
      if (/^(?:[一二三四五六七八九十]+\s*[、.]|\(\s*[一二三四五六七八九十]+\s*\))/.test(n)) {
        pending.push({ cells: [{ ref: `段落“${n.slice(0, 10)}”`, text: block.text }] });
      }
      continue;
    }
    if (block.width !== width) break;
    rows.push(...pending, ...inputs[tables.indexOf(block)].rows);
    pending = [];
  }
  let line = 0;
  for (const row of rows) row.line = ++line;
  return parsePlanTable({ sheet: inputs[first].sheet, rows }, { ...tableOptions(opts), ...meta });
}

interface ParaBlock {
  kind: 'p';
  text: string;
}
interface TableBlock {
  kind: 'table';
  /** Grid rows after filling colspan/rowspan. */
  rows: string[][];
  width: number;
}
type HtmlBlock = ParaBlock | TableBlock;

interface RawCell {
  text: string;
  colspan: number;
  rowspan: number;
}

/**
 * A small walker over mammoth's HTML: top-level paragraphs and tables in document order.
 * A table nested in a cell contributes its text to that cell. Paragraph and line breaks
 * inside a cell become newlines.
 */
export function walkHtml(html: string): HtmlBlock[] {
  const blocks: HtmlBlock[] = [];
  const tokens = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b([^>]*?)(\/?)>|<!--[\s\S]*?-->|([^<]+)/g;
  let depth = 0; // table nesting
  let rawRows: RawCell[][] = [];
  let cell: RawCell | null = null;
  let para = '';
  let inPara = false;

  const appendText = (t: string) => {
    if (cell) cell.text += t;
    else if (depth === 0) {
      para += t;
      inPara = true;
    }
  };
  const breakLine = () => {
    if (cell && cell.text && !cell.text.endsWith('\n')) cell.text += '\n';
  };
  const flushPara = () => {
    const text = para.replace(/[ \t]+\n/g, '\n').trim();
    if (inPara && text) blocks.push({ kind: 'p', text });
    para = '';
    inPara = false;
  };

  for (const m of html.matchAll(tokens)) {
    const [, closing, rawName, attrs, selfClosing, text] = m;
    if (text !== undefined) {
      appendText(decodeEntities(text));
      continue;
    }
    if (!rawName) continue; // comment
    const name = rawName.toLowerCase();
    if (name === 'table') {
      if (!closing) {
        if (depth === 0) {
          flushPara();
          rawRows = [];
        } else breakLine();
        depth++;
      } else if (depth > 0) {
        depth--;
        if (depth === 0) {
          blocks.push(fillGrid(rawRows));
          rawRows = [];
          cell = null;
        }
      }
      continue;
    }
    if (depth === 1 && name === 'tr' && !closing) {
      rawRows.push([]);
      cell = null;
      continue;
    }
    if (depth === 1 && (name === 'td' || name === 'th')) {
      if (!closing) {
        if (rawRows.length === 0) rawRows.push([]);
        cell = { text: '', colspan: spanOf(attrs, 'colspan'), rowspan: spanOf(attrs, 'rowspan') };
        rawRows[rawRows.length - 1].push(cell);
      } else {
        cell = null;
      }
      continue;
    }
    const blockish = ['p', 'br', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'div', 'tr', 'td', 'th'];
    if (blockish.includes(name)) {
      if (depth > 0) {
        if (closing || name === 'br' || selfClosing) breakLine();
      } else if (name === 'br') {
        appendText('\n');
      } else {
        flushPara();
      }
    }
  }
  flushPara();
  return blocks;
}

function spanOf(attrs: string, name: string): number {
  const m = new RegExp(`${name}\\s*=\\s*["']?(\\d+)`, 'i').exec(attrs);
  const n = m ? Number(m[1]) : 1;
  return n >= 1 && n <= 100 ? n : 1;
}

/** Places cells on a grid: a merged cell's text is repeated in every slot it covers. */
function fillGrid(rawRows: RawCell[][]): TableBlock {
  const grid: string[][] = [];
  for (let r = 0; r < rawRows.length; r++) {
    grid[r] ??= [];
    let c = 0;
    for (const raw of rawRows[r]) {
      while (grid[r][c] !== undefined) c++;
      const text = raw.text
        .replace(/[ \t]+\n/g, '\n')
        .replace(/\n+$/, '')
        .trim();
      for (let dr = 0; dr < raw.rowspan && r + dr < rawRows.length; dr++) {
        grid[r + dr] ??= [];
        for (let dc = 0; dc < raw.colspan; dc++) grid[r + dr][c + dc] = text;
      }
      c += raw.colspan;
    }
  }
  const width = Math.max(0, ...grid.map((row) => row.length));
  const rows = grid.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''));
  return { kind: 'table', rows, width };
}

function tableToInput(table: TableBlock, index: number): TableInput {
  return {
    sheet: `表${index + 1}`,
    rows: table.rows.map((cells, r) => ({
      line: r + 1,
      cells: cells.map((text, c) => ({ ref: `表${index + 1}第${r + 1}行第${c + 1}列`, text })),
    })),
  };
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  middot: '·',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, e: string) => {
    if (e[0] === '#') {
      const code =
        e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole;
    }
    return ENTITIES[e] ?? whole;
  });
}

// ---------------------------------------------------------------------------------------
// Text

/** A pasted table (one cell per line, `|`-separated or tab-separated rows) is read as a table. */
export function readPastedText(text: string, opts: ReadPlanOptions = {}): ParsedPlan {
  const table = findTextTable(text);
  if (table) return parsePlanTable(table.input, { ...tableOptions(opts), ...table.meta });
  return parsePlanText(text, opts);
}

function readText(text: string, opts: ReadPlanOptions): ParsedPlan {
  return readPastedText(text, opts);
}

const HEADING_LINE_RE = /^(?:[一二三四五六七八九十]+\s*[、.]|\(\s*[一二三四五六七八九十]+\s*\))/;

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
  return (
    known.length >= 3 &&
    (kinds.includes('task') || kinds.includes('goal')) &&
    (kinds.includes('lead') || kinds.includes('responsible'))
  );
}

// ---------------------------------------------------------------------------------------
// Shared

function tableOptions(opts: ReadPlanOptions): ParseTableOptions {
  return opts.sourceName ? { sourceName: opts.sourceName } : {};
}

const DATE_LINE_RE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/;

/** Title, document number and issue date from the paragraphs above a table. */
function readMeta(paragraphs: string[]): Partial<ParseTableOptions> {
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
