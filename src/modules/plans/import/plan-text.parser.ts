/**
 * Reads a responsibility-decomposition plan (责任分解方案) from plain text. Pure: no I/O.
 *
 * The reference layout (Jiangsu, 苏办〔2012〕85号):
 *
 *     关于进一步加强新时期民政工作责任分解方案        ← title
 *       一、充分发挥民政在社会建设中的骨干作用         ← chapter
 *       (一)更好地促进民生改善                        ← section
 *       1.完善社会救助制度,…。(省民政厅、省财政厅)    ← item; first unit leads, the rest support
 *
 * Full-width punctuation (`（），：`) and U+3000/U+00A0 indents are normalised for recognition
 * only; item text and unit names are returned exactly as printed. Documents whose tasks are
 * `（一）…。（牵头单位：X，配合单位：A、B）` paragraphs without `1.` numbering are read as
 * items numbered by their section numeral.
 */
import { extractDeadlines } from './deadline.extractor';
import type { ParsePlanOptions, ParsedPlan, PlanItem, PlanWarning } from './plan-document.types';
import { assertLooksLikeText } from './plan-buffer.decoder';
import { PLAN_PARSE_ERROR_MESSAGES, PlanParseError, PlanParseErrorCode } from './plan-parse.errors';
import {
  chineseToNumber,
  LineMap,
  normalizeChars,
  readDate,
  trimBounds,
  DOC_NUMBER_RE,
} from './plan-text.util';
import { extractTargets } from './target.extractor';
import {
  findTrailingUnitList,
  isCollectiveUnit,
  isConventionOnly,
  parseUnitList,
  readUnitConvention,
  unbalanced,
  UNIT_LABELS,
  UnitListOptions,
  UnitListSpan,
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

const CN_NUMERAL = '[一二三四五六七八九十百零〇]+';
const CHAPTER_RE = new RegExp(
  String.raw`^\s*(?:${CN_NUMERAL}\s*[、.]|第(?:${CN_NUMERAL}|\d+)\s*(?:章|部分|篇))`,
);
const SECTION_RE = new RegExp(String.raw`^\s*\(\s*(${CN_NUMERAL})\s*\)`);
const SECTION_INSIDE_RE = new RegExp(String.raw`\s\(\s*${CN_NUMERAL}\s*\)`);
/** Any `(一)` on a line: lines that can start a section paragraph (see chooseBlocks). */
const SECTION_ANYWHERE_RE = new RegExp(String.raw`\(\s*${CN_NUMERAL}\s*\)`);
/** `12.…` or `12、…`; `1.5万…` is a number, but `3.2015年底前…`/`3.10月底前…` is item 3. */
const ITEM_RE = /^\s*(\d{1,3})\s*[.、](?!\d(?!\d{0,3}\s*[年月日]))\s*/;
/** `(1)…` items (under `(一)` sections). */
const PAREN_ITEM_RE = /^\s*\(\s*(\d{1,3})\s*\)\s*/;
/** `①…` items. */
const CIRCLED_ITEM_RE = /^\s*([\u2460-\u2473])\s*[.、]?\s*/;
/**
 * A line under an item giving its units or people: `牵头单位:X`, `责任领导:张三`,
 * `(牵头单位:X;配合单位:Y)`, `〔责任单位:A、B按职责分工负责〕`.
 */
const LABEL_LINE_RE = new RegExp(String.raw`^\s*[(〔【\[]?\s*(?:${UNIT_LABELS})\s*:`);
/** A line under an item giving its time limit: `完成时限:2023年底前`. */
const TIME_LINE_RE = /^\s*(?:完成时限|完成时间|时间要求|时限要求|办结时限|时限)\s*:/;
/** A line of role phrases only: `省民政厅、省财政厅牵头,省教育厅参与。` */
const ROLE_LINE_RE =
  /^[^。:]{2,150}(?:牵头|分别牵头|按职责分工负责|参与|配合)(?:[,;][^。:]{2,150}(?:牵头|负责|参与|配合|协助))*[。;]?$/;

type ItemKind = 'arabic' | 'paren' | 'circled' | 'none';
const ITEM_KINDS: ItemKind[] = ['arabic', 'paren', 'circled', 'none'];

function matchItem(kind: ItemKind, norm: string): { no: number; length: number } | null {
  if (kind === 'arabic') {
    const m = ITEM_RE.exec(norm);
    return m ? { no: Number(m[1]), length: m[0].length } : null;
  }
  if (kind === 'paren') {
    const m = PAREN_ITEM_RE.exec(norm);
    return m ? { no: Number(m[1]), length: m[0].length } : null;
  }
  if (kind === 'circled') {
    const m = CIRCLED_ITEM_RE.exec(norm);
    return m ? { no: m[1].charCodeAt(0) - 0x2460 + 1, length: m[0].length } : null;
  }
  return null;
}

/** DOC_NUMBER_RE starting a line or a space-separated field. */
const DOC_NUMBER_FIELD_RE = new RegExp(String.raw`(?:^|\s)(${DOC_NUMBER_RE.source})`);
const DOC_NUMBER_LABEL_RE = /(?:发文字号|发文号|文号)\s*:\s*/;
const ISSUED_LABEL_RE = /(?:发布日期|成文日期|印发日期|发文日期)\s*:\s*/;
/** Word-to-text conversion leaves `[bookmark: _GoBack]` markers; they are not content. */
const ARTIFACT_RE = /\[bookmark:[^\]\n]*\]/g;

