/**
 * Reads unit lists (责任单位名单) wherever a plan prints them: a bracket after a sentence
 * (`（省民政厅、省财政厅）`), a label line (`牵头单位：X`), a role phrase (`A牵头，B、C配合`), a table
 * cell. Pure: no I/O. Every reading that rests on a default, or on something not recognised,
 * carries a reason (Chinese) for the administrator to look at (`review`, DESIGN.md).
 *
 * What a unit looks like is decided by morphology (…部 …委 …厅 …局 …办 …政府, 各… 有关…), never
 * by a list of one document's names.
 */
import { normalizeChars, splitTopLevel, trimBounds } from './plan-text.util';

/** Where a bracketed unit list sits, as offsets into the (normalised) text it was found in. */
export interface UnitListSpan {
  /** Offset of the opening bracket. */
  start: number;
  innerStart: number;
  innerEnd: number;
  /** Offset just after the closing bracket. */
  end: number;
}

export interface UnitAssignment {
  lead: string[];
  support: string[];
  leaders: string[];
  /** Set when the list has an unclosed `(`/`)`: the split is a best effort. */
  unbalanced?: true;
  /** Why this reading needs a person's look; empty when it rests on labels or a stated rule. */
  review: string[];
}

/** Document-wide rules that change how unlabelled lists are read (see readUnitConvention). */
export interface UnitListOptions {
  /** The document says every listed unit leads (`排名不分先后`, `均为牵头单位`). */
  allLead?: boolean;
  /** The document says the first listed unit leads (`列第一位者为牵头单位`, `排在第一位的部门为牵头部门`). */
  firstLeads?: boolean;
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

// ——— what a unit looks like ———

/** Endings of unit names: ministries, bureaus, offices, governments, banks, collectives. */
const UNIT_END_RE =
  /(部|委|厅|局|办|署|院|行|会|府|中心|室|处|社|团|联|组|站|所|队|馆|校|大学|学院|司|公司|集团|海关|关|单位|部门|机构|机关|党委|党组|工委|总社|街道|乡镇|镇|乡|村|社区|企业|基地|园区|开发区|新区|高新区|军区|警备区|中央|专班|医院|台|报|口岸|总会|办事处|管理处|指挥部|协会|商会|科|股|厂|场|矿|站|网|公安|法院|检察院|政协|人大|市委|县委|区委|省委)$/;
/** Collective bodies: `各…`, `有关…`, `相关…`, `…成员单位`. */
const COLLECTIVE_RE =
  /^(各|有关|相关|其他|其它|全体|所属)|成员单位|各部门|各直属机构|各专班|各单位$/;

/** True when a list entry reads like the name of a unit (or a class of units). */
export function looksLikeUnit(entry: string): boolean {
  const n = normalizeChars(entry)
    .replace(/\([^)]*\)$/, '')
    .replace(/\s+/g, '');
  if (n.length < 2 || n.length > 40) return false;
  if (/[。!?“”《》]|\d{3,}/.test(n)) return false;
  return UNIT_END_RE.test(n) || COLLECTIVE_RE.test(n);
}

/** A collective unit names a group rather than one office: `各…`, `有关…`, `…成员单位`. */
export function isCollectiveUnit(unit: string): boolean {
  const u = normalizeChars(unit).trim();
  return /^(各|有关|相关)/.test(u) || /成员单位|各部门|各直属机构|各专班/.test(u);
}

// ——— conventions ———

/**
 * A sentence stating how lists are read (`列第一位者为牵头单位，下同`, `排在第一位的部门为牵头部门`,
 * `第一个单位为牵头单位`, `排名不分先后`): a rule, not a unit.
 */
