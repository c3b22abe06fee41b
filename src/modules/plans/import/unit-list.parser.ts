/**
 * Reads one unit list (责任单位名单) into lead, support and leaders: the inside of a bracket, a label
 * line (`牵头单位：X`), a role phrase (`A牵头，B、C配合`), a table cell. Pure: no I/O. Every reading
 * that rests on a default, or on something not recognised, carries a reason (Chinese) for the
 * administrator to look at (`review`, DESIGN.md).
 *
 * The rules it reads with live beside it: unit-lexicon.ts (what a unit looks like, by morphology,
 * never by a list of one document's names), unit-labels.ts (labels and role words),
 * unit-convention.ts (the document's own rule), unit-names.ts (splitting a list into names) and
 * unit-list.finder.ts (where lists stand in prose).
 */
import { normalizeChars } from '../../../common/text/normalize-chars';
import { splitTopLevel, trimBounds } from '../../../common/text/text-spans';
import { stripConventions, type UnitListOptions } from './unit-convention';
import {
  LABEL_HINT_RE,
  LABEL_RE,
  roleOfLabel,
  roleOfWord,
  ROLE_SUFFIX_RE,
  type LabelRole,
} from './unit-labels';
import { looksLikeUnit } from './unit-lexicon';
import { splitUnitNames } from './unit-names';

export { isConventionOnly, readUnitConvention, type UnitListOptions } from './unit-convention';
export { bareUnitName, UNIT_LABEL_LINE_RE } from './unit-labels';
export { isCollectiveUnit, looksLikeUnit } from './unit-lexicon';
export {
  findUnitBrackets,
  isRoleSentence,
  isUnitListText,
  type UnitListSpan,
} from './unit-list.finder';
export { splitUnits } from './unit-names';

export interface UnitAssignment {
  lead: string[];
  support: string[];
  leaders: string[];
  /** Set when the list has an unclosed `(`/`)`: the split is a best effort. */
  unbalanced?: true;
  /** Why this reading needs a person's look; empty when it rests on labels or a stated rule. */
  review: string[];
}

/** The reasons an item is flagged, worded for an administrator. */
export const REVIEW = {
  defaultLead:
    '名单未标明牵头单位，文件中也没有“列第一位者为牵头单位”一类的说明，已按排列顺序取第一个单位为牵头单位。',
  severalResponsible: '名单中有多个责任单位，未区分牵头和配合，请确认牵头单位。',
  noLead: '名单中只有配合单位，没有牵头单位，请指定牵头单位。',
  noUnits: '没有找到责任单位，请指定牵头单位和配合单位。',
  unbalanced: '责任单位名单中括号不配对，已尽量拆分，请核对单位名称。',
  unknownLabel: (label: string) => `不认识的标签“${label}”，其后的单位已按责任单位读取。`,
  notUnit: (entry: string) => `“${entry}”看起来不像单位名称，请核对。`,
  severalLists: (n: number) =>
    `此项有${n}组责任单位名单，已合并读取（每组的牵头单位均列为牵头单位）。`,
  unbracketed: '责任单位写在正文句子里（不在括号或标签中），请核对是否读对。',
} as const;

/**
 * Reads the inside of a unit list. Labels (`牵头单位:X，配合单位:A、B`, `责任领导:…`) and role
 * phrases (`A、B牵头，C参与`, `A会同B负责`, `A、B分别牵头`) are honoured. A list that does not say
 * who leads follows the document's stated rule; without one, the first listed unit leads and the
 * reading is flagged (a single unit simply leads).
 */
