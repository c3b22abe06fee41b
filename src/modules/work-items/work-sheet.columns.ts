import type { WorkSource } from '../../generated/prisma/enums';

/**
 * The columns of the Excel template for bulk entry (one sheet, one row per item), their headers as
 * the office reads them, and the source labels of the 来源 column. Pure; shared by the template,
 * the worker that reads a filled sheet and the checks that name a row's column.
 */
export const SHEET_NAME = '督办事项';
export const NOTES_SHEET_NAME = '填写说明';

export type SheetKey =
  | 'source'
  | 'group'
  | 'title'
  | 'documentNumber'
  | 'issuedOn'
  | 'leader'
  | 'text'
  | 'lead'
  | 'support'
  | 'dueOn'
  | 'ongoing';

export const SHEET_COLUMNS: readonly { key: SheetKey; header: string; width: number }[] = [
  { key: 'source', header: '来源', width: 12 },
  { key: 'group', header: '分组', width: 8 },
  { key: 'title', header: '标题或会议名称', width: 26 },
  { key: 'documentNumber', header: '文号', width: 20 },
  { key: 'issuedOn', header: '日期', width: 12 },
  { key: 'leader', header: '批示领导', width: 12 },
  { key: 'text', header: '事项内容', width: 50 },
  { key: 'lead', header: '牵头单位', width: 26 },
  { key: 'support', header: '配合单位', width: 26 },
  { key: 'dueOn', header: '办结时限', width: 12 },
  { key: 'ongoing', header: '长期事项', width: 10 },
];

/** Columns a sheet must have (the others may be left out of a hand-made sheet). */
export const REQUIRED_COLUMNS: readonly SheetKey[] = ['source', 'text', 'lead', 'dueOn'];

export const headerOf = (key: SheetKey): string => SHEET_COLUMNS.find((c) => c.key === key)!.header;

/** The 来源 column's values, as offered in its drop-down list. */
export const SOURCE_LABELS: Readonly<Record<Exclude<WorkSource, 'PLAN'>, string>> = {
  SINGLE: '单项督办',
  INSTRUCTION: '领导批示',
  MEETING: '会议议定',
  HIGHER: '上级交办',
  NPC_PROPOSAL: '人大建议',
  CPPCC_PROPOSAL: '政协提案',
};

const SOURCE_ALIASES: Record<string, Exclude<WorkSource, 'PLAN'>> = {
  领导批示件: 'INSTRUCTION',
  批示件: 'INSTRUCTION',
  会议议定事项: 'MEETING',
  政协委员提案: 'CPPCC_PROPOSAL',
  人大代表建议: 'NPC_PROPOSAL',
};

/** The source a 来源 cell names (a label, an alias or the code), or null. */
export function sourceOfLabel(text: string): Exclude<WorkSource, 'PLAN'> | null {
  const t = text.trim();
  for (const [code, label] of Object.entries(SOURCE_LABELS)) {
    if (t === label || t.toUpperCase() === code) return code as Exclude<WorkSource, 'PLAN'>;
  }
  return SOURCE_ALIASES[t] ?? null;
}

/** One row of a filled sheet: its number in Excel and each known column's text. */
export interface SheetRow {
  row: number;
  cells: Partial<Record<SheetKey, string>>;
}

/** What the document worker reads from a filled template. */
export type SheetReading =
  | { ok: true; rows: SheetRow[]; missing: string[] }
  | { ok: false; reason: 'corrupt' | 'too_complex'; message: string };
