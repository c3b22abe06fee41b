import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Prisma } from '../../generated/prisma/client';
import { toDbDate } from '../../common/time/local-date';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { RemindersService } from '../reminders/reminders.service';
import { TasksService } from '../tasks/tasks.service';
import type { ParsedPlan } from './import/plan-document.types';
import { diffPlan, taskDueOn } from './plan-diff';
import type {
  PlanAnalysis,
  PlanDiff,
  PreviewItem,
  PreviewUnit,
  RevisionTarget,
} from './plan-import.types';
import {
  ReactivatedAssignment,
  reactivateAssignments,
  removeAssignments,
  updateTasks,
} from './plan-revision.sql';
import type { AssignmentRow } from './plan-tasks.sql';
import {
  assignmentsFor,
  DepartmentIdOf,
  PlanWritten,
  taskColumns,
  writeAssignments,
  writeOutline,
  writeTasks,
} from './plan-tasks.writer';
import { planRevisedMeanwhile } from './plans.errors';

/** Why a revision changes a task or a reminder, as the audit trail and the reminder rows say it. */
const REASON = {
  reinstated: '修订后的方案重新包含该事项',
  unitDropped: '修订后的方案不再由该单位承担',
  deadlineMoved: '截止日期已随方案修订调整',
  itemDropped: '该事项已从修订后的方案中删除',
} as const;

/** A task of the current version with all its assignments (removed ones too). */
export interface StoredTask {
  id: string;
  no: number;
  status: string;
  dueOn: Date | null;
  assignments: {
    id: string;
    departmentId: string;
    role: 'LEAD' | 'SUPPORT';
    ordinal: number;
    removedAt: Date | null;
  }[];
}

/** What the assignments of changed items become (pure; see `reassign`). */
export interface Reassignment {
  added: AssignmentRow[];
  reactivated: ReactivatedAssignment[];
  removedIds: string[];
  /** Existing assignments that need reminders for a new or restored deadline. */
  remind: { assignmentId: string; dueOn: string }[];
  movedDeadlineTaskIds: string[];
}

/**
 * A new version of a plan already imported (same document number): compares the new reading with
 * the current version, and applies it in the commit's transaction as a diff that keeps every task's
 * reports and re-plans the reminders that the new deadlines and units call for.
 */
