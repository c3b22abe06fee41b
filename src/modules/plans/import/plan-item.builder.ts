/** Builds one item of a prose plan from its lines: text, unit lists, deadlines, targets, review reasons. */
import { normalizeChars } from '../../../common/text/normalize-chars';
import { extractDeadlines } from './deadline.extractor';
import type { PlanItem, PlanWarning } from './plan-document.types';
import type { Chosen } from './plan-item-level';
import { LogicalLine, TIME_LINE_RE } from './plan-outline';
import { extractTargets } from './target.extractor';
import {
  findUnitBrackets,
  isCollectiveUnit,
  isConventionOnly,
  isRoleSentence,
  parseUnitList,
  REVIEW,
  unbalanced,
  UNIT_LABEL_LINE_RE,
  UnitListOptions,
} from './unit-list.parser';
import { WARNING } from './plan-warnings';

/** A unit list found in an item, with the source line it starts on. */
interface FoundList {
  text: string;
  line: number;
  /** Written as a sentence of the text rather than in brackets or labels. */
  unbracketed?: true;
}

export function buildItem(
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
      message: WARNING.unreadDeadline(no, cue.phrase),
    });
  }
  for (const t of times) {
    const scan = extractDeadlines(t.norm, t.orig, issuedOn);
    deadlines.push(...scan.deadlines.filter((d) => !deadlines.some((x) => x.phrase === d.phrase)));
    for (const cue of scan.unrecognised) {
      warnings.push({
        line: t.line,
        message: WARNING.unreadDeadline(no, cue.phrase),
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
