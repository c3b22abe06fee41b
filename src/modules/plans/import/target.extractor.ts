import type { PlanTarget, TargetOp } from './plan-document.types';
import { parseNumeral } from '../../../common/text/chinese-numerals';
import { splitTopLevel, trimBounds } from '../../../common/text/text-spans';

/**
 * Quantitative targets (指标). A number counts as a target only when the text states a quota
 * for it: a comparison (不少于/以上/以内/不超过/左右/a range) or a quota verb right before it
 * (达到/达/建有/建成/配备/控制在…). That rule, not item numbers, is what rejects:
 * - counts that summarise an enumeration: `…和民政信息工程等6件民政“实事工程”` (preceded by
 *   等 and/or followed by quoted names; no quota verb);
 * - conditions: `人口在5万人以下的乡镇`, `多于5万人的` (the quantity modifies a noun via 的);
 * - idioms with Chinese numerals: `一次性`, `建立一支…队伍` (Chinese numerals need an operator).
 */

const CN_NUM = '[一二两三四五六七八九十百]+';
const AR_NUM = String.raw`\d+(?:\.\d+)?`;
const UNIT =
  '(?:万|亿|千)?(?:%|‰|个百分点|平方米|平米|公顷|亩|公里|千米|个工作日|工作日|小时|分钟|人次|' +
  '元|人|名|张|床|所|个|家|处|座|间|项|件|户|套|台|辆|次|份|类|倍|天)';
const CANDIDATE_RE = new RegExp(
  String.raw`(${AR_NUM}|${CN_NUM})(?:(?:万|亿|千)?\s*(?:到|至|-|—|–|~)\s*(${AR_NUM}|${CN_NUM}))?\s*(${UNIT})`,
  'g',
);

const PREFIX_OPS: Array<[RegExp, TargetOp]> = [
  [/(不少于|不低于|不小于|至少|不得少于|不得低于|(?<![不得])(?:超过|高于|多于|大于))\s*$/, '>='],
  [/(不超过|不高于|不大于|不多于|不得超过|最多|(?<![不得])(?:低于|少于))\s*$/, '<='],
];
const SUFFIX_OPS: Array<[RegExp, TargetOp]> = [
  [/^\s*(及以上|以上)/, '>='],
  [/^\s*(以下|以内|之内)/, '<='],
  [/^\s*(左右)/, '≈'],
];
/** Quota verbs, optionally followed by a per-denominator (`达到每千名老年人30张`). */
const QUOTA_VERB_RE =
  /(达到|达|建有|建成|建立|配备|配齐|设有|设立|新建|培育|增加到|增加至|增至|提高到|提高至|提升到|提升至|降低到|降低至|降到|降至|控制在|保持在|稳定在|实现|覆盖)\s*(每[^\d,;。!?]{1,12}?)?\s*$/;
/** Verbs whose target counts facilities or people: the metric is the count of the object. */
const COUNT_VERB_RE = /^(建有|建成|建立|配备|配齐|设有|设立|新建|培育)$/;
const ADVERB_TAIL_RE = /(分别|均|都|全部|应当|应|要|必须|一般|原则上|基本)+$/;
const LEADING_TIME_RE =
  /^\s*(?:到|至|在|于)?\s*(?:\d{4}\s*年(?:\s*\d{1,2}\s*月)?\s*(?:底|末)?|“?十[一二三四五]五”?\s*末)\s*(?:前|之前|以前)?\s*,\s*/;

interface Candidate {
  start: number;
  end: number;
  target: Omit<PlanTarget, 'phrase' | 'metric'>;
  verb: string | null;
  per: string | null;
  /** `年` for `每年培训2次`: the period the quota is stated for. */
  period: string | null;
  subjectEnd: number;
  /** Offset of the unit, to return it as printed (`個`, `萬元`). */
  unitStart: number;
}

export function extractTargets(norm: string, original: string): PlanTarget[] {
  const out: PlanTarget[] = [];
  for (const [cs, ce] of splitTopLevel(norm, '。;!?')) {
    const candidates = findCandidates(norm, cs, ce);
    const pieces = candidates.length > 1 ? splitTopLevel(norm, ',', cs, ce) : [[cs, ce]];
    for (const c of candidates) {
      const piece = pieces.find(([a, b]) => c.start >= a && c.start < b) ?? [cs, ce];
      const [from, pe] = trimBounds(norm, piece[0], piece[1]);
      let ps = from;
      const lead = LEADING_TIME_RE.exec(norm.slice(ps, pe));
      if (lead && ps + lead[0].length <= c.start) ps += lead[0].length;
      out.push({
        phrase: original.slice(ps, pe),
        metric: metricOf(norm, original, ps, pe, c),
        ...c.target,
        unit: original.slice(c.unitStart, c.unitStart + c.target.unit.length),
        ...(c.period ? { per: c.period } : {}),
      });
    }
  }
  return out;
}

