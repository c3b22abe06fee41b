/**
 * Reads a task-division table (任务分工表) into the same shape as the prose parser. Pure: no I/O.
 *
 *     序号 | 重点工作 | 牵头单位 | 配合单位 | 责任领导 | 完成时限     ← header (found, not assumed)
 *     一、加强民生保障（merged across the row）                    ← chapter
 *     (一)完善社会救助                                             ← section
 *     1    | 完善…    | 省民政厅 | 省财政厅、省卫生厅 | 张三 | 2024年底前 ← item
 *
 * Header cells are recognised after removing spaces, normalising full-width punctuation and
 * mapping the traditional characters that occur in column names. Cells of merged ranges are
 * expected to be filled by the reader (every cell of the range carries the text), so a
 * category row merged across the table shows the same text in every cell.
 */
import { extractDeadlines } from './deadline.extractor';
import type {
  ParsePlanOptions,
  ParsedPlan,
  PlanDeadline,
  PlanItem,
  PlanTarget,
  PlanWarning,
} from './plan-document.types';
import { PlanParseError } from './plan-parse.errors';
import { normalizeChars, DOC_NUMBER_RE } from './plan-text.util';
import { extractTargets } from './target.extractor';
import { looksLikePerson, looksLikeUnit } from './table-layout';
import { isCollectiveUnit, parseUnitList, splitUnits } from './unit-list.parser';

export interface TableCell {
  /** Where the cell is, for messages: `B3`, `表1第3行第2列`, `第12行`. */
  ref: string;
  text: string;
}

export interface TableRow {
  /** 1-based line (spreadsheet row, text line) used for warnings. */
  line?: number;
  /** Cells in column order; a missing cell is empty. */
  cells: TableCell[];
  /**
   * Set by a reader that had to lay the cells onto the columns by their look (a row of a
   * flattened table with fewer or more cells than the header): the item is flagged for review.
   */
  realigned?: true;
}

export interface TableInput {
  /** Sheet or table name, for messages. */
  sheet?: string;
  rows: TableRow[];
}

export interface ParseTableOptions extends ParsePlanOptions {
  /** Title when the caller knows it (e.g. the paragraph above a Word table). */
  title?: string;
  documentNumber?: string | null;
  /** Issue date; resolves `6月底前` and relative deadlines. */
  issuedOn?: string | null;
}

export type ColumnRole =
  'no' | 'task' | 'lead' | 'support' | 'responsible' | 'leaders' | 'deadline' | 'goal';

/** A column role, or a column known to carry nothing to import (progress, remarks). */
export type ColumnKind = ColumnRole | 'ignored';

/**
 * What a column header names, by its words rather than from a list of exact names (after
 * normalizeHeader: no spaces or line breaks, simplified characters, no bracketed notes).
 * Tried in this order, so that `牵头负责领导` is a person, `责任主体与协同单位` support (a 协同
 * word wins over 责任主体), `完成时限` a deadline and `完成情况` progress.
 */
const COLUMN_LEXICON: Array<[ColumnKind, RegExp]> = [
  // People: 责任领导, 分管领导, 牵头领导, 联系领导, 牵头负责领导, 分管负责同志, 责任人.
  ['leaders', /(领导|负责同志|责任人|负责人|牵头人)$/],
  // Support: 配合/协办/协同/协助/协作/参与/参加 + 单位/部门/…, and 指导部门/指导单位: a body that
  // guides the work is not answerable for it as the lead is; the import has no separate
  // guidance role, so it is kept with the supporting units rather than lost.
  [
    'support',
    /(配合|协办|协同|协助|协作|参与|参加|指导)(责任)?(单位|部门|处室|科室|机构|主体)?$|协同|配合/,
  ],
  // Lead: 牵头单位, 牵头部门, 主办单位, 主责单位, 牵头责任单位, 主要责任单位, 责任主体.
  [
    'lead',
    /^(牵头|主办|主责|主管|主要责任|主体责任|责任牵头)(责任)?(单位|部门|处室|科室|机构)?$|^责任主体$/,
  ],
  // 责任单位: lead when the table has no lead column, else support.
  ['responsible', /^(具体)?(责任|负责|承办|落实|实施|承担|执行)(单位|部门|处室|科室|机构)$/],
  ['deadline', /^(?!.*情况).*(时限|期限|时间|节点|日期|截止|进度安排|时间安排|完成年限)/],
  ['no', /^(序号|编号|序|序次|号|顺序号|项目编号|任务编号|NO\.?|No\.?)$/],
  // Progress and remarks: read past. `1-10月推进情况`, `是否达序`, `说明`, `备注`.
  [
    'ignored',
    /情况|是否|说明|备注|附注|注释|进度|进展|成效|问题|困难|下步|下一步|评价|评分|得分|考核|佐证|联系人|电话|手机|完成率|达序|序时|状态/,
  ],
  ['goal', /目标/],
  // Text: 重点工作, 工作任务, 主要任务, 改革举措, 主要内容, 具体措施, 工作事项, 工作要点, 项目名称….
  [
    'task',
    /^(任务|事项|工作|内容|措施|举措)$|.(工作|任务|举措|措施|内容|事项|要点|要求)$|^(项目名称|任务名称|事项名称|实事项目|建设项目|民生实事|工作任务分解|任务分解)$/,
  ],
];

