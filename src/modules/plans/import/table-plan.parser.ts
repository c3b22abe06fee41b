/**
 * Reads a task-division table (任务分工表) into the same shape as the prose parser. Pure: no I/O.
 *
 *     序号 | 重点工作 | 牵头单位 | 配合单位 | 责任领导 | 完成时限     ← header (found, not assumed)
 *     一、加强民生保障（merged across the row）                    ← chapter
 *     (一)完善社会救助                                             ← section
 *     1    | 完善…    | 省民政厅 | 省财政厅、省卫生厅 | 张三 | 2024年底前 ← item
 *
 * Header cells are recognised after removing spaces, normalising full-width punctuation and
 * folding traditional characters. Cells of merged ranges are expected to be filled by the
 * reader (every cell of the range carries the text), so a category row merged across the table
 * shows the same text in every cell.
 *
 * This file walks the rows; the rules it applies live beside it: table-columns.ts (the column
 * lexicon and the header row), table-rows.ts (heading rows, 序号), table-item.ts (a row's
 * units, deadlines, targets and review reasons), table-meta.ts (title and document number).
 */
import { normalizeChars } from '../../../common/text/normalize-chars';
import type { ParsedPlan, PlanItem, PlanTarget, PlanWarning } from './plan-document.types';
import { PlanParseError, sourceSuffix } from './plan-parse.errors';
import { WARNING } from './plan-warnings';
import { extractTargets } from './target.extractor';
import {
  columnKindOf,
  findHeader,
  isRepeatedHeader,
  normalizeHeader,
  ROLE_LABEL,
  type ColumnRole,
  type Header,
} from './table-columns';
import {
  dedupe,
  dropTargetDurations,
  mergeUnits,
  ONGOING_RE,
  readDeadlines,
  readUnits,
  reviewReasons,
} from './table-item';
import type { ParseTableOptions, TableCell, TableInput, TableRow } from './table-plan.types';
import { readDocumentNumber, readTitle } from './table-meta';
import { checkNumbering, headingOf, readNumber } from './table-rows';
import { isCollectiveUnit } from './unit-list.parser';

export {
  columnKindOf,
  columnRoleOf,
  hasTableHeader,
  normalizeHeader,
  type ColumnKind,
  type ColumnRole,
} from './table-columns';
export type { ParseTableOptions, TableCell, TableInput, TableRow } from './table-plan.types';