const FIRST_LEADS_SRC = String.raw`(?:(?:所列|列出的|排列|排名|排序|位列|名列|排在|列在|列于|排|列|位|名)\s*(?:在|于)?\s*)?(?:第一|首|第1|最前)\s*(?:位|个|名)?\s*(?:的|者)?\s*(?:单位|部门|责任单位)?\s*(?:为|是|作为|系)\s*(?:牵头|主办|主责)\s*(?:单位|部门)?`;
const ALL_LEAD_SRC = String.raw`(?:单位|部门)?(?:排名|排序|排列)\s*不分先后|(?:所列)?(?:单位|部门)\s*均为\s*(?:牵头|责任)(?:单位|部门)`;
const CONVENTION_RE = new RegExp(
  String.raw`(?:[,;。]\s*)?(?:${FIRST_LEADS_SRC}|${ALL_LEAD_SRC})\s*(?:[,;]?\s*(?:下同|以下同|后同))?\s*(?:[。;]\s*)?|[,;]?(?:下同|以下同)(?=\s*$)`,
  'g',
);
const FIRST_LEADS_RE = new RegExp(FIRST_LEADS_SRC);
const ALL_LEAD_RE = new RegExp(ALL_LEAD_SRC);
const CONVENTION_HINT_RE = /牵头|主办|主责|先后|均为|下同/;

function stripConventions(s: string, keepOffsets = false): string {
  if (!CONVENTION_HINT_RE.test(s)) return s;
  return s.replace(CONVENTION_RE, (m) => (keepOffsets ? ' '.repeat(m.length) : ''));
}

/** Reads the document's own rule for unit lists, wherever it stands, from its normalised text. */
export function readUnitConvention(norm: string): UnitListOptions {
  if (ALL_LEAD_RE.test(norm)) return { allLead: true };
  if (FIRST_LEADS_RE.test(norm)) return { firstLeads: true };
  return {};
}

/** True when normalised `s` is nothing but a convention sentence. */
export function isConventionOnly(s: string): boolean {
  return (
    s.trim() !== '' &&
    CONVENTION_HINT_RE.test(s) &&
    stripConventions(s).replace(/[\s,;。()]/g, '') === ''
  );
}

// ——— labels and role words ———

type LabelRole = 'leaders' | 'lead' | 'responsible' | 'support';

const LEAD_WORDS = '牵头负责|牵头责任|牵头|主办|主责|主管|主抓';
const SUPPORT_WORDS =
  '协同责任|配合责任|协同配合|配合|协办|协同|协作|协助|参与|参加|指导|督导|支持';
const RESPONSIBLE_WORDS = '具体负责|责任|负责|实施|承办|落实|主体';
/** A label the reader knows: role word + 单位/部门/领导…, colon optional. */
const KNOWN_LABEL_SRC = String.raw`(?:(?:${LEAD_WORDS}|${SUPPORT_WORDS}|${RESPONSIBLE_WORDS})(?:单位|部门|处室|科室|主体)|责任主体|(?:牵头负责|责任|分管|牵头|联系|负责|包保|挂钩|督办|领衔|主管)(?:省|市|区|县)?(?:领导|负责人)|责任人|负责人)`;
/** Any `…单位:`/`…部门:`/`…领导:` with a colon, known or not. */
const ANY_LABEL_SRC = String.raw`[\u4e00-\u9fff]{0,6}?(?:单位|部门|处室|科室|领导|负责人|责任人|主体)\s*:`;
/** A label starts the list or a field of it (`…,配合单位:`); `主管单位` inside a name is not one. */
const LABEL_RE = new RegExp(
  String.raw`(?:^|(?<=[,;。\s(]))(${ANY_LABEL_SRC}|${KNOWN_LABEL_SRC}\s*:?)`,
  'g',
);
const KNOWN_LABEL_RE = new RegExp(String.raw`^(?:${KNOWN_LABEL_SRC})$`);
/** LABEL_RE without the global flag, for `test` (no lastIndex state). */
const HAS_LABEL_RE = new RegExp(LABEL_RE.source);
/** A known label opening a list, colon optional (`牵头单位省民政厅` is rare but printed). */
const KNOWN_LABEL_START_RE = new RegExp(String.raw`^(?:${KNOWN_LABEL_SRC})\s*:?`);
/** Any `…单位:` label opening a list. */
const ANY_LABEL_START_RE = /^[\u4e00-\u9fff]{0,8}?(?:单位|部门|领导|负责人|责任人|主体)\s*:/;
const LEAD_LABEL_RE = new RegExp(`^(?:${LEAD_WORDS})`);
/** Every label contains one of these; most text does not, and skips LABEL_RE. */
const LABEL_HINT_RE = /领导|负责人|责任人|单位|部门|处室|科室|主体/;

