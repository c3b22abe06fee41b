/** Reads an .xlsx plan: the first visible sheet with a recognisable header, as a task-division table. */
import ExcelJS from 'exceljs';
import { DEFAULT_DOCUMENT_CAPS, FileLimitError } from '../../../common/files/file-limits';
import type { ParsedPlan, ParsePlanOptions } from './plan-document.types';
import { corruptFile, PlanParseError } from './plan-parse.errors';
import { tableOptions } from './table-meta';
import { hasTableHeader } from './table-columns';
import { parsePlanTable } from './table-plan.parser';
import type { TableInput, TableRow } from './table-plan.types';

export async function readXlsx(
  buf: Buffer,
  opts: ParsePlanOptions,
  where: string,
  maxRows = DEFAULT_DOCUMENT_CAPS.xlsxMaxRows,
): Promise<ParsedPlan> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (err) {
    throw corruptFile(where, err);
  }
  const tables = workbook.worksheets
    .filter((ws) => ws.state !== 'hidden' && ws.state !== 'veryHidden')
    .map((ws) => sheetToTable(ws, maxRows));
  const found = tables.find(hasTableHeader);
  // No sheet with a header: the error names the first non-empty sheet's best header guess.
  const table = found ?? tables.find((t) => t.rows.length > 0) ?? tables[0];
  if (!table || table.rows.length === 0) throw new PlanParseError('EMPTY_DOCUMENT', undefined);
  return parsePlanTable(table, tableOptions(opts));
}

/** A sheet's rows; a sheet that claims more than `maxRows` rows is refused, not walked. */
function sheetToTable(ws: ExcelJS.Worksheet, maxRows: number): TableInput {
  if (ws.rowCount > maxRows) throw new FileLimitError('xlsx_rows', ws.rowCount, maxRows);
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
