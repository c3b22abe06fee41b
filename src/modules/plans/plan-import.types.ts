import type { DueSource } from '../../generated/prisma/enums';
import type {
  ParsedPlan,
  PlanDeadline,
  PlanTarget,
  PlanWarning,
} from './import/plan-document.types';
import type { MatchKind, UnitSuggestion } from '../departments/unit-directory';
import type { ReviewOutcome, ReviewStatus } from './plan-review';

/** The administrator's answer to an unmatched (or wrongly matched) unit in the preview. */
export interface UnitCorrection {
  /** The unit as printed in the document. */
  printed: string;
  /** Map it to this existing department (the printed form is saved as an alias unless saveAlias is false). */
  departmentId?: string;
  /** Or create a new department, named `name` (default: as printed). */
  create?: boolean;
  name?: string;
  saveAlias?: boolean;
}

/** The administrator's correction of one item's reading. */
export interface ItemCorrection {
  no: number;
  lead?: string[];
  support?: string[];
  /** A deadline (YYYY-MM-DD) or null for an ongoing item. */
  dueOn?: string | null;
  /** Leave this item out of the plan. */
  skip?: boolean;
  /**
   * The administrator looked at an item that needs review (`review` reasons) and confirms its reading
   * as it stands. A correction of its lead or supporting units counts as a look too.
   */
  confirmed?: boolean;
}

export interface ImportCorrections {
  units?: UnitCorrection[];
  items?: ItemCorrection[];
}

export interface PlanImportInput {
  /** The document's bytes (file upload) or text. */
  content: Buffer | string;
  sourceName: string;
  /** Deadline for items that state none; without it they are ongoing (持续推进). */
  defaultDueOn?: string;
  /** Confirm creating every unit that the directory does not know yet. */
  createUnknownUnits?: boolean;
  corrections?: ImportCorrections;
  /**
   * Confirm the reading of every item that needs review and was neither confirmed nor corrected one by
   * one (audited as a confirmation of all). For callers that are not a person at a preview only with
   * a person's say-so: the CLI's `--confirm-review`, the demo's administrator.
   */
  confirmAllReview?: boolean;
  /** A locality's own plan: units are matched against (and created in) this region's directory. */
  regionId?: string;
}

export interface PreviewUnit {
  printed: string;
  departmentId: string | null;
  departmentName: string | null;
  matchedBy: MatchKind | 'correction' | null;
  isCollective: boolean;
  /** Created by the import (empty directory, confirmed by the administrator, or corrected). */
  willBeCreated: boolean;
  /** Near misses in the directory, for an unmatched unit. */
  suggestions: UnitSuggestion[];
}

export interface PreviewItem {
  no: number;
  chapter: string | null;
  section: string | null;
  text: string;
  lead: string[];
  support: string[];
  leaders: string[];
  dueOn: string | null;
  dueSource: DueSource;
  deadlines: PlanDeadline[];
  targets: PlanTarget[];
  /** Any correction was applied to this item (units, deadline). */
  corrected: boolean;
  /** Why the reading needs a person's look (Chinese); empty when it rests on labels or a stated convention. */
  review: string[];
  /** `pending` items must be confirmed or corrected before a commit. */
  reviewStatus: ReviewStatus;
}

export interface PlanImportCounts {
  items: number;
  chapters: number;
  sections: number;
  assignments: number;
  units: number;
  newUnits: number;
}

/** What a revised version of a known plan changes. */
export interface PlanDiff {
  added: number[];
  changed: { no: number; fields: ('text' | 'lead' | 'support' | 'dueOn' | 'restored')[] }[];
  removed: number[];
  unchanged: number;
}

export interface PlanImportPreview {
  mode: 'preview';
  title: string;
  documentNumber: string | null;
  issuedOn: string | null;
  contentHash: string;
  /** Set when this exact document was imported before: committing changes nothing. */
  existingPlanId: string | null;
  /** Set when the document is a new version of a plan already imported (same document number). */
  revisionOf: { planId: string; version: number } | null;
  diff: PlanDiff | null;
  counts: PlanImportCounts;
  units: PreviewUnit[];
  unknownUnits: string[];
  /** Items that need a person's look (`review` reasons), however they were answered. */
  reviewCount: number;
  /** Their numbers, in document order. */
  reviewItems: number[];
  /** Those still neither confirmed nor corrected: a commit is refused while any remain. */
  unconfirmedReviewItems: number[];
  /** Items needing review first, then the others; each group in document order. */
  items: PreviewItem[];
  warnings: PlanWarning[];
}

export interface PlanImportResult {
  mode: 'commit';
  planId: string;
  created: boolean;
  /** The plan's version after this import (1 for a new plan). */
  version: number;
  diff: PlanDiff | null;
  counts: PlanImportCounts;
  reminders: { pending: number; skipped: number };
  warnings: PlanWarning[];
}

/** The plan version a document revises (same document number, same region). */
export interface RevisionTarget {
  planId: string;
  version: number;
}

/**
 * A document read and weighed against the database, before anything is written: what the preview
 * shows and what a commit writes.
 */
export interface PlanAnalysis {
  parsed: ParsedPlan;
  /** The region whose directory the units are matched against; null = the top office's. */
  regionId: string | null;
  regionName: string | null;
  contentHash: string;
  /** Set when this exact document was imported before. */
  existingPlanId: string | null;
  revisionOf: RevisionTarget | null;
  diff: PlanDiff | null;
  /** By unit key. */
  units: Map<string, PreviewUnit>;
  items: PreviewItem[];
  counts: PlanImportCounts;
  corrections: ImportCorrections;
  review: ReviewOutcome;
}
