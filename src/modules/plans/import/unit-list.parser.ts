import { normalizeChars, splitTopLevel, trimBounds } from './plan-text.util';

/** Where the trailing `(unit、unit…)` group of an item sits, as offsets into the item text. */
export interface UnitListSpan {
  /** Offset of the opening bracket: the item text is everything before it. */
  start: number;
  innerStart: number;
  innerEnd: number;
}

export interface UnitAssignment {
  lead: string[];
  support: string[];
  leaders: string[];
  /** Set when the list has an unclosed `(`/`)`: the split is a best effort, warn the user. */
  unbalanced?: true;
}

/** Document-wide conventions that change how unit lists are read (see readUnitConvention). */
export interface UnitListOptions {
  /** The document says every listed unit leads (`排名不分先后`, `均为牵头单位`). */
  allLead?: boolean;
}

/** Unit names usually end like this; used only to decide whether an unlabelled group is a unit list. */
const UNIT_SUFFIX_RE =
  /(厅|局|委|办|部|院|会|室|处|署|行|社|团|联|中心|政府|党委|单位|小组|机关|部门|所|站|队|司|公司|集团|海关|大学|学校|馆)$/;

/** Field labels of a unit list or of a label line under an item; longest alternatives first. */
export const UNIT_LABELS =
  '牵头负责领导|责任领导|分管领导|牵头领导|联系领导|负责领导|分管负责人|责任人|' +
  '协同责任单位|协同配合单位|牵头单位|牵头部门|主办单位|主责单位|责任单位|责任部门|负责单位|' +
  '配合单位|配合部门|协办单位|参与单位|参加单位|协同单位|协同部门|协作单位|协助单位';
const LABEL_RE = new RegExp(String.raw`(${UNIT_LABELS})\s*:?`, 'g');
/** Every label ends in one of these; text without them skips the long LABEL_RE alternation. */
const LABEL_HINT_RE = /领导|负责人|责任人|单位|部门/;
/** LABEL_RE without the global flag, for `test` (no lastIndex state). */
const HAS_LABEL_RE = new RegExp(LABEL_RE.source);

/**
 * A sentence stating how lists are to be read (`列第一位的为牵头单位,下同`): a rule, not a
 * unit. Removed from any unit list it is printed in.
 */
const CONVENTION_RE =
  /(?:[,;。]\s*)?(?:(?:所列|列出的|排|列|排名|排在|列在)\s*(?:在)?\s*(?:第一|首|第1)\s*位\s*(?:的)?\s*(?:单位|部门)?\s*(?:为|是)\s*牵头(?:单位|部门)|(?:单位|部门)?\s*(?:排名|排序)\s*不分先后|(?:所列)?(?:单位|部门)\s*均为\s*(?:牵头|责任)(?:单位|部门))\s*(?:[,;]?\s*(?:下同|以下同))?\s*(?:[。;]\s*)?|[,;]?\s*下同\s*$/g;
/** Every convention sentence contains one of these; most text does not, and skips CONVENTION_RE. */
const CONVENTION_HINT_RE = /牵头|先后|均为|下同/;
/** `s` with convention sentences removed (or blanked to spaces, keeping offsets). */
function stripConventions(s: string, keepOffsets = false): string {
  if (!CONVENTION_HINT_RE.test(s)) return s;
  return keepOffsets
    ? s.replace(CONVENTION_RE, (m) => ' '.repeat(m.length))
    : s.replace(CONVENTION_RE, '');
}
const ALL_LEAD_RE = /(?:排名|排序)\s*不分先后|均为\s*牵头(?:单位|部门)/;

/** Reads the document's own rule for unit lists, from its normalised text. */
export function readUnitConvention(norm: string): UnitListOptions {
  return ALL_LEAD_RE.test(norm) ? { allLead: true } : {};
}

/** True when normalised `s` is nothing but a convention sentence. */
export function isConventionOnly(s: string): boolean {
  return (
    s.trim() !== '' &&
    CONVENTION_HINT_RE.test(s) &&
    stripConventions(s).replace(/[\s,;。]/g, '') === ''
  );
}

/** Role words after a group of units: `A、B牵头`, `C参与`, `D按职责分工负责`. */
const ROLE_SUFFIX_RE =
  /(分别牵头|共同牵头|牵头负责|牵头|主办|主责|按职责分工负责|按照职责分工负责|按职责分工落实|按职责负责|分工负责|各负其责|负责|配合|参与|参加|协办|协助|协同)$/;