function findCandidates(norm: string, cs: number, ce: number): Candidate[] {
  const found: Candidate[] = [];
  // The shared global pattern, restarted at this clause (findCandidates does not recurse).
  const re = CANDIDATE_RE;
  re.lastIndex = cs;
  for (let m = re.exec(norm); m && m.index < ce; m = re.exec(norm)) {
    const start = m.index;
    let end = start + m[0].length;
    if (end > ce) break;
    const [, lowText, highText, unitText] = m;
    // Operators and quota verbs sit right before the number; a bounded window keeps long
    // clauses linear.
    const windowStart = Math.max(cs, start - 40);
    const before = norm.slice(windowStart, start);
    // Part of a longer number or a per-denominator (每10万人): not a quantity of its own.
    if (/[\d.]$/.test(before) || /每\s*$/.test(before)) continue;
    const chinese = !/^\d/.test(lowText);

    const prefix = PREFIX_OPS.map(([r, o]) => ({ m: r.exec(before), o })).find((p) => p.m);
    let op: TargetOp | null = prefix ? prefix.o : null;
    const afterUnit = norm.slice(end, ce);
    let suffixLen = 0;
    for (const [re2, o] of SUFFIX_OPS) {
      const s = re2.exec(afterUnit);
      if (s) {
        op = op ?? o;
        suffixLen = s[0].length;
      }
    }
    const verbMatch = QUOTA_VERB_RE.exec(before);
    if (highText !== undefined) op = 'between';

    // Conditions: the quantity qualifies a noun (`5万人以下的乡镇`, `80%的乡镇`).
    // A unit character that starts a longer word (`3万人口`, `5名单位`) is not a unit.
    if (
      /^(人|户)$/.test(unitText.replace(/^[万亿千]/, '')) &&
      /^[口员群才籍]/.test(norm.slice(end))
    )
      continue;
    // …but `不低于20平方米的标准` states the quota itself.
    const tail = norm.slice(end + suffixLen, ce);
    // …and so does a share of the whole area set for a date: `2017年底前,全区80%的乡镇…办理`.
    const share =
      unitText === '%' &&
      op === null &&
      /(全省|全区|全市|全县|全州|全国)\s*$/.test(before) &&
      /(\d{4}\s*年|年底|月底|末)\s*(前|之前|以前)?\s*,?\s*(全省|全区|全市|全县|全州|全国)\s*$/.test(
        before,
      );
    if (/^\s*的/.test(tail) && !/^\s*的\s*(标准|目标|要求|水平)/.test(tail) && !share) continue;
    // Enumerations: `…等6件民政“实事工程”` counts the projects just listed.
    if (/等\s*$/.test(before) || /^[^,;。“]{0,6}“/.test(afterUnit)) continue;
    // A quota needs an operator, or (for Arabic figures) a quota verb.
    if (op === null && (chinese || !verbMatch) && !share) continue;

    const value = parseNumeral(lowText);
    const valueMax = highText !== undefined ? parseNumeral(highText) : null;
    if (value === null || (highText !== undefined && valueMax === null)) continue;
    end += suffixLen;
    const target: Candidate['target'] =
      op === 'between' && valueMax !== null
        ? {
            op,
            value: Math.min(value, valueMax),
            valueMax: Math.max(value, valueMax),
            unit: unitText,
          }
        : { op: op ?? '=', value, unit: unitText };
    let subjectEnd = start;
    if (verbMatch) subjectEnd = windowStart + verbMatch.index;
    else if (prefix?.m) subjectEnd = windowStart + prefix.m.index;
    found.push({
      start,
      end,
      target,
      verb: verbMatch ? verbMatch[1] : null,
      per: verbMatch?.[2] ? verbMatch[2].replace(/^每/, '').trim() : null,
      period: periodBefore(before),
      unitStart: m.index + m[0].length - unitText.length,
      subjectEnd,
    });
  }
  return found;
}

const PERIOD_RE = /每\s*(半年|季度|年度|年|季|月|周|旬|日|天)(?![\u4e00-\u9fff]{0,2}[前底末内])/g;

/** The last `每年`/`每季度`… in the clause before the figure (not across a comma or `、`). */
function periodBefore(before: string): string | null {
  const tail = before.slice(Math.max(before.lastIndexOf(','), before.lastIndexOf('、')) + 1);
  const all = [...tail.matchAll(PERIOD_RE)];
  if (all.length === 0) return null;
  const p = all[all.length - 1][1];
  return p === '年度' ? '年' : p === '季' ? '季度' : p;
}

/** A readable name for what is measured; heuristic, for display only. */
function metricOf(norm: string, original: string, ps: number, pe: number, c: Candidate): string {
  const subjectFrom = subjectStart(norm, ps, c.subjectEnd);
  const subject = original
    .slice(subjectFrom, Math.max(subjectFrom, c.subjectEnd))
    .trim()
    .replace(/^其中/, '')
    .replace(ADVERB_TAIL_RE, '');
  if (c.per) return subject ? `${subject}/${c.per}` : c.per;
  if (c.verb && COUNT_VERB_RE.test(c.verb)) {
    const object = original.slice(c.end, Math.max(c.end, pe)).trim();
    return `${subject}${object}数量`;
  }
  return subject || original.slice(ps, pe).trim();
}

/** Start of the subject before `end`: after the nearest top-level comma (≤ 60 chars back). */
function subjectStart(norm: string, floor: number, end: number): number {
  let depth = 0;
  for (let i = end - 1; i >= floor; i--) {
    const c = norm[i];
    if (end - i > 60) return i + 1;
    if (')]】》”'.includes(c)) depth++;
    else if ('([【《“'.includes(c)) {
      if (depth === 0) return i + 1;
      depth--;
    } else if (c === ',' && depth === 0) return i + 1;
  }
  return floor;
}
