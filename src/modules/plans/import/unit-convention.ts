/** A document's own rule for unit lists (`列第一位者为牵头单位`, `排名不分先后`), read and stripped. */

/** Document-wide rules that change how unlabelled lists are read (see readUnitConvention). */
export interface UnitListOptions {
  /** The document says every listed unit leads (`排名不分先后`, `均为牵头单位`). */
  allLead?: boolean;
  /** The document says the first listed unit leads (`列第一位者为牵头单位`, `排在第一位的部门为牵头部门`). */
  firstLeads?: boolean;
}

/**
 * A sentence stating how lists are read (`列第一位者为牵头单位，下同`, `排在第一位的部门为牵头部门`,
 * `第一个单位为牵头单位`, `排名不分先后`): a rule, not a unit.
 */
const FIRST_LEADS_SRC = String.raw`(?:(?:所列|列出的|排列|排名|排序|位列|名列|排在|列在|列于|排|列|位|名)\s*(?:在|于)?\s*)?(?:第一|首|第1|最前)\s*(?:位|个|名)?\s*(?:的|者)?\s*(?:单位|部门|责任单位)?\s*(?:为|是|作为|系)\s*(?:牵头|主办|主责)\s*(?:单位|部门)?`;
const ALL_LEAD_SRC = String.raw`(?:单位|部门)?(?:排名|排序|排列)\s*不分先后|(?:所列)?(?:单位|部门)\s*均为\s*(?:牵头|责任)(?:单位|部门)`;
const CONVENTION_RE = new RegExp(
  String.raw`(?:[,;。]\s*)?(?:${FIRST_LEADS_SRC}|${ALL_LEAD_SRC})\s*(?:[,;]?\s*(?:下同|以下同|后同))?\s*(?:[。;]\s*)?|[,;]?(?:下同|以下同)(?=\s*$)`,
  'g',
);
const FIRST_LEADS_RE = new RegExp(FIRST_LEADS_SRC);
const ALL_LEAD_RE = new RegExp(ALL_LEAD_SRC);
const CONVENTION_HINT_RE = /牵头|主办|主责|先后|均为|下同/;

export function stripConventions(s: string, keepOffsets = false): string {
  if (!CONVENTION_HINT_RE.test(s)) return s;
  return s.replace(CONVENTION_RE, (m) => (keepOffsets ? ' '.repeat(m.length) : ''));
}

/** Reads the document's own rule for unit lists, wherever it stands, from its normalised text. */
export function readUnitConvention(norm: string): UnitListOptions {
  if (ALL_LEAD_RE.test(norm)) return { allLead: true };
  if (FIRST_LEADS_RE.test(norm)) return { firstLeads: true };
  return {};
}

/** True when normalised `s` is nothing but a convention sentence. */
export function isConventionOnly(s: string): boolean {
  return (
    s.trim() !== '' &&
    CONVENTION_HINT_RE.test(s) &&
    stripConventions(s).replace(/[\s,;。()]/g, '') === ''
  );
}
