import { isLocalDate } from '../../common/time/local-date';
import type { ContainerInput } from './work-input';
import type { FieldProblem, SheetProblem } from './work-items.errors';
import { headerOf, SheetKey, SheetRow, sourceOfLabel, SOURCE_LABELS } from './work-sheet.columns';

/**
 * A filled template's rows as containers (pure): each row is an item; rows of one source and one
 * 分组 value are one container (a meeting's decisions, an instruction to several items), whose
 * fields come from its first row; a row without a group is a container of its own. Problems name
 * the row number and the column as the sheet shows them.
 */

/** Unit lists in one cell: 、，,；; or new lines between names. */
export const splitUnits = (text: string | undefined): string[] =>
  (text ?? '')
    .split(/[、，,；;\n]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

const YES = new Set(['是', '长期', 'Y', 'y', 'yes', 'true', '√', '1']);
const NO = new Set(['否', '', 'N', 'n', 'no', 'false', '0']);

/** The field name a check uses, encoded with the sheet row and the column shown to the office. */
const rowField = (row: number, key: SheetKey) => `R${row}|${headerOf(key)}`;

const FIELD_KEYS: Record<string, SheetKey> = {
  lead: 'lead',
  support: 'support',
  dueOn: 'dueOn',
  ongoing: 'ongoing',
  leaderId: 'leader',
  text: 'text',
};

/** A check's problem (`R5|牵头单位[1]`) as the sheet's row and column. */
export function sheetProblemOf(p: FieldProblem): SheetProblem {
  const m = /^R(\d+)\|([^[]+)/.exec(p.field);
  if (m) return { row: Number(m[1]), column: m[2]!, reason: p.reason };
  return { row: 0, column: p.field, reason: p.reason };
}

export interface SheetContainers {
  containers: ContainerInput[];
  /** The sheet rows of each container's items, in order. */
  rowsOf: number[][];
  problems: SheetProblem[];
}

export function containersOfSheet(
  rows: SheetRow[],
  leaders: Map<string, string[]>,
): SheetContainers {
  const problems: SheetProblem[] = [];
  const say = (row: number, key: SheetKey, reason: string) =>
    problems.push({ row, column: headerOf(key), reason });
  const groups = new Map<string, { input: ContainerInput; rows: number[] }>();
  for (const r of rows) {
    const c = r.cells;
    const source = sourceOfLabel(c.source ?? '');
    if (!source) {
      say(
        r.row,
        'source',
        c.source
          ? `“${c.source}”不是可选的来源,应为:${Object.values(SOURCE_LABELS).join('、')}`
          : '必须填写',
      );
      continue;
    }
    if (!c.text) say(r.row, 'text', '必须填写');
    for (const key of ['issuedOn', 'dueOn'] as const) {
      if (c[key] !== undefined && !isLocalDate(c[key])) {
        say(r.row, key, `“${c[key]}”不是日期:请填写日期,或按 YYYY-MM-DD 格式填写文字`);
      }
    }
    const ongoing = c.ongoing ?? '';
    if (!YES.has(ongoing) && !NO.has(ongoing)) say(r.row, 'ongoing', '请填写“是”或留空');
    const key = c.group ? `${source}\u0000${c.group}` : `row\u0000${r.row}`;
    let group = groups.get(key);
    if (!group) {
      let leaderId: string | null = null;
      if (source === 'INSTRUCTION') {
        const ids = c.leader ? (leaders.get(c.leader) ?? []) : [];
        if (!c.leader) say(r.row, 'leader', '领导批示须填写批示领导');
        else if (ids.length !== 1) {
          say(
            r.row,
            'leader',
            ids.length === 0
              ? `系统中没有名为“${c.leader}”的领导(或不在本督查室管辖范围内)`
              : `有 ${ids.length} 位领导名为“${c.leader}”,请在网页上录入该批示件`,
          );
        } else leaderId = ids[0]!;
        if (!c.issuedOn) say(r.row, 'issuedOn', '领导批示须填写批示日期');
      }
      if (source === 'MEETING') {
        if (!c.title) say(r.row, 'title', '会议议定事项须填写会议名称');
        if (!c.issuedOn) say(r.row, 'issuedOn', '会议议定事项须填写会议日期');
      }
      if (
        (source === 'HIGHER' || source === 'NPC_PROPOSAL' || source === 'CPPCC_PROPOSAL') &&
        !c.documentNumber
      ) {
        say(r.row, 'documentNumber', '须填写文号(建议号、提案号)');
      }
      group = {
        input: {
          source,
          title: c.title ?? '',
          documentNumber: c.documentNumber ?? null,
          issuedOn: c.issuedOn && isLocalDate(c.issuedOn) ? c.issuedOn : null,
          leaderId,
          policy: undefined,
          items: [],
          itemField: () => '',
        },
        rows: [],
      };
      groups.set(key, group);
    }
    group.rows.push(r.row);
    group.input.items.push({
      text: c.text ?? '',
      lead: splitUnits(c.lead),
      support: splitUnits(c.support),
      dueOn: c.dueOn && isLocalDate(c.dueOn) ? c.dueOn : null,
      ongoing: YES.has(ongoing),
    });
  }
  const containers: ContainerInput[] = [];
  const rowsOf: number[][] = [];
  for (const g of groups.values()) {
    const itemRows = g.rows;
    g.input.itemField = (i, field) =>
      rowField(itemRows[i] ?? itemRows[0]!, FIELD_KEYS[field] ?? 'text');
    containers.push(g.input);
    rowsOf.push(itemRows);
  }
  return { containers, rowsOf, problems };
}
