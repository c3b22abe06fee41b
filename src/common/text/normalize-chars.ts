/** Normalises characters for recognition (width, punctuation, traditional), one unit for one. */
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
