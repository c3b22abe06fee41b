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
import {
  columnRoleOf,
  hasTableHeader,
  parsePlanTable,
  type ColumnRole,
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

/** A table pasted as text (one cell per line, or tab-separated) is read as a table. */
function readText(text: string, opts: ReadPlanOptions): ParsedPlan {
  const table = findTextTable(text);
  if (table) return parsePlanTable(table.input, { ...tableOptions(opts), ...table.meta });
  return parsePlanText(text, opts);
}

const DEADLINE_LIKE_RE =
  /(?:19|20)\d{2}\s*(?:年|[./-]\d)|\d{1,2}\s*月|年底|年内|季度|长期|持续|常态|每(?:年|季|月|周)|定期|前$/;
const HEADING_LINE_RE = /^(?:[一二三四五六七八九十]+\s*[、.]|\(\s*[一二三四五六七八九十]+\s*\))/;

interface TextTable {
  input: TableInput;
  meta: Partial<ParseTableOptions>;
}

export function findTextTable(text: string): TextTable | null {
  const lines = text.split('\n');
  const trimmed = lines.map((l) => l.trim());

  // Tab-separated: a header line whose tab-separated cells name the columns.
  for (let i = 0; i < Math.min(lines.length, 60); i++) {
    if (!lines[i].includes('\t')) continue;
    const cells = lines[i].split('\t');
    if (!isHeader(cells.map((c) => columnRoleOf(c)))) continue;
    const rows: TableRow[] = lines.map((l, k) => ({
      line: k + 1,
      cells: l.split('\t').map((t) => ({ ref: `第${k + 1}行`, text: t.trim() })),
    }));
    return { input: { sheet: '文本表格', rows }, meta: readMeta(trimmed.slice(0, i)) };
  }

  // One cell per line: the longest run of consecutive lines that are all column names.
  for (let i = 0; i < Math.min(lines.length, 200); i++) {
    let j = i;
    const roles: ColumnRole[] = [];
    while (j < lines.length && trimmed[j] && columnRoleOf(trimmed[j])) {
      roles.push(columnRoleOf(trimmed[j]) as ColumnRole);
      j++;
    }
    if (roles.length >= 3 && isHeader(roles)) {
      return { input: cellPerLineTable(trimmed, i, roles), meta: readMeta(trimmed.slice(0, i)) };
    }
    i = Math.max(i, j - 1);
  }
  return null;
}

function isHeader(roles: Array<ColumnRole | null>): boolean {
  return (
    roles.filter((r) => r !== null).length >= 3 &&
    roles.includes('task') &&
    (roles.includes('lead') || roles.includes('responsible'))
  );
}

function cellPerLineTable(lines: string[], start: number, roles: ColumnRole[]): TableInput {
  const width = roles.length;
  const cell = (k: number) => ({ ref: `第${k + 1}行`, text: lines[k] });
  const rows: TableRow[] = [];
  // Lines above the header (title, document number) as one-cell rows.
  for (let k = 0; k < start; k++) if (lines[k]) rows.push({ line: k + 1, cells: [cell(k)] });
  rows.push({ line: start + 1, cells: roles.map((_, c) => cell(start + c)) });

  const body: number[] = [];
  for (let k = start + width; k < lines.length; k++) if (lines[k]) body.push(k);
  const byNumber = roles[0] === 'no';
  const isAnchor = (k: number) => /^\(?\d{1,4}[.、)]?$/.test(normalizeChars(lines[k]));
  const isHeading = (k: number) => HEADING_LINE_RE.test(normalizeChars(lines[k]));

  let record: number[] = [];
  const flush = () => {
    if (record.length > 0) rows.push(shapeRecord(record, roles, lines));
    record = [];
  };
  for (const k of body) {
    if (isHeading(k) && (record.length === 0 || record.length >= width - 1 || byNumber)) {
      // A heading line between records (`一、…`, `(一)…`): a category row of its own.
      flush();
      rows.push({ line: k + 1, cells: [cell(k)] });
      continue;
    }
    if (byNumber ? isAnchor(k) : record.length === width) flush();
    record.push(k);
  }
  flush();
  return { sheet: '文本表格', rows };
}

/**
 * Lays one record's lines onto the columns. A record with exactly one line per column maps
 * directly; extra lines are a task wrapped over several lines; with fewer lines (empty cells
 * left out), deadlines and people are recognised by their look and the rest fill the unit
 * columns in order.
 */
function shapeRecord(record: number[], roles: ColumnRole[], lines: string[]): TableRow {
  const width = roles.length;
  const texts: string[] = new Array<string>(width).fill('');
  const refs: string[] = roles.map(() => `第${record[0] + 1}行`);
  const set = (c: number, k: number, text = lines[k]) => {
    texts[c] = text;
    refs[c] = `第${k + 1}行`;
  };
  const taskCol = roles.indexOf('task');
  let ks = [...record];
  if (ks.length > width && taskCol >= 0) {
    const extra = ks.length - width;
    const joined = ks.slice(taskCol, taskCol + extra + 1);
    set(taskCol, joined[0], joined.map((k) => lines[k]).join(''));
    ks = [...ks.slice(0, taskCol), joined[0], ...ks.slice(taskCol + extra + 1)];
    ks.forEach((k, c) => c !== taskCol && set(c, k));
  } else if (ks.length === width) {
    ks.forEach((k, c) => set(c, k));
  } else {
    // Leading columns up to the task map in order; the rest by their look.
    let c = 0;
    while (ks.length > 0 && c <= Math.max(taskCol, 0) && c < width) set(c++, ks.shift() as number);
    const free = roles.map((_, i) => i).filter((i) => i >= c);
    for (const k of ks) {
      const t = lines[k];
      const want: ColumnRole | null = DEADLINE_LIKE_RE.test(normalizeChars(t))
        ? 'deadline'
        : /^[\u4e00-\u9fff·]{2,4}(?:[、,，][\u4e00-\u9fff·]{2,4})*$/.test(t) &&
            !/[厅局委办部院会室处署中心政府]/.test(t)
          ? 'leaders'
          : null;
      let at = want ? free.findIndex((i) => roles[i] === want) : -1;
      if (at < 0) at = free.findIndex((i) => !['deadline', 'leaders'].includes(roles[i]));
      if (at < 0) at = 0;
      if (free.length === 0) break;
      set(free[at], k);
      free.splice(at, 1);
    }
  }
  return {
    line: record[0] + 1,
    cells: texts.map((text, c) => ({ ref: refs[c], text })),
  };
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