/** Label words that may start a line under an item (`牵头单位：`, `责任领导：`), for the outline. */
export const UNIT_LABEL_LINE_RE = new RegExp(
  // A colon is required: `单位:` or `责任人,…` at the start of a wrapped line is text.
  String.raw`^\s*[(〔【\[]?\s*(?:${KNOWN_LABEL_SRC}\s*:|[\u4e00-\u9fff]{1,6}?(?:单位|部门|处室|科室|领导|负责人|责任人|主体)\s*:)`,
);

function roleOfLabel(label: string): LabelRole | null {
  const l = label.replace(/[\s:]/g, '');
  if (/领导|负责人|责任人/.test(l)) return 'leaders';
  if (!KNOWN_LABEL_RE.test(l)) return null;
  if (/协同|配合|协办|协作|协助|参与|参加|指导|督导|支持/.test(l)) return 'support';
  if (LEAD_LABEL_RE.test(l)) return 'lead';
  return 'responsible';
}

/** Role words after a group of units: `A、B牵头`, `C参与`, `D按职责分工负责`. */
const ROLE_SUFFIX_RE =
  /(分别牵头|共同牵头|牵头负责|牵头落实|牵头抓总|牵头|主办|主责|按职责分工负责|按照职责分工负责|按职责分工落实|按职责负责|按职能分工负责|分工负责|各负其责|负责落实|具体负责|共同负责|负责|配合落实|积极配合|配合|参与|参加|协办|协助|协同|落实)$/;
type RoleWord = 'lead' | 'shared' | 'duty' | 'support';
function roleOfWord(w: string): RoleWord {
  if (/牵头|主办|主责/.test(w)) return 'lead';
  // `按职责分工负责` with no lead named: each answers for its share (co-responsible).
  if (/分工|各负其责|共同负责|按职责负责/.test(w)) return 'shared';
  if (/负责|落实/.test(w)) return 'duty';
  return 'support';
}

/**
 * A list entry without what surrounds a name in a list: a leading label (`牵头单位:`), a trailing
 * `等` or role word (`负责`, `分别牵头`), a trailing parenthesis.
 */
export function bareUnitName(entry: string): string {
  return normalizeChars(entry)
    .replace(/\s+/g, '')
    .replace(KNOWN_LABEL_START_RE, '')
    .replace(/等$/, '')
    .replace(ROLE_SUFFIX_RE, '')
    .replace(/\([^)]*\)$/, '');
}

/** Administrative levels that are not a unit by themselves: `各区`, `各有关区` in `各区、县级市政府`. */
const ADMIN_ONLY_RE =
  /^(?:各|有关|相关)*(省|市|县|区|乡|镇|村|街道|乡镇|设区市|省辖市|县级市|地|州|盟|旗|自治州|自治县|地市|市州)(\([^)]*\))?$/;
const ADMIN_START_RE = /^(省|市|县|区|乡|镇|村|街道|州|盟|旗|自治|地)/;

// ——— splitting ———

/**
 * Splits a list into unit names as printed: on `、 , ， ; ；`, on `及` between units and on `等和`;
 * never inside brackets or inside a name (`文化和旅游部`); keeps collective phrases such as
 * `各区、县级市政府` whole; drops a trailing `等` (`X等有关部门` keeps `有关部门` as a collective).
 */
