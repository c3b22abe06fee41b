/**
 * The outline of a plan written as prose: logical lines (lines a PDF copy or a hard wrap broke
 * are joined again; page footers dropped) and the numbering labels that start them, at any
 * level (`第一部分` `第一条` `一、` `(一)` `1.` `(1)` `1)` `①`). Pure: no I/O.
 *
 * A label is accepted only where it continues its own sequence (the next number, a gap of one,
 * or 1 again under a new heading), so `二、三中全会` wrapped onto a new line or a `1.5万` at the
 * start of a line does not start an item.
 */
import { chineseToNumber } from '../../../common/text/chinese-numerals';
import { normalizeChars } from '../../../common/text/normalize-chars';
import { trimBounds } from '../../../common/text/text-spans';
import { LineMap } from './plan-text.util';
import { UNIT_LABEL_LINE_RE } from './unit-labels';

/** Numbering styles, shallowest first: the usual order of 党政机关公文 headings. */
export type LabelStyle =
  'part' | 'article' | 'cn' | 'cnParen' | 'ar' | 'arParen' | 'arHalf' | 'circled';
export const STYLE_RANK: Record<LabelStyle, number> = {
  part: 0,
  article: 1,
  cn: 2,
  cnParen: 3,
  ar: 4,
  arParen: 5,
  arHalf: 6,
  circled: 7,
};

export interface LogicalLine {
  /** As printed (indentation trimmed), and normalised (same length). */
  orig: string;
  norm: string;
  /** Offsets in `orig` → 1-based source line numbers. */
  lines: LineMap;
  /** First source line. */
  line: number;
  label?: { style: LabelStyle; no: number; printed: string; length: number };
}

const CN_NUM = '[一二三四五六七八九十百零〇两]+';
const LABEL_RES: Array<[LabelStyle, RegExp]> = [
  ['part', new RegExp(String.raw`^第\s*(${CN_NUM}|\d{1,3})\s*(?:部分|章|篇|编)\s*[、.:]?\s*`)],
  ['article', new RegExp(String.raw`^第\s*(${CN_NUM}|\d{1,3})\s*条\s*[、.:]?\s*`)],
  ['cn', new RegExp(String.raw`^(${CN_NUM})\s*[、.,]\s*`)],
  ['cnParen', new RegExp(String.raw`^\(\s*(${CN_NUM})\s*\)\s*[、.]?\s*`)],
  // `12.…` or `12、…`; `1.5万…` is a number, but `3.2015年底前…`/`3.10月底前…` is item 3.
  ['ar', /^(\d{1,3})\s*(?:[.、](?!\d(?!\d{0,3}\s*[年月日]))|\s+(?=[\u4e00-\u9fff]))\s*/],
  ['arParen', /^\(\s*(\d{1,3})\s*\)\s*[、.]?\s*/],
  ['arHalf', /^(\d{1,3})\s*\)\s*/],
  ['circled', /^([\u2460-\u2473])\s*[.、]?\s*/],
];

function numberOf(style: LabelStyle, raw: string): number | null {
  if (style === 'circled') return raw.charCodeAt(0) - 0x2460 + 1;
  if (/^\d+$/.test(raw)) return Number(raw);
  return chineseToNumber(raw.replace(/两/g, '二'));
}

/** Reads a numbering label at the start of normalised, trimmed `norm`. */
export function matchLabel(norm: string): LogicalLine['label'] | undefined {
  for (const [style, re] of LABEL_RES) {
    const m = re.exec(norm);
    if (!m) continue;
    const no = numberOf(style, m[1]);
    if (no === null || no <= 0) continue;
    // `1 2024年…` is not an item; a space-separated number needs CJK text after it.
    if (style === 'ar' && !/[.、]/.test(m[0]) && m[0].length < 2) continue;
    return { style, no, printed: m[0].trim(), length: m[0].length };
  }
  return undefined;
}

/** A line under an item giving its time limit: `完成时限:2023年底前`. */
export const TIME_LINE_RE =
  /^\s*[(〔【[]?\s*(?:完成时限|完成时间|时间要求|时限要求|办结时限|完成期限|时间节点|时限)\s*:/;

/**
 * Whether normalised, trimmed `norm` starts a line of its own: a numbering label, a unit or
 * people label (`牵头单位：`), a time-limit label. Used to rejoin lines a layout broke.
 */
export function startsNewLine(norm: string): boolean {
  return matchLabel(norm) !== undefined || UNIT_LABEL_LINE_RE.test(norm) || TIME_LINE_RE.test(norm);
}

const FOOTER_RE =
  /^\s*(?:[-—–－─]+\s*\d{1,4}\s*[-—–－─]+|第\s*\d{1,4}\s*页(?:\s*[,/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4}|page\s*\d+(?:\s*of\s*\d+)?)\s*$/i;
const ENDS_CLOSED_RE = /[。;!?:)\]】〕”]$/;
/** Word conversion leaves `[bookmark: _GoBack]` markers; they are not content. */
export const ARTIFACT_RE = /\[bookmark:[^\]\n]*\]/g;

