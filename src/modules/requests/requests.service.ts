import { Injectable } from '@nestjs/common';
import { DomainException, forbidden, notFound } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import type { Assignment, Prisma } from '../../generated/prisma/client';
import {
  AssignmentRole,
  TaskRequestKind,
  TaskRequestStatus,
  TaskStatus,
} from '../../generated/prisma/enums';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { AccessPolicyService } from '../auth/access-policy.service';
import type { AuthUser } from '../auth/auth-user';
import { CalendarService } from '../calendar/calendar.service';
import { fromDbDate, LocalDate, localDateOf, toDbDate } from '../../common/time/local-date';
import { policyOf } from '../plan-policy/resolve-policy';
import { RemindersService } from '../reminders/reminders.service';
import { transition } from '../tasks/domain/task-state-machine';
import { invalidTransition, staleTask } from '../tasks/tasks.errors';
import { TaskMoved, TasksService } from '../tasks/tasks.service';
import {
  ApproveRequestDto,
  ClosureRequestDto,
  DisputeRequestDto,
  ExtensionRequestDto,
  ReassignRequestDto,
  RejectRequestDto,
  RequestQueueQuery,
  RequestResult,
  RequestView,
  SubDeadlineDto,
  UpholdRequestDto,
} from './dto/requests.dto';
import { EvidenceStorage } from './evidence-storage.service';
import { ALLOWED_EVIDENCE_LABEL, detectEvidenceType, displayFileName } from './evidence-type';
import type { UploadedEvidenceFile } from './evidence-upload.interceptor';

const REQUEST_INCLUDE = { evidence: { orderBy: { createdAt: 'asc' } } } as const;
type RequestRow = Prisma.TaskRequestGetPayload<{ include: typeof REQUEST_INCLUDE }>;

const requestDecided = (status: TaskRequestStatus) =>
  new DomainException(
    ErrorCode.REQUEST_DECIDED,
    status === TaskRequestStatus.PENDING
      ? '该申请正在被他人处理,请刷新后查看结果'
      : '该申请已处理,不能重复处理,请刷新后查看结果',
    { status },
  );

const KIND_LABEL: Record<TaskRequestKind, string> = {
  CLOSURE: '办结销号申请',
  EXTENSION: '延期申请',
  DISPUTE: '职责异议',
};

interface Decision {
  status: TaskRequestStatus;
  reason: string | null;
  /** Changes the task (through TasksService) and returns it, or null when the task is unchanged. */
  apply: (tx: Tx, req: RequestRow) => Promise<(TaskMoved & { replan?: boolean }) | null>;
}

/**
 * Closure (办结销号), extension (延期申请) and dispute (职责异议) requests and the office's decisions.
 * Every task status change goes through TasksService (the only writer of a task's status); a request
 * is decided with a conditional update on its PENDING status, so of two concurrent decisions one
 * wins and the other is a 409.
 */
