import type { PlanDeadline } from './plan-document.types';
import {
  addToIsoDate,
  endOfMonth,
  insideBookTitle,
  isoDate,
  lastDayOfMonth,
  parseNumeral,
} from './plan-text.util';

export interface FoundDeadline extends PlanDeadline {
  start: number;
  end: number;
}

export interface DeadlineScan {
  deadlines: FoundDeadline[];
  /** Deadline-looking phrases no rule could read, with their offsets (for warnings). */
  unrecognised: Array<{ phrase: string; start: number }>;
}

/** End years of the five-year plans (十一五 = 2006–2010, …). */
const FIVE_YEAR_PLAN_END: Record<string, number> = {
  一: 2010,
  二: 2015,
  三: 2020,
  四: 2025,
  五: 2030,
};

const CN = '一二两三四五六七八九十';

/**
 * Recognisers, tried in this order; a later match overlapping an accepted one is ignored.
 * All run on the normalised text (ASCII punctuation), so offsets match the printed text.
 */
const RECURRING_RE = new RegExp(
  String.raw`每(?:个)?(?:年度|半年|季度|季|年|月|周|旬|\d+\s*个?(?:年|月)|[${CN}]+个?(?:年|月))` +
    String.raw`(?:(?:\d{1,2}\s*日|年底|年末|月底|月末|底|末)(?:前|之前|以前)?)?|定期|按季度|按月`,
  'g',
);
const FIVE_YEAR_PLAN_RE = /(?:(?:到|至|在)\s*)?“?十([一二三四五])五”?\s*(?:时期|期)?末/g;
const YEAR_RANGE_RE =
  /(?:(?:到|至|在|于)\s*)?(?<!\d)((?:19|20)\d{2})\s*[-—–~至到]\s*((?:19|20)\d{2})\s*年(?!度)/g;
const DATE_RE = new RegExp(
  String.raw`(?:(到|至|于|在)\s*)?(?<!\d)((?:19|20)\d{2})\s*年` +
    String.raw`(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日|\s*(底|末|份))?|\s*(底|末))?` +
    String.raw`\s*(前|之前|以前|为止)?`,
  'g',
);
const MONTH_RE =
  /(?<![\d年])(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日\s*(前|之前|以前)|\s*(底|末)\s*(前|之前|以前)?)/g;
const RELATIVE_RE = new RegExp(
  String.raw`(?<![\d.])(\d+|[${CN}]+)\s*(个月|个工作日|工作日|个星期|周|年|月|日|天)\s*(内|之内|以内)`,
  'g',
);
const THIS_YEAR_RE = new RegExp(
  String.raw`(?<![\d${CN}个多年每])(?:(今年|本年)\s*(?:底|末)|年\s*(?:底|末)|年内)\s*(?:前|之前|以前)?`,
  'g',
);
/** Phrases that look like deadlines; reported when no recogniser above explains them. */
const CUE_RE = new RegExp(
  String.raw`(?:\d{1,2}|[${CN}]+)?(?:年|月|季度|季|旬)(?:底|末|初)|\d{1,2}\s*日(?:前|之前|以前)|` +
    String.raw`年内|月内|上半年|下半年|第[一二三四1-4]季度|限期`,
  'g',
);

/** Words after a bare year showing it is not a time limit: 年度 (a noun), 以来, 起, 的… */
const BARE_YEAR_NOT_AFTER = /^(度|以来|来|起|开始|的|版|第|期间|前后|同期|水平)/;
/** Words before a year showing it is a start, a baseline or an as-of date. */
const YEAR_NOT_BEFORE = /(自|从|比|较|与|同|截)\s*$/;

