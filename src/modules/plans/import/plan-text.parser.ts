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
 * Steps 1–2 are plan-outline.ts, 3 the unit-list files, 4 plan-item-level.ts, 5
 * plan-item.builder.ts; the title, document number and issue date are plan-text.meta.ts.
 *
 * Full-width punctuation and odd spaces are normalised for recognition only; text and unit
 * names are returned exactly as printed.
 */
import { normalizeChars } from '../../../common/text/normalize-chars';
import type { ParsePlanOptions, ParsedPlan, PlanWarning } from './plan-document.types';
import { assertLooksLikeText } from './plan-buffer.decoder';
import { buildItem } from './plan-item.builder';
import { carriesUnits, chooseItems, chooseItemStyle, outlineNodes } from './plan-item-level';
import {
  ARTIFACT_RE,
  LabelStyle,
  readLogicalLines,
  splitInlineHeadings,
  validateLabels,
} from './plan-outline';
import {
  PLAN_PARSE_ERROR_MESSAGES,
  PlanParseError,
  PlanParseErrorCode,
  sourceSuffix,
} from './plan-parse.errors';
import { readDocumentNumber, readTitle } from './plan-text.meta';
import { WARNING } from './plan-warnings';
import { readUnitConvention } from './unit-list.parser';

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

export function parsePlanText(text: string, opts: ParsePlanOptions = {}): ParsedPlan {
  const fail = (code: PlanParseErrorCode, line?: number): never => {
    const where = sourceSuffix(opts.sourceName);
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
      warnings.push({ line: b.line, message: WARNING.duplicateNumber(b.no) });
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
