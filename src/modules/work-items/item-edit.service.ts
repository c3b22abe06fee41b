import { Injectable } from '@nestjs/common';
import { fromDbDate, localDateOf, type LocalDate } from '../../common/time/local-date';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { regionInScope, type Scope } from '../auth/scope';
import { taskWhere } from '../auth/scope-where';
import { AuditService } from '../audit/audit.service';
import { policyOf } from '../plan-policy/resolve-policy';
import type { PreviewItem } from '../plans/plan-import.types';
import { reassign, type StoredTask } from '../plans/plan-revision.service';
import { reactivateAssignments, removeAssignments } from '../plans/plan-revision.sql';
import { writeAssignments } from '../plans/plan-tasks.writer';
import { RemindersService } from '../reminders/reminders.service';
import { staleTask } from '../tasks/tasks.errors';
import { TasksService } from '../tasks/tasks.service';
import { WorkArrival } from '../tasks/work-arrival.service';
import type { EditItemDto, ItemEditedDto } from './dto/edit-item.dto';
import { itemDeadline } from './work-input';
import {
  FieldProblem,
  invalidWork,
  itemClosed,
  nothingToEdit,
  workNotFound,
  workOutOfScope,
} from './work-items.errors';
import { updateItem } from './work-items.sql';
import { WorkUnitsService } from './work-units.service';

/** Why an edit cancels reminders, as the reminder rows say it. */
const REASON = {
  unitDropped: '督查室修改事项后不再由该单位承担',
  deadlineMoved: '督查室修改了办结时限',
} as const;

const sameId = (id: string) => id;

/**
 * The office's hand edit of one item of any source (text, lead and supporting units, deadline or
 * ongoing): checked like new work, applied like an import revision of that one item (the same
 * `reassign`: removed departments keep their reports, new ones get assignments and so a notice,
 * reminders cancelled and re-planned), conditional on the version read, audited before/after.
 */