export function extractDeadlines(
  norm: string,
  original: string,
  issuedOn: string | null,
): DeadlineScan {
  const found: FoundDeadline[] = [];
  const overlaps = (a: number, b: number) => found.some((d) => a < d.end && d.start < b);
  const accept = (m: RegExpExecArray, date: string | null, kind: PlanDeadline['kind']): void => {
    const start = m.index;
    const end = m.index + m[0].trimEnd().length;
    if (end <= start || overlaps(start, end)) return;
    found.push({ phrase: original.slice(start, end), date, kind, start, end });
  };
  const issuedYear = issuedOn ? Number(issuedOn.slice(0, 4)) : null;
  const issuedMonth = issuedOn ? Number(issuedOn.slice(5, 7)) : null;

  for (const m of norm.matchAll(RECURRING_RE)) {
    const before = norm.slice(Math.max(0, m.index - 1), m.index);
    if (m[0].startsWith('每') && /[人户名床张]/.test(before)) continue; // 每人每月: a rate
    accept(m as RegExpExecArray, null, 'recurring');
  }

  for (const m of norm.matchAll(FIVE_YEAR_PLAN_RE)) {
    const year = FIVE_YEAR_PLAN_END[m[1]];
    accept(m as RegExpExecArray, isoDate(year, 12, 31), 'absolute');
  }

  for (const m of norm.matchAll(YEAR_RANGE_RE)) {
    if (
      YEAR_NOT_BEFORE.test(norm.slice(Math.max(0, m.index - 4), m.index)) ||
      insideBookTitle(norm, m.index)
    )
      continue;
    accept(m as RegExpExecArray, isoDate(Number(m[2]), 12, 31), 'absolute');
  }

  for (const m of norm.matchAll(DATE_RE)) {
    const [, prefix, y, mo, d, , yearEnd, suffix] = m;
    const yearAt = m.index + m[0].indexOf(y);
    if (YEAR_NOT_BEFORE.test(norm.slice(Math.max(0, m.index - 4), m.index))) continue;
    if (insideBookTitle(norm, yearAt)) continue;
    const after = norm.slice(m.index + m[0].length);
    if (/^\s*(以来|起|开始)/.test(after)) continue;
    const bare = !prefix && !mo && !yearEnd && !suffix;
    if (bare && BARE_YEAR_NOT_AFTER.test(after.trimStart())) continue;
    const year = Number(y);
    let date: string | null;
    if (mo && d) date = isoDate(year, Number(mo), Number(d));
    else if (mo) date = endOfMonth(year, Number(mo));
    else date = isoDate(year, 12, 31);
    if (date) accept(m as RegExpExecArray, date, 'absolute');
  }

  for (const m of norm.matchAll(MONTH_RE)) {
    const month = Number(m[1]);
    let date: string | null = null;
    if (issuedYear !== null && issuedMonth !== null && month >= 1 && month <= 12) {
      const year = month < issuedMonth ? issuedYear + 1 : issuedYear;
      const day = m[2] ? Number(m[2]) : lastDayOfMonth(year, month);
      date = isoDate(year, month, day);
    }
    accept(m as RegExpExecArray, date, 'absolute');
  }

  for (const m of norm.matchAll(RELATIVE_RE)) {
    if (/^\s*的/.test(norm.slice(m.index + m[0].length))) continue; // 工龄3年以内的: a condition
    if (/每\s*$/.test(norm.slice(Math.max(0, m.index - 4), m.index))) continue;
    const n = parseNumeral(m[1]);
    const unit = m[2];
    let date: string | null = null;
    if (issuedOn && n !== null && !unit.includes('工作日')) {
      const u = unit.includes('年')
        ? 'year'
        : unit.includes('月')
          ? 'month'
          : unit === '周' || unit.includes('星期')
            ? 'week'
            : 'day';
      date = addToIsoDate(issuedOn, n, u);
    }
    accept(m as RegExpExecArray, date, 'relative');
  }

  for (const m of norm.matchAll(THIS_YEAR_RE)) {
    accept(
      m as RegExpExecArray,
      issuedYear !== null ? isoDate(issuedYear, 12, 31) : null,
      'absolute',
    );
  }

  const unrecognised: DeadlineScan['unrecognised'] = [];
  for (const m of norm.matchAll(CUE_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!overlaps(start, end)) unrecognised.push({ phrase: original.slice(start, end), start });
  }

  found.sort((a, b) => a.start - b.start);
  const seen = new Set<string>();
  const deadlines = found.filter((d) => {
    const key = `${d.kind}|${d.date}|${d.phrase}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { deadlines, unrecognised };
}
