import { Injectable } from '@nestjs/common';
import { toDbDate } from '../../common/time/local-date';
import type { Assignment } from '../../generated/prisma/client';
import { AckState, AssignmentRole, Role } from '../../generated/prisma/enums';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { AccessPolicyService } from '../auth/access-policy.service';
import { departmentInScope, type Scope } from '../auth/scope';
import { namedDepartmentsWhere } from '../auth/scope-where';
import { NotificationsService, OutgoingMessage } from '../notifications/notifications.service';
import { deliveryFailure } from '../notifications/templates/delivery-failures';
import { policyOf } from '../plan-policy/resolve-policy';
import { RemindersService } from '../reminders/reminders.service';
import { TasksService } from '../tasks/tasks.service';
import { WorkArrival } from '../tasks/work-arrival.service';
import { AckPlanningService } from './ack-planning.service';
import {
  assignmentNotFound,
  noDepartmentsNamed,
  noLeadAfterReassign,
  notReturned,
  unknownDepartments,
} from './acknowledgement.errors';
import { toAckStateDto } from './acknowledgement.service';
import type {
  AckStateDto,
  InsistReturnDto,
  ReassignedReturnDto,
  ReassignReturnDto,
} from './dto/acknowledgement.dto';

export const RETURN_INSISTED = 'assignment.return_insisted';
export const RETURN_REASSIGNED = 'assignment.return_reassigned';

/**
 * The office's decisions on returned work (退回): insist (坚持交办: the department has a fresh
 * acknowledgement window and is told so) or reassign (改派: the department leaves, the named ones
 * arrive and get their notice and deadline through WorkArrival). Each is claimed with a
 * conditional update on the RETURNED state, so of two decisions one wins and the other is a 409.
 */