const ROLE_LABEL: Record<ColumnRole, string> = {
  no: '序号',
  task: '重点工作（或工作任务、主要任务、任务内容）',
  lead: '牵头单位',
  support: '配合单位',
  responsible: '责任单位',
  leaders: '责任领导',
  deadline: '完成时限',
  goal: '工作目标',
};

/** Traditional characters that occur in column names and headings, mapped to simplified. */
const TRAD: Record<string, string> = {
  號: '号',
  點: '点',
  務: '务',
  牽: '牵',
  頭: '头',
  單: '单',
  責: '责',
  領: '领',
  導: '导',
  時: '时',
  間: '间',
  節: '节',
  協: '协',
  參: '参',
  與: '与',
  內: '内',
  進: '进',
  標: '标',
  門: '门',
  辦: '办',
  負: '负',
  體: '体',
  實: '实',
  聯: '联',
  繫: '系',
  係: '系',
  項: '项',
  設: '设',
  無: '无',
  預: '预',
  們: '们',
  處: '处',
  舉: '举',
  類: '类',
  別: '别',
  說: '说',
  註: '注',
  備: '备',
  際: '际',
  細: '细',
  線: '线',
  緒: '绪',
  計: '计',
  劃: '划',
  畫: '画',
  總: '总',
  執: '执',
  層: '层',
  級: '级',
  開: '开',
  歷: '历',
  結: '结',
  續: '续',
  長: '长',
  堅: '坚',
  為: '为',
  稱: '称',
};

const CN_NUMERAL = '[一二三四五六七八九十百零〇]+';
const CHAPTER_RE = new RegExp(
  String.raw`^(?:${CN_NUMERAL}\s*[、.]|第(?:${CN_NUMERAL}|\d+)\s*(?:章|部分|篇))`,
);
const SECTION_RE = new RegExp(String.raw`^\(\s*${CN_NUMERAL}\s*\)`);
/** Words in a 完成时限 cell meaning "no fixed date": no warning when nothing is extracted. */
const ONGOING_RE = /长期|持续|常态|长效|经常性|逐步|按要求|按期|按时|适时|全年|每|定期|—|-|\//;
/** `2024.6.30`, `2024-06-30`, `2024/6/30` in a deadline cell: read as `2024年6月30日`. */
const NUMERIC_DATE_RE =
  /(?<!\d)((?:19|20)\d{2})\s*[./-]\s*(\d{1,2})(?:\s*[./-]\s*(\d{1,2}))?(?!\d)/g;

/** Header text for matching: no spaces, ASCII punctuation, simplified, no bracketed notes. */
export function normalizeHeader(text: string): string {
  let s = normalizeChars(text).replace(/\s+/g, '');
  s = [...s].map((c) => TRAD[c] ?? c).join('');
  s = s.replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '');
  return s.replace(/[*:：.。、]+$/, '').replace(/^[*]+/, '');
}

/** What a header cell names (see COLUMN_LEXICON), or null for an unknown header. */
export function columnKindOf(text: string): ColumnKind | null {
  const h = normalizeHeader(text);
  if (!h || h.length > 14 || /[。,;!?]/.test(h)) return null;
  for (const [kind, re] of COLUMN_LEXICON) if (re.test(h)) return kind;
  return null;
}

/** The column role a header cell names; null for progress/remark columns and unknown ones. */
export function columnRoleOf(text: string): ColumnRole | null {
  const kind = columnKindOf(text);
  return kind === 'ignored' ? null : kind;
}

interface Header {
  /** Index of the (last) header row. */
  rowIndex: number;
  /** Index of the first header row (same as rowIndex for a one-row header). */
  firstRowIndex: number;
  columns: Map<ColumnRole, number[]>;
  /** Normalised header texts per column, to skip repeated header rows. */
  names: string[];
}

