/**
 * Reads a responsibility-decomposition plan (责任分解方案) written as prose. Pure: no I/O.
 *
 * One reader for every layout, built on what such documents share rather than on one
 * document's wording (see plan-outline.ts and unit-list.parser.ts):
 *
 * 1. Logical lines: lines broken by a hard wrap or a PDF copy are joined, footers dropped.
 * 2. Numbering at any level (`第一部分` `一、` `(一)` `1.` `(1)` `①` …), accepted only where it
 *    continues its sequence.
 * 3. Unit lists wherever they stand: brackets at a sentence boundary whose entries look like
 *    units, label lines (`牵头单位：`, `协同责任单位：`, `责任领导：`), role sentences
 *    (`A牵头，B、C配合`).
 * 4. The item level is the numbering level whose entries carry unit lists (or, with none, the
 *    deepest level); the levels above are chapter and section.
 * 5. Each item's reading carries `review` reasons when it rests on a default (the first unit
 *    taken as lead with no stated rule), on something not recognised, or when no or several
 *    unit lists were found.
 *
 * Full-width punctuation and odd spaces are normalised for recognition only; text and unit
 * names are returned exactly as printed.
 */
import { extractDeadlines } from './deadline.extractor';
import type { ParsePlanOptions, ParsedPlan, PlanItem, PlanWarning } from './plan-document.types';
import { assertLooksLikeText } from './plan-buffer.decoder';
import { PLAN_PARSE_ERROR_MESSAGES, PlanParseError, PlanParseErrorCode } from './plan-parse.errors';
import {
  ARTIFACT_RE,
  TIME_LINE_RE,
  LogicalLine,
  LabelStyle,
  readLogicalLines,
  splitInlineHeadings,
  STYLE_RANK,
  validateLabels,
} from './plan-outline';
import { normalizeChars, readDate, trimBounds, DOC_NUMBER_RE } from './plan-text.util';
import { extractTargets } from './target.extractor';
import {
  findUnitBrackets,
  isCollectiveUnit,
  isConventionOnly,
  isRoleSentence,
  parseUnitList,
  readUnitConvention,
  REVIEW,
  unbalanced,
  UNIT_LABEL_LINE_RE,
  UnitListOptions,
} from './unit-list.parser';

export { decodePlanBuffer } from './plan-buffer.decoder';
export { PlanParseError } from './plan-parse.errors';
export type { PlanParseErrorCode } from './plan-parse.errors';
export type {
  DeadlineKind,
  ParsePlanOptions,
  ParsedPlan,
  PlanDeadline,
  PlanItem,
  PlanTarget,
  PlanWarning,
  TargetOp,
} from './plan-document.types';

const DOC_NUMBER_FIELD_RE = new RegExp(String.raw`(?:^|\s)(${DOC_NUMBER_RE.source})`);
const DOC_NUMBER_LABEL_RE = /(?:发文字号|发文号|文号)\s*:\s*/;
const ISSUED_LABEL_RE = /(?:发布日期|成文日期|印发日期|发文日期)\s*:\s*/;
const HEADING_RE =
  /^\s*(?:[一二三四五六七八九十百零〇]+\s*[、.]|第(?:[一二三四五六七八九十百零〇]+|\d+)\s*(?:章|部分|篇)|\(\s*[一二三四五六七八九十百零〇]+\s*\)|\d{1,3}\s*[.、])/;

/** One numbered entry of the outline with the logical lines it spans (its label line first). */
interface Node {
  style: LabelStyle;
  no: number;
  /** Index of its label line in the logical lines. */
  at: number;
  /** Index after the last line of its own segment (up to the next label of any level). */
  segEnd: number;
}

/** A unit list found in an item, with the source line it starts on. */
interface FoundList {
  text: string;
  line: number;
  /** Written as a sentence of the text rather than in brackets or labels. */
  unbracketed?: true;
}

