/** A PDF's body lines rejoined into paragraphs, one per output line, as a clerk would type them. */
import { normalizeChars } from '../../../common/text/normalize-chars';
import { joinWrapped } from '../../../common/text/wrapped-lines';
import { CJK, type PdfLine, type PdfPage } from './pdf-lines';
import { dropRunningLines } from './pdf-running-lines';
import { startsNewLine } from './plan-outline';

const PARAGRAPH_END_RE = /[。；;：:！？!?]$/;

/** A line that starts a paragraph of its own: the outline's rule for text (labels, label words). */
export function startsParagraph(text: string): boolean {
  return startsNewLine(normalizeChars(text).trim());
}

/** Joins the body lines into paragraphs, one per output line; a blank line where the page has a gap. */
export function pdfPagesToText(pages: PdfPage[]): string {
  const bodies = dropRunningLines(pages);
  const out: string[] = [];
  let current: string | null = null;
  /** The previous line and its page's right text margin. */
  let prev: { line: PdfLine; margin: number } | null = null;

  const indentMode = usesFirstLineIndent(bodies);
  for (const lines of bodies) {
    if (lines.length === 0) continue;
    const left = Math.min(...lines.map((l) => l.x));
    const margin = Math.max(...lines.map((l) => l.right));
    const pitch = medianPitch(lines);
    lines.forEach((line, i) => {
      const text = line.text.trim();
      const blank = i > 0 && pitch > 0 && lines[i - 1].y - line.y > 1.7 * pitch;
      const indented = line.x > left + 0.3 * line.size;
      const continues =
        current !== null &&
        prev !== null &&
        wrapsInto(prev.line, prev.margin, text, indentMode) &&
        !blank &&
        !indented &&
        !startsParagraph(text);
      if (continues) {
        current = joinWrapped([current as string, text]);
      } else {
        if (current !== null) out.push(current);
        if (blank) out.push('');
        current = text;
      }
      prev = { line, margin };
    });
  }
  if (current !== null) out.push(current);
  return `${out.join('\n')}\n`;
}

/** Characters that may not start a line: the layout carries the glyph before them down too. */
const NO_LINE_START = '，。、；：？！,.;:?!)）」』”’》〉】〕…—％%';

/**
 * Whether `line` was broken by the layout before `next`: it does not end a sentence, and what
 * starts `next` (its first glyph or Latin word, with the punctuation that may not start a line)
 * would not have fitted in the room left before the right margin.
 */
function wrapsInto(line: PdfLine, margin: number, next: string, indentMode: boolean): boolean {
  const text = line.text.trim();
  if (PARAGRAPH_END_RE.test(text)) {
    // In a document whose paragraphs start indented, a full line ending a sentence is followed
    // by an unindented line of the same paragraph; so is an item's unit list `（…）` wrapped
    // below a full sentence.
    const full = margin - line.right < 1.5 * line.size;
    return full && (indentMode || /^[(（〔【]/.test(next));
  }
  const head = /^(?:[A-Za-z0-9]+|.)/u.exec(next)?.[0] ?? '';
  let chunk = head;
  for (const ch of next.slice(head.length)) {
    if (!NO_LINE_START.includes(ch)) break;
    chunk += ch;
  }
  const width = [...chunk].reduce((w, ch) => w + (CJK.test(ch) ? 1 : 0.6), 0) * line.size;
  return margin - line.right < width + 0.25 * line.size;
}

/**
 * Whether paragraphs start with an indented first line (as 公文 do: two characters): then an
 * unindented line after a full one continues its paragraph even after a full stop. Judged over
 * the lines that follow a line ending a sentence: most of them are indented.
 */
function usesFirstLineIndent(bodies: PdfLine[][]): boolean {
  let starts = 0;
  let indented = 0;
  for (const lines of bodies) {
    if (lines.length === 0) continue;
    const left = Math.min(...lines.map((l) => l.x));
    for (let i = 1; i < lines.length; i++) {
      if (!/[。；;！？!?]$/.test(lines[i - 1].text.trim())) continue;
      starts++;
      if (lines[i].x > left + 0.3 * lines[i].size) indented++;
    }
  }
  return starts >= 3 && indented >= 0.7 * starts;
}

function medianPitch(lines: PdfLine[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const g = lines[i - 1].y - lines[i].y;
    if (g > 0) gaps.push(g);
  }
  if (gaps.length === 0) return 0;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)];
}