function rowRoles(row: TableRow): Array<ColumnRole | null> {
  return row.cells.map((c) => columnRoleOf(c.text));
}

/**
 * The header row: the first row (within the first 30) naming a task column and a unit
 * column; otherwise the best candidate, for the error message. A second header row under a
 * merged group heading (`责任单位` over `牵头单位 | 配合单位`) overrides the first.
 */
function findHeader(table: TableInput): { header: Header | null; best: Header | null } {
  let best: Header | null = null;
  let bestScore = 0;
  const limit = Math.min(table.rows.length, 30);
  for (let r = 0; r < limit; r++) {
    const roles = rowRoles(table.rows[r]);
    const score = new Set(roles.filter((x) => x !== null)).size;
    if (score === 0) continue;
    const header = buildHeader(table, r, roles);
    if (hasRequired(header.columns)) return { header, best: header };
    if (score > bestScore) {
      best = header;
      bestScore = score;
    }
  }
  return { header: null, best: bestScore >= 2 ? best : null };
}

function buildHeader(table: TableInput, r: number, roles: Array<ColumnRole | null>): Header {
  const merged = [...roles];
  let rowIndex = r;
  const next = table.rows[r + 1];
  if (next) {
    const nextRoles = rowRoles(next);
    const filled = next.cells.filter((c) => c.text.trim() !== '');
    const allNames =
      filled.length > 0 && next.cells.every((c, i) => !c.text.trim() || nextRoles[i]);
    if (allNames) {
      nextRoles.forEach((role, i) => {
        if (role) merged[i] = role;
      });
      rowIndex = r + 1;
    }
  }
  const columns = new Map<ColumnRole, number[]>();
  merged.forEach((role, i) => {
    if (!role) return;
    // Merged header cells repeat their name: keep the first column of a run only.
    if (i > 0 && merged[i - 1] === role && sameText(table, [r, rowIndex], i)) return;
    columns.set(role, [...(columns.get(role) ?? []), i]);
  });
  const width = Math.max(table.rows[r].cells.length, table.rows[rowIndex].cells.length);
  const names: string[] = [];
  for (let i = 0; i < width; i++) {
    names.push(normalizeHeader(table.rows[rowIndex].cells[i]?.text ?? ''));
  }
  return { rowIndex, firstRowIndex: r, columns, names };
}

/** Column `i` repeats column `i - 1` in one of the header rows (a merged header cell). */
function sameText(table: TableInput, rows: number[], i: number): boolean {
  return rows.some((r) => {
    const cells = table.rows[r].cells;
    const t = normalizeHeader(cells[i]?.text ?? '');
    return t !== '' && t === normalizeHeader(cells[i - 1]?.text ?? '') && columnRoleOf(t) !== null;
  });
}

function hasRequired(columns: Map<ColumnRole, number[]>): boolean {
  return (
    (columns.has('task') || columns.has('goal')) &&
    (columns.has('lead') || columns.has('responsible'))
  );
}

/** True when the table has a header naming a task column and a unit column. */
export function hasTableHeader(table: TableInput): boolean {
  return findHeader(table).header !== null;
}