/**
 * The width a document was hard-wrapped at (text copied out of a PDF, a fixed-width export), or
 * null: the most common length of long lines when a good share of lines have it.
 */
function wrapWidth(lines: string[]): number | null {
  const counts = new Map<number, number>();
  let long = 0;
  for (const l of lines) {
    const n = l.trimEnd().length;
    if (n < 16) continue;
    long++;
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  let best = 0;
  let width = 0;
  for (const [n, c] of counts) {
    if (c > best || (c === best && n > width)) {
      best = c;
      width = n;
    }
  }
  return best >= 5 && best >= long * 0.25 ? width : null;
}

/** Source text → logical lines (blank lines and page footers dropped, broken lines joined). */
export function readLogicalLines(source: string): LogicalLine[] {
  const raw = source.split('\n').map((l) => l.replace(ARTIFACT_RE, ''));
  const width = wrapWidth(raw);
  const out: LogicalLine[] = [];
  let prevRawLen = 0;
  for (let i = 0; i < raw.length; i++) {
    const norm = normalizeChars(raw[i]);
    const [a, b] = trimBounds(norm);
    if (a === b) continue;
    if (FOOTER_RE.test(norm) || (width !== null && /^\s*\d{1,3}\s*$/.test(norm))) continue;
    const orig = raw[i].slice(a, b);
    const body = norm.slice(a, b);
    const last = out[out.length - 1];
    if (last && continues(last, body, width, prevRawLen)) {
      last.lines.add(last.orig.length, i + 1);
      last.orig += orig;
      last.norm += body;
    } else {
      const lines = new LineMap();
      lines.add(0, i + 1);
      out.push({ orig, norm: body, lines, line: i + 1 });
    }
    prevRawLen = raw[i].trimEnd().length;
  }
  for (const l of out) l.label = matchLabel(l.norm);
  return out;
}

/** Whether `next` continues logical line `last` rather than starting a new one. */
function continues(
  last: LogicalLine,
  next: string,
  width: number | null,
  prevRawLen: number,
): boolean {
  const startsNew = startsNewLine(next);
  const closed = ENDS_CLOSED_RE.test(last.norm);
  // A hard-wrapped line (full width) goes on, unless it ended a sentence and a label follows.
  if (width !== null && prevRawLen >= width - 1 && !(closed && startsNew)) return true;
  if (startsNew) return false;
  // A list cut after a separator, or an open bracket closed on the next line.
  if (/[、,]$/.test(last.norm)) return true;
  const open = openDepth(last.norm);
  return open > 0 && /^[^(]*\)/.test(next);
}

function openDepth(s: string): number {
  let depth = 0;
  for (let i = Math.max(0, s.length - 400); i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth = Math.max(0, depth - 1);
  }
  return depth;
}

/**
 * Keeps the labels that continue their sequence and clears the others (they are text). A label
 * may restart at 1 once a label of another style has been seen since its last one.
 */
export function validateLabels(lines: LogicalLine[]): void {
  const last = new Map<LabelStyle, number>();
  const seenAbove = new Map<LabelStyle, boolean>();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const label = l.label;
    if (!label) continue;
    const prev = last.get(label.style);
    // Out of sequence but after a finished sentence (`…。(省民政厅)` then `2.…`): a misnumbered
    // item, kept (the numbering check warns); a wrapped fragment never follows a finished line.
    const afterClosed = i > 0 && ENDS_CLOSED_RE.test(lines[i - 1].norm);
    const ok =
      afterClosed ||
      prev === undefined ||
      label.no === prev + 1 ||
      label.no === prev ||
      label.no === prev + 2 ||
      (label.no === 1 && seenAbove.get(label.style) === true);
    if (!ok) {
      l.label = undefined;
      continue;
    }
    last.set(label.style, label.no);
    // Any other label in between lets a style restart at 1 (items under a new chapter,
    // sub-points under a new item).
    for (const style of last.keys()) seenAbove.set(style, style !== label.style);
  }
}

/**
 * `三、提升服务能力 (七)增强信息化应用能力。…`: a heading and the next level's label on one line
 * become two logical lines.
 */
export function splitInlineHeadings(lines: LogicalLine[]): LogicalLine[] {
  const out: LogicalLine[] = [];
  for (const l of lines) {
    const label = l.label;
    if (label && (label.style === 'cn' || label.style === 'part')) {
      const inner = /\s\(\s*[一二三四五六七八九十]+\s*\)/.exec(l.norm.slice(label.length));
      if (inner) {
        const at = label.length + inner.index + 1;
        const head: LogicalLine = {
          ...l,
          orig: l.orig.slice(0, at).trimEnd(),
          norm: l.norm.slice(0, at).trimEnd(),
        };
        const lines = new LineMap();
        lines.add(0, l.lines.lineAt(at));
        const rest: LogicalLine = {
          orig: l.orig.slice(at),
          norm: l.norm.slice(at),
          lines,
          line: l.lines.lineAt(at),
        };
        rest.label = matchLabel(rest.norm);
        out.push(head, rest);
        continue;
      }
    }
    out.push(l);
  }
  return out;
}
