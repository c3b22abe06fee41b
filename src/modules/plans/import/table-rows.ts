/** Table rows that are not items (chapter and section headings), 序号 cells, duplicate numbers. */
import { normalizeChars } from '../../../common/text/normalize-chars';
import type { PlanItem, PlanWarning } from './plan-document.types';
import type { TableInput } from './table-plan.types';
import { WARNING } from './plan-warnings';

const CN_NUMERAL = '[一二三四五六七八九十百零〇]+';
const CHAPTER_RE = new RegExp(
  String.raw`^(?:${CN_NUMERAL}\s*[、.]|第(?:${CN_NUMERAL}|\d+)\s*(?:章|部分|篇))`,
);
const SECTION_RE = new RegExp(String.raw`^\(\s*${CN_NUMERAL}\s*\)`);

/** A category row (chapter or section heading) rather than an item, or null. */
export function headingOf(
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

/** `12`, `12.`, `12、`, `(12)`, `第12项`, `１２` → 12; null when not an Arabic number. */
export function readNumber(s: string): number | null {
  const m = /^\s*(?:第|\()?\s*(\d{1,4})\s*(?:项|\)|[.、])?\s*$/.exec(normalizeChars(s));
  return m ? Number(m[1]) : null;
}

export function checkNumbering(
  items: PlanItem[],
  table: TableInput,
  warnings: PlanWarning[],
): void {
  const seen = new Set<number>();
  for (const item of items) {
    if (seen.has(item.no)) {
      warnings.push({
        line: lineOfItem(table, item),
        message: WARNING.duplicateNumber(item.no),
      });
    }
    seen.add(item.no);
  }
}

function lineOfItem(table: TableInput, item: PlanItem): number {
  const idx = table.rows.findIndex((r) => r.cells.some((c) => c.text.trim() === item.text));
  return idx >= 0 ? (table.rows[idx].line ?? idx + 1) : 1;
}
