import { randomUUID } from 'node:crypto';
import type { Tx } from '../../infra/prisma/prisma.service';
import { unitKey } from '../departments/unit-directory';
import type { PreviewItem } from './plan-import.types';
import { distinctUnits, sectionKey } from './plan-items';
import {
  AssignmentRow,
  insertAssignments,
  insertChapters,
  insertSections,
  insertTasks,
  OutlineRow,
  SectionRow,
  TaskColumns,
} from './plan-tasks.sql';

/**
 * The set-based writers a new plan and a revision share: chapters and sections, tasks, and the
 * assignments of a task's units. Each runs in the caller's transaction.
 */

/** Chapter ids by title, section ids by `sectionKey`. */
export interface Outline {
  chapterIds: Map<string, string>;
  sectionIds: Map<string, string>;
}

/** What a commit wrote: the plan, its version after the commit, the reminders it planned. */
export interface PlanWritten {
  planId: string;
  version: number;
  reminders: { pending: number; skipped: number };
}

/** Resolves a printed unit to the department it stands for (after the directory was written). */
export type DepartmentIdOf = (printed: string) => string;

/**
 * Ensures the chapters and sections of these items exist (by title), returning their ids.
 *
 * @param chapters the plan's chapters by title
 * @param sectionsByChapter the plan's sections by `${chapterId}\u0000${title}`
 */
export async function writeOutline(
  tx: Tx,
  planId: string,
  items: PreviewItem[],
  chapters: Map<string, { id: string; ordinal: number }>,
  sectionsByChapter: Map<string, { id: string; ordinal: number }>,
): Promise<Outline> {
  const chapterIds = new Map([...chapters].map(([title, c]) => [title, c.id]));
  const sectionIds = new Map<string, string>();
  let nextChapter = Math.max(0, ...[...chapters.values()].map((c) => c.ordinal)) + 1;
  let nextSection = Math.max(0, ...[...sectionsByChapter.values()].map((s) => s.ordinal)) + 1;
  const newChapters: OutlineRow[] = [];
  const newSections: SectionRow[] = [];
  for (const item of items) {
    if (item.chapter === null) continue;
    if (!chapterIds.has(item.chapter)) {
      const id = randomUUID();
      chapterIds.set(item.chapter, id);
      newChapters.push({ id, ordinal: nextChapter++, title: item.chapter });
    }
    if (item.section === null) continue;
    const chapterId = chapterIds.get(item.chapter)!;
    const key = sectionKey(item);
    if (sectionIds.has(key)) continue;
    const existing = sectionsByChapter.get(`${chapterId}\u0000${item.section}`);
    if (existing) {
      sectionIds.set(key, existing.id);
      continue;
    }
    const id = randomUUID();
    sectionIds.set(key, id);
    newSections.push({ id, chapterId, ordinal: nextSection++, title: item.section });
  }
  if (newChapters.length > 0) await tx.$executeRaw(insertChapters(planId, newChapters));
  if (newSections.length > 0) await tx.$executeRaw(insertSections(planId, newSections));
  return { chapterIds, sectionIds };
}

/** The columns of the task an item becomes, in this outline. */
export function taskColumns(item: PreviewItem, outline: Outline): TaskColumns {
  return {
    text: item.text,
    dueOn: item.dueOn,
    dueSource: item.dueSource,
    deadlines: JSON.stringify(item.deadlines),
    targets: JSON.stringify(item.targets),
    leaders: JSON.stringify(item.leaders),
    chapterId: item.chapter !== null ? (outline.chapterIds.get(item.chapter) ?? null) : null,
    sectionId: outline.sectionIds.get(sectionKey(item)) ?? null,
  };
}

export async function writeTasks(
  tx: Tx,
  planId: string,
  tasks: { id: string; item: PreviewItem }[],
  outline: Outline,
  now: Date,
): Promise<void> {
  if (tasks.length === 0) return;
  const rows = tasks.map((t) => ({ id: t.id, no: t.item.no, ...taskColumns(t.item, outline) }));
  await tx.$executeRaw(insertTasks(planId, rows, now));
}

/** One assignment per (task, department); the lead units lead, in printed order. */
export function assignmentsFor(
  taskId: string,
  item: PreviewItem,
  departmentIdOf: DepartmentIdOf,
): AssignmentRow[] {
  const leadKeys = new Set(item.lead.map(unitKey));
  const seen = new Set<string>();
  const out: AssignmentRow[] = [];
  for (const printed of distinctUnits(item)) {
    const departmentId = departmentIdOf(printed);
    // Two printed forms of one department (an alias and its name) are one assignment.
    if (seen.has(departmentId)) continue;
    seen.add(departmentId);
    out.push({
      id: randomUUID(),
      taskId,
      departmentId,
      role: leadKeys.has(unitKey(printed)) ? 'LEAD' : 'SUPPORT',
      ordinal: out.length,
    });
  }
  return out;
}

export async function writeAssignments(tx: Tx, rows: AssignmentRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRaw(insertAssignments(rows));
}