@Injectable()
export class ReturnDecisionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly policy: AccessPolicyService,
    private readonly audit: AuditService,
    private readonly tasks: TasksService,
    private readonly reminders: RemindersService,
    private readonly planning: AckPlanningService,
    private readonly notifications: NotificationsService,
    private readonly arrival: WorkArrival,
  ) {}

  async insist(
    scope: Scope,
    taskId: string,
    departmentId: string,
    dto: InsistReturnDto,
  ): Promise<AckStateDto> {
    const reason = dto.reason?.trim() || null;
    const { result, deliveryIds } = await this.prisma.$transaction(async (tx) => {
      const returned = await this.returnedAssignment(tx, scope, taskId, departmentId);
      const task = await tx.task.findUniqueOrThrow({
        where: { id: taskId },
        include: { plan: { select: { title: true, policy: true } } },
      });
      const ackDueOn = await this.planning.replanOne(tx, returned.id, policyOf(task.plan.policy));
      const claimed = await tx.assignment.updateMany({
        where: { id: returned.id, ackState: AckState.RETURNED, removedAt: null },
        data: { ackState: AckState.PENDING, ackDueOn: toDbDate(ackDueOn) },
      });
      if (claimed.count === 0) throw notReturned();
      await this.audit.record(tx, {
        actorId: scope.user.id,
        action: RETURN_INSISTED,
        entityType: 'assignment',
        entityId: returned.id,
        data: { taskId, departmentId, returnReason: returned.returnReason, reason, ackDueOn },
        before: { ackState: AckState.RETURNED },
        after: { ackState: AckState.PENDING, ackDueOn },
      });
      const department = await tx.department.findUniqueOrThrow({ where: { id: departmentId } });
      const liaisons = await tx.person.findMany({
        where: { departmentId, active: true, role: Role.LIAISON },
        select: { id: true, displayName: true },
      });
      const vars = {
        taskId,
        taskNo: task.no,
        taskText: task.text,
        planTitle: task.plan.title,
        departmentName: department.name,
        role: returned.role,
        dueOn: ackDueOn,
        returnReason: returned.returnReason ?? undefined,
        insistReason: reason ?? undefined,
      };
      const key = `ack-insisted-${returned.id}-${ackDueOn}`;
      const messages: OutgoingMessage[] =
        liaisons.length > 0
          ? liaisons.map((p) => ({
              dedupeKey: `${key}-${p.id}`,
              recipientId: p.id,
              template: 'ack-insisted',
              vars: { ...vars, recipientName: p.displayName },
              taskId,
            }))
          : [
              {
                dedupeKey: key,
                recipientId: null,
                template: 'ack-insisted',
                vars,
                taskId,
                missingRecipientReason: deliveryFailure.noRecipient(
                  deliveryFailure.noLiaison(department.name),
                ),
              },
            ];
      const deliveryIds = await this.notifications.createDeliveries(tx, messages);
      const after = await tx.assignment.findUniqueOrThrow({ where: { id: returned.id } });
      return { result: toAckStateDto(after), deliveryIds };
    });
    await this.notifications.dispatch(deliveryIds);
    await this.reminders.enqueueDue();
    return result;
  }

  /**
   * The returning department leaves the task (its reports stay, its reminders stop); each named
   * department is assigned in its role (revived if it was once removed, arriving afresh); the task
   * starts afresh as ASSIGNED if it was disputed, else keeps its status. After the commit, the new
   * departments get their notice and acknowledgement deadline (WorkArrival).
   */
  async reassign(
    scope: Scope,
    taskId: string,
    departmentId: string,
    dto: ReassignReturnDto,
  ): Promise<ReassignedReturnDto> {
    const leads = [...new Set(dto.leadDepartmentIds ?? [])].filter((id) => id !== departmentId);
    const supports = [...new Set(dto.supportDepartmentIds ?? [])].filter(
      (id) => id !== departmentId && !leads.includes(id),
    );
    const named = [...leads, ...supports];
    const reason = dto.reason?.trim() || null;
    const result = await this.prisma.$transaction(async (tx) => {
      // The task and the return first (404 / 409), then what the office named.
      const returned = await this.returnedAssignment(tx, scope, taskId, departmentId);
      if (named.length === 0) throw noDepartmentsNamed();
      // A department out of the caller's scope is as unknown as one that does not exist.
      const found = await tx.department.count({ where: namedDepartmentsWhere(scope, named) });
      if (found !== named.length) throw unknownDepartments();
      const now = this.clock.now();
      const removed = await tx.assignment.updateMany({
        where: { id: returned.id, ackState: AckState.RETURNED, removedAt: null },
        data: { removedAt: now },
      });
      if (removed.count === 0) throw notReturned();
      await this.reminders.cancelForAssignments(tx, [returned.id], '已退回并改派其他部门');
      const added = await this.assignNamed(tx, taskId, { leads, supports }, now);
      const leadsLeft = await tx.assignment.count({
        where: { taskId, role: AssignmentRole.LEAD, removedAt: null },
      });
      if (leadsLeft === 0) throw noLeadAfterReassign();
      const task = await tx.task.findUniqueOrThrow({
        where: { id: taskId },
        select: { dueOn: true, status: true, version: true, plan: { select: { policy: true } } },
      });
      // A disputed task starts afresh like a dispute's reassignment; otherwise its status stays.
      const version =
        task.status === 'DISPUTED'
          ? (await this.tasks.reassign(tx, taskId, { actorId: scope.user.id, reason })).version
          : task.version;
      await this.reminders.planForAdded(tx, task.dueOn, added, now, policyOf(task.plan.policy));
      await this.audit.record(tx, {
        actorId: scope.user.id,
        action: RETURN_REASSIGNED,
        entityType: 'assignment',
        entityId: returned.id,
        data: {
          taskId,
          departmentId,
          returnReason: returned.returnReason,
          reason,
          leadDepartmentIds: leads,
          supportDepartmentIds: supports,
        },
        before: { ackState: AckState.RETURNED, removedAt: null },
        after: { removedAt: now.toISOString() },
      });
      return { taskId, removedDepartmentId: departmentId, addedDepartmentIds: named, version };
    });
    await this.arrival.settle();
    await this.reminders.enqueueDue();
    return result;
  }

  /**
   * Each named department in its role: a current one keeps its state (its role may change); one
   * removed earlier, or new, arrives afresh (pending, no notice yet). Returns the arriving ones.
   */
  private async assignNamed(
    tx: Tx,
    taskId: string,
    named: { leads: string[]; supports: string[] },
    now: Date,
  ): Promise<string[]> {
    const existing = await tx.assignment.findMany({ where: { taskId } });
    const added: string[] = [];
    let ordinal = existing.reduce((m, a) => Math.max(m, a.ordinal), -1) + 1;
    for (const [departmentId, role] of [
      ...named.leads.map((id) => [id, AssignmentRole.LEAD] as const),
      ...named.supports.map((id) => [id, AssignmentRole.SUPPORT] as const),
    ]) {
      const prior = existing.find((a) => a.departmentId === departmentId);
      if (prior && !prior.removedAt) {
        await tx.assignment.update({ where: { id: prior.id }, data: { role } });
      } else if (prior) {
        await tx.assignment.update({
          where: { id: prior.id },
          data: {
            role,
            removedAt: null,
            createdAt: now,
            ackState: AckState.PENDING,
            ackDueOn: null,
            ackedAt: null,
            ackedById: null,
            returnReason: null,
            returnedAt: null,
            noticedAt: null,
          },
        });
        added.push(prior.id);
      } else {
        const a = await tx.assignment.create({
          data: { taskId, departmentId, role, ordinal: ordinal++, createdAt: now },
        });
        added.push(a.id);
      }
    }
    return added;
  }

  /** The department's current, returned assignment on a task in scope (404 / 409 otherwise). */
  private async returnedAssignment(
    tx: Tx,
    scope: Scope,
    taskId: string,
    departmentId: string,
  ): Promise<Assignment> {
    await this.policy.assertTaskInScope(scope, taskId, tx);
    if (!departmentInScope(scope, departmentId)) throw assignmentNotFound();
    const a = await tx.assignment.findFirst({ where: { taskId, departmentId, removedAt: null } });
    if (!a) throw assignmentNotFound();
    if (a.ackState !== AckState.RETURNED) throw notReturned();
    return a;
  }
}
