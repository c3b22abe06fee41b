import { Injectable } from '@nestjs/common';
import { fromDbDate, LocalDate, localDateOf, toDbDate } from '../../common/time/local-date';
import {
  AssignmentRole,
  ReviewStage,
  TaskRequestKind,
  TaskRequestStatus,
} from '../../generated/prisma/enums';
import { ReviewChainService } from '../reviews/review-chain.service';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { AccessPolicyService } from '../auth/access-policy.service';
import type { AuthUser } from '../auth/auth-user';
import { requestOutOfScope } from '../auth/auth.errors';
import type { Scope } from '../auth/scope';
import { namedDepartmentsWhere } from '../auth/scope-where';
import { policyOf } from '../plan-policy/resolve-policy';
import { RemindersService } from '../reminders/reminders.service';
import { WorkArrival } from '../tasks/work-arrival.service';
import { TaskMoved, TasksService } from '../tasks/tasks.service';
import {
  ApproveRequestDto,
  ReassignRequestDto,
  RejectRequestDto,
  RequestResult,
  SubDeadlineDto,
  UpholdRequestDto,
} from './dto/requests.dto';
import { assertLeadOf } from './lead-department';
import { claimPendingRequest } from './request-decisions.sql';
import { readRequestResult, REQUEST_INCLUDE, RequestRow } from './request-view';
import {
  notASupportAssignment,
  noLeadAfterReassign,
  requestDecided,
  requestNotFound,
  subDueOnAfterDueOn,
  supportAssignmentNotFound,
  unknownDepartments,
  wrongDecision,
} from './requests.errors';

interface Decision {
  status: TaskRequestStatus;
  reason: string | null;
  /** Changes the task (through TasksService) and returns it, or null when the task is unchanged. */
  apply: (tx: Tx, req: RequestRow) => Promise<(TaskMoved & { replan?: boolean }) | null>;
}

/**
 * The office's decisions on requests (approve, reject; uphold or reassign a dispute), and the lead
 * department's sub-deadlines for its supporting departments. Every task status change goes through
 * TasksService (the only writer of a task's status); a request is decided with a conditional update
 * on its PENDING status, so of two concurrent decisions one wins and the other is a 409.
 */
