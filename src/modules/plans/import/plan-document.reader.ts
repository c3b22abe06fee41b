/**
 * Reads an uploaded plan file of any supported kind into a ParsedPlan, by its first bytes:
 *
 * ZIP packages are refused before anything is inflated when their central directory is over the
 * caps (`opts.caps`, common/files/file-limits.ts): DOCUMENT_TOO_COMPLEX.
 *
 * - `.xlsx` (ZIP with `xl/workbook.xml`): every sheet through exceljs; the first sheet with a
 *   recognisable header is read as a task-division table (xlsx-plan.reader.ts).
 * - `.docx` (ZIP with `word/document.xml`): mammoth's HTML; its tables (after the first one
 *   with a recognisable header, and of the same width) are read as one task-division table.
 *   A document without such a table is read as prose (docx-plan.reader.ts, docx-html.ts).
 * - `.pdf` (`%PDF-`): the text layer through pdf.js (see pdf-text.reader.ts), lines rejoined into
 *   paragraphs, running headers/footers and page numbers dropped, then read as text; a scan
 *   without text is refused with NO_TEXT_LAYER.
 * - old `.doc`/`.xls` (OLE compound file): refused with a message asking for .docx/.xlsx.
 * - anything else: text (UTF-8 or GB18030, plan-buffer.decoder.ts); a table pasted as text — one
 *   cell per line or tab-separated — is recognised by its header (text-table.reader.ts), the rest
 *   is read as prose (plan-text.parser.ts).
 */
import {
  DEFAULT_DOCUMENT_CAPS,
  FileLimitError,
  type DocumentCaps,
} from '../../../common/files/file-limits';
import { listZip, ZipFormatError } from '../../../common/files/zip-listing';
import { readDocx } from './docx-plan.reader';
import { readPdfText } from './pdf-text.reader';
import { decodePlanBuffer } from './plan-buffer.decoder';
import type { ParsedPlan, ParsePlanOptions } from './plan-document.types';
import { corruptFile, PlanParseError, sourceSuffix, tooComplex } from './plan-parse.errors';
import { parsePlanText } from './plan-text.parser';
import { tableOptions } from './table-meta';
import { parsePlanTable } from './table-plan.parser';
import { findTextTable } from './text-table.reader';
import { readXlsx } from './xlsx-plan.reader';

export { decodeEntities, walkHtml } from './docx-html';
export { findTextTable } from './text-table.reader';

export const MAX_PLAN_FILE_BYTES = 20 * 1024 * 1024;

/** File name shown in messages (the same options as the text parser's), and the caps to hold to. */
export type ReadPlanOptions = ParsePlanOptions & { caps?: DocumentCaps };

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_EMPTY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

export async function readPlanDocument(
  buf: Buffer,
  opts: ReadPlanOptions = {},
): Promise<ParsedPlan> {
  const where = sourceSuffix(opts.sourceName);
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
  const textOpts = opts.sourceName ? { sourceName: opts.sourceName } : {};
  if (startsWith(buf, PDF_MAGIC)) {
    const caps = opts.caps ?? DEFAULT_DOCUMENT_CAPS;
    return readPastedText(await readPdfText(buf, where, caps.pdfMaxPages), textOpts);
  }
  return readPastedText(decodePlanBuffer(buf), textOpts);
}

function startsWith(buf: Buffer, magic: Buffer): boolean {
  return buf.length >= magic.length && buf.subarray(0, magic.length).equals(magic);
}

/**
 * .xlsx or .docx, told apart by the entries of the central directory, which is checked against the
 * caps (entry count, unpacked size, compression ratio) before any entry is inflated.
 */
async function readZip(buf: Buffer, opts: ReadPlanOptions, where: string): Promise<ParsedPlan> {
  const caps = opts.caps ?? DEFAULT_DOCUMENT_CAPS;
  const textOpts = opts.sourceName ? { sourceName: opts.sourceName } : {};
  let names: ReadonlySet<string>;
  try {
    const listing = await listZip(buf, caps.zip);
    names = listing.names;
    listing.close();
  } catch (err) {
    if (err instanceof FileLimitError) throw tooComplex(err, where);
    if (err instanceof ZipFormatError) throw corruptFile(where, err);
    throw err;
  }
  try {
    if (names.has('xl/workbook.xml')) return await readXlsx(buf, textOpts, where, caps.xlsxMaxRows);
    if (names.has('word/document.xml')) return await readDocx(buf, textOpts, where);
  } catch (err) {
    if (err instanceof FileLimitError) throw tooComplex(err, where);
    throw err;
  }
  throw new PlanParseError(
    'NOT_TEXT',
    `无法识别的文件格式（压缩包，但不是 .docx 或 .xlsx 文件）。请上传 Word（.docx）、Excel（.xlsx）或纯文本（.txt）格式的方案。${where}`,
  );
}

/** A pasted table (one cell per line, `|`-separated or tab-separated rows) is read as a table. */
export function readPastedText(text: string, opts: ReadPlanOptions = {}): ParsedPlan {
  const table = findTextTable(text);
  if (table) return parsePlanTable(table.input, { ...tableOptions(opts), ...table.meta });
  return parsePlanText(text, opts);
}