type RoleWord = 'lead' | 'duty' | 'support';
function roleOfWord(w: string): RoleWord {
  if (/牵头|主办|主责/.test(w)) return 'lead';
  if (/负责|落实/.test(w)) return 'duty';
  return 'support';
}

type LabelRole = 'leaders' | 'lead' | 'responsible' | 'support';

function roleOfLabel(label: string): LabelRole {
  if (/领导|负责人|责任人/.test(label)) return 'leaders';
  if (/^(牵头|主办|主责)/.test(label)) return 'lead';
  if (/^(责任|负责)/.test(label)) return 'responsible';
  return 'support';
}

/** Administrative level names that are not a unit by themselves: `各市、县(市、区)政府`. */
const ADMIN_ONLY_RE =
  /^各?(省|市|县|区|乡|镇|村|街道|乡镇|设区市|省辖市|县级市|地|州|盟|旗|自治州|自治县)(\([^)]*\))?$/;
const ADMIN_START_RE = /^(省|市|县|区|乡|镇|村|街道|州|盟|旗|自治)/;

const TRAILING_ETC_RE = /等(有关|相关)?(部门|单位)?$/;

/**
 * Finds the parenthesised unit list that ends an item, e.g. `…。(省民政厅、省财政厅)`.
 * `norm` is the normalised item text. Returns null when the item has no such list or the
 * trailing group is something else (a cited document, a remark like `(试行)`).
 */
export function findTrailingUnitList(norm: string): UnitListSpan | null {
  const bracketed = findTrailingLabelledBracket(norm);
  if (bracketed) return bracketed;
  let [, end] = trimBounds(norm);
  // Tolerate a full stop or semicolon printed after the list: `…(省民政厅)。`
  if (end > 0 && '。;.'.includes(norm[end - 1]) && norm[end - 2] === ')') end--;
  if (end === 0 || norm[end - 1] !== ')') return null;
  let depth = 0;
  let open = -1;
  // A unit list is short; looking further back than this only costs time on odd input.
  for (let i = end - 1; i >= Math.max(0, end - 600); i--) {
    if (norm[i] === ')') depth++;
    else if (norm[i] === '(') {
      depth--;
      if (depth === 0) {
        open = i;
        break;
      }
    }
  }
  if (open <= 0) return null; // no opening bracket, or the whole item is bracketed
  const [innerStart, innerEnd] = trimBounds(norm, open + 1, end - 1);
  const inner = stripConventions(norm.slice(innerStart, innerEnd));
  if (!inner || inner.length > 400 || /[。]|〔\d{4}〕|\d{4}\s*年/.test(inner)) return null;
  const labelled = HAS_LABEL_RE.test(inner) || ROLE_IN_LIST_RE.test(inner);
  if (!labelled) {
    const segments = splitTopLevel(norm, '、,;', innerStart, innerEnd)
      .map(([a, b]) => norm.slice(a, b).trim())
      .filter(Boolean);
    if (segments.length === 0 || segments.some((s) => s.length > 40)) return null;
    const unitLike = segments.filter((s) => UNIT_SUFFIX_RE.test(s.replace(TRAILING_ETC_RE, '')));
    const before = norm.slice(0, open).trimEnd();
    const afterSentence = before === '' || /[。;!?]$/.test(before);
    if (!afterSentence && unitLike.length * 2 < segments.length) return null;
  }
  return { start: open, innerStart, innerEnd };
}

const ROLE_IN_LIST_RE = /(牵头|按职责分工负责|分工负责|参与|配合)\s*(?:[,;]|$)/;

/** `…。〔责任单位:A、B按职责分工负责〕` or `【牵头单位:X】`: a labelled group in other brackets. */
function findTrailingLabelledBracket(norm: string): UnitListSpan | null {
  let [, end] = trimBounds(norm);
  if (end > 0 && '。;.'.includes(norm[end - 1])) end--;
  const close = norm[end - 1];
  const openChar = close === '〕' ? '〔' : close === '】' ? '【' : null;
  if (!openChar) return null;
  const open = norm.lastIndexOf(openChar, end - 2);
  if (open <= 0 || end - open > 400) return null;
  const [innerStart, innerEnd] = trimBounds(norm, open + 1, end - 1);
  const inner = norm.slice(innerStart, innerEnd);
  if (!HAS_LABEL_RE.test(inner) && !ROLE_IN_LIST_RE.test(inner)) return null;
  return { start: open, innerStart, innerEnd };
}

