/** Finds unit lists in prose: a bracket at a sentence boundary, or a sentence of role phrases. */
import { splitTopLevel } from '../../../common/text/text-spans';
import { stripConventions } from './unit-convention';
import {
  ANY_LABEL_START_RE,
  HAS_LABEL_RE,
  KNOWN_LABEL_START_RE,
  LABEL_HINT_RE,
  ROLE_SUFFIX_RE,
} from './unit-labels';
import { looksLikeUnit } from './unit-lexicon';
import { splitUnits } from './unit-names';

/** Where a bracketed unit list sits, as offsets into the (normalised) text it was found in. */
export interface UnitListSpan {
  /** Offset of the opening bracket. */
  start: number;
  innerStart: number;
  innerEnd: number;
  /** Offset just after the closing bracket. */
  end: number;
}

const OPENERS: Record<string, string> = { '(': ')', '〔': '〕', '【': '】', '[': ']' };
/** Characters that end a sentence (or a clause a list may follow). */
const BOUNDARY = '。;!?:\n';

/** Normalised `norm` without the document's convention sentences and a final `。`/`;`. */
function listBody(norm: string): string {
  return stripConventions(norm)
    .trim()
    .replace(/[。;]$/, '');
}

/**
 * Visits the comma-separated groups of a list or a role sentence, each with the unit names it
 * gives (`由A会同B、C负责` → A, B, C) and whether it ends in a role word (`牵头`, `配合`); stops
 * when `visit` returns false, and says whether it went through every group.
 */
function everyRoleGroup(s: string, visit: (names: string[], roled: boolean) => boolean): boolean {
  for (const [a, b] of splitTopLevel(s, ',;')) {
    const g = s.slice(a, b).trim();
    if (!g) continue;
    const m = ROLE_SUFFIX_RE.exec(g);
    const body = (m ? g.slice(0, g.length - m[1].length) : g).replace(/^由/, '');
    const names: string[] = [];
    for (const part of body.split(/会同/)) names.push(...splitUnits(part));
    if (!visit(names, m !== null)) return false;
  }
  return true;
}

/** True when the inside of a bracket reads as a unit list (labels, role words or unit entries). */
export function isUnitListText(innerNorm: string): boolean {
  const inner = listBody(innerNorm);
  if (inner === '') return false;
  // A label at the start of the list (or after a separator), not a word in a sentence.
  if (LABEL_HINT_RE.test(inner) && HAS_LABEL_RE.test(inner)) {
    if (ANY_LABEL_START_RE.test(inner) || KNOWN_LABEL_START_RE.test(inner)) return true;
  }
  let entries = 0;
  let units = 0;
  everyRoleGroup(inner, (names) => {
    entries += names.length;
    for (const name of names) if (looksLikeUnit(name)) units++;
    return true;
  });
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
  const s = listBody(norm);
  if (s === '' || s.length > 300) return false;
  if (!/(牵头|负责|配合|参与|协办|协助|协同|落实|主办|主责)/.test(s)) return false;
  let roled = 0;
  const allUnits = everyRoleGroup(s, (names, hasRole) => {
    if (hasRole) roled++;
    return names.length > 0 && names.every(looksLikeUnit);
  });
  return allUnits && roled > 0;
}