@Injectable()
export class RequestsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly policy: AccessPolicyService,
    private readonly tasks: TasksService,
    private readonly reminders: RemindersService,
    private readonly audit: AuditService,
    private readonly storage: EvidenceStorage,
  ) {}

  // ---- Department requests ----

  async requestClosure(
    user: AuthUser,
    taskId: string,
    dto: ClosureRequestDto,
    files: UploadedEvidenceFile[] = [],
  ): Promise<RequestResult> {
    const lead = await this.assertLeadOf(user, taskId);
    // Refused before anything is stored: the type is read from the bytes, never from the name.
    const typed = files.map((file) => {
      const type = detectEvidenceType(file.buffer);
      if (!type) {
        throw new DomainException(
          ErrorCode.UNSUPPORTED_FILE_TYPE,
          `文件“${displayFileName(file.originalname)}”不是可接受的类型,只能上传 ${ALLOWED_EVIDENCE_LABEL}`,
          { field: 'files', fileName: displayFileName(file.originalname) },
        );
      }
      return { file, type };
    });
    return this.prisma.$transaction(async (tx) => {
      await this.tasks.requestClosure(tx, taskId, {
        actorId: user.id,
        expectedVersion: dto.version,
        reason: dto.reason ?? null,
      });
      const request = await tx.taskRequest.create({
        data: {
          taskId,
          departmentId: lead.departmentId,
          kind: TaskRequestKind.CLOSURE,
          reason: dto.reason ?? '',
          summary: dto.summary,
          requestedById: user.id,
          requestedAt: this.clock.now(),
        },
      });
      for (const url of dto.links ?? []) {
        await tx.evidence.create({
          data: { taskId, requestId: request.id, kind: 'LINK', url, uploadedById: user.id },
        });
      }
      for (const { file, type } of typed) {
        const stored = await this.storage.store(file.buffer);
        await tx.evidence.create({
          data: {
            taskId,
            requestId: request.id,
            kind: 'FILE',
            fileName: displayFileName(file.originalname),
            storedPath: stored.storedPath,
            size: stored.size,
            mimeType: type.mimeType,
            sha256: stored.sha256,
            uploadedById: user.id,
          },
        });
      }
      await this.recordRequest(tx, user, request.id, taskId, 'request.closure_requested', {
        links: dto.links?.length ?? 0,
        files: typed.length,
      });
      return this.result(tx, request.id);
    });
  }

  async requestExtension(
    user: AuthUser,
    taskId: string,
    dto: ExtensionRequestDto,
  ): Promise<RequestResult> {
    const lead = await this.assertLeadOf(user, taskId);
    return this.prisma.$transaction(async (tx) => {
      const task = await this.lockTask(tx, taskId);
      const allowed = transition(task.status, 'EXTEND_DEADLINE');
      if (!allowed.ok) throw invalidTransition(task.status, 'EXTEND_DEADLINE');
      if (task.version !== dto.version) throw staleTask(dto.version, task.version);
      if (!task.dueOn) {
        throw new DomainException(
          ErrorCode.NO_DEADLINE,
          '该任务为持续推进事项,没有办结时限,无需申请延期',
          [{ field: 'proposedDueOn', reason: '任务没有办结时限' }],
        );
      }
      const today = localDateOf(this.clock.now());
      if (today > task.dueOn) {
        throw new DomainException(
          ErrorCode.DEADLINE_PASSED,
          `办结时限(${task.dueOn})已过,不能再申请延期;延期须在时限届满前提出`,
          { dueOn: task.dueOn, today },
        );
      }
      if (dto.proposedDueOn <= task.dueOn) {
        throw new DomainException(
          ErrorCode.VALIDATION_FAILED,
          `申请的新时限必须晚于当前办结时限(${task.dueOn})`,
          [{ field: 'proposedDueOn', reason: `必须晚于 ${task.dueOn}` }],
        );
      }
      await this.tasks.assertWithinParentDeadline(tx, taskId, dto.proposedDueOn);
      await this.assertNoPending(tx, taskId, TaskRequestKind.EXTENSION);
      const request = await tx.taskRequest.create({
        data: {
          taskId,
          departmentId: lead.departmentId,
          kind: TaskRequestKind.EXTENSION,
          reason: dto.reason,
          proposedDueOn: toDbDate(dto.proposedDueOn),
          requestedById: user.id,
          requestedAt: this.clock.now(),
        },
      });
      await this.recordRequest(tx, user, request.id, taskId, 'request.extension_requested', {
        dueOn: task.dueOn,
        proposedDueOn: dto.proposedDueOn,
      });
      return this.result(tx, request.id);
    });
  }

  async requestDispute(
    user: AuthUser,
    taskId: string,
    dto: DisputeRequestDto,
  ): Promise<RequestResult> {
    const assignment = await this.policy.assertCanReportOn(user, taskId);
    const task = await this.prisma.task.findUniqueOrThrow({
      where: { id: taskId },
      select: { createdAt: true, plan: { select: { policy: true } } },
    });
    const windowDays = policyOf(task.plan.policy).disputeWindowWorkingDays;
    // Assignments carry no date of their own: the window runs from the task's assignment (import).
    const assignedOn = localDateOf(task.createdAt);
    const today = localDateOf(this.clock.now());
    const elapsed = this.calendars.current().workingDaysAfter(assignedOn, today);
    if (elapsed > windowDays) {
      throw new DomainException(
        ErrorCode.DISPUTE_WINDOW_CLOSED,
        `职责异议须在交办后 ${windowDays} 个工作日内提出(交办日期 ${assignedOn},已过 ${elapsed} 个工作日)`,
        { assignedOn, windowWorkingDays: windowDays, elapsedWorkingDays: elapsed },
      );
    }
    return this.prisma.$transaction(async (tx) => {
      await this.tasks.dispute(tx, taskId, {
        actorId: user.id,
        expectedVersion: dto.version,
        reason: dto.reason,
        data: { departmentId: assignment.departmentId },
      });
      const request = await tx.taskRequest.create({
        data: {
          taskId,
          departmentId: assignment.departmentId,
          kind: TaskRequestKind.DISPUTE,
          reason: dto.reason,
          requestedById: user.id,
          requestedAt: this.clock.now(),
        },
      });
      await this.recordRequest(tx, user, request.id, taskId, 'request.dispute_raised', {
        role: assignment.role,
      });
      return this.result(tx, request.id);
    });
  }

  // ---- Office decisions ----

  async approve(user: AuthUser, requestId: string, dto: ApproveRequestDto): Promise<RequestResult> {
    const kind = await this.kindOf(requestId);
    if (kind === TaskRequestKind.DISPUTE) throw this.wrongDecision(kind, '维持原分工或重新交办');
    const d = { actorId: user.id, expectedVersion: dto.version, reason: dto.reason ?? null };
    return this.decide(user, requestId, kind, {
      status: TaskRequestStatus.APPROVED,
      reason: dto.reason ?? null,
      apply: async (tx, req) => {
        if (kind === TaskRequestKind.CLOSURE) {
          const moved = await this.tasks.approveClosure(tx, req.taskId, {
            ...d,
            data: { requestId },
          });
          await this.reminders.cancelForTasks(tx, [req.taskId], '任务已办结销号');
          return moved;
        }
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

  async reject(user: AuthUser, requestId: string, dto: RejectRequestDto): Promise<RequestResult> {
    const kind = await this.kindOf(requestId);
    if (kind === TaskRequestKind.DISPUTE) throw this.wrongDecision(kind, '维持原分工或重新交办');
    return this.decide(user, requestId, kind, {
      status: TaskRequestStatus.REJECTED,
      reason: dto.reason,
      apply: async (tx, req) =>
        kind === TaskRequestKind.CLOSURE
          ? this.tasks.returnClosure(tx, req.taskId, {
              actorId: user.id,
              expectedVersion: dto.version,
              reason: dto.reason,
              data: { requestId },
            })
          : null,
    });
  }

  /** The dispute is not accepted: the assignment stays as it was. */
  async uphold(user: AuthUser, requestId: string, dto: UpholdRequestDto): Promise<RequestResult> {
    const kind = await this.kindOf(requestId);
    if (kind !== TaskRequestKind.DISPUTE) throw this.wrongDecision(kind, '同意或退回');
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
  async reassign(
    user: AuthUser,
    requestId: string,
    dto: ReassignRequestDto,
  ): Promise<RequestResult> {
    const kind = await this.kindOf(requestId);
    if (kind !== TaskRequestKind.DISPUTE) throw this.wrongDecision(kind, '同意或退回');
    const leads = [...new Set(dto.leadDepartmentIds ?? [])];
    const supports = [...new Set(dto.supportDepartmentIds ?? [])].filter(
      (id) => !leads.includes(id),
    );
    const named = [...leads, ...supports];
    if (named.length > 0) {
      const found = await this.prisma.department.count({ where: { id: { in: named } } });
      if (found !== named.length) {
        throw new DomainException(ErrorCode.VALIDATION_FAILED, '指定的部门不存在', [
          { field: 'leadDepartmentIds', reason: '包含不存在的部门' },
        ]);
      }
    }
    return this.decide(user, requestId, kind, {
      status: TaskRequestStatus.APPROVED,
      reason: dto.reason ?? null,
      apply: async (tx, req) => {
        const now = this.clock.now();
        const disputing = await tx.assignment.findFirst({
          where: { taskId: req.taskId, departmentId: req.departmentId, removedAt: null },
        });
        if (disputing && !named.includes(disputing.departmentId)) {
          await tx.assignment.update({ where: { id: disputing.id }, data: { removedAt: now } });
          await this.reminders.cancelForAssignments(tx, [disputing.id], '职责异议成立,已重新交办');
        }
        const existing = await tx.assignment.findMany({ where: { taskId: req.taskId } });
        const added: string[] = [];
        let ordinal = existing.reduce((m, a) => Math.max(m, a.ordinal), -1) + 1;
        for (const [departmentId, role] of [
          ...leads.map((id) => [id, AssignmentRole.LEAD] as const),
          ...supports.map((id) => [id, AssignmentRole.SUPPORT] as const),
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
        const leadsLeft = await tx.assignment.count({
          where: { taskId: req.taskId, role: AssignmentRole.LEAD, removedAt: null },
        });
        if (leadsLeft === 0) {
          throw new DomainException(
            ErrorCode.VALIDATION_FAILED,
            '重新交办后该任务没有牵头部门,请指定牵头部门',
            [{ field: 'leadDepartmentIds', reason: '必须填写' }],
          );
        }
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
        if (task.dueOn && added.length > 0) {
          const dueOn = fromDbDate(task.dueOn);
          await this.reminders.planForAssignments(
            tx,
            added.map((assignmentId) => ({ assignmentId, dueOn })),
            now,
            policyOf(task.plan.policy),
          );
        }
        return { ...moved, replan: added.length > 0 };
      },
    });
  }

  // ---- Supporting departments' sub-deadline ----

  async setSubDeadline(
    user: AuthUser,
    taskId: string,
    assignmentId: string,
    dto: SubDeadlineDto,
  ): Promise<{ assignmentId: string; subDueOn: LocalDate }> {
    await this.assertLeadOf(user, taskId);
    const result = await this.prisma.$transaction(async (tx) => {
      const assignment = await tx.assignment.findFirst({
        where: { id: assignmentId, taskId, removedAt: null },
        include: { task: { select: { dueOn: true, plan: { select: { policy: true } } } } },
      });
      if (!assignment) throw notFound('该配合部门的分工');
      if (assignment.role !== AssignmentRole.SUPPORT) {
        throw new DomainException(
          ErrorCode.VALIDATION_FAILED,
          '只能为配合部门设定向牵头部门报送的时限',
          [{ field: 'assignmentId', reason: '不是配合部门的分工' }],
        );
      }
      const dueOn = assignment.task.dueOn ? fromDbDate(assignment.task.dueOn) : null;
      if (dueOn && dto.subDueOn > dueOn) {
        throw new DomainException(
          ErrorCode.VALIDATION_FAILED,
          `配合部门的报送时限不能晚于任务办结时限(${dueOn})`,
          [{ field: 'subDueOn', reason: `不能晚于 ${dueOn}` }],
        );
      }
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

  // ---- Reading ----

  async listForTask(user: AuthUser, taskId: string): Promise<RequestView[]> {
    await this.policy.assertCanReadTask(user, taskId);
    const rows = await this.prisma.taskRequest.findMany({
      where: { taskId },
      include: REQUEST_INCLUDE,
      orderBy: [{ requestedAt: 'desc' }, { id: 'asc' }],
    });
    return rows.map(toView);
  }

  /** The office's queue: oldest first, so nothing waits longest unnoticed. */
  async queue(query: RequestQueueQuery): Promise<RequestView[]> {
    const rows = await this.prisma.taskRequest.findMany({
      where: {
        ...(query.status ? { status: query.status } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
      },
      include: REQUEST_INCLUDE,
      orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }],
      take: 500,
    });
    return rows.map(toView);
  }

  // ---- Helpers ----

  /**
   * Only a liaison or head of the task's lead department (requests, sub-deadlines).
   * TODO(auth): candidate for AccessPolicyService.assertLeadOf.
   */
  private async assertLeadOf(user: AuthUser, taskId: string): Promise<Assignment> {
    const assignment = await this.policy.assertCanReportOn(user, taskId);
    if (assignment.role !== AssignmentRole.LEAD) {
      throw forbidden('只有牵头部门的联络员或负责人可以办理此事项');
    }
    return assignment;
  }

  private async decide(
    user: AuthUser,
    requestId: string,
    kind: TaskRequestKind,
    decision: Decision,
  ): Promise<RequestResult> {
    const { result, replan } = await this.prisma.$transaction(async (tx) => {
      const now = this.clock.now();
      // Of two concurrent decisions the second waits on the row lock, then matches no PENDING row.
      const claimed = await tx.$executeRaw`
        UPDATE task_request
        SET status = ${decision.status}::"TaskRequestStatus", decided_by_id = ${user.id}::uuid,
            decided_at = ${now}, decision_reason = ${decision.reason}
        WHERE id = ${requestId}::uuid AND status = 'PENDING'`;
      if (claimed === 0) {
        const current = await tx.taskRequest.findUnique({
          where: { id: requestId },
          select: { status: true },
        });
        if (!current) throw notFound('该申请');
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
      return { result: await this.result(tx, requestId), replan: moved?.replan ?? false };
    });
    // After commit: the new reminders reach Redis only once they exist for every reader.
    if (replan) await this.reminders.enqueueDue();
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

  private async kindOf(requestId: string): Promise<TaskRequestKind> {
    const req = await this.prisma.taskRequest.findUnique({
      where: { id: requestId },
      select: { kind: true },
    });
    if (!req) throw notFound('该申请');
    return req.kind;
  }

  private wrongDecision(kind: TaskRequestKind, instead: string): DomainException {
    return new DomainException(
      ErrorCode.INVALID_TRANSITION,
      `${KIND_LABEL[kind]}不能这样处理;请选择${instead}`,
      { kind },
    );
  }

  private async lockTask(
    tx: Tx,
    taskId: string,
  ): Promise<{ status: TaskStatus; version: number; dueOn: LocalDate | null }> {
    const rows = await tx.$queryRaw<{ status: TaskStatus; version: number; due_on: Date | null }[]>`
      SELECT status, version, due_on FROM task WHERE id = ${taskId}::uuid FOR NO KEY UPDATE`;
    const row = rows[0];
    if (!row) throw notFound('该任务');
    return {
      status: row.status,
      version: row.version,
      dueOn: row.due_on ? fromDbDate(row.due_on) : null,
    };
  }

  private async assertNoPending(tx: Tx, taskId: string, kind: TaskRequestKind): Promise<void> {
    const pending = await tx.taskRequest.findFirst({
      where: { taskId, kind, status: TaskRequestStatus.PENDING },
      select: { id: true },
    });
    if (pending) {
      throw new DomainException(
        ErrorCode.REQUEST_PENDING,
        `该任务已有待处理的${KIND_LABEL[kind]},请等待督查室处理`,
        { requestId: pending.id },
      );
    }
  }

  private recordRequest(
    tx: Tx,
    user: AuthUser,
    requestId: string,
    taskId: string,
    action: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(tx, {
      actorId: user.id,
      action,
      entityType: 'task_request',
      entityId: requestId,
      data: { taskId, departmentId: user.departmentId, ...data },
    });
  }

  /** The request and the task as they stand after the call. */
  private async result(tx: Tx, requestId: string): Promise<RequestResult> {
    const req = await tx.taskRequest.findUniqueOrThrow({
      where: { id: requestId },
      include: REQUEST_INCLUDE,
    });
    const task = await tx.task.findUniqueOrThrow({
      where: { id: req.taskId },
      select: { id: true, status: true, version: true, dueOn: true },
    });
    return {
      request: toView(req),
      task: {
        id: task.id,
        status: task.status,
        version: task.version,
        dueOn: task.dueOn ? fromDbDate(task.dueOn) : null,
      },
    };
  }
}

function toView(r: RequestRow): RequestView {
  return {
    id: r.id,
    taskId: r.taskId,
    departmentId: r.departmentId,
    kind: r.kind,
    status: r.status,
    reason: r.reason,
    summary: r.summary,
    proposedDueOn: r.proposedDueOn ? fromDbDate(r.proposedDueOn) : null,
    requestedById: r.requestedById,
    requestedAt: r.requestedAt,
    decidedById: r.decidedById,
    decidedAt: r.decidedAt,
    decisionReason: r.decisionReason,
    evidence: r.evidence.map((e) => ({
      id: e.id,
      kind: e.kind,
      url: e.url,
      fileName: e.fileName,
      size: e.size,
      mimeType: e.mimeType,
      sha256: e.sha256,
      createdAt: e.createdAt,
    })),
  };
}