export function parseUnitList(original: string, opts: UnitListOptions = {}): UnitAssignment {
  const norm = stripConventions(normalizeChars(original), true);
  const out: UnitAssignment = { lead: [], support: [], leaders: [], review: [] };
  const responsible: string[] = [];
  const duty: string[] = [];
  const shared: string[] = [];
  let unknownLabel = false;
  let respLabelled = false;

  const labels = LABEL_HINT_RE.test(norm) ? [...norm.matchAll(LABEL_RE)] : [];
  const fields: Array<{ role: LabelRole | null; from: number; to: number }> = [];
  fields.push({
    role: null,
    from: 0,
    to: labels.length > 0 ? (labels[0].index ?? 0) : norm.length,
  });
  labels.forEach((m, i) => {
    const from = (m.index ?? 0) + m[0].length;
    const to = i + 1 < labels.length ? (labels[i + 1].index ?? norm.length) : norm.length;
    const role = roleOfLabel(m[1]);
    if (role === null) {
      unknownLabel = true;
      out.review.push(REVIEW.unknownLabel(original.slice(m.index, from).replace(/[:：\s]/g, '')));
    }
    if (role === 'responsible') respLabelled = true;
    fields.push({ role: role ?? 'responsible', from, to });
  });

  for (const f of fields) {
    if (f.role === 'leaders') {
      out.leaders.push(...splitUnitNames(original.slice(f.from, f.to), norm.slice(f.from, f.to)));
      continue;
    }
    for (const [ga, gb] of splitTopLevel(norm, ',;。', f.from, f.to)) {
      const [a0, b] = trimBounds(norm, ga, gb);
      let a = a0;
      if (b <= a) continue;
      if (unbalanced(norm.slice(a, b))) out.unbalanced = true;
      const m = ROLE_SUFFIX_RE.exec(norm.slice(a, b));
      const end = m ? b - m[1].length : b;
      const word = m ? roleOfWord(m[1]) : null;
      // `由A牵头`, `A会同B、C负责`: A leads, B and C support.
      if (norm.startsWith('由', a)) a++;
      const with_ = /会同/.exec(norm.slice(a, end));
      if (with_ && word !== 'support') {
        const at = a + with_.index;
        out.lead.push(...splitUnitNames(original.slice(a, at), norm.slice(a, at)));
        const from = at + with_[0].length;
        out.support.push(...splitUnitNames(original.slice(from, end), norm.slice(from, end)));
        continue;
      }
      const names = splitUnitNames(original.slice(a, end), norm.slice(a, end));
      if (word === 'lead' || (word !== 'support' && f.role === 'lead')) out.lead.push(...names);
      else if (word === 'support' || f.role === 'support') out.support.push(...names);
      else if (word === 'duty') duty.push(...names);
      else if (word === 'shared') shared.push(...names);
      else responsible.push(...names);
    }
  }

  if (out.lead.length > 0) {
    out.support.unshift(...responsible, ...duty, ...shared);
  } else if (opts.firstLeads && responsible.length + duty.length + shared.length > 0) {
    // The document's stated rule: the first listed unit leads.
    const all = [...responsible, ...duty, ...shared];
    out.lead.push(all[0]);
    out.support.unshift(...all.slice(1));
  } else if (shared.length > 0 && responsible.length === 0 && duty.length === 0) {
    // Rule 5(e): no lead named, all answerable for their share: all lead.
    out.lead.push(...shared);
    if (shared.length > 1 && !opts.allLead) out.review.push(REVIEW.severalResponsible);
  } else {
    const all = [...responsible, ...duty, ...shared];
    if (all.length === 0) {
      if (out.support.length > 0) out.review.push(REVIEW.noLead);
    } else if (all.length === 1 || opts.firstLeads) {
      out.lead.push(all[0]);
      out.support.unshift(...all.slice(1));
    } else if (opts.allLead) {
      out.lead.push(...all);
    } else {
      out.lead.push(all[0]);
      out.support.unshift(...all.slice(1));
      out.review.push(
        respLabelled || unknownLabel ? REVIEW.severalResponsible : REVIEW.defaultLead,
      );
    }
  }
  out.lead = unique(out.lead);
  out.support = unique(out.support).filter((u) => !out.lead.includes(u));
  out.leaders = unique(out.leaders);
  for (const u of [...out.lead, ...out.support]) {
    if (!looksLikeUnit(u)) out.review.push(REVIEW.notUnit(u));
  }
  if (out.unbalanced) out.review.push(REVIEW.unbalanced);
  out.review = unique(out.review);
  return out;
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** True when normalised `norm` has a `(` without its `)` or the reverse. */
export function unbalanced(norm: string): boolean {
  let depth = 0;
  for (const c of norm) {
    if (c === '(') depth++;
    else if (c === ')') depth--;
    if (depth < 0) return true;
  }
  return depth !== 0;
}