@Injectable()
export class ItemEditService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly units: WorkUnitsService,
    private readonly reminders: RemindersService,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
    private readonly arrival: WorkArrival,
  ) {}

  async edit(scope: Scope, taskId: string, dto: EditItemDto): Promise<ItemEditedDto> {
    const now = this.clock.now();
    const task = await this.prisma.task.findUnique({
      where: { id: taskId },
      include: {
        plan: { select: { regionId: true, policy: true } },
        assignments: { orderBy: { ordinal: 'asc' } },
      },
    });
    if (!task) throw workNotFound();
    const visible = await this.prisma.task.count({ where: { id: taskId, ...taskWhere(scope) } });
    if (visible === 0 || !regionInScope(scope, task.plan.regionId)) throw workOutOfScope();
    if (task.status === 'CLOSED' || task.status === 'WITHDRAWN') throw itemClosed(task.status);
    if (
      dto.text === undefined &&
      dto.lead === undefined &&
      dto.support === undefined &&
      dto.dueOn === undefined &&
      dto.ongoing === undefined
    ) {
      throw nothingToEdit();
    }
    const policy = policyOf(task.plan.policy);
    const problems: FieldProblem[] = [];
    const currentDue = task.dueOn ? fromDbDate(task.dueOn) : null;
    let dueOn: LocalDate | null = currentDue;
    if (dto.dueOn !== undefined || dto.ongoing !== undefined) {
      dueOn = itemDeadline(
        { dueOn: dto.dueOn, ongoing: dto.ongoing === true },
        (f) => f,
        localDateOf(now),
        policy,
        problems,
      );
    }
    const live = task.assignments.filter((a) => !a.removedAt);
    const resolver = await this.units.resolverFor(scope, [
      ...(dto.lead ?? []),
      ...(dto.support ?? []),
    ]);
    const lead = dto.lead
      ? resolver.resolve(dto.lead, 'lead', problems)
      : live.filter((a) => a.role === 'LEAD').map((a) => a.departmentId);
    const support = dto.support
      ? resolver.resolve(dto.support, 'support', problems)
      : live.filter((a) => a.role === 'SUPPORT').map((a) => a.departmentId);
    if (problems.length > 0) throw invalidWork(problems);
    const text = dto.text?.trim() ?? task.text;

    const item: PreviewItem = {
      no: task.no,
      chapter: null,
      section: null,
      text,
      // A department named as lead is not a supporter too.
      lead,
      support: support.filter((d) => !lead.includes(d)),
      leaders: task.leaders,
      dueOn,
      dueSource: dueOn === null ? 'ONGOING' : 'STATED',
      deadlines: [],
      targets: [],
      corrected: true,
      review: [],
      reviewStatus: 'corrected',
    };
    const stored: StoredTask = {
      id: task.id,
      no: task.no,
      status: task.status,
      dueOn: task.dueOn,
      assignments: task.assignments.map((a) => ({
        id: a.id,
        departmentId: a.departmentId,
        role: a.role,
        ordinal: a.ordinal,
        removedAt: a.removedAt,
      })),
    };
    const result = await this.prisma.$transaction(async (tx) => {
      if (dueOn !== null && dueOn !== currentDue) {
        await this.tasks.assertWithinParentDeadline(tx, taskId, dueOn);
      }
      const updated = await tx.$executeRaw(updateItem(taskId, dto.version, { text, dueOn }, now));
      if (updated === 0) {
        const current = await tx.task.findUnique({ where: { id: taskId } });
        throw staleTask(dto.version, current?.version ?? dto.version);
      }
      const r = reassign([{ item, task: stored }], sameId);
      await writeAssignments(tx, r.added);
      if (r.reactivated.length > 0) await tx.$executeRaw(reactivateAssignments(r.reactivated));
      let cancelled = 0;
      if (r.removedIds.length > 0) {
        await tx.$executeRaw(removeAssignments(r.removedIds, now));
        cancelled += await this.reminders.cancelForAssignments(
          tx,
          r.removedIds,
          REASON.unitDropped,
        );
      }
      if (r.movedDeadlineTaskIds.length > 0) {
        cancelled += await this.reminders.cancelForTasks(tx, [taskId], REASON.deadlineMoved, {
          deadlineOnly: true,
        });
      }
      const remind = [
        ...r.remind,
        ...(dueOn ? r.added.map((a) => ({ assignmentId: a.id, dueOn })) : []),
      ];
      const planned = await this.reminders.planForAssignments(tx, remind, now, policy);
      const names = await this.departmentNames(tx, [
        ...live.map((a) => a.departmentId),
        ...lead,
        ...support,
      ]);
      const named = (ids: string[]) => ids.map((id) => names.get(id) ?? id);
      await this.audit.record(tx, {
        actorId: scope.user.id,
        action: 'task.item_edited',
        entityType: 'task',
        entityId: taskId,
        data: {
          taskId,
          before: {
            text: task.text,
            dueOn: currentDue,
            lead: named(live.filter((a) => a.role === 'LEAD').map((a) => a.departmentId)),
            support: named(live.filter((a) => a.role === 'SUPPORT').map((a) => a.departmentId)),
          },
          after: { text, dueOn, lead: named(lead), support: named(item.support) },
          assignments: {
            added: r.added.length,
            removed: r.removedIds.length,
            reactivated: r.reactivated.length,
          },
          reminders: { ...planned, cancelled },
        },
      });
      return {
        taskId,
        version: dto.version + 1,
        assignments: {
          added: r.added.length,
          removed: r.removedIds.length,
          reactivated: r.reactivated.length,
        },
        reminders: { ...planned, cancelled },
      };
    });
    // New departments get their notice and acknowledgement deadline; Redis sees committed rows only.
    await this.arrival.settle();
    await this.reminders.enqueueDue();
    return result;
  }

  private async departmentNames(tx: Tx, ids: string[]): Promise<Map<string, string>> {
    const rows = await tx.department.findMany({
      where: { id: { in: [...new Set(ids)] } },
      select: { id: true, name: true },
    });
    return new Map(rows.map((d) => [d.id, d.name]));
  }
}
