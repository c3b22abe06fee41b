/** The item level of a prose plan: which numbering level's entries are the items, and their headings. */
import { trimBounds } from '../../../common/text/text-spans';
import { LabelStyle, LogicalLine, STYLE_RANK } from './plan-outline';
import { findUnitBrackets, isRoleSentence, UNIT_LABEL_LINE_RE } from './unit-list.parser';

/** One numbered entry of the outline with the logical lines it spans (its label line first). */
export interface OutlineNode {
  style: LabelStyle;
  no: number;
  /** Index of its label line in the logical lines. */
  at: number;
  /** Index after the last line of its own segment (up to the next label of any level). */
  segEnd: number;
}

export function outlineNodes(lines: LogicalLine[]): OutlineNode[] {
  const nodes: OutlineNode[] = [];
  for (let i = 0; i < lines.length; i++) {
    const label = lines[i].label;
    if (!label) continue;
    if (nodes.length > 0) nodes[nodes.length - 1].segEnd = i;
    nodes.push({ style: label.style, no: label.no, at: i, segEnd: lines.length });
  }
  return nodes;
}

/** Index after the last line of node k's whole block (its segment and everything below it). */
function blockEnd(nodes: OutlineNode[], k: number, total: number): number {
  const rank = STYLE_RANK[nodes[k].style];
  for (let j = k + 1; j < nodes.length; j++) {
    if (STYLE_RANK[nodes[j].style] <= rank) return nodes[j].at;
  }
  return total;
}

/** Whether node k's block (its segment and the segments of everything below it, up to `end`) has units. */
function blockHasUnits(nodes: OutlineNode[], segUnits: boolean[], k: number, end: number): boolean {
  for (let j = k; j < nodes.length && nodes[j].at < end; j++) if (segUnits[j]) return true;
  return false;
}

/** Whether logical lines [from, to) carry a unit list (a label line, a bracket list, a role line). */
export function carriesUnits(
  lines: LogicalLine[],
  from: number,
  to: number,
  firstOffset: number,
): boolean {
  for (let i = from; i < to; i++) {
    const n = i === from ? lines[i].norm.slice(firstOffset) : lines[i].norm;
    if (i > from && UNIT_LABEL_LINE_RE.test(n)) return true;
    if (findUnitBrackets(n).length > 0) return true;
    if (i > from && isRoleSentence(n)) return true;
  }
  return false;
}

/**
 * The level whose entries carry unit lists: the most entries with units, then the highest share
 * of its entries with units, then the deeper level. With no unit lists at all: the deepest level
 * that has more than one entry.
 */
export function chooseItemStyle(
  nodes: OutlineNode[],
  segUnits: boolean[],
  total: number,
): LabelStyle | null {
  if (nodes.length === 0) return null;
  const stats = new Map<LabelStyle, { n: number; u: number }>();
  nodes.forEach((nd, k) => {
    const s = stats.get(nd.style) ?? { n: 0, u: 0 };
    s.n++;
    if (blockHasUnits(nodes, segUnits, k, blockEnd(nodes, k, total))) s.u++;
    stats.set(nd.style, s);
  });
  const maxU = Math.max(...[...stats.values()].map((s) => s.u));
  if (maxU === 0) {
    // No unit lists at all: the deepest level that has more than one entry.
    const styles = [...stats.entries()].sort((x, y) => STYLE_RANK[y[0]] - STYLE_RANK[x[0]]);
    return (styles.find(([, s]) => s.n > 1) ?? styles[0])[0];
  }
  // Levels with the most entries carrying units, deepest first. A deeper level wins unless its
  // entries with units are mostly the last of several siblings: then the list closes the entry
  // above (`一、…（1）…（2）…（牵头单位：…）`), and the level above is the item.
  const tied = [...stats.entries()]
    .filter(([, s]) => s.u === maxU)
    .map(([style]) => style)
    .sort((x, y) => STYLE_RANK[y] - STYLE_RANK[x]);
  let k = 0;
  while (k + 1 < tied.length && closesParent(nodes, segUnits, tied[k]) > 0.5) k++;
  return tied[k];
}

/** Share of `style`'s entries with a unit list that are the last of two or more siblings. */
function closesParent(nodes: OutlineNode[], segUnits: boolean[], style: LabelStyle): number {
  const rank = STYLE_RANK[style];
  let withUnits = 0;
  let closing = 0;
  let group: number[] = [];
  const flush = () => {
    group.forEach((j, g) => {
      if (!segUnits[j]) return;
      withUnits++;
      if (group.length > 1 && g === group.length - 1) closing++;
    });
    group = [];
  };
  nodes.forEach((nd, j) => {
    if (STYLE_RANK[nd.style] < rank) flush();
    else if (nd.style === style) group.push(j);
  });
  flush();
  return withUnits === 0 ? 0 : closing / withUnits;
}

export interface Chosen {
  node: OutlineNode;
  /** Index after the item's last logical line. */
  end: number;
  chapter: string | null;
  section: string | null;
  hasUnits: boolean;
}

/**
 * The entries of the item level, with their chapter and section (the two levels above, when the
 * document has them). Entries before the first heading of a document that has headings (a
 * notice's summary of its annex), and entries without units after the last one that has units
 * under another heading (closing paragraphs), are not items.
 */
export function chooseItems(
  nodes: OutlineNode[],
  segUnits: boolean[],
  lines: LogicalLine[],
  itemStyle: LabelStyle,
): Chosen[] {
  const itemRank = STYLE_RANK[itemStyle];
  const above = [...new Set(nodes.map((n) => n.style))]
    .filter((s) => STYLE_RANK[s] < itemRank)
    .sort((a, b) => STYLE_RANK[a] - STYLE_RANK[b]);
  const chapterStyle = above[0];
  const sectionStyle = above[1];
  let chapter: string | null = null;
  let section: string | null = null;
  let seenHeading = false;
  const out: Chosen[] = [];
  nodes.forEach((nd, k) => {
    if (nd.style === chapterStyle) {
      chapter = headingTitle(lines[nd.at]);
      section = null;
      seenHeading = true;
    } else if (nd.style === sectionStyle) {
      section = headingTitle(lines[nd.at]);
      seenHeading = true;
    } else if (nd.style === itemStyle) {
      if (chapterStyle !== undefined && !seenHeading) return;
      const end = blockEnd(nodes, k, lines.length);
      out.push({
        node: nd,
        end,
        chapter,
        section,
        hasUnits: blockHasUnits(nodes, segUnits, k, end),
      });
    }
  });
  let lastWithUnits = -1;
  out.forEach((c, k) => {
    if (c.hasUnits) lastWithUnits = k;
  });
  if (lastWithUnits < 0) return out;
  const lastChapter = out[lastWithUnits].chapter;
  return out.filter((c, k) => k <= lastWithUnits || c.hasUnits || c.chapter === lastChapter);
}

/** A heading as printed: label and title, cut at its first `。` (the paragraph that follows is not kept). */
function headingTitle(l: LogicalLine): string {
  const [a, b] = trimBounds(l.norm);
  const stop = l.norm.indexOf('。', a);
  const end = stop >= 0 && stop < b - 1 ? stop : b;
  return l.orig.slice(a, end).trim().replace(/。$/, '');
}
