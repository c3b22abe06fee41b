/**
 * Small pure helpers shared by the plan parser: character normalisation that keeps string
 * offsets stable, bracket depth, Chinese numerals and calendar dates.
 */
import { TRADITIONAL_CHARS } from './traditional-chars';

type OpenCcConverter = (s: string) => string;

/**
 * Full-width punctuation and odd spaces mapped to the ASCII forms the recognisers expect.
 * Every mapping is one UTF-16 unit to one UTF-16 unit, so an offset found in the normalised
 * string is valid in the original string too (we slice originals to keep text as printed).
 */
const CHAR_MAP: Record<string, string> = {
  '（': '(',
  '）': ')',
  '〈': '(',
  '〉': ')',
  '［': '[',
  '］': ']',
  '：': ':',
  '，': ',',
  '；': ';',
  '．': '.',
  '﹒': '.',
  '､': '、',
  '﹐': ',',
  '﹑': '、',
  '！': '!',
  '？': '?',
  '％': '%',
  '～': '~',
  '－': '-',
  '\t': ' ',
  '\u00a0': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2009': ' ',
  '\u200b': ' ',
  '\u3000': ' ',
  '\ufeff': ' ',
};

/** Marks a traditional character whose simplified form has not been looked up yet. */
const UNRESOLVED = 1;

/**
 * UTF-16 unit → the unit it normalises to; 0 means unchanged, UNRESOLVED a traditional
 * character (see TRADITIONAL_CHARS) not yet converted. A table lookup per character keeps
 * normalising a 1 MB document to a few milliseconds.
 */
const NORMAL = new Uint16Array(0x10000);
for (const [from, to] of Object.entries(CHAR_MAP)) NORMAL[from.charCodeAt(0)] = to.charCodeAt(0);
for (let c = 0xff10; c <= 0xff19; c++) NORMAL[c] = c - 0xff10 + 0x30; // full-width digits
for (let i = 0; i < TRADITIONAL_CHARS.length; i++) {
  NORMAL[TRADITIONAL_CHARS.charCodeAt(i)] = UNRESOLVED;
}

let toSimplified: OpenCcConverter | null = null;

/**
 * OpenCC's traditional → simplified converter, loaded on first use only: a simplified
 * document never contains a character of TRADITIONAL_CHARS and so never pays for the
 * dictionary. The `t2cn` build carries just the dictionaries this direction needs.
 */
function converter(): OpenCcConverter {
  if (toSimplified !== null) return toSimplified;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const opencc = require('opencc-js/t2cn') as typeof import('opencc-js/t2cn');
  const convert: OpenCcConverter = opencc.Converter({ from: 't', to: 'cn' });
  toSimplified = convert;
  return convert;
}

/**
 * One traditional character to its simplified form (`牽` → `牵`, `廳` → `厅`), character by
 * character so that offsets stay valid; a character OpenCC would turn into more or fewer
 * UTF-16 units is kept as is. Used for recognition only: output keeps the printed form.
 */
export function simplifiedChar(c: string): string {
  const code = c.charCodeAt(0);
  if (c.length !== 1 || code < 0x3400 || code > 0x9fff || NORMAL[code] === 0) return c;
  if (NORMAL[code] === UNRESOLVED) {
    const out = converter()(c);
    NORMAL[code] = out.length === 1 ? out.charCodeAt(0) : code;
  }
  return String.fromCharCode(NORMAL[code]);
}

/**
 * Same length as the input; see CHAR_MAP. Full-width digits become ASCII digits, and
 * traditional characters become simplified ones (see simplifiedChar), so that a
 * traditional-Chinese document is recognised by the same rules as a simplified one.
 */
export function normalizeChars(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    let to = NORMAL[s.charCodeAt(i)];
    if (to === 0) continue;
    if (to === UNRESOLVED) to = simplifiedChar(s[i]).charCodeAt(0);
    if (to === s.charCodeAt(i)) continue;
    out += s.slice(from, i) + String.fromCharCode(to);
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

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

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  '○': 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 一 → 1, 十二 → 12, 二十一 → 21, 一百零五 → 105; null when not a plain Chinese numeral. */
export function chineseToNumber(s: string): number | null {
  if (!s || !/^[零〇○一二两三四五六七八九十百]+$/.test(s)) return null;
  let total = 0;
  let digit = 0;
  let seenDigit = false;
  for (const c of s) {
    if (c === '百') {
      total += (seenDigit ? digit : 1) * 100;
      digit = 0;
      seenDigit = false;
    } else if (c === '十') {
      total += (seenDigit ? digit : 1) * 10;
      digit = 0;
      seenDigit = false;
    } else {
      digit = CN_DIGITS[c];
      seenDigit = true;
    }
  }
  return total + (seenDigit ? digit : 0);
}

/** Arabic or Chinese numeral to number; null when neither. */
export function parseNumeral(s: string): number | null {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  return chineseToNumber(s);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** YYYY-MM-DD when the calendar date exists, else null. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1 || day > lastDayOfMonth(year, month)) return null;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function endOfMonth(year: number, month: number): string | null {
  if (month < 1 || month > 12) return null;
  return isoDate(year, month, lastDayOfMonth(year, month));
}

/** Adds whole years/months (clamped to the month's last day) or days to an ISO date. */
export function addToIsoDate(
  iso: string,
  amount: number,
  unit: 'year' | 'month' | 'week' | 'day',
): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m || !Number.isInteger(amount)) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (unit === 'day' || unit === 'week') {
    const t = new Date(Date.UTC(y, mo - 1, d + amount * (unit === 'week' ? 7 : 1)));
    return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  const months = y * 12 + (mo - 1) + amount * (unit === 'year' ? 12 : 1);
  const ny = Math.floor(months / 12);
  const nm = (months % 12) + 1;
  return isoDate(ny, nm, Math.min(d, lastDayOfMonth(ny, nm)));
}

/** Reads YYYY年M月D日 or YYYY-MM-DD (also / and .) at the start of `s`. */
export function readDate(s: string): string | null {
  const m =
    /^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/.exec(s) ??
    /^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/.exec(s);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** Maps offsets of a text joined from several source lines back to 1-based line numbers. */
export class LineMap {
  private readonly starts: number[] = [];
  private readonly lines: number[] = [];

  add(offset: number, line: number): void {
    this.starts.push(offset);
    this.lines.push(line);
  }

  lineAt(offset: number): number {
    let found = this.lines[0] ?? 1;
    for (let i = 0; i < this.starts.length && this.starts[i] <= offset; i++) found = this.lines[i];
    return found;
  }
}

/** `苏办〔2012〕85号`; also `[2012]`, `【2012】`, `(2012)` brackets. */
export const DOC_NUMBER_RE =
  /[\u4e00-\u9fff]{1,12}\s*[〔[【(]\s*(?:19|20)\d{2}\s*[〕\]】)]\s*第?\s*\d+\s*号/;
