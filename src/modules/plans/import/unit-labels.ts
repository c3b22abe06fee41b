/** Label and role words around unit lists (`牵头单位：`, `A牵头`, `B配合`), and an entry without them. */
import { normalizeChars } from '../../../common/text/normalize-chars';

export type LabelRole = 'leaders' | 'lead' | 'responsible' | 'support';

const LEAD_WORDS = '牵头负责|牵头责任|牵头|主办|主责|主管|主抓';
const SUPPORT_WORDS =
  '协同责任|配合责任|协同配合|配合|协办|协同|协作|协助|参与|参加|指导|督导|支持';
const RESPONSIBLE_WORDS = '具体负责|责任|负责|实施|承办|落实|主体';
/** A label the reader knows: role word + 单位/部门/领导…, colon optional. */
export const KNOWN_LABEL_SRC = String.raw`(?:(?:${LEAD_WORDS}|${SUPPORT_WORDS}|${RESPONSIBLE_WORDS})(?:单位|部门|处室|科室|主体)|责任主体|(?:牵头负责|责任|分管|牵头|联系|负责|包保|挂钩|督办|领衔|主管)(?:省|市|区|县)?(?:领导|负责人)|责任人|负责人)`;
/** Any `…单位:`/`…部门:`/`…领导:` with a colon, known or not. */
const ANY_LABEL_SRC = String.raw`[\u4e00-\u9fff]{0,6}?(?:单位|部门|处室|科室|领导|负责人|责任人|主体)\s*:`;
/** A label starts the list or a field of it (`…,配合单位:`); `主管单位` inside a name is not one. */
export const LABEL_RE = new RegExp(
  String.raw`(?:^|(?<=[,;。\s(]))(${ANY_LABEL_SRC}|${KNOWN_LABEL_SRC}\s*:?)`,
  'g',
);
const KNOWN_LABEL_RE = new RegExp(String.raw`^(?:${KNOWN_LABEL_SRC})$`);
/** LABEL_RE without the global flag, for `test` (no lastIndex state). */
export const HAS_LABEL_RE = new RegExp(LABEL_RE.source);
/** A known label opening a list, colon optional (`牵头单位省民政厅` is rare but printed). */
export const KNOWN_LABEL_START_RE = new RegExp(String.raw`^(?:${KNOWN_LABEL_SRC})\s*:?`);
/** Any `…单位:` label opening a list. */
export const ANY_LABEL_START_RE = /^[\u4e00-\u9fff]{0,8}?(?:单位|部门|领导|负责人|责任人|主体)\s*:/;
const LEAD_LABEL_RE = new RegExp(`^(?:${LEAD_WORDS})`);
/** Every label contains one of these; most text does not, and skips LABEL_RE. */
export const LABEL_HINT_RE = /领导|负责人|责任人|单位|部门|处室|科室|主体/;

/** Label words that may start a line under an item (`牵头单位：`, `责任领导：`), for the outline. */
export const UNIT_LABEL_LINE_RE = new RegExp(
  // A colon is required: `单位:` or `责任人,…` at the start of a wrapped line is text.
  String.raw`^\s*[(〔【\[]?\s*(?:${KNOWN_LABEL_SRC}\s*:|[\u4e00-\u9fff]{1,6}?(?:单位|部门|处室|科室|领导|负责人|责任人|主体)\s*:)`,
);

export function roleOfLabel(label: string): LabelRole | null {
  const l = label.replace(/[\s:]/g, '');
  if (/领导|负责人|责任人/.test(l)) return 'leaders';
  if (!KNOWN_LABEL_RE.test(l)) return null;
  if (/协同|配合|协办|协作|协助|参与|参加|指导|督导|支持/.test(l)) return 'support';
  if (LEAD_LABEL_RE.test(l)) return 'lead';
  return 'responsible';
}

/** Role words after a group of units: `A、B牵头`, `C参与`, `D按职责分工负责`. */
export const ROLE_SUFFIX_RE =
  /(分别牵头|共同牵头|牵头负责|牵头落实|牵头抓总|牵头|主办|主责|按职责分工负责|按照职责分工负责|按职责分工落实|按职责负责|按职能分工负责|分工负责|各负其责|负责落实|具体负责|共同负责|负责|配合落实|积极配合|配合|参与|参加|协办|协助|协同|落实)$/;
export type RoleWord = 'lead' | 'shared' | 'duty' | 'support';
export function roleOfWord(w: string): RoleWord {
  if (/牵头|主办|主责/.test(w)) return 'lead';
  // `按职责分工负责` with no lead named: each answers for its share (co-responsible).
  if (/分工|各负其责|共同负责|按职责负责/.test(w)) return 'shared';
  if (/负责|落实/.test(w)) return 'duty';
  return 'support';
}

/**
 * A list entry without what surrounds a name in a list: a leading label (`牵头单位:`), a trailing
 * `等` or role word (`负责`, `分别牵头`), a trailing parenthesis.
 */
export function bareUnitName(entry: string): string {
  return normalizeChars(entry)
    .replace(/\s+/g, '')
    .replace(KNOWN_LABEL_START_RE, '')
    .replace(/等$/, '')
    .replace(ROLE_SUFFIX_RE, '')
    .replace(/\([^)]*\)$/, '');
}
