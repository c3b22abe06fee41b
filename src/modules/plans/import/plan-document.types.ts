/**
 * Result of reading a responsibility-decomposition plan (责任分解方案) from plain text.
 * This is exactly what `plan parse FILE --json` prints, so key order matters: objects are
 * built in the order declared here, and optional keys are omitted rather than set to
 * `undefined`/empty.
 */

/** `absolute`: a calendar date; `relative`: N years/months/days after issue; `recurring`: 定期/每年/… */
export type DeadlineKind = 'absolute' | 'relative' | 'recurring';

export interface PlanDeadline {
  /** The phrase as printed, e.g. `到2015年`, `2022年10月底前`, `5年内`, `每季度`. */
  phrase: string;
  /** YYYY-MM-DD; null for recurring deadlines or when the date cannot be computed. */
  date: string | null;
  kind: DeadlineKind;
  /** Reporting cadence of a recurring deadline (`每月28日前` → `{ every: 'month', day: 28 }`). */
  cadence?: PlanCadence;
}

export type CadenceEvery = 'year' | 'half-year' | 'quarter' | 'month' | 'week' | 'irregular';

export interface PlanCadence {
  /** `irregular` for 定期/适时 (a period the document does not state). */
  every: CadenceEvery;
  /** Day of the period by which to report, when printed (`每月28日前` → 28). */
  day?: number;
}

export type TargetOp = '>=' | '<=' | '=' | '≈' | 'between';

export interface PlanTarget {
  /** The clause stating the target, as printed. */
  phrase: string;
  /** What is measured (heuristic, for display), e.g. `养老机构床位数/千名老年人`. */
  metric: string;
  op: TargetOp;
  value: number;
  /** Upper bound; present only when `op` is `between`. */
  valueMax?: number;
  /** Unit as printed after the number: `张`, `%`, `所`, `名`, `万元`, … */
  unit: string;
  /** The period the quota applies to, when stated (`每年培训2次` → `年`); omitted otherwise. */
  per?: string;
}

export interface PlanItem {
  /** The printed item number. */
  no: number;
  /** Full chapter heading line (`一、…`), trimmed; null when the item precedes any chapter. */
  chapter: string | null;
  /** Full section heading line (`(一)…`), trimmed; null when the chapter has no section yet. */
  section: string | null;
  /** Item text as printed, without number, indentation and trailing unit list. */
  text: string;
  /** Leading unit(s): the first listed unit, or those labelled 牵头单位. */
  lead: string[];
  /** Supporting units: the other listed units, or those labelled 配合单位. */
  support: string[];
  /** People named as 责任领导/分管领导/牵头负责领导; omitted when none. */
  leaders?: string[];
  deadlines: PlanDeadline[];
  targets: PlanTarget[];
  /** True when any unit is collective (各…, …成员单位); omitted when false. */
  collective?: true;
  /**
   * Why this item's reading needs a person's look (Chinese, one reason per entry): the lead was
   * taken by default, a label or entry the reader does not know, no units, several unit lists.
   * Omitted when the reading rests on explicit labels or a convention stated in the document.
   * The import preview lists these items first; a commit needs each confirmed or corrected.
   */
  review?: string[];
}

export interface PlanWarning {
  /** 1-based line number in the source text. */
  line: number;
  message: string;
}

export interface ParsedPlan {
  title: string;
  /** e.g. `苏办〔2012〕85号`, or null when the text carries none. */
  documentNumber: string | null;
  /** YYYY-MM-DD or null. */
  issuedOn: string | null;
  items: PlanItem[];
  warnings: PlanWarning[];
}

export interface ParsePlanOptions {
  /** File name shown in error messages, e.g. `方案.txt`. */
  sourceName?: string;
}