export function parsePlanTable(table: TableInput, opts: ParseTableOptions = {}): ParsedPlan {
  const where = sourceSuffix(opts.sourceName);
  const sheet = table.sheet ? `工作表“${table.sheet}”` : '表格';
  if (table.rows.every((r) => r.cells.every((c) => c.text.trim() === ''))) {
    throw new PlanParseError('EMPTY_DOCUMENT', undefined);
  }
  const { header, best } = findHeader(table);
  if (!header) {
    if (!best) {
      const first = table.rows.find((r) => r.cells.some((c) => c.text.trim()));
      const cell = first?.cells.find((c) => c.text.trim())?.ref;
      throw new PlanParseError(
        'WRONG_COLUMNS',
        `${sheet}中没有找到表头：需要“${ROLE_LABEL.task}”和“牵头单位（或责任单位）”两列。` +
          `请确认表格第一行（或标题下一行）是列名后重新上传。${where}`,
        { cell, line: first?.line },
      );
    }
    const missing: string[] = [];
    if (!best.columns.has('task') && !best.columns.has('goal'))
      missing.push(`“${ROLE_LABEL.task}”`);
    if (!best.columns.has('lead') && !best.columns.has('responsible')) {
      missing.push('“牵头单位（或责任单位）”');
    }
    const row = table.rows[best.firstRowIndex];
    const cell = row.cells.find((c) => c.text.trim())?.ref ?? row.cells[0]?.ref;
    const found = row.cells
      .map((c) => c.text.trim())
      .filter(Boolean)
      .join('、');
    throw new PlanParseError(
      'WRONG_COLUMNS',
      `${sheet}的表头（${cell ?? `第${row.line ?? best.firstRowIndex + 1}行`}：${found}）缺少必要的列：` +
        `${missing.join('和')}。请核对表头后重新上传。${where}`,
      { cell, line: row.line },
    );
  }

  const warnings: PlanWarning[] = [];
  const title = opts.title ?? readTitle(table, header.firstRowIndex);
  const issuedOn = opts.issuedOn ?? null;
  const items: PlanItem[] = [];
  const col = (role: ColumnRole) => header.columns.get(role) ?? [];
  const cellsOf = (row: TableRow, role: ColumnRole): TableCell[] =>
    col(role)
      .map((i) => row.cells[i])
      .filter((c): c is TableCell => c !== undefined && c.text.trim() !== '');
  const textOf = (row: TableRow, role: ColumnRole): string =>
    dedupe(cellsOf(row, role).map((c) => c.text.trim())).join('\n');
  const textAt = (row: TableRow, cols: number[]): string =>
    dedupe(cols.map((i) => row.cells[i]?.text.trim() ?? '').filter(Boolean)).join('\n');
  const text = chooseTextColumns(table, header);
  warnUnknownColumns(table, header, warnings);

  let chapter: string | null = null;
  let section: string | null = null;
  let running = 0;

  for (let r = header.rowIndex + 1; r < table.rows.length; r++) {
    const row = table.rows[r];
    const line = row.line ?? r + 1;
    const values = row.cells.map((c) => c.text.trim());
    const distinct = dedupe(values.filter(Boolean));
    if (distinct.length === 0) continue;
    if (isRepeatedHeader(values, header)) continue;

    const noText = textOf(row, 'no');
    const task = textAt(row, text.main);
    const unitTexts = ['lead', 'support', 'responsible'].map((k) => textOf(row, k as ColumnRole));

    // A category row: one text (possibly repeated by a merged range), or a Chinese numeral
    // in 序号 with a heading in the task column, and no unit of its own.
    const heading = headingOf(values, distinct, noText, task, unitTexts);
    if (heading) {
      if (heading.kind === 'chapter') {
        chapter = heading.text;
        section = null;
      } else {
        section = heading.text;
      }
      continue;
    }
    if (!task) {
      if (unitTexts.some(Boolean)) {
        warnings.push({
          line,
          message: `${refOf(row, 'task', col)}：这一行有责任单位但没有工作任务，已跳过，请人工核对。`,
        });
      }
      continue;
    }

    const parsedNo = readNumber(noText);
    const no = parsedNo ?? running + 1;
    running = no;

    // A task whose cells are merged down over several rows (one row per unit group).
    const prev = items[items.length - 1];
    const units = readUnits(row, textOf);
    if (prev && prev.text === task && prev.no === no && parsedNo !== null) {
      mergeUnits(prev, units);
      continue;
    }

    const deadlineText = textOf(row, 'deadline');
    const goalText = textAt(row, text.extra);
    const group = textAt(row, text.group);
    const deadlines = readDeadlines(task, deadlineText, goalText, issuedOn, (phrase) =>
      warnings.push({
        line,
        message: WARNING.unreadDeadline(no, phrase, refOf(row, 'deadline', col)),
      }),
    );
    if (deadlineText && deadlines.length === 0 && !ONGOING_RE.test(normalizeHeader(deadlineText))) {
      warnings.push({
        line,
        message: `第${no}项的完成时限“${deadlineText}”（${refOf(row, 'deadline', col)}）未能识别，请人工核对。`,
      });
    }
    const targets: PlanTarget[] = [
      ...extractTargets(normalizeChars(task), task),
      ...(goalText ? extractTargets(normalizeChars(goalText), goalText) : []),
    ];
    dropTargetDurations(deadlines, targets);

    const item: PlanItem = {
      no,
      chapter,
      section: section ?? (group || null),
      text: task,
      lead: units.lead,
      support: units.support,
      ...(units.leaders.length > 0 ? { leaders: units.leaders } : {}),
      deadlines,
      targets,
    };
    if ([...units.lead, ...units.support].some(isCollectiveUnit)) item.collective = true;
    const review = reviewReasons(row, units, header);
    if (review.length > 0) item.review = review;
    if (units.lead.length === 0 && units.support.length === 0) {
      warnings.push({
        line,
        message: `第${no}项（${refOf(row, 'lead', col)}）没有填写责任单位，请补充牵头单位和配合单位。`,
      });
    } else if (units.lead.length === 0) {
      warnings.push({
        line,
        message: `第${no}项（${refOf(row, 'lead', col)}）没有牵头单位，请人工核对。`,
      });
    }
    if (parsedNo === null && noText) {
      warnings.push({
        line,
        message: `第${no}项的序号“${noText}”不是数字，已按顺序编为第${no}项。`,
      });
    }
    items.push(item);
  }

  if (items.length === 0) {
    throw new PlanParseError(
      'NO_ITEMS',
      `${sheet}中表头下面没有任何工作任务行。请确认表格内容后重新上传。${where}`,
    );
  }
  checkNumbering(items, table, warnings);
  warnings.sort((a, b) => a.line - b.line);
  return {
    title,
    documentNumber: opts.documentNumber ?? readDocumentNumber(table, header.firstRowIndex),
    issuedOn,
    items,
    warnings,
  };
}

