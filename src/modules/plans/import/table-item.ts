/** What one table row says about its item: units, review reasons, deadlines and targets. */
import { normalizeChars } from '../../../common/text/normalize-chars';
import { extractDeadlines } from './deadline.extractor';
import type { PlanDeadline, PlanItem, PlanTarget } from './plan-document.types';
import type { ColumnRole, Header } from './table-columns';
import { looksLikePerson, looksLikeUnit } from './table-layout';
import type { TableRow } from './table-plan.types';
import { isCollectiveUnit, parseUnitList, splitUnits } from './unit-list.parser';

/** Words in a 完成时限 cell meaning "no fixed date": no warning when nothing is extracted. */
export const ONGOING_RE =
  /长期|持续|常态|长效|经常性|逐步|按要求|按期|按时|适时|全年|每|定期|—|-|\//;
/** `2024.6.30`, `2024-06-30`, `2024/6/30` in a deadline cell: read as `2024年6月30日`. */
const NUMERIC_DATE_RE =
  /(?<!\d)((?:19|20)\d{2})\s*[./-]\s*(\d{1,2})(?:\s*[./-]\s*(\d{1,2}))?(?!\d)/g;

interface Units {
  lead: string[];
  support: string[];
  leaders: string[];
  /** Review reasons arising from how the units were read. */
  reasons?: string[];
}

export function readUnits(
  row: TableRow,
  textOf: (row: TableRow, role: ColumnRole) => string,
): Units {
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

/** A task merged down over several rows: the next row's units join the item. */
export function mergeUnits(item: PlanItem, units: Units): void {
  item.lead = dedupe([...item.lead, ...units.lead]);
  item.support = dedupe([...item.support, ...units.support].filter((u) => !item.lead.includes(u)));
  const leaders = dedupe([...(item.leaders ?? []), ...units.leaders]);
  if (leaders.length > 0) item.leaders = leaders;
  if ([...item.lead, ...item.support].some(isCollectiveUnit)) item.collective = true;
  const review = dedupe([...(item.review ?? []), ...(units.reasons ?? [])]);
  if (review.length > 0) item.review = review;
}

/** Why an item read from a table row needs a person's look (Chinese; empty when sure). */
export function reviewReasons(row: TableRow, units: Units, header: Header): string[] {
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

export function readDeadlines(
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
export function dropTargetDurations(deadlines: PlanDeadline[], targets: PlanTarget[]): void {
  for (let i = deadlines.length - 1; i >= 0; i--) {
    const d = deadlines[i];
    if (d.kind !== 'relative') continue;
    const phrase = normalizeChars(d.phrase).replace(/\s+/g, '');
    if (targets.some((t) => t.op !== '=' && phrase.startsWith(`${t.value}${t.unit}`))) {
      deadlines.splice(i, 1);
    }
  }
}

export function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}