export function parsePlanText(text: string, opts: ParsePlanOptions = {}): ParsedPlan {
  const fail = (code: PlanParseErrorCode, line?: number): never => {
    const where = opts.sourceName ? `（文件：${opts.sourceName}）` : '';
    throw new PlanParseError(code, PLAN_PARSE_ERROR_MESSAGES[code] + where, { line });
  };
  if (typeof text !== 'string') fail('NOT_TEXT');
  const source = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  if (normalizeChars(source).trim() === '') fail('EMPTY_DOCUMENT');
  try {
    assertLooksLikeText(source);
  } catch {
    fail('NOT_TEXT');
  }

  const rawLines = source.split('\n').map((l) => l.replace(ARTIFACT_RE, ''));
  const norms = rawLines.map(normalizeChars);
  const lines = splitInlineHeadings(readLogicalLines(source));
  validateLabels(lines);
  const convention = readUnitConvention(norms.join('\n'));
  const { documentNumber, issuedOn } = readDocumentNumber(rawLines, norms);
  const title = readTitle(rawLines, norms);

  const nodes = outlineNodes(lines);
  // Whether each entry's own segment (up to the next label of any level) carries a unit list.
  const segUnits = nodes.map((nd) =>
    carriesUnits(lines, nd.at, nd.segEnd, lines[nd.at].label?.length ?? 0),
  );
  const itemStyle = chooseItemStyle(nodes, segUnits, lines.length);
  if (itemStyle === null) fail('NO_ITEMS');
  const warnings: PlanWarning[] = [];
  const chosen = chooseItems(nodes, segUnits, lines, itemStyle as LabelStyle);
  if (chosen.length === 0) fail('NO_ITEMS');
  const items = chosen.map((c) => buildItem(c, lines, issuedOn, convention, warnings));
  checkNumbering(
    chosen.map((c, k) => ({
      no: c.node.no,
      line: lines[c.node.at].line,
      chapter: items[k].chapter,
      section: items[k].section,
    })),
    warnings,
  );
  warnings.sort((a, b) => a.line - b.line);
  return { title, documentNumber, issuedOn, items, warnings };
}

function outlineNodes(lines: LogicalLine[]): Node[] {
  const nodes: Node[] = [];
  for (let i = 0; i < lines.length; i++) {
    const label = lines[i].label;
    if (!label) continue;
    if (nodes.length > 0) nodes[nodes.length - 1].segEnd = i;
    nodes.push({ style: label.style, no: label.no, at: i, segEnd: lines.length });
  }
  return nodes;
}

/** Index after the last line of node k's whole block (its segment and everything below it). */
function blockEnd(nodes: Node[], k: number, total: number): number {
  const rank = STYLE_RANK[nodes[k].style];
  for (let j = k + 1; j < nodes.length; j++) {
    if (STYLE_RANK[nodes[j].style] <= rank) return nodes[j].at;
  }
  return total;
}

/** Whether node k's block (its segment and the segments of everything below it, up to `end`) has units. */
function blockHasUnits(nodes: Node[], segUnits: boolean[], k: number, end: number): boolean {
  for (let j = k; j < nodes.length && nodes[j].at < end; j++) if (segUnits[j]) return true;
  return false;
}

