/** Offset-keeping scans of normalised text: trimmed bounds, splits outside brackets, 《…》. */

/** Start/end offsets of `s` without surrounding whitespace (on a normalised string). */
export function trimBounds(s: string, start = 0, end = s.length): [number, number] {
  let a = start;
  let b = end;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return [a, b];
}

/** Same as `/\s/` for one UTF-16 unit, without a regex call per character. */
function isSpace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Bracket depth change of a normalised character: `([【《“` open, `)]】》”` close. */
function bracketStep(code: number): number {
  switch (code) {
    case 0x28: // (
    case 0x5b: // [
    case 0x3010: // 【
    case 0x300a: // 《
    case 0x201c: // “
      return 1;
    case 0x29: // )
    case 0x5d: // ]
    case 0x3011: // 】
    case 0x300b: // 》
    case 0x201d: // ”
      return -1;
    default:
      return 0;
  }
}

/** Splits normalised `s[start, end)` at separator characters that are outside brackets. */
export function splitTopLevel(
  s: string,
  separators: string,
  start = 0,
  end = s.length,
): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let depth = 0;
  let from = start;
  for (let i = start; i < end; i++) {
    const code = s.charCodeAt(i);
    const step = bracketStep(code);
    if (step > 0) depth++;
    else if (step < 0) depth = Math.max(0, depth - 1);
    else if (depth === 0 && separators.includes(s[i])) {
      parts.push([from, i]);
      from = i + 1;
    }
  }
  parts.push([from, end]);
  return parts;
}

/** True when offset `pos` of normalised `s` lies inside 《…》 (a cited title, ≤ 80 chars). */
export function insideBookTitle(s: string, pos: number): boolean {
  for (let i = pos - 1; i >= 0 && i >= pos - 80; i--) {
    if (s[i] === '》') return false;
    if (s[i] === '《') return true;
  }
  return false;
}
