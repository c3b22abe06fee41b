/** Reads a .docx plan: its first headed table (with its continuations) as a table, else its prose. */
import * as mammoth from 'mammoth';
import { normalizeChars } from '../../../common/text/normalize-chars';
import { walkHtml, type ParaBlock, type TableBlock } from './docx-html';
import type { ParsedPlan, ParsePlanOptions } from './plan-document.types';
import { corruptFile, PlanParseError } from './plan-parse.errors';
import { parsePlanText } from './plan-text.parser';
import { HEADING_LINE_RE, readMeta, tableOptions } from './table-meta';
import { hasTableHeader } from './table-columns';
import { parsePlanTable } from './table-plan.parser';
import type { TableInput, TableRow } from './table-plan.types';

export async function readDocx(
  buf: Buffer,
  opts: ParsePlanOptions,
  where: string,
): Promise<ParsedPlan> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: buf })).value;
  } catch (err) {
    throw corruptFile(where, err);
  }
  const blocks = walkHtml(html);
  const tables = blocks.filter((b): b is TableBlock => b.kind === 'table');
  const proseText = async () => {
    try {
      return (await mammoth.extractRawText({ buffer: buf })).value;
    } catch (err) {
      throw corruptFile(where, err);
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
      if (HEADING_LINE_RE.test(n)) {
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

function tableToInput(table: TableBlock, index: number): TableInput {
  return {
    sheet: `表${index + 1}`,
    rows: table.rows.map((cells, r) => ({
      line: r + 1,
      cells: cells.map((text, c) => ({ ref: `表${index + 1}第${r + 1}行第${c + 1}列`, text })),
    })),
  };
}