export function splitUnits(original: string): string[] {
  return splitUnitNames(original, normalizeChars(original));
}

function splitUnitNames(original: string, norm: string): string[] {
  const spans: Array<[number, number]> = [];
  for (const [a0, b0] of splitTopLevel(norm, '、,;')) {
    // `A等和B`, `A等与B`, `A以及B`, `A及B` (after a unit ending): split there.
    let from = a0;
    const re = /等(?:和|与|以及|及)|以及|及/g;
    const piece = norm.slice(a0, b0);
    for (const m of piece.matchAll(re)) {
      const at = a0 + (m.index ?? 0);
      if (m[0] === '及' || m[0] === '以及') {
        const before = norm.slice(from, at);
        if (!UNIT_END_RE.test(before) || depthAt(norm, a0, at) !== 0) continue;
        spans.push([from, at]);
        from = at + m[0].length;
      } else if (depthAt(norm, a0, at) === 0) {
        spans.push([from, at]);
        from = at + m[0].length;
      }
    }
    spans.push([from, b0]);
  }
  const trimmed = spans.map(([a, b]) => trimBounds(norm, a, b)).filter(([a, b]) => b > a);
  const merged: Array<[number, number]> = [];
  for (const span of trimmed) {
    const prev = merged[merged.length - 1];
    if (
      prev &&
      ADMIN_ONLY_RE.test(norm.slice(prev[0], prev[1])) &&
      ADMIN_START_RE.test(norm.slice(span[0], span[1]))
    ) {
      prev[1] = span[1];
    } else {
      merged.push([span[0], span[1]]);
    }
  }
  const out: string[] = [];
  for (const [a, b] of merged) {
    const n = norm.slice(a, b);
    // `X等有关部门(和单位)` → X and the collective `有关部门(和单位)`; `X等部门`/`X等` → X.
    const etc = /等\s*((?:其他|其它)?(?:有关|相关)(?:部门|单位|方面)[^、,;]*)$/.exec(n);
    if (etc && etc.index > 0) {
      out.push(
        original.slice(a, a + etc.index).trim(),
        original.slice(a + etc.index + 1, b).trim(),
      );
      continue;
    }
    const tail = /等(?:部门|单位|机构)?[。.]?$|[。.]$/.exec(n);
    const cut = tail && tail.index > 0 ? a + tail.index : b;
    const name = original
      .slice(a, cut)
      .replace(/^[\s由请]+/, '')
      .trim();
    if (name) out.push(name);
  }
  return out;
}

function depthAt(norm: string, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = norm[i];
    if (c === '(' || c === '[' || c === '〔' || c === '【') depth++;
    else if (c === ')' || c === ']' || c === '〕' || c === '】') depth--;
  }
  return depth;
}

// ——— reading one list ———

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

// ——— finding lists in text ———

const OPENERS: Record<string, string> = { '(': ')', '〔': '〕', '【': '】', '[': ']' };
/** Characters that end a sentence (or a clause a list may follow). */
const BOUNDARY = '。;!?:\n';

/** True when the inside of a bracket reads as a unit list (labels, role words or unit entries). */
export function isUnitListText(innerNorm: string): boolean {
  const inner = stripConventions(innerNorm)
    .trim()
    .replace(/[。;]$/, '');
  if (inner === '') return false;
  // A label at the start of the list (or after a separator), not a word in a sentence.
  if (LABEL_HINT_RE.test(inner) && HAS_LABEL_RE.test(inner)) {
    if (ANY_LABEL_START_RE.test(inner) || KNOWN_LABEL_START_RE.test(inner)) return true;
  }
  const groups = splitTopLevel(inner, ',;')
    .map(([a, b]) => inner.slice(a, b).trim())
    .filter(Boolean);
  let entries = 0;
  let units = 0;
  for (const g of groups) {
    const m = ROLE_SUFFIX_RE.exec(g);
    const body = (m ? g.slice(0, g.length - m[1].length) : g).replace(/^由/, '');
    for (const part of body.split(/会同/)) {
      for (const name of splitUnits(part)) {
        entries++;
        if (looksLikeUnit(name)) units++;
      }
    }
  }
  return entries > 0 && units === entries;
}