interface TextColumns {
  /** The item text (several columns are joined). */
  main: number[];
  /** Other text columns carrying per-row text (`工作目标`): read for targets and deadlines. */
  extra: number[];
  /** A text column merged (or repeated) over several items: a grouping, kept as the section. */
  group: number[];
}

/**
 * Which text-like columns (重点工作…, 目标任务…) hold the item text, decided by the data rows:
 * a column that is empty in every row (a merged column the rows left out) is not it, nor one
 * whose text repeats over rows with different numbers (a category merged over its items);
 * of the rest, the task-named columns make the text and goal-named ones add targets.
 */
function chooseTextColumns(table: TableInput, header: Header): TextColumns {
  const task = header.columns.get('task') ?? [];
  const goal = header.columns.get('goal') ?? [];
  const all = [...task, ...goal].sort((a, b) => a - b);
  if (all.length <= 1) return { main: all, extra: [], group: [] };
  const noCol = header.columns.get('no')?.[0];
  const rows = table.rows.slice(header.rowIndex + 1);
  const at = (r: TableRow, c: number | undefined) =>
    c === undefined ? '' : (r.cells[c]?.text.trim() ?? '');
  const filled = new Map<number, number>();
  const repeated = new Map<number, number>();
  for (const c of all) {
    let f = 0;
    let rep = 0;
    rows.forEach((r, i) => {
      const t = at(r, c);
      if (!t) return;
      f++;
      const prev = rows[i - 1];
      if (prev && at(prev, c) === t && at(r, noCol) && at(prev, noCol) !== at(r, noCol)) rep++;
    });
    filled.set(c, f);
    repeated.set(c, rep);
  }
  const used = all.filter((c) => (filled.get(c) ?? 0) > 0);
  const isGroup = (c: number) =>
    (repeated.get(c) ?? 0) > 0 && (repeated.get(c) ?? 0) * 2 >= (filled.get(c) ?? 0);
  let perRow = used.filter((c) => !isGroup(c));
  if (perRow.length === 0) perRow = used.length > 0 ? used : all;
  const group = used.filter((c) => !perRow.includes(c));
  const named = perRow.filter((c) => task.includes(c));
  const main = named.length > 0 ? named : perRow.slice(0, 1);
  return { main, extra: perRow.filter((c) => !main.includes(c)), group };
}

/** A header cell the lexicon does not know: the column is not read, and the user is told. */
function warnUnknownColumns(table: TableInput, header: Header, warnings: PlanWarning[]): void {
  const row = table.rows[header.rowIndex];
  const first = table.rows[header.firstRowIndex];
  row.cells.forEach((cell, i) => {
    const name = cell.text.trim() || first.cells[i]?.text.trim() || '';
    if (!name || columnKindOf(name) !== null) return;
    if (i > 0 && normalizeHeader(name) === header.names[i - 1]) return; // a merged header cell
    warnings.push({
      line: row.line ?? header.rowIndex + 1,
      message:
        `表头中的“${name.replace(/\s+/g, '')}”（${cell.ref}）不是能识别的列名，该列未导入。` +
        `如果该列是工作任务、单位或时限，请改为“重点工作”“牵头单位”“配合单位”“完成时限”等列名。`,
    });
  });
}

function refOf(row: TableRow, role: ColumnRole, col: (role: ColumnRole) => number[]): string {
  const i = col(role)[0] ?? (role === 'lead' ? col('responsible')[0] : undefined);
  const cell = i !== undefined ? row.cells[i] : undefined;
  return cell?.ref ?? row.cells[0]?.ref ?? `第${row.line ?? '?'}行`;
}
