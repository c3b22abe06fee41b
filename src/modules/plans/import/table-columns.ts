/** The column lexicon: what a header cell names (序号, 重点工作, 牵头单位…), and the header row. */
import { normalizeChars } from '../../../common/text/normalize-chars';
import type { TableInput, TableRow } from './table-plan.types';

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

export const ROLE_LABEL: Record<ColumnRole, string> = {
  no: '序号',
  task: '重点工作（或工作任务、主要任务、任务内容）',
  lead: '牵头单位',
  support: '配合单位',
  responsible: '责任单位',
  leaders: '责任领导',
  deadline: '完成时限',
  goal: '工作目标',
};

/**
 * Header text for matching: no spaces, ASCII punctuation, simplified (normalizeChars folds
 * traditional characters), no bracketed notes.
 */
export function normalizeHeader(text: string): string {
  let s = normalizeChars(text).replace(/\s+/g, '');
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

export interface Header {
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
export function findHeader(table: TableInput): { header: Header | null; best: Header | null } {
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
  return namesTaskAndUnit((kind) => columns.has(kind as ColumnRole));
}

/** The columns a plan table needs: a task (or goal) column and a lead (or responsible) column. */
export function namesTaskAndUnit(has: (kind: ColumnKind) => boolean): boolean {
  return (has('task') || has('goal')) && (has('lead') || has('responsible'));
}

/** True when the table has a header naming a task column and a unit column. */
export function hasTableHeader(table: TableInput): boolean {
  return findHeader(table).header !== null;
}

/** A header row printed again (on every page of a long table). */
export function isRepeatedHeader(values: string[], header: Header): boolean {
  let named = 0;
  for (let i = 0; i < values.length; i++) {
    if (!values[i]) continue;
    if (normalizeHeader(values[i]) !== header.names[i]) return false;
    named++;
  }
  return named >= 2;
}