/** Whether logical lines [from, to) carry a unit list (a label line, a bracket list, a role line). */
function carriesUnits(
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
function chooseItemStyle(nodes: Node[], segUnits: boolean[], total: number): LabelStyle | null {
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
function closesParent(nodes: Node[], segUnits: boolean[], style: LabelStyle): number {
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

interface Chosen {
  node: Node;
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
function chooseItems(
  nodes: Node[],
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

function buildItem(
  c: Chosen,
  lines: LogicalLine[],
  issuedOn: string | null,
  convention: UnitListOptions,
  warnings: PlanWarning[],
): PlanItem {
  const no = c.node.no;
  const texts: Array<{ orig: string; norm: string; line: LogicalLine; offset: number }> = [];
  const labelLines: FoundList[] = [];
  const lists: FoundList[] = [];
  const times: Array<{ orig: string; norm: string; line: number }> = [];
  /** texts.length when the last list was found: text after it on later lines is not the item's. */
  let textsAtLastList = -1;

  for (let i = c.node.at; i < c.end; i++) {
    const l = lines[i];
    const offset = i === c.node.at ? (l.label?.length ?? 0) : 0;
    const orig = l.orig.slice(offset);
    const norm = l.norm.slice(offset);
    if (i > c.node.at && TIME_LINE_RE.test(norm)) {
      times.push({ orig, norm, line: l.line });
      continue;
    }
    if (i > c.node.at && UNIT_LABEL_LINE_RE.test(norm)) {
      labelLines.push({ text: stripOuter(orig), line: l.line });
      textsAtLastList = texts.length;
      continue;
    }
    if (i > c.node.at && isConventionOnly(norm)) continue;
    if (i > c.node.at && isRoleSentence(norm)) {
      if (labelLines.length > 0) labelLines.push({ text: stripOuter(orig), line: l.line });
      else lists.push({ text: stripOuter(orig), line: l.line });
      textsAtLastList = texts.length;
      continue;
    }
    // Bracketed lists inside the line: cut out of the text.
    let kept = '';
    let keptNorm = '';
    let from = 0;
    const spans = findUnitBrackets(norm);
    for (const sp of spans) {
      kept += orig.slice(from, sp.start);
      keptNorm += norm.slice(from, sp.start);
      lists.push({
        text: orig.slice(sp.innerStart, sp.innerEnd),
        line: l.lines.lineAt(offset + sp.start),
      });
      from = sp.end;
    }
    let rest = orig.slice(from);
    let restNorm = norm.slice(from);
    if (spans.length > 0 && /^[\s。;.]*$/.test(restNorm)) {
      rest = '';
      restNorm = '';
    }
    kept += rest;
    keptNorm += restNorm;
    // `…工作。省发展改革委牵头，省财政厅配合。` with no other list: the last sentence is the list.
    if (spans.length === 0 && lists.length === 0 && labelLines.length === 0 && i === c.end - 1) {
      const cut = lastSentence(keptNorm);
      if (cut > 0 && isRoleSentence(keptNorm.slice(cut))) {
        lists.push({
          text: kept.slice(cut),
          line: l.lines.lineAt(offset + cut),
          unbracketed: true,
        });
        kept = kept.slice(0, cut);
        keptNorm = keptNorm.slice(0, cut);
      }
    }
    if (keptNorm.trim() !== '')
      texts.push({ orig: kept.trim(), norm: keptNorm.trim(), line: l, offset });
    if (spans.length > 0) textsAtLastList = texts.length;
  }
  // Paragraphs after the last unit list (a closing paragraph of the document) are not the item's.
  const own = textsAtLastList >= 0 ? texts.slice(0, Math.max(1, textsAtLastList)) : texts;
  // Lines are joined as printed: a break inside an item is a wrap (a PDF's layout, a hard wrap)
  // as often as a paragraph, and Chinese text needs no space at either.
  const text = own.map((t) => t.orig).join('');
  const textNorm = own.map((t) => t.norm).join('');

  const groups: FoundList[] = [...lists];
  if (labelLines.length > 0) {
    // Label lines are one list; a warning names the line with the problem.
    const bad = labelLines.find((l) => unbalanced(normalizeChars(l.text))) ?? labelLines[0];
    groups.push({ text: labelLines.map((l) => l.text).join(';'), line: bad.line });
  }
  const lead: string[] = [];
  const support: string[] = [];
  const leaders: string[] = [];
  const review: string[] = [];
  for (const g of groups) {
    const units = parseUnitList(g.text, convention);
    lead.push(...units.lead);
    support.push(...units.support);
    leaders.push(...units.leaders);
    review.push(...units.review);
    if (g.unbracketed) review.push(REVIEW.unbracketed);
    if (units.unbalanced) {
      warnings.push({
        line: g.line,
        message: `第${no}项的责任单位名单中括号不配对，已尽量拆分，请人工核对单位名称。`,
      });
    }
  }
  const unitCount = groups.filter(
    (g) => !/^[^:：]*(?:领导|负责人|责任人)\s*[:：]/.test(g.text),
  ).length;
  if (unitCount > 1) review.push(REVIEW.severalLists(unitCount));
  const leadSet = [...new Set(lead)];
  const supportSet = [...new Set(support)].filter((u) => !leadSet.includes(u));
  if (leadSet.length === 0 && supportSet.length === 0) {
    review.unshift(REVIEW.noUnits);
    warnings.push({
      line: lines[c.node.at].line,
      message: `第${no}项没有找到责任单位名单，请补充牵头单位和配合单位。`,
    });
  } else if (leadSet.length === 0) {
    warnings.push({
      line: groups[0].line,
      message: `第${no}项的责任单位名单中没有读到牵头单位，请人工核对。`,
    });
  }

  const lineOf = (k: number, pos: number) =>
    own[k]?.line.lines.lineAt(own[k].offset + pos) ?? lines[c.node.at].line;
  const { deadlines, unrecognised } = extractDeadlines(textNorm, text, issuedOn);
  for (const cue of unrecognised) {
    const k = textIndexAt(own, cue.start);
    warnings.push({
      line: lineOf(k.index, k.pos),
      message: `第${no}项中的“${cue.phrase}”像是时限要求，但未能识别出具体日期，请人工核对。`,
    });
  }
  for (const t of times) {
    const scan = extractDeadlines(t.norm, t.orig, issuedOn);
    deadlines.push(...scan.deadlines.filter((d) => !deadlines.some((x) => x.phrase === d.phrase)));
    for (const cue of scan.unrecognised) {
      warnings.push({
        line: t.line,
        message: `第${no}项中的“${cue.phrase}”像是时限要求，但未能识别出具体日期，请人工核对。`,
      });
    }
  }

  // Built in output key order; optional keys only when they say something.
  const item: PlanItem = {
    no,
    chapter: c.chapter,
    section: c.section,
    text,
    lead: leadSet,
    support: supportSet,
    ...(leaders.length > 0 ? { leaders: [...new Set(leaders)] } : {}),
    deadlines: deadlines.map(({ phrase, date, kind, cadence }) =>
      cadence ? { phrase, date, kind, cadence } : { phrase, date, kind },
    ),
    targets: extractTargets(textNorm, text),
  };
  if ([...leadSet, ...supportSet].some(isCollectiveUnit)) item.collective = true;
  if (review.length > 0) item.review = [...new Set(review)];
  return item;
}

/** `(牵头单位:X)` / `〔责任单位:A〕。` → the inside. Trimmed by hand: a regex of optional parts between
 * `\s*` runs is quadratic on a long run of spaces. */
function stripOuter(s: string): string {
  let a = 0;
  let b = s.length;
  const space = (c: string) => c.trim() === '';
  while (a < b && space(s[a])) a++;
  if (a < b && '(（〔【['.includes(s[a])) a++;
  while (b > a && (space(s[b - 1]) || '。;；'.includes(s[b - 1]))) b--;
  if (b > a && ')）〕】]'.includes(s[b - 1])) b--;
  return s.slice(a, b).trim();
}

/** Offset where the last sentence of normalised `s` starts (after its last inner `。`), or -1. */
function lastSentence(s: string): number {
  const t = s.replace(/[。;\s]+$/, '');
  const k = Math.max(t.lastIndexOf('。'), t.lastIndexOf(';'));
  return k >= 0 ? k + 1 : -1;
}

/** Which of the item's text lines (joined without separators) offset `pos` falls in. */
function textIndexAt(own: Array<{ norm: string }>, pos: number): { index: number; pos: number } {
  let p = pos;
  for (let k = 0; k < own.length; k++) {
    if (p <= own[k].norm.length) return { index: k, pos: p };
    p -= own[k].norm.length;
  }
  return { index: Math.max(0, own.length - 1), pos: 0 };
}

interface NumberedEntry {
  no: number;
  line: number;
  chapter: string | null;
  section: string | null;
}

function checkNumbering(blocks: NumberedEntry[], warnings: PlanWarning[]): void {
  let prev: NumberedEntry | null = null;
  const seen = new Set<number>();
  for (const b of blocks) {
    if (prev === null) {
      if (b.no !== 1) {
        warnings.push({ line: b.line, message: `编号从第${b.no}项开始，前面的事项可能缺失。` });
      }
    } else if (b.no === prev.no + 1) {
      // in sequence
    } else if (b.no === 1 && (b.chapter !== prev.chapter || b.section !== prev.section)) {
      seen.clear(); // numbering restarts under a new heading
    } else if (seen.has(b.no)) {
      warnings.push({ line: b.line, message: `编号重复：第${b.no}项出现了不止一次。` });
    } else if (b.no > prev.no + 1) {
      const missing =
        b.no === prev.no + 2 ? `第${prev.no + 1}项` : `第${prev.no + 1}至${b.no - 1}项`;
      warnings.push({
        line: b.line,
        message: `编号不连续：第${b.no}项紧接在第${prev.no}项之后，缺少${missing}。`,
      });
    } else {
      warnings.push({
        line: b.line,
        message: `编号顺序有误：第${b.no}项出现在第${prev.no}项之后。`,
      });
    }
    seen.add(b.no);
    prev = b;
  }
}

/** The `X〔YYYY〕N号` token at the start of a line (or after 文号:), and the date beside it. */
function readDocumentNumber(
  lines: string[],
  norms: string[],
): { documentNumber: string | null; issuedOn: string | null } {
  let documentNumber: string | null = null;
  let issuedOn: string | null = null;
  for (let i = 0; i < lines.length && documentNumber === null; i++) {
    const n = norms[i];
    const label = DOC_NUMBER_LABEL_RE.exec(n);
    // Only a token that starts a line, a space-separated field or a 文号: label; a number
    // cited in brackets or inside a sentence (`(苏发〔2012〕14号)`) is another document's.
    const found = label
      ? DOC_NUMBER_RE.exec(n.slice(label.index + label[0].length))
      : DOC_NUMBER_FIELD_RE.exec(n);
    if (!found || (label && found.index !== 0)) continue;
    const from = label
      ? label.index + label[0].length
      : found.index + found[0].length - found[1].length;
    const token = label ? found[0] : found[1];
    documentNumber = lines[i].slice(from, from + token.length).trim();
    const rest = n.slice(from + token.length);
    const d = /(?:19|20)\d{2}\s*(?:年|[-/.])/.exec(rest);
    if (d) issuedOn = readDate(rest.slice(d.index));
  }
  if (issuedOn === null) {
    for (const n of norms) {
      const m = ISSUED_LABEL_RE.exec(n);
      const date = m ? readDate(n.slice(m.index + m[0].length)) : null;
      if (date) {
        issuedOn = date;
        break;
      }
    }
  }
  return { documentNumber, issuedOn };
}

/** A line that could be a title: short, no sentence punctuation, no date or document number. */
function isHeadingLike(norm: string): boolean {
  const t = norm.trim();
  if (t.length < 2 || t.length > 60) return false;
  if (/[。,:;!?]/.test(t)) return false;
  if (/^\(.*\)$/.test(t) || /^[\d\s.-]+$/.test(t)) return false;
  if (HEADING_RE.test(t)) return false;
  if (DOC_NUMBER_RE.test(t)) return false;
  if (/(?:19|20)\d{2}\s*(?:年\s*\d{1,2}\s*月|-\d{1,2}-)|[〇○零一二三四五六七八九]{4}年/.test(t))
    return false;
  return true;
}

/**
 * The standalone heading before the first chapter (or first item): the plan's own title,
 * not the covering notice's. A title wrapped over two lines (`…建设的` / `实施方案`) is
 * joined. Falls back to the first non-empty line.
 */
function readTitle(lines: string[], norms: string[]): string {
  const firstStructure = norms.findIndex((n) => HEADING_RE.test(n));
  for (let i = (firstStructure < 0 ? lines.length : firstStructure) - 1; i >= 0; i--) {
    if (norms[i].trim() === '' || !isHeadingLike(norms[i])) continue;
    let title = lines[i].trim();
    const above = i > 0 ? norms[i - 1].trim() : '';
    if (above && isHeadingLike(above) && (title.length <= 8 || /[的和与及之《]$/.test(above))) {
      title = lines[i - 1].trim() + title;
    }
    return title;
  }
  const first = lines.find((l) => normalizeChars(l).trim() !== '');
  return first ? first.trim() : '';
}
