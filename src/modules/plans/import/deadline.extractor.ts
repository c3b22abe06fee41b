import type { PlanCadence, PlanDeadline } from './plan-document.types';
import { parseNumeral } from '../../../common/text/chinese-numerals';
import { insideBookTitle } from '../../../common/text/text-spans';
import { addToIsoDate, endOfMonth, isoDate, lastDayOfMonth } from './plan-text.util';

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
    String.raw`(?:(?:\d{1,2}\s*月(?:\s*\d{1,2}\s*日|\s*底|\s*末)?|\d{1,2}\s*日|年底|年末|月底|月末|底|末)(?:前|之前|以前)?)?|定期|按季度|按月`,
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
/** `2013年上半年`, `下半年前`, `一季度末`, `第三季度`: the period's last day. */
const PERIOD_RE = new RegExp(
  String.raw`(?:(到|至|于|在)\s*)?(?:(?<!\d)((?:19|20)\d{2})\s*年\s*)?(?<![每本])` +
    String.raw`(上半年|下半年|年中|第?([一二三四1-4])季度)(?:末|底)?\s*(?:前|之前|以前)?`,
  'g',
);
/** `2012年起5年内`, `从2012年开始用3年时间`: N years counted from a start year (see below). */
const FROM_YEAR_RE = new RegExp(
  String.raw`(?:自|从)?\s*((?:19|20)\d{2})\s*年\s*(?:起|开始)\s*,?\s*(?:用)?\s*(\d+|[${CN}]+)\s*年` +
    String.raw`(?:\s*(?:内|之内|以内|时间))`,
  'g',
);
/** `未来五年`, `今后3年`: N years from the plan's date. */
const COMING_YEARS_RE = new RegExp(
  String.raw`(?:未来|今后|此后)\s*(\d+|[${CN}]+)\s*(?:个)?年(?:内|之内|以内|时间)?`,
  'g',
);
/** `已于2012年完成`, `2013年已出台`: a progress remark, not a time limit. */
const PROGRESS_BEFORE = /(已于|已在|已经|已|曾于|曾)\s*$/;
const PROGRESS_AFTER = /^\s*(已|已经|曾|完成了)/;

/** Phrases that look like deadlines; reported when no recogniser above explains them. */
const CUE_RE = new RegExp(
  String.raw`(?:\d{1,2}|[${CN}]+)?(?:年|月|季度|季|旬)(?:底|末|初)|\d{1,2}\s*日(?:前|之前|以前)|` +
    String.raw`年内|月内|上半年|下半年|第[一二三四1-4]季度|限期`,
  'g',
);

/**
 * A cheap necessary condition for each recogniser above (every match contains one of these),
 * so the full pattern only runs over items that could match it: most items have no deadline.
 */