interface Block {
  kind: 'item' | 'section';
  no: number;
  line: number;
  chapter: string | null;
  section: string | null;
  orig: string;
  norm: string;
  lines: LineMap;
  open: boolean;
  /** Label lines under the item (`牵头单位:X`), original and normalised, with line numbers. */
  labels: Array<{ orig: string; norm: string; line: number }>;
  /** Text of `完成时限:` lines, read for deadlines only. */
  times: Array<{ orig: string; norm: string; line: number }>;
  /** findTrailingUnitList(norm), remembered for the norm length it was computed at. */
  list?: { at: number; span: UnitListSpan | null };
}

/** The block's trailing unit list; computed once per text length (blocks only grow). */
function unitListOf(b: Block): UnitListSpan | null {
  if (b.list?.at !== b.norm.length) {
    b.list = { at: b.norm.length, span: findTrailingUnitList(b.norm) };
  }
  return b.list.span;
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

  const lines = source.split('\n').map((l) => l.replace(ARTIFACT_RE, ''));
  const norms = lines.map(normalizeChars);
  const warnings: PlanWarning[] = [];

  const chosen = chooseBlocks(lines, norms);
  if (chosen.length === 0) fail('NO_ITEMS');

  const { documentNumber, issuedOn } = readDocumentNumber(lines, norms);
  const title = readTitle(lines, norms);
  const convention = readUnitConvention(norms.join('\n'));
  const items = chosen.map((b) => buildItem(b, issuedOn, convention, warnings));
  checkNumbering(chosen, warnings);

  warnings.sort((a, b) => a.line - b.line);
  return { title, documentNumber, issuedOn, items, warnings };
}

/**
 * Groups lines into numbered blocks of one numbering style (`1.…`, `(1)…` or `①…`; other
 * styles are read as text of the current block) and section paragraphs (`(一)…`).
 */
