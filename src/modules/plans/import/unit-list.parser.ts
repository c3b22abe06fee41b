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
}

/** Unit names usually end like this; used only to decide whether an unlabelled group is a unit list. */
const UNIT_SUFFIX_RE =
  /(厅|局|委|办|部|院|会|室|处|署|行|社|团|联|中心|政府|党委|单位|小组|机关|部门|所|站|队|司|公司|集团|海关|大学|学校|馆)$/;

const LABEL_RE =
  /(牵头负责领导|责任领导|分管领导|牵头领导|联系领导|负责领导|牵头单位|牵头部门|主办单位|主责单位|责任单位|责任部门|负责单位|配合单位|配合部门|协办单位|参与单位|参加单位|协同单位|协助单位)\s*:?/g;

type LabelRole = 'leaders' | 'lead' | 'responsible' | 'support';

function roleOfLabel(label: string): LabelRole {
  if (label.endsWith('领导')) return 'leaders';
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
  const inner = norm.slice(innerStart, innerEnd);
  if (!inner || inner.length > 400 || /[。]|〔\d{4}〕|\d{4}\s*年/.test(inner)) return null;
  const labelled = new RegExp(LABEL_RE.source).test(inner);
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
 * first unit leads, the rest support. `X牵头,Y配合` and labelled lists
 * (`牵头单位:X,配合单位:A、B`, `责任领导:…`) are honoured.
 */
export function parseUnitList(original: string): UnitAssignment {
  const norm = normalizeChars(original);
  const labels = [...norm.matchAll(new RegExp(LABEL_RE.source, 'g'))];
  if (labels.length > 0) return parseLabelled(original, norm, labels);

  const groups = splitTopLevel(norm, ',;').map(([a, b]) => trimBounds(norm, a, b));
  const roleSuffix = /(牵头|负责|主办|配合|参与|协办|协助)$/;
  if (groups.length > 1 && groups.some(([a, b]) => roleSuffix.test(norm.slice(a, b)))) {
    const out: UnitAssignment = { lead: [], support: [], leaders: [] };
    for (const [a, b] of groups) {
      const m = roleSuffix.exec(norm.slice(a, b));
      const end = m ? b - m[1].length : b;
      const units = splitUnitNames(original.slice(a, end), norm.slice(a, end));
      if (m && /牵头|负责|主办/.test(m[1])) out.lead.push(...units);
      else if (m) out.support.push(...units);
      else if (out.lead.length === 0) {
        out.lead.push(...units.slice(0, 1));
        out.support.push(...units.slice(1));
      } else out.support.push(...units);
    }
    return out;
  }

  const units = splitUnitNames(original, norm);
  return { lead: units.slice(0, 1), support: units.slice(1), leaders: [] };
}

function parseLabelled(original: string, norm: string, labels: RegExpMatchArray[]): UnitAssignment {
  const out: UnitAssignment = { lead: [], support: [], leaders: [] };
  const responsible: string[] = [];
  // Text before the first label (rare) is treated like an unlabelled list.
  const headEnd = labels[0].index ?? 0;
  const head = splitUnitNames(original.slice(0, headEnd), norm.slice(0, headEnd));
  responsible.push(...head);
  labels.forEach((m, i) => {
    const from = (m.index ?? 0) + m[0].length;
    const to = i + 1 < labels.length ? (labels[i + 1].index ?? norm.length) : norm.length;
    const names = splitUnitNames(original.slice(from, to), norm.slice(from, to));
    const role = roleOfLabel(m[1]);
    if (role === 'responsible') responsible.push(...names);
    else out[role].push(...names);
  });
  if (out.lead.length === 0) {
    out.lead.push(...responsible.slice(0, 1));
    out.support.unshift(...responsible.slice(1));
  } else {
    out.support.unshift(...responsible);
  }
  return out;
}

/** A collective unit names a group rather than one office: `各…`, `…成员单位`. */
export function isCollectiveUnit(unit: string): boolean {
  const u = unit.trim();
  return u.startsWith('各') || u.endsWith('成员单位');
}
