/** Splits a unit list into unit names as printed, never inside brackets or inside a name. */
import { normalizeChars } from '../../../common/text/normalize-chars';
import { splitTopLevel, trimBounds } from '../../../common/text/text-spans';
import { ADMIN_ONLY_RE, ADMIN_START_RE, UNIT_END_RE } from './unit-lexicon';

/**
 * Splits a list into unit names as printed: on `、 , ， ; ；`, on `及` between units and on `等和`;
 * never inside brackets or inside a name (`文化和旅游部`); keeps collective phrases such as
 * `各区、县级市政府` whole; drops a trailing `等` (`X等有关部门` keeps `有关部门` as a collective).
 */
export function splitUnits(original: string): string[] {
  return splitUnitNames(original, normalizeChars(original));
}

/** splitUnits on a list already normalised (`norm` is `original` normalised, same length). */
export function splitUnitNames(original: string, norm: string): string[] {
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
