import type { DueSource } from '../../generated/prisma/enums';
import type { PlanDeadline, PlanTarget, PlanWarning } from './import/plan-document.types';

export interface PlanImportInput {
  /** The document's bytes (file upload) or text. */
  content: Buffer | string;
  sourceName: string;
  /** Deadline for items that state none; without it they are ongoing (持续推进). */
  defaultDueOn?: string;
  /** Confirm creating units that the directory does not know yet (after reading the preview). */
  createUnknownUnits?: boolean;
}

export interface PreviewUnit {
  printed: string;
  departmentId: string | null;
  departmentName: string | null;
  matchedBy: 'name' | 'alias' | null;
  isCollective: boolean;
  /** Created by the import (empty directory, or confirmed by the administrator). */
  willBeCreated: boolean;
}

export interface PreviewItem {
  no: number;
  chapter: string | null;
  section: string | null;
  text: string;
  lead: string[];
  support: string[];
  dueOn: string | null;
  dueSource: DueSource;
  deadlines: PlanDeadline[];
  targets: PlanTarget[];
}

export interface PlanImportCounts {
  items: number;
  chapters: number;
  sections: number;
  assignments: number;
  units: number;
  newUnits: number;
}

export interface PlanImportPreview {
  mode: 'preview';
  title: string;
  documentNumber: string | null;
  issuedOn: string | null;
  contentHash: string;
  /** Set when this exact document was imported before: committing changes nothing. */
  existingPlanId: string | null;
  counts: PlanImportCounts;
  units: PreviewUnit[];
  unknownUnits: string[];
  items: PreviewItem[];
  warnings: PlanWarning[];
}

export interface PlanImportResult {
  mode: 'commit';
  planId: string;
  created: boolean;
  counts: PlanImportCounts;
  reminders: { pending: number; skipped: number };
  warnings: PlanWarning[];
}