function readBlocks(lines: string[], norms: string[], kind: ItemKind): Block[] {
  const blocks: Block[] = [];
  let chapter: string | null = null;
  let section: string | null = null;
  let current: Block | null = null;

  const start = (kind: Block['kind'], no: number, i: number, from: number, to: number): Block => {
    const [a, b] = trimBounds(norms[i], from, to);
    const lineMap = new LineMap();
    lineMap.add(0, i + 1);
    const block: Block = {
      kind,
      no,
      line: i + 1,
      chapter,
      section,
      orig: lines[i].slice(a, b),
      norm: norms[i].slice(a, b),
      lines: lineMap,
      open: true,
      labels: [],
      times: [],
    };
    blocks.push(block);
    return block;
  };

  const startSection = (i: number, from: number, to: number) => {
    const n = norms[i];
    const m = SECTION_RE.exec(n.slice(from, to));
    if (!m) return;
    section = headingTitle(lines[i], n, from, to);
    const no = chineseToNumber(m[1]) ?? 0;
    current = start('section', no, i, from + m[0].length, to);
  };

  let attach: Block | null = null; // block that label lines below would belong to
  for (let i = 0; i < lines.length; i++) {
    const n = norms[i];
    const [a, b] = trimBounds(n);
    if (a === b) {
      if (current) current.open = false;
      continue;
    }
    const target: Block | null = current ?? attach;
    const body = n.slice(a, b);
    if (
      target &&
      (LABEL_LINE_RE.test(body) ||
        (target.labels.length > 0 && ROLE_LINE_RE.test(body) && !/^\s*[\d(①-⑳]/.test(body)))
    ) {
      // Label lines belong to the item above, even across blank lines.
      target.labels.push({ orig: lines[i].slice(a, b), norm: body, line: i + 1 });
      target.open = false;
      attach = target;
      continue;
    }
    if (target && TIME_LINE_RE.test(body)) {
      target.times.push({ orig: lines[i].slice(a, b), norm: body, line: i + 1 });
      target.open = false;
      attach = target;
      continue;
    }
    if (target && isConventionOnly(body.replace(/^\(|\)$/g, ''))) continue;
    attach = null;
    if (CHAPTER_RE.test(n)) {
      // `三、提升基层民政服务能力 (七)增强信息化应用能力。…` carries a section on the same line.
      const inside = SECTION_INSIDE_RE.exec(n.slice(a, b));
      const chapterEnd = inside ? a + inside.index : b;
      chapter = headingTitle(lines[i], n, a, chapterEnd);
      section = null;
      current = null;
      if (inside) startSection(i, chapterEnd + 1, b);
      continue;
    }
    if (SECTION_RE.test(n)) {
      startSection(i, a, b);
      continue;
    }
    const item = matchItem(kind, n);
    if (item) {
      current = start('item', item.no, i, item.length, b);
      attach = current;
      continue;
    }
    const open: Block | null = current;
    if (open && open.open && open.labels.length === 0 && !unitListOf(open)) {
      // A wrapped item: the text (or its unit list) continues on the next line.
      open.lines.add(open.norm.length, i + 1);
      open.orig += lines[i].slice(a, b);
      open.norm += n.slice(a, b);
      continue;
    }
    current = null;
  }
  return blocks;
}

const hasUnits = (b: Block) => b.labels.length > 0 || unitListOf(b) !== null;

/**
 * Tries each numbering style and keeps the one whose items carry the most unit lists (ties:
 * `1.` over `(1)` over `①`). When no numbered item has units, the `(一)…` paragraphs that do
 * are the items, numbered 1..n in document order.
 */
function chooseBlocks(lines: string[], norms: string[]): Block[] {
  let best: Block[] = [];
  let bestScore = -1;
  for (const kind of ITEM_KINDS) {
    // Each style's score is at most the number of lines that could start one of its items;
    // a style that cannot beat the best so far (or does not occur at all) skips the pass.
    const bound = norms.filter((n) =>
      kind === 'none' ? SECTION_ANYWHERE_RE.test(n) : matchItem(kind, n) !== null,
    ).length;
    if (bound === 0 || (best.length > 0 && bound <= bestScore)) continue;
    const blocks = readBlocks(lines, norms, kind);
    let chosen: Block[];
    if (kind === 'none') {
      chosen = blocks.filter((b) => b.kind === 'section' && hasUnits(b));
      chosen.forEach((b, k) => (b.no = k + 1));
    } else {
      chosen = blocks.filter((b) => b.kind === 'item');
    }
    const score = chosen.filter(hasUnits).length;
    if (score > bestScore || (bestScore <= 0 && best.length === 0 && chosen.length > 0)) {
      best = chosen;
      bestScore = score;
    }
  }
  return best;
}

/** A heading line, trimmed; a heading that runs on into body text is cut at its first `。`. */
function headingTitle(orig: string, norm: string, from: number, to: number): string {
  const [a, b] = trimBounds(norm, from, to);
  const stop = norm.indexOf('。', a);
  const end = stop >= 0 && stop < b - 1 ? stop : b;
  return orig.slice(a, end).trim();
}

function buildItem(
  block: Block,
  issuedOn: string | null,
  convention: UnitListOptions,
  warnings: PlanWarning[],
): PlanItem {
  const list = unitListOf(block);
  const [ts, te] = trimBounds(block.norm, 0, list ? list.start : block.norm.length);
  const text = block.orig.slice(ts, te);
  const textNorm = block.norm.slice(ts, te);
  // Each unit list with its line: the trailing `(…)` group, then the label lines.
  const lists = [
    ...(list
      ? [
          {
            text: block.orig.slice(list.innerStart, list.innerEnd),
            line: block.lines.lineAt(list.start),
          },
        ]
      : []),
    ...block.labels.map((l) => ({
      text: l.orig.replace(/^\s*[(（〔【[]|[)）〕】\]]?\s*[。;；]?\s*$/g, ''),
      line: l.line,
    })),
  ];
  const listText = lists.map((l) => l.text).join(';');
  const units = listText
    ? parseUnitList(listText, convention)
    : { lead: [], support: [], leaders: [] };
  if (units.unbalanced) {
    // Named by the line whose list has the unclosed bracket.
    const bad = lists.find((l) => unbalanced(normalizeChars(l.text))) ?? lists[0];
    warnings.push({
      line: bad.line,
      message: `第${block.no}项的责任单位名单中括号不配对，已尽量拆分，请人工核对单位名称。`,
    });
  }

  if (!list && block.labels.length === 0) {
    warnings.push({
      line: block.line,
      message: `第${block.no}项没有找到责任单位名单（应写在事项末尾的括号内），请补充牵头单位和配合单位。`,
    });
  } else if (units.lead.length === 0) {
    warnings.push({
      line: list ? block.lines.lineAt(list.start) : block.labels[0].line,
      message: `第${block.no}项的责任单位名单中没有读到牵头单位，请人工核对。`,
    });
  }

  const { deadlines, unrecognised } = extractDeadlines(textNorm, text, issuedOn);
  for (const cue of unrecognised) {
    warnings.push({
      line: block.lines.lineAt(ts + cue.start),
      message: `第${block.no}项中的“${cue.phrase}”像是时限要求，但未能识别出具体日期，请人工核对。`,
    });
  }
  for (const t of block.times) {
    const scan = extractDeadlines(t.norm, t.orig, issuedOn);
    deadlines.push(...scan.deadlines.filter((d) => !deadlines.some((x) => x.phrase === d.phrase)));
    for (const cue of scan.unrecognised) {
      warnings.push({
        line: t.line,
        message: `第${block.no}项中的“${cue.phrase}”像是时限要求，但未能识别出具体日期，请人工核对。`,
      });
    }
  }

  // Built in output key order; `leaders` only when someone is named.
  const item: PlanItem = {
    no: block.no,
    chapter: block.chapter,
    section: block.section,
    text,
    lead: units.lead,
    support: units.support,
    ...(units.leaders.length > 0 ? { leaders: units.leaders } : {}),
    deadlines: deadlines.map(({ phrase, date, kind, cadence }) =>
      cadence ? { phrase, date, kind, cadence } : { phrase, date, kind },
    ),
    targets: extractTargets(textNorm, text),
  };
  if ([...units.lead, ...units.support].some(isCollectiveUnit)) item.collective = true;
  if (!list && block.labels.length === 0)
    item.review = ['没有找到责任单位，请指定牵头单位和配合单位。'];
  return item;
}

function checkNumbering(blocks: Block[], warnings: PlanWarning[]): void {
  let prev: Block | null = null;
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
  if (CHAPTER_RE.test(t) || SECTION_RE.test(t) || ITEM_RE.test(t)) return false;
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
  const firstStructure = norms.findIndex(
    (n) => CHAPTER_RE.test(n) || SECTION_RE.test(n) || ITEM_RE.test(n),
  );
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