/** Splits a unit list (original text, as printed) into unit names; see splitUnitNames. */
export function splitUnits(original: string): string[] {
  return splitUnitNames(original, normalizeChars(original));
}

/**
 * Splits on `、 , ， ; ；` and `及` outside brackets, keeps collective phrases such as
 * `各市、县(市、区)政府` whole, and drops a trailing `等`. Names are returned as printed.
 */
function splitUnitNames(original: string, norm: string): string[] {
  const spans = splitTopLevel(norm, '、,;及')
    .map(([a, b]) => trimBounds(norm, a, b))
    .filter(([a, b]) => b > a);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
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
  return merged
    .map(([a, b]) => {
      const n = norm.slice(a, b);
      const m = TRAILING_ETC_RE.exec(n);
      const cut = m && m.index > 0 ? b - (n.length - m.index) : b;
      return original.slice(a, cut).trim();
    })
    .filter(Boolean);
}

/**
 * Reads the inside of a unit list. Unlabelled lists follow the document convention: the
 * first unit leads, the rest support. Labelled lists (`牵头单位:X,配合单位:A、B`,
 * `责任领导:…`) and role phrases (`A、B牵头,C参与`) are honoured.
 *
 * Rules for lists that do not say who leads:
 * - `责任单位:A,B、C` alone (or an unlabelled list): the first listed unit leads, the others
 *   support, unless the document states that all listed units lead (`排名不分先后`).
 * - `A、B按职责分工负责` with no 牵头 anywhere in the list: all of them lead (each is answerable
 *   for its share); after a `牵头` group it means they support.
 */
export function parseUnitList(original: string, opts: UnitListOptions = {}): UnitAssignment {
  // Blank out convention sentences so offsets stay aligned with the original.
  const norm = stripConventions(normalizeChars(original), true);
  const out: UnitAssignment = { lead: [], support: [], leaders: [] };
  const responsible: string[] = [];
  const duty: string[] = [];
  let roled = false;

  const labels = LABEL_HINT_RE.test(norm) ? [...norm.matchAll(LABEL_RE)] : [];
  const fields: Array<{ role: LabelRole | null; from: number; to: number }> = [];
  const headEnd = labels.length > 0 ? (labels[0].index ?? 0) : norm.length;
  fields.push({ role: null, from: 0, to: headEnd });
  labels.forEach((m, i) => {
    const from = (m.index ?? 0) + m[0].length;
    const to = i + 1 < labels.length ? (labels[i + 1].index ?? norm.length) : norm.length;
    fields.push({ role: roleOfLabel(m[1]), from, to });
  });

  for (const f of fields) {
    if (f.role === 'leaders') {
      out.leaders.push(...splitUnitNames(original.slice(f.from, f.to), norm.slice(f.from, f.to)));
      continue;
    }
    for (const [ga, gb] of splitTopLevel(norm, ',;。', f.from, f.to)) {
      const [a, b] = trimBounds(norm, ga, gb);
      if (b <= a) continue;
      const m = ROLE_SUFFIX_RE.exec(norm.slice(a, b));
      const end = m ? b - m[1].length : b;
      const names = splitUnitNames(original.slice(a, end), norm.slice(a, end));
      if (unbalanced(norm.slice(a, end))) out.unbalanced = true;
      const word = m ? roleOfWord(m[1]) : null;
      if (m) roled = true;
      if (word === 'lead' || (word !== 'support' && f.role === 'lead')) out.lead.push(...names);
      else if (word === 'support' || f.role === 'support') out.support.push(...names);
      else if (word === 'duty') duty.push(...names);
      else responsible.push(...names);
    }
  }

  if (out.lead.length > 0) {
    out.support.unshift(...responsible, ...duty);
  } else if (duty.length > 0 && responsible.length === 0) {
    out.lead.push(...duty);
  } else {
    const all = [...responsible, ...duty];
    const leadCount = opts.allLead && !roled ? all.length : 1;
    out.lead.push(...all.slice(0, leadCount));
    out.support.unshift(...all.slice(leadCount));
  }
  out.lead = unique(out.lead);
  out.support = unique(out.support).filter((u) => !out.lead.includes(u));
  out.leaders = unique(out.leaders);
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

/** A collective unit names a group rather than one office: `各…`, `…成员单位`. */
export function isCollectiveUnit(unit: string): boolean {
  const u = unit.trim();
  return u.startsWith('各') || u.endsWith('成员单位');
}