/**
 * The bracketed unit lists in normalised `norm`, in order. A bracket counts when its inside is a
 * unit list and it stands at a sentence boundary (after `。`, at the end, or before `。`/`；`); a
 * parenthesis naming a unit inside a sentence (`会同人民银行(央行)`) is text.
 */
export function findUnitBrackets(norm: string): UnitListSpan[] {
  const out: UnitListSpan[] = [];
  for (let i = 0; i < norm.length; i++) {
    const close = OPENERS[norm[i]];
    if (!close) continue;
    const end = matchBracket(norm, i, close);
    if (end < 0) {
      // An unclosed bracket at the end of the text: a list cut short (warned as unbalanced).
      const inner = norm.slice(i + 1);
      if (
        inner.length < 400 &&
        !inner.includes('\n') &&
        isUnitListText(inner.replace(/\)+/g, ''))
      ) {
        out.push({ start: i, innerStart: i + 1, innerEnd: norm.length, end: norm.length });
      }
      break;
    }
    const inner = norm.slice(i + 1, end);
    if (inner.length <= 600 && atBoundary(norm, i, end + 1, inner) && isUnitListText(inner)) {
      out.push({ start: i, innerStart: i + 1, innerEnd: end, end: end + 1 });
    }
    i = end;
  }
  return out;
}

function matchBracket(norm: string, open: number, close: string): number {
  const o = norm[open];
  let depth = 0;
  const limit = Math.min(norm.length, open + 2000);
  for (let j = open; j < limit; j++) {
    if (norm[j] === o) depth++;
    else if (norm[j] === close) {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

function atBoundary(norm: string, start: number, after: number, inner: string): boolean {
  let p = start - 1;
  while (p >= 0 && norm[p] === ' ') p--;
  let q = after;
  while (q < norm.length && norm[q] === ' ') q++;
  const before = p < 0 ? '\n' : norm[p];
  const next = q >= norm.length ? '\n' : norm[q];
  if (BOUNDARY.includes(before) || before === ')') return true;
  if (!BOUNDARY.includes(next)) return false;
  // Closing a sentence (`…工作（省民政厅负责）。`): a list when it says who does what or names
  // several units; one name right after a word (`乡镇(街道)。`) is part of the text.
  return /[\u4e00-\u9fff]/.test(before)
    ? ROLE_HINT_RE.test(inner) || splitTopLevel(inner, '、,;').length > 1
    : true;
}

const ROLE_HINT_RE = /牵头|负责|配合|参与|协办|协助|主办|单位|部门|领导/;

/**
 * A sentence that is only a role phrase: `省发展改革委牵头，省财政厅、省商务厅配合。`,
 * `由A会同B负责。`, `A、B分别牵头。` Every entry must look like a unit.
 */
export function isRoleSentence(norm: string): boolean {
  const s = stripConventions(norm)
    .trim()
    .replace(/[。;]$/, '');
  if (s === '' || s.length > 300) return false;
  if (!/(牵头|负责|配合|参与|协办|协助|协同|落实|主办|主责)/.test(s)) return false;
  const groups = splitTopLevel(s, ',;')
    .map(([a, b]) => s.slice(a, b).trim())
    .filter(Boolean);
  let roled = 0;
  for (const g of groups) {
    const m = ROLE_SUFFIX_RE.exec(g);
    if (m) roled++;
    const body = (m ? g.slice(0, g.length - m[1].length) : g).replace(/^由/, '');
    const names = body.split(/会同/).flatMap((p) => splitUnits(p));
    if (names.length === 0 || !names.every(looksLikeUnit)) return false;
  }
  return roled > 0;
}
