/**
 * What a table cell looks like, and how the cells of a row that lost its grid (a table pasted
 * or published as text, one cell per line) are laid back onto the header's columns. Pure.
 *
 * A flattened row can carry fewer cells than the header (a column merged over several rows
 * is printed once, empty cells are left out) or more (a cell wrapped over two lines). The
 * cells keep their order, so laying them out is an alignment: each cell goes to a column to
 * the right of the previous one, a column may be left empty, a wrapped cell continues the
 * column before it, and an empty cell may be dropped. The alignment chosen is the one whose
 * cells best fit their columns by what they look like: a number in 序号, unit names in the
 * unit columns, a person's name in the leader column, dates in the deadline column,
 * sentences in the text columns (first) and the progress columns (after).
 */
import { normalizeChars } from '../../../common/text/normalize-chars';
import { joinWrapped } from '../../../common/text/wrapped-lines';
import { bareUnitName } from './unit-labels';
import { looksLikeUnit as looksLikeUnitName } from './unit-lexicon';

/** The role of a column, as far as the layout is concerned. */
export type LayoutRole =
  | 'no'
  | 'text'
  | 'unit'
  | 'leaders'
  | 'deadline'
  /** Progress, remarks and unknown columns: read past, never used. */
  | 'other';

export type CellKind =
  'empty' | 'number' | 'unit' | 'person' | 'date' | 'status' | 'sentence' | 'short';

/** Places a table cell may name as its responsible body (`城区`, `某县`); unit endings are unit-lexicon.ts's. */
const PLACE_RE = /(区|县|市|省|州|旗|盟|片区)$/;
/** One entry of a unit list looks like a unit (by its ending, or as a collective). */
export function looksLikeUnit(entry: string): boolean {
  const n = bareUnitName(entry);
  if (!n) return false;
  return looksLikeUnitName(n) || PLACE_RE.test(n);
}

/** `徐国江`, `张三、李四`: 2–4 CJK characters each (or with a middle dot), no unit ending. */
export function looksLikePerson(text: string): boolean {
  const entries = normalizeChars(text)
    .trim()
    .split(/[、,;\s]+/)
    .filter(Boolean);
  return (
    entries.length > 0 &&
    entries.every(
      (e) =>
        /^[\u4e00-\u9fff][\u4e00-\u9fff·]{1,4}$/.test(e) &&
        e.length <= 5 &&
        !looksLikeUnitName(e) &&
        !PLACE_RE.test(e) &&
        !/[是否已未完成推进滞后正常]/.test(e.slice(-1)),
    )
  );
}

/** A 序号 cell: `24`, `24.`, `(3)`, `（一）`, `一`, `第3项`. */
export function looksLikeNumber(text: string): boolean {
  const n = normalizeChars(text).replace(/\s+/g, '');
  return (
    /^(?:第)?\(?\d{1,4}\)?(?:项|[.、])?$/.test(n) ||
    /^\(?[一二三四五六七八九十百]{1,4}\)?[、.]?$/.test(n)
  );
}

const DATE_RE =
  /(?:19|20)\d{2}\s*(?:年|[./-]\d)|\d{1,2}\s*月(?:底|末|份|中旬|上旬|下旬|\d)?|年底|年内|季度|长期|持续|常态|每(?:年|季|月|周)|定期|前$/;
const STATUS_RE =
  /^(?:是|否|无|有|已完成|完成|未完成|基本完成|正常|正常推进|推进中|进行中|序时推进|按序时推进|达序|未达序|滞后|已启动|未启动|—+|-+|\/)$/;

/** What a cell looks like, for alignment. */
export function cellKind(text: string): CellKind {
  const t = normalizeChars(text).trim();
  if (!t) return 'empty';
  if (looksLikeNumber(t)) return 'number';
  if (STATUS_RE.test(t.replace(/[。.]$/, ''))) return 'status';
  const entries = t
    .replace(/^[^:]{0,8}:/, '')
    .split(/[、,;\n]+|(?<=牵头|配合|负责|参与)/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length > 0 && entries.every(looksLikeUnit) && t.length <= 200) return 'unit';
  if (t.length <= 20 && DATE_RE.test(t)) return 'date';
  if (looksLikePerson(t)) return 'person';
  if (t.length > 12 || /[。,;!?]/.test(t)) return 'sentence';
  return 'short';
}

/** How well a cell of a kind fits a column of a role; higher is better. */
const FIT: Record<CellKind, Record<LayoutRole, number>> = {
  empty: { no: 0, text: 0, unit: 0, leaders: 0, deadline: 0, other: 0 },
  number: { no: 3, text: -2, unit: -3, leaders: -3, deadline: -1, other: 0 },
  unit: { no: -4, text: -1, unit: 3, leaders: -2, deadline: -3, other: -0.5 },
  person: { no: -4, text: -1.5, unit: -1, leaders: 3, deadline: -3, other: -0.5 },
  date: { no: -4, text: -0.5, unit: -2, leaders: -3, deadline: 3, other: 0.5 },
  status: { no: -4, text: -1, unit: -2, leaders: -2, deadline: -2, other: 2 },
  sentence: { no: -4, text: 2, unit: -2, leaders: -3, deadline: -1, other: 1.5 },
  short: { no: -3, text: 1, unit: -0.5, leaders: -1, deadline: -1, other: 1 },
};
/** Leaving a column without a cell. */
const SKIP = -1;
/** A cell continuing the cell before it in the same column (a wrapped line). */
const CONTINUE = -1.5;
/** An empty cell read past (a row terminator, a stray separator). */
const DROP_EMPTY = -0.5;