@Injectable()
export class RequestDecisionsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly policy: AccessPolicyService,
    private readonly tasks: TasksService,
    private readonly reminders: RemindersService,
    private readonly audit: AuditService,
    private readonly arrival: WorkArrival,
    private readonly reviews: ReviewChainService,
  ) {}

  async approve(scope: Scope, requestId: string, dto: ApproveRequestDto): Promise<RequestResult> {
    const { user } = scope;
    const kind = await this.kindOf(scope, requestId);
    if (kind === TaskRequestKind.DISPUTE) throw wrongDecision(kind, '维持原分工或重新交办');
    // A closure is the office's step of its review chain (the whole chain when the policy asks
    // for nothing more: the office's decision closes the task, as it always did).
    if (kind === TaskRequestKind.CLOSURE) {
      return this.reviews.approve(scope, requestId, {
        stage: ReviewStage.OFFICE,
        reason: dto.reason ?? null,
        version: dto.version,
      });
    }
    const d = { actorId: user.id, expectedVersion: dto.version, reason: dto.reason ?? null };
    return this.decide(user, requestId, kind, {
      status: TaskRequestStatus.APPROVED,
      reason: dto.reason ?? null,
      apply: async (tx, req) => {
        const newDueOn = fromDbDate(req.proposedDueOn!);
        const moved = await this.tasks.extendDeadline(tx, req.taskId, newDueOn, {
          ...d,
          data: { requestId },
        });
        await this.replanDeadline(tx, req.taskId, newDueOn);
        return { ...moved, replan: true };
      },
    });
  }

  async reject(scope: Scope, requestId: string, dto: RejectRequestDto): Promise<RequestResult> {
    const { user } = scope;
    const kind = await this.kindOf(scope, requestId);
    if (kind === TaskRequestKind.DISPUTE) throw wrongDecision(kind, '维持原分工或重新交办');
    if (kind === TaskRequestKind.CLOSURE) {
      return this.reviews.returnClosure(scope, requestId, {
        stage: ReviewStage.OFFICE,
        reason: dto.reason,
        version: dto.version,
      });
    }
    return this.decide(user, requestId, kind, {
      status: TaskRequestStatus.REJECTED,
      reason: dto.reason,
      // An extension refused leaves the task as it was.
      apply: () => Promise.resolve(null),
    });
  }

  /** The dispute is not accepted: the assignment stays as it was. */
  async uphold(scope: Scope, requestId: string, dto: UpholdRequestDto): Promise<RequestResult> {
    const { user } = scope;
    const kind = await this.kindOf(scope, requestId);
    if (kind !== TaskRequestKind.DISPUTE) throw wrongDecision(kind, '同意或退回');
    return this.decide(user, requestId, kind, {
      status: TaskRequestStatus.REJECTED,
      reason: dto.reason ?? null,
      apply: (tx, req) =>
        this.tasks.upholdAssignment(tx, req.taskId, {
          actorId: user.id,
          expectedVersion: dto.version,
          reason: dto.reason ?? null,
          data: { requestId },
        }),
    });
  }

  /**
   * The dispute is accepted: the disputing department is no longer assigned (its reports stay), the
   * named departments are added, and the task starts afresh as ASSIGNED with their reminders.
   */
  async reassign(scope: Scope, requestId: string, dto: ReassignRequestDto): Promise<RequestResult> {
    const { user } = scope;
    const kind = await this.kindOf(scope, requestId);
    if (kind !== TaskRequestKind.DISPUTE) throw wrongDecision(kind, '同意或退回');
    const leads = [...new Set(dto.leadDepartmentIds ?? [])];
    const supports = [...new Set(dto.supportDepartmentIds ?? [])].filter(
      (id) => !leads.includes(id),
    );
    const named = [...leads, ...supports];
    if (named.length > 0) {
      // A department out of the caller's scope is as unknown as one that does not exist.
      const found = await this.prisma.department.count({
        where: namedDepartmentsWhere(scope, named),
      });
      if (found !== named.length) throw unknownDepartments();
    }
    return this.decide(user, requestId, kind, {
      status: TaskRequestStatus.APPROVED,
      reason: dto.reason ?? null,
      apply: async (tx, req) => {
        const now = this.clock.now();
        const added = await this.rewriteAssignments(tx, req, { leads, supports }, now);
        const leadsLeft = await tx.assignment.count({
          where: { taskId: req.taskId, role: AssignmentRole.LEAD, removedAt: null },
        });
        if (leadsLeft === 0) throw noLeadAfterReassign();
        const moved = await this.tasks.reassign(tx, req.taskId, {
          actorId: user.id,
          expectedVersion: dto.version,
          reason: dto.reason ?? null,
          data: { requestId, removed: req.departmentId, added: named },
        });
        const task = await tx.task.findUniqueOrThrow({
          where: { id: req.taskId },
          select: { dueOn: true, plan: { select: { policy: true } } },
        });
        await this.reminders.planForAdded(tx, task.dueOn, added, now, policyOf(task.plan.policy));
        return { ...moved, replan: added.length > 0 };
      },
    });
  }

  /**
   * A dispute's reassignment: the disputing department leaves unless named again (its reports
   * stay, its reminders are cancelled); each named department is assigned in its role, revived if
   * it was once removed. Returns the assignments that are new to the task's work.
   */
  private async rewriteAssignments(
    tx: Tx,
    req: RequestRow,
    named: { leads: string[]; supports: string[] },
    now: Date,
  ): Promise<string[]> {
    const disputing = await tx.assignment.findFirst({
      where: { taskId: req.taskId, departmentId: req.departmentId, removedAt: null },
    });
    const keeps = [...named.leads, ...named.supports];
    if (disputing && !keeps.includes(disputing.departmentId)) {
      await tx.assignment.update({ where: { id: disputing.id }, data: { removedAt: now } });
      await this.reminders.cancelForAssignments(tx, [disputing.id], '职责异议成立,已重新交办');
    }
    const existing = await tx.assignment.findMany({ where: { taskId: req.taskId } });
    const added: string[] = [];
    let ordinal = existing.reduce((m, a) => Math.max(m, a.ordinal), -1) + 1;
    for (const [departmentId, role] of [
      ...named.leads.map((id) => [id, AssignmentRole.LEAD] as const),
      ...named.supports.map((id) => [id, AssignmentRole.SUPPORT] as const),
    ]) {
      const prior = existing.find((a) => a.departmentId === departmentId);
      if (prior) {
        await tx.assignment.update({
          where: { id: prior.id },
          data: { role, removedAt: null },
        });
        if (prior.removedAt) added.push(prior.id);
      } else {
        const a = await tx.assignment.create({
          data: { taskId: req.taskId, departmentId, role, ordinal: ordinal++ },
        });
        added.push(a.id);
      }
    }
    return added;
  }

  // ---- Supporting departments' sub-deadline (set by the lead) ----

  async setSubDeadline(
    user: AuthUser,
    taskId: string,
    assignmentId: string,
    dto: SubDeadlineDto,
  ): Promise<{ assignmentId: string; subDueOn: LocalDate }> {
    await assertLeadOf(this.policy, user, taskId);
    const result = await this.prisma.$transaction(async (tx) => {
      const assignment = await tx.assignment.findFirst({
        where: { id: assignmentId, taskId, removedAt: null },
        include: { task: { select: { dueOn: true, plan: { select: { policy: true } } } } },
      });
      if (!assignment) throw supportAssignmentNotFound();
      if (assignment.role !== AssignmentRole.SUPPORT) throw notASupportAssignment();
      const dueOn = assignment.task.dueOn ? fromDbDate(assignment.task.dueOn) : null;
      if (dueOn && dto.subDueOn > dueOn) throw subDueOnAfterDueOn(dueOn);
      await tx.assignment.update({
        where: { id: assignmentId },
        data: { subDueOn: toDbDate(dto.subDueOn) },
      });
      // The supporting department is reminded of its own deadline, and warned if it stays silent.
      await this.reminders.planSubDeadline(tx, {
        assignmentId,
        subDueOn: dto.subDueOn,
        periodStart: localDateOf(this.clock.now()),
        policy: policyOf(assignment.task.plan.policy),
      });
      await this.audit.record(tx, {
        actorId: user.id,
        action: 'assignment.sub_deadline_set',
        entityType: 'assignment',
        entityId: assignmentId,
        data: {
          taskId,
          departmentId: assignment.departmentId,
          from: assignment.subDueOn ? fromDbDate(assignment.subDueOn) : null,
          to: dto.subDueOn,
        },
      });
      return { assignmentId, subDueOn: dto.subDueOn };
    });
    await this.reminders.enqueueDue();
    return result;
  }

  private async decide(
    user: AuthUser,
    requestId: string,
    kind: TaskRequestKind,
    decision: Decision,
  ): Promise<RequestResult> {
    const { result, replan } = await this.prisma.$transaction(async (tx) => {
      const now = this.clock.now();
      const claimed = await tx.$executeRaw(claimPendingRequest(requestId, decision, user.id, now));
      if (claimed === 0) {
        const current = await tx.taskRequest.findUnique({
          where: { id: requestId },
          select: { status: true },
        });
        if (!current) throw requestNotFound();
        throw requestDecided(current.status);
      }
      const req = await tx.taskRequest.findUniqueOrThrow({
        where: { id: requestId },
        include: REQUEST_INCLUDE,
      });
      const moved = await decision.apply(tx, req);
      await this.audit.record(tx, {
        actorId: user.id,
        action: `request.${decision.status === TaskRequestStatus.APPROVED ? 'approved' : 'rejected'}`,
        entityType: 'task_request',
        entityId: requestId,
        data: {
          taskId: req.taskId,
          kind,
          status: decision.status,
          ...(decision.reason ? { reason: decision.reason } : {}),
          ...(moved ? { taskFrom: moved.from, taskTo: moved.to } : {}),
        },
      });
      return { result: await readRequestResult(tx, requestId), replan: moved?.replan ?? false };
    });
    // After commit: the new reminders reach Redis only once they exist for every reader; new
    // assignments (a reassignment) get their notice and acknowledgement deadline.
    if (replan) {
      await this.arrival.settle();
      await this.reminders.enqueueDue();
    }
    return result;
  }

  /** A new deadline starts afresh: pending reminders cancelled, new ones planned for it. */
  private async replanDeadline(tx: Tx, taskId: string, dueOn: LocalDate): Promise<void> {
    const task = await tx.task.findUniqueOrThrow({
      where: { id: taskId },
      select: {
        plan: { select: { policy: true } },
        assignments: { where: { removedAt: null }, select: { id: true } },
      },
    });
    // Periodic report reminders go on: only the deadline's reminders move.
    await this.reminders.cancelForTasks(tx, [taskId], `办结时限已延期至 ${dueOn}`, {
      deadlineOnly: true,
    });
    await this.reminders.planForAssignments(
      tx,
      task.assignments.map((a) => ({ assignmentId: a.id, dueOn })),
      this.clock.now(),
      policyOf(task.plan.policy),
    );
  }

  /** The request's kind; 404 when it does not exist or its task is out of the caller's scope. */
  private async kindOf(scope: Scope, requestId: string): Promise<TaskRequestKind> {
    const req = await this.prisma.taskRequest.findUnique({
      where: { id: requestId },
      select: { kind: true, taskId: true },
    });
    if (req && !(await this.policy.taskInScope(scope, req.taskId))) throw requestOutOfScope();
    if (!req) throw requestNotFound();
    return req.kind;
  }
}