const RECURRING_HINT = /[每定按]/;
const YEAR_HINT = /(?:19|20)\d{2}/;
const COMING_HINT = /未来|今后|此后/;
const PERIOD_HINT = /半年|年中|季度/;
const FIVE_YEAR_HINT = /十/;
const MONTH_HINT = /月/;
const RELATIVE_HINT = /内/;
const THIS_YEAR_HINT = /年\s*[底末内]/;
const CUE_HINT = /[年月季旬日限]/;

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
  const accept = (
    m: RegExpExecArray,
    date: string | null,
    kind: PlanDeadline['kind'],
    cadence?: PlanCadence,
  ): void => {
    const start = m.index;
    const end = m.index + m[0].trimEnd().length;
    if (end <= start || overlaps(start, end)) return;
    const d: FoundDeadline = { phrase: original.slice(start, end), date, kind, start, end };
    if (cadence) d.cadence = cadence;
    found.push(d);
  };
  /** Year printed before `pos` in this item (`2013年…,上半年…`), else the issue year. */
  const contextYear = (pos: number, orIssued = true): number | null => {
    const years = [...norm.slice(0, pos).matchAll(/(?<!\d)((?:19|20)\d{2})\s*年(?!度)/g)];
    if (years.length > 0) return Number(years[years.length - 1][1]);
    return orIssued ? issuedYear : null;
  };
  const scan = (re: RegExp, hint: RegExp): Iterable<RegExpExecArray> =>
    hint.test(norm) ? norm.matchAll(re) : [];
  const issuedYear = issuedOn ? Number(issuedOn.slice(0, 4)) : null;
  const issuedMonth = issuedOn ? Number(issuedOn.slice(5, 7)) : null;

  for (const m of scan(RECURRING_RE, RECURRING_HINT)) {
    const before = norm.slice(Math.max(0, m.index - 1), m.index);
    if (m[0].startsWith('每') && /[人户名床张]/.test(before)) continue; // 每人每月: a rate
    accept(m as RegExpExecArray, null, 'recurring', cadenceOf(m[0]));
  }

  // Counted from a stated start year: `2012年起5年内` covers 2012–2016, so the limit is the end
  // of the Nth year (start + N − 1). Kind `relative`: the date depends on the stated start.
  for (const m of scan(FROM_YEAR_RE, YEAR_HINT)) {
    const n = parseNumeral(m[2]);
    const date = n !== null && n > 0 ? isoDate(Number(m[1]) + n - 1, 12, 31) : null;
    accept(m as RegExpExecArray, date, 'relative');
  }

  // `未来五年` from the plan's date: like `5年内`, the same day N years after issue.
  for (const m of scan(COMING_YEARS_RE, COMING_HINT)) {
    const n = parseNumeral(m[1]);
    const date = issuedOn && n !== null ? addToIsoDate(issuedOn, n, 'year') : null;
    accept(m as RegExpExecArray, date, 'relative');
  }

  // Half-years and quarters: the period's last day, in the year printed with it, else the
  // last year printed earlier in the item, else the first such period ending on or after the
  // issue date. Undatable ones are left to the "unrecognised" warning.
  for (const m of scan(PERIOD_RE, PERIOD_HINT)) {
    const [, , y, period, q] = m;
    const month = q ? 3 * (parseNumeral(q) ?? 0) : period === '下半年' ? 12 : 6;
    const printed = y ? Number(y) : contextYear(m.index, false);
    const year =
      printed ??
      (issuedYear !== null && issuedMonth !== null
        ? month < issuedMonth
          ? issuedYear + 1
          : issuedYear
        : null);
    if (year === null) continue;
    const date = endOfMonth(year, month);
    if (date) accept(m as RegExpExecArray, date, 'absolute');
  }

  for (const m of scan(FIVE_YEAR_PLAN_RE, FIVE_YEAR_HINT)) {
    const year = FIVE_YEAR_PLAN_END[m[1]];
    accept(m as RegExpExecArray, isoDate(year, 12, 31), 'absolute');
  }

  for (const m of scan(YEAR_RANGE_RE, YEAR_HINT)) {
    if (
      YEAR_NOT_BEFORE.test(norm.slice(Math.max(0, m.index - 4), m.index)) ||
      insideBookTitle(norm, m.index)
    )
      continue;
    accept(m as RegExpExecArray, isoDate(Number(m[2]), 12, 31), 'absolute');
  }

  for (const m of scan(DATE_RE, YEAR_HINT)) {
    const [, prefix, y, mo, d, , yearEnd, suffix] = m;
    const yearAt = m.index + m[0].indexOf(y);
    if (YEAR_NOT_BEFORE.test(norm.slice(Math.max(0, m.index - 4), m.index))) continue;
    if (insideBookTitle(norm, yearAt)) continue;
    const after = norm.slice(m.index + m[0].length);
    if (/^\s*(以来|起|开始)/.test(after)) continue;
    if (PROGRESS_BEFORE.test(norm.slice(Math.max(0, m.index - 3), m.index))) continue;
    if (PROGRESS_AFTER.test(after)) continue;
    const bare = !prefix && !mo && !yearEnd && !suffix;
    if (bare && BARE_YEAR_NOT_AFTER.test(after.trimStart())) continue;
    const year = Number(y);
    let date: string | null;
    if (mo && d) date = isoDate(year, Number(mo), Number(d));
    else if (mo) date = endOfMonth(year, Number(mo));
    else date = isoDate(year, 12, 31);
    if (date) accept(m as RegExpExecArray, date, 'absolute');
  }

  for (const m of scan(MONTH_RE, MONTH_HINT)) {
    const month = Number(m[1]);
    let date: string | null = null;
    // The next occurrence after the issue date; without one, a year printed earlier in the item.
    const yearBefore = contextYear(m.index);
    const year =
      issuedYear !== null && issuedMonth !== null
        ? month < issuedMonth
          ? issuedYear + 1
          : issuedYear
        : yearBefore;
    if (year !== null && month >= 1 && month <= 12) {
      const day = m[2] ? Number(m[2]) : lastDayOfMonth(year, month);
      date = isoDate(year, month, day);
    }
    accept(m as RegExpExecArray, date, 'absolute');
  }

  for (const m of scan(RELATIVE_RE, RELATIVE_HINT)) {
    if (/^\s*的/.test(norm.slice(m.index + m[0].length))) continue; // 工龄3年以内的: a condition
    if (/每\s*$/.test(norm.slice(Math.max(0, m.index - 4), m.index))) continue;
    // `办结时限控制在3个工作日以内`: a service standard (a target), not the item's time limit.
    if (
      /(控制在|压缩至|压缩到|缩短至|缩短到|时限为?|时间为?)\s*$/.test(
        norm.slice(Math.max(0, m.index - 4), m.index),
      )
    )
      continue;
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

  for (const m of scan(THIS_YEAR_RE, THIS_YEAR_HINT)) {
    accept(
      m as RegExpExecArray,
      issuedYear !== null ? isoDate(issuedYear, 12, 31) : null,
      'absolute',
    );
  }

  const unrecognised: DeadlineScan['unrecognised'] = [];
  for (const m of scan(CUE_RE, CUE_HINT)) {
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

/**
 * The reporting period of a recurring phrase: `每季度` → quarter, `每月28日前` → month, day 28,
 * `每6个月` → half-year, `定期` → irregular (the document does not say how often).
 */
export function cadenceOf(phraseNorm: string): PlanCadence {
  const dayMatch = /(\d{1,2})\s*日/.exec(phraseNorm);
  const day = dayMatch ? Number(dayMatch[1]) : undefined;
  const withDay = (every: PlanCadence['every']): PlanCadence =>
    day !== undefined ? { every, day } : { every };
  const n = /每\s*(\d+|[一二两三四五六七八九十]+)\s*个?(年|月)/.exec(phraseNorm);
  if (n) {
    const months = (parseNumeral(n[1]) ?? 0) * (n[2] === '年' ? 12 : 1);
    if (months === 1) return withDay('month');
    if (months === 3) return withDay('quarter');
    if (months === 6) return withDay('half-year');
    if (months === 12) return withDay('year');
    return withDay('irregular');
  }
  if (/半年/.test(phraseNorm)) return withDay('half-year');
  if (/季/.test(phraseNorm)) return withDay('quarter');
  if (/月/.test(phraseNorm)) return withDay('month');
  if (/周|星期/.test(phraseNorm)) return withDay('week');
  if (/年/.test(phraseNorm)) return withDay('year');
  return withDay('irregular');
}