export function parsePlanTable(table: TableInput, opts: ParseTableOptions = {}): ParsedPlan {
  const where = opts.sourceName ? `（文件：${opts.sourceName}）` : '';
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
        message: `第${no}项${refOf(row, 'deadline', col)}中的“${phrase}”像是时限要求，但未能识别出具体日期，请人工核对。`,
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

interface Units {
  lead: string[];
  support: string[];
  leaders: string[];
  /** Review reasons arising from how the units were read. */
  reasons?: string[];
}

function readUnits(row: TableRow, textOf: (row: TableRow, role: ColumnRole) => string): Units {
  const out: Units = { lead: [], support: [], leaders: [] };
  const lead = textOf(row, 'lead');
  const support = textOf(row, 'support');
  const responsible = textOf(row, 'responsible');
  const leaders = textOf(row, 'leaders');

  const asList = (s: string) => s.replace(/\n+/g, '、');
  const labelled = (s: string) =>
    /(单位|部门|领导)\s*[:：]/.test(s) || /牵头|配合|参与|协助|协办/.test(s);
  const add = (u: Units) => {
    out.lead.push(...u.lead);
    out.support.push(...u.support);
    out.leaders.push(...u.leaders);
  };

  if (lead) {
    if (labelled(lead)) add(parseUnitList(asList(lead)));
    else out.lead.push(...splitUnits(asList(lead)));
  }
  if (responsible) {
    if (lead) {
      // With a lead column, 责任单位 lists everyone else who is responsible.
      if (labelled(responsible)) add(parseUnitList(asList(responsible)));
      else out.support.push(...splitUnits(asList(responsible)));
    } else {
      add(parseUnitList(asList(responsible)));
      if (!labelled(responsible) && splitUnits(asList(responsible)).length > 1) {
        out.reasons = [
          '表格没有牵头单位列，已将责任单位列中的第一个单位作为牵头单位、其余作为配合单位，请确认。',
        ];
      }
    }
  }
  if (support) {
    if (labelled(support)) add(parseUnitList(asList(support)));
    else out.support.push(...splitUnits(asList(support)));
  }
  if (leaders) out.leaders.push(...splitUnits(asList(leaders)));

  // Role words left on a name (`省民政厅牵头`) are not part of it.
  const clean = (s: string) => s.replace(/(牵头|负责|配合|参与|协助|协办)$/, '').trim();
  out.lead = dedupe(out.lead.map(clean).filter(Boolean));
  out.support = dedupe(out.support.map(clean).filter((u) => u && !out.lead.includes(u)));
  out.leaders = dedupe(out.leaders.filter(Boolean));
  return out;
}

function mergeUnits(item: PlanItem, units: Units): void {
  item.lead = dedupe([...item.lead, ...units.lead]);
  item.support = dedupe([...item.support, ...units.support].filter((u) => !item.lead.includes(u)));
  const leaders = dedupe([...(item.leaders ?? []), ...units.leaders]);
  if (leaders.length > 0) item.leaders = leaders;
  if ([...item.lead, ...item.support].some(isCollectiveUnit)) item.collective = true;
  const review = dedupe([...(item.review ?? []), ...(units.reasons ?? [])]);
  if (review.length > 0) item.review = review;
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

/** Why an item read from a table row needs a person's look (Chinese; empty when sure). */
function reviewReasons(row: TableRow, units: Units, header: Header): string[] {
  const out: string[] = [];
  if (row.realigned) {
    out.push(
      '这一行的单元格数与表头列数不一致（合并或拆分的单元格），已按内容把各单元格对应到列，请核对任务、单位和领导是否对应正确。',
    );
  }
  out.push(...(units.reasons ?? []));
  if (units.lead.length === 0 && units.support.length === 0) {
    out.push('这一行没有责任单位，请指定牵头单位和配合单位。');
  } else if (units.lead.length === 0) {
    out.push('这一行没有牵头单位，请指定。');
  }
  const odd = [...units.lead, ...units.support].filter((u) => !looksLikeUnit(u));
  if (odd.length > 0) {
    out.push(`“${odd.join('”“')}”不像单位名称，请核对是否为责任单位。`);
  }
  const unitLeaders = units.leaders.filter((p) => !looksLikePerson(p));
  if (unitLeaders.length > 0 && header.columns.has('leaders')) {
    out.push(`领导列中的“${unitLeaders.join('”“')}”不像人名，请核对。`);
  }
  return dedupe(out);
}

function readDeadlines(
  task: string,
  deadlineText: string,
  goalText: string,
  issuedOn: string | null,
  unrecognised: (phrase: string) => void,
): PlanDeadline[] {
  const out: PlanDeadline[] = [];
  const push = (d: PlanDeadline) => {
    if (
      out.some(
        (x) => x.kind === d.kind && x.date === d.date && (d.date !== null || x.phrase === d.phrase),
      )
    )
      return;
    out.push({ phrase: d.phrase, date: d.date, kind: d.kind });
  };
  if (deadlineText) {
    const rewritten = deadlineText.replace(
      NUMERIC_DATE_RE,
      (_, y: string, m: string, d?: string) => (d ? `${y}年${m}月${d}日` : `${y}年${m}月`),
    );
    const flat = rewritten.replace(/\n+/g, '；');
    const scan = extractDeadlines(normalizeChars(flat), flat, issuedOn);
    const single = scan.deadlines.length === 1 && rewritten !== deadlineText;
    for (const d of scan.deadlines) push(single ? { ...d, phrase: deadlineText.trim() } : d);
    scan.unrecognised.forEach((u) => unrecognised(u.phrase));
  }
  for (const text of [task, goalText]) {
    if (!text) continue;
    extractDeadlines(normalizeChars(text), text, issuedOn).deadlines.forEach(push);
  }
  return out;
}

/**
 * `办理时间压缩至1个工作日以内` states a service time (a target), not when the task is due:
 * a relative "deadline" in the text that is exactly a target's number and unit is dropped.
 */
function dropTargetDurations(deadlines: PlanDeadline[], targets: PlanTarget[]): void {
  for (let i = deadlines.length - 1; i >= 0; i--) {
    const d = deadlines[i];
    if (d.kind !== 'relative') continue;
    const phrase = normalizeChars(d.phrase).replace(/\s+/g, '');
    if (targets.some((t) => t.op !== '=' && phrase.startsWith(`${t.value}${t.unit}`))) {
      deadlines.splice(i, 1);
    }
  }
}

function headingOf(
  values: string[],
  distinct: string[],
  noText: string,
  task: string,
  unitTexts: string[],
): { kind: 'chapter' | 'section'; text: string } | null {
  const norm = (s: string) => normalizeChars(s).trim();
  // The category text repeated into the unit columns by a merged range is not a unit.
  const ownUnits = unitTexts.filter((u) => u && !distinct.slice(0, 1).includes(u) && u !== task);
  if (ownUnits.length > 0) return null;
  const kindOf = (s: string): 'chapter' | 'section' | null =>
    SECTION_RE.test(norm(s)) ? 'section' : CHAPTER_RE.test(norm(s)) ? 'chapter' : null;

  if (distinct.length === 1) {
    const text = distinct[0];
    if (readNumber(text) !== null) return null;
    const kind = kindOf(text);
    // Merged across several cells, outside the task column, or a short caption (`民生保障类`);
    // a lone task sentence without units is an item (warned about), not a heading.
    const repeated = values.filter((v) => v === text).length > 1;
    const caption = text.length <= 25 && !/[。,;，；]/.test(normalizeChars(text));
    if (kind || repeated || text !== task || caption) return { kind: kind ?? 'chapter', text };
    return null;
  }
  // 序号 `一` / `(一)` with the heading in the task column.
  const n = norm(noText);
  if (task && new RegExp(`^${CN_NUMERAL}$`).test(n)) {
    return { kind: 'chapter', text: kindOf(task) ? task : `${noText.trim()}、${task}` };
  }
  if (task && new RegExp(String.raw`^\(${CN_NUMERAL}\)$`).test(n)) {
    return { kind: 'section', text: kindOf(task) ? task : `${noText.trim()}${task}` };
  }
  if (task && !noText && kindOf(task) && unitTexts.every((u) => !u)) {
    return { kind: kindOf(task) ?? 'chapter', text: task };
  }
  return null;
}

function isRepeatedHeader(values: string[], header: Header): boolean {
  let named = 0;
  for (let i = 0; i < values.length; i++) {
    if (!values[i]) continue;
    if (normalizeHeader(values[i]) !== header.names[i]) return false;
    named++;
  }
  return named >= 2;
}

/** `12`, `12.`, `12、`, `(12)`, `第12项`, `１２` → 12; null when not an Arabic number. */
function readNumber(s: string): number | null {
  const m = /^\s*(?:第|\()?\s*(\d{1,4})\s*(?:项|\)|[.、])?\s*$/.exec(normalizeChars(s));
  return m ? Number(m[1]) : null;
}

function refOf(row: TableRow, role: ColumnRole, col: (role: ColumnRole) => number[]): string {
  const i = col(role)[0] ?? (role === 'lead' ? col('responsible')[0] : undefined);
  const cell = i !== undefined ? row.cells[i] : undefined;
  return cell?.ref ?? row.cells[0]?.ref ?? `第${row.line ?? '?'}行`;
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}

function checkNumbering(items: PlanItem[], table: TableInput, warnings: PlanWarning[]): void {
  const seen = new Set<number>();
  for (const item of items) {
    if (seen.has(item.no)) {
      warnings.push({
        line: lineOfItem(table, item),
        message: `编号重复：第${item.no}项出现了不止一次。`,
      });
    }
    seen.add(item.no);
  }
}

function lineOfItem(table: TableInput, item: PlanItem): number {
  const idx = table.rows.findIndex((r) => r.cells.some((c) => c.text.trim() === item.text));
  return idx >= 0 ? (table.rows[idx].line ?? idx + 1) : 1;
}

/** The last title-like text above the header (`XX任务分工方案`), or ''. */
function readTitle(table: TableInput, headerIndex: number): string {
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

function readDocumentNumber(table: TableInput, headerIndex: number): string | null {
  for (let r = 0; r < headerIndex; r++) {
    for (const c of table.rows[r].cells) {
      const m = DOC_NUMBER_RE.exec(normalizeChars(c.text));
      if (m) return c.text.slice(m.index, m.index + m[0].length);
    }
  }
  return null;
}