@Injectable()
export class PlanRevisionService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly reminders: RemindersService,
    private readonly tasks: TasksService,
  ) {}

  /** A document with the number of a plan already imported is a new version of that plan. */
  async findTarget(parsed: ParsedPlan, regionId: string | null): Promise<RevisionTarget | null> {
    if (!parsed.documentNumber) return null;
    const plan = await this.prisma.plan.findFirst({
      // Two regions may issue documents with one number; each revises only its own.
      where: { documentNumber: parsed.documentNumber, regionId },
      orderBy: { importedAt: 'asc' },
      select: { id: true, version: true },
    });
    return plan ? { planId: plan.id, version: plan.version } : null;
  }

  /** What the reading changes in the plan's current version (read only). */
  async diff(
    planId: string,
    items: PreviewItem[],
    units: Map<string, PreviewUnit>,
  ): Promise<PlanDiff> {
    const tasks = await this.prisma.task.findMany({
      where: { planId },
      include: { assignments: { where: { removedAt: null } } },
    });
    return diffPlan(tasks, items, units);
  }

  /**
   * Applies a revised version: new items become tasks, changed items are updated in place (their
   * reports stay), departments no longer named are marked removed (not deleted: their reports stay),
   * items no longer in the plan are withdrawn. Reminders follow the new deadlines.
   */
  async apply(
    tx: Tx,
    a: PlanAnalysis,
    target: RevisionTarget,
    departmentIdOf: DepartmentIdOf,
    now: Date,
    actorId: string | null,
  ): Promise<PlanWritten> {
    const { planId } = target;
    // The diff was computed against `target.version`: if another revision landed since, stop.
    const bumped = await tx.plan.updateMany({
      where: { id: planId, version: target.version },
      data: {
        title: a.parsed.title,
        issuedOn: a.parsed.issuedOn ? toDbDate(a.parsed.issuedOn) : null,
        contentHash: a.contentHash,
        version: target.version + 1,
        warnings: a.parsed.warnings as unknown as Prisma.InputJsonValue,
      },
    });
    if (bumped.count === 0) throw planRevisedMeanwhile();
    const [chapters, sections, tasks] = await Promise.all([
      tx.chapter.findMany({ where: { planId } }),
      tx.section.findMany({ where: { planId } }),
      tx.task.findMany({ where: { planId }, include: { assignments: true } }),
    ]);
    const outline = await writeOutline(
      tx,
      planId,
      a.items,
      new Map(chapters.map((c) => [c.title, { id: c.id, ordinal: c.ordinal }])),
      new Map(
        sections.map((s) => [`${s.chapterId}\u0000${s.title}`, { id: s.id, ordinal: s.ordinal }]),
      ),
    );
    const byNo = new Map(tasks.map((t) => [t.no, t]));
    const changedNos = new Set((a.diff?.changed ?? []).map((c) => c.no));

    // New items.
    const added = a.items
      .filter((i) => !byNo.has(i.no))
      .map((item) => ({ id: randomUUID(), item }));
    await writeTasks(tx, planId, added, outline, now);
    const newAssignments = added.flatMap((t) => assignmentsFor(t.id, t.item, departmentIdOf));

    // Changed items: task rows, then their assignments.
    const changed = a.items
      .filter((i) => changedNos.has(i.no))
      .map((item) => ({ item, task: byNo.get(item.no)! }));
    if (changed.length > 0) {
      const rows = changed.map(({ item, task }) => ({
        id: task.id,
        ...taskColumns(item, outline),
      }));
      await tx.$executeRaw(updateTasks(rows, now));
    }
    // Items a previous revision withdrew and this one contains again start afresh.
    const restored = changed
      .filter(({ task }) => task.status === 'WITHDRAWN')
      .map(({ task }) => task.id);
    await this.tasks.moveMany(tx, restored, 'REINSTATE', { actorId, reason: REASON.reinstated });
    const r = reassign(changed, departmentIdOf);
    newAssignments.push(...r.added);
    await writeAssignments(tx, newAssignments);
    if (r.reactivated.length > 0) await tx.$executeRaw(reactivateAssignments(r.reactivated));
    if (r.removedIds.length > 0) {
      await tx.$executeRaw(removeAssignments(r.removedIds, now));
      await this.reminders.cancelForAssignments(tx, r.removedIds, REASON.unitDropped);
    }
    if (r.movedDeadlineTaskIds.length > 0) {
      await this.reminders.cancelForTasks(tx, r.movedDeadlineTaskIds, REASON.deadlineMoved, {
        deadlineOnly: true,
      });
    }

    // Items no longer in the plan.
    const removedNos = new Set(a.diff?.removed ?? []);
    const withdrawn = tasks.filter((t) => removedNos.has(t.no)).map((t) => t.id);
    if (withdrawn.length > 0) {
      await this.tasks.moveMany(tx, withdrawn, 'WITHDRAW', { actorId, reason: REASON.itemDropped });
      await this.reminders.cancelForTasks(tx, withdrawn, REASON.itemDropped);
    }

    const dueOf = new Map(a.items.map((i) => [i.no, i.dueOn]));
    const taskNo = new Map([
      ...added.map((t) => [t.id, t.item.no] as const),
      ...tasks.map((t) => [t.id, t.no] as const),
    ]);
    const remind = [...r.remind];
    for (const x of newAssignments) {
      const dueOn = dueOf.get(taskNo.get(x.taskId)!);
      if (dueOn) remind.push({ assignmentId: x.id, dueOn });
    }
    const reminders = await this.reminders.planForAssignments(tx, remind, now);
    return { planId, version: target.version + 1, reminders };
  }
}

/**
 * The assignments of changed items against the units the new reading names: new ones, existing ones
 * named again (or in another role or place), and live ones no longer named; existing assignments
 * whose deadline moved (or that come back) get reminders again. Also the hand edit of one item
 * (work-items), which changes units and deadline exactly as a revision does.
 */
export function reassign(
  changed: { item: PreviewItem; task: StoredTask }[],
  departmentIdOf: DepartmentIdOf,
): Reassignment {
  const out: Reassignment = {
    added: [],
    reactivated: [],
    removedIds: [],
    remind: [],
    movedDeadlineTaskIds: [],
  };
  for (const { item, task } of changed) {
    const wanted = assignmentsFor(task.id, item, departmentIdOf);
    const current = new Map(task.assignments.map((x) => [x.departmentId, x]));
    const dueMoved = taskDueOn(task) !== item.dueOn;
    if (dueMoved) out.movedDeadlineTaskIds.push(task.id);
    for (const w of wanted) {
      const existing = current.get(w.departmentId);
      if (!existing) {
        out.added.push(w);
        continue;
      }
      if (existing.removedAt || existing.role !== w.role || existing.ordinal !== w.ordinal) {
        out.reactivated.push({ id: existing.id, role: w.role, ordinal: w.ordinal });
      }
      if (item.dueOn && (dueMoved || existing.removedAt)) {
        out.remind.push({ assignmentId: existing.id, dueOn: item.dueOn });
      }
    }
    const wantedDepartments = new Set(wanted.map((w) => w.departmentId));
    for (const x of task.assignments) {
      if (!x.removedAt && !wantedDepartments.has(x.departmentId)) out.removedIds.push(x.id);
    }
  }
  return out;
}
