import ExcelJS from 'exceljs';
import type { DocumentCaps } from '../../common/files/file-limits';
import { FileLimitError } from '../../common/files/file-limits';
import { listZip, ZipFormatError } from '../../common/files/zip-listing';
import {
  REQUIRED_COLUMNS,
  SHEET_COLUMNS,
  SHEET_NAME,
  SheetKey,
  SheetReading,
  SheetRow,
} from './work-sheet.columns';

/** The document worker's job that reads a filled template (src/document-worker.ts serves it). */
export const WORK_SHEET_READ_JOB = 'work-sheet.read';

export interface WorkSheetPayload {
  bytes: Uint8Array;
}

const CORRUPT = '无法读取该文件:请上传用督办事项模板填写的 Excel(.xlsx)文件';

/**
 * Runs in a document worker, under the pool's heap and time limits: the ZIP's central directory is
 * checked against the caps before anything is inflated, then the template's sheet is read exactly
 * (cell text as typed; a date cell as YYYY-MM-DD).
 */
export async function readWorkSheetJob(
  payload: WorkSheetPayload,
  caps: DocumentCaps,
): Promise<SheetReading> {
  const bytes = payload.bytes ?? new Uint8Array();
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const listing = await listZip(buf, caps.zip);
    const isXlsx = listing.names.has('xl/workbook.xml');
    listing.close();
    if (!isXlsx) return { ok: false, reason: 'corrupt', message: CORRUPT };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buf as unknown as ArrayBuffer);
    const visible = workbook.worksheets.filter((w) => w.state === 'visible' || !w.state);
    const ws = visible.find((w) => w.name === SHEET_NAME) ?? visible[0];
    if (!ws) return { ok: false, reason: 'corrupt', message: CORRUPT };
    if (ws.rowCount > caps.xlsxMaxRows) {
      throw new FileLimitError('xlsx_rows', ws.rowCount, caps.xlsxMaxRows);
    }
    return readRows(ws);
  } catch (err) {
    if (err instanceof FileLimitError) {
      return { ok: false, reason: 'too_complex', message: err.message };
    }
    if (err instanceof ZipFormatError) return { ok: false, reason: 'corrupt', message: CORRUPT };
    return { ok: false, reason: 'corrupt', message: CORRUPT };
  }
}

function readRows(ws: ExcelJS.Worksheet): SheetReading {
  const header = ws.getRow(1);
  const columnOf = new Map<SheetKey, number>();
  const width = Math.min(ws.columnCount, 40);
  for (let c = 1; c <= width; c++) {
    const text = cellText(header.getCell(c)).replace(/[\s*＊]/g, '');
    const col = SHEET_COLUMNS.find((k) => k.header === text);
    if (col && !columnOf.has(col.key)) columnOf.set(col.key, c);
  }
  const missing = REQUIRED_COLUMNS.filter((k) => !columnOf.has(k)).map(
    (k) => SHEET_COLUMNS.find((c) => c.key === k)!.header,
  );
  const rows: SheetRow[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: SheetRow['cells'] = {};
    let any = false;
    for (const [key, c] of columnOf) {
      const text = cellText(row.getCell(c)).trim();
      if (text !== '') {
        cells[key] = text;
        any = true;
      }
    }
    if (any) rows.push({ row: r, cells });
  }
  return { ok: true, rows, missing };
}

/** A cell as the clerk typed it; a date (or a formula giving one) as YYYY-MM-DD. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return isoDate(v);
  if (typeof v === 'object' && 'result' in v) {
    const result = (v as ExcelJS.CellFormulaValue).result;
    if (result instanceof Date) return isoDate(result);
    return result === undefined || result === null || typeof result === 'object'
      ? ''
      : String(result);
  }
  if (typeof v === 'object' && 'error' in v) return '';
  if (typeof v === 'string') return v.replace(/\r\n?/g, '\n');
  try {
    return cell.text.replace(/\r\n?/g, '\n');
  } catch {
    return '';
  }
}

/** Excel keeps a date as a day number, which exceljs gives as that day's midnight UTC. */
function isoDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
}