export interface Alignment {
  /** One text per column; a wrapped cell's lines are joined. */
  texts: string[];
  /** Index (in the input) of the first cell placed in each column, or -1. */
  from: number[];
  /** True when the cells did not map one to one onto the columns. */
  realigned: boolean;
}

/**
 * Lays `cells` onto columns of `roles`, keeping their order (see the file comment). With as
 * many cells as columns and every cell fitting, the layout is one to one.
 */
export function alignCells(cells: string[], roles: LayoutRole[]): Alignment {
  const n = cells.length;
  const w = roles.length;
  const kinds = cells.map(cellKind);
  // Ties: among text columns a sentence prefers the later one (a merged text column, a
  // category over several rows, stands to the left of the per-row text); among unit columns
  // units prefer the earlier one (the lead column comes first).
  const fit = (i: number, j: number) => {
    const base = FIT[kinds[i]][roles[j]];
    if (kinds[i] === 'empty') return base;
    if (roles[j] === 'text') return base + j * 0.01;
    if (roles[j] === 'unit') return base - j * 0.01;
    return base;
  };
  // A wrapped line continues a cell of its own kind: text with text, units with units.
  const canContinue = (i: number, j: number) => {
    const k = kinds[i];
    if (roles[j] === 'text') return k === 'sentence' || k === 'short';
    // A unit list wraps after a separator (`市财政局、` / `各区政府`).
    if (roles[j] === 'unit')
      return k === 'unit' && i > 0 && /[、,，;；]$/.test(cells[i - 1].trim());
    return roles[j] === 'other' && k !== 'empty' && k !== 'number';
  };

  // best[i][j]: best score having placed cells [0, i) into columns [0, j), where column j-1
  // holds cell i-1 (open) or not. Two tables: `open` (column j-1 ends with cell i-1).
  const NEG = -1e9;
  const closed: number[][] = Array.from({ length: n + 1 }, () =>
    new Array<number>(w + 1).fill(NEG),
  );
  const open: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(w + 1).fill(NEG));
  type Step = 'skip' | 'place' | 'continue' | 'drop';
  const stepC: Array<Array<Step | null>> = Array.from({ length: n + 1 }, () =>
    new Array<Step | null>(w + 1).fill(null),
  );
  const stepO: Array<Array<Step | null>> = Array.from({ length: n + 1 }, () =>
    new Array<Step | null>(w + 1).fill(null),
  );
  const fromOpenC: boolean[][] = Array.from({ length: n + 1 }, () =>
    new Array<boolean>(w + 1).fill(false),
  );
  const fromOpenO: boolean[][] = Array.from({ length: n + 1 }, () =>
    new Array<boolean>(w + 1).fill(false),
  );
  closed[0][0] = 0;
  const best = (i: number, j: number): [number, boolean] =>
    open[i][j] >= closed[i][j] ? [open[i][j], true] : [closed[i][j], false];

  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= w; j++) {
      // Skip column j-1 (no cell): from any state at (i, j-1).
      if (j > 0) {
        const [s, o] = best(i, j - 1);
        if (s + SKIP > closed[i][j]) {
          closed[i][j] = s + SKIP;
          stepC[i][j] = 'skip';
          fromOpenC[i][j] = o;
        }
      }
      // Drop empty cell i-1.
      if (i > 0 && kinds[i - 1] === 'empty') {
        const [s, o] = best(i - 1, j);
        if (s + DROP_EMPTY > closed[i][j]) {
          closed[i][j] = s + DROP_EMPTY;
          stepC[i][j] = 'drop';
          fromOpenC[i][j] = o;
        }
      }
      if (i > 0 && j > 0) {
        // Place cell i-1 into column j-1.
        const [s, o] = best(i - 1, j - 1);
        const placed = s + fit(i - 1, j - 1);
        if (placed > open[i][j]) {
          open[i][j] = placed;
          stepO[i][j] = 'place';
          fromOpenO[i][j] = o;
        }
        // Continue column j-1 with cell i-1.
        if (canContinue(i - 1, j - 1) && open[i - 1][j] > NEG) {
          const c = open[i - 1][j] + CONTINUE;
          if (c > open[i][j]) {
            open[i][j] = c;
            stepO[i][j] = 'continue';
            fromOpenO[i][j] = true;
          }
        }
      }
    }
  }

  // Trace back.
  const texts = new Array<string>(w).fill('');
  const from = new Array<number>(w).fill(-1);
  const parts: string[][] = Array.from({ length: w }, () => []);
  let realigned = n !== w;
  let [, isOpen] = best(n, w);
  let i = n;
  let j = w;
  while (i > 0 || j > 0) {
    const step = isOpen ? stepO[i][j] : stepC[i][j];
    const prevOpen = isOpen ? fromOpenO[i][j] : fromOpenC[i][j];
    if (step === null) break;
    if (step === 'skip') {
      realigned = true;
      j--;
    } else if (step === 'drop') {
      realigned = true;
      i--;
    } else if (step === 'place') {
      parts[j - 1].unshift(cells[i - 1]);
      from[j - 1] = i - 1;
      i--;
      j--;
    } else {
      realigned = true;
      parts[j - 1].unshift(cells[i - 1]);
      i--;
    }
    isOpen = prevOpen;
  }
  parts.forEach((p, c) => {
    texts[c] = joinWrapped(p.map((s) => s.trim()).filter(Boolean));
  });
  return { texts, from, realigned };
}
