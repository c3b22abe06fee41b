import { Injectable } from '@nestjs/common';
import { fromDbDate, LocalDate, localDateOf, toDbDate } from '../../common/time/local-date';
import {
  TaskRequestKind,
  TaskRequestStatus,
  TaskStatus,
  type WorkSource,
} from '../../generated/prisma/enums';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { DocumentWorkers } from '../../infra/worker-pool/document-workers';
import { AuditService } from '../audit/audit.service';
import { AccessPolicyService } from '../auth/access-policy.service';
import type { AuthUser } from '../auth/auth-user';
import { CalendarService } from '../calendar/calendar.service';
import { policyOf } from '../plan-policy/resolve-policy';
import { transition } from '../tasks/domain/task-state-machine';
import { invalidTransition, staleTask, taskGone } from '../tasks/tasks.errors';
import { TasksService } from '../tasks/tasks.service';
import { ReviewChainService } from '../reviews/review-chain.service';
import { ReviewSteps } from '../reviews/review-steps.service';
import {
  ClosureRequestDto,
  DisputeRequestDto,
  ExtensionRequestDto,
  RequestResult,
} from './dto/requests.dto';
import { EvidenceStorage } from './evidence-storage.service';
import { checkEvidenceFiles, type TypedEvidenceFile } from './evidence-files';
import { displayFileName } from './evidence-type';
import type { UploadedEvidenceFile } from './evidence-upload.interceptor';
import { assertLeadOf } from './lead-department';
import { LockedTaskRow, lockTaskForRequest } from './request-submission.sql';
import { readRequestResult } from './request-view';
import {
  deadlinePassed,
  disputeWindowClosed,
  noDeadlineToExtend,
  proposedDueOnNotLater,
  replyRequired,
  requestPending,
} from './requests.errors';

/** Sources whose reply (答复) is the closure evidence (DESIGN.md "Where work comes from"). */
const REPLY_IS_EVIDENCE: ReadonlySet<WorkSource> = new Set<WorkSource>([
  'HIGHER',
  'NPC_PROPOSAL',
  'CPPCC_PROPOSAL',
]);

/** An uploaded file and the type its bytes were found to be. */

/**
 * What departments submit: closure (办结销号, with evidence links and files), extension (延期申请)
 * and dispute (职责异议) requests. The task's status moves through TasksService (the only writer
 * of a task's status) in the transaction that records the request.
 */
@Injectable()
export class RequestSubmissionService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly policy: AccessPolicyService,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
    private readonly storage: EvidenceStorage,
    private readonly workers: DocumentWorkers,
    private readonly reviews: ReviewChainService,
    private readonly reviewSteps: ReviewSteps,
  ) {}

  async requestClosure(
    user: AuthUser,
    taskId: string,
    dto: ClosureRequestDto,
    files: UploadedEvidenceFile[] = [],
  ): Promise<RequestResult> {
    const lead = await assertLeadOf(this.policy, user, taskId);
    const reply = dto.reply?.trim() ?? '';
    if (files.length === 0 && (dto.links?.length ?? 0) === 0 && reply === '') {
      const task = await this.prisma.task.findUnique({
        where: { id: taskId },
        select: { source: true },
      });
      if (task && REPLY_IS_EVIDENCE.has(task.source)) throw replyRequired();
    }
    const actingForId = await this.actingFor(user, lead.departmentId);
    const typed = await checkEvidenceFiles(this.workers, files);
    const result = await this.prisma.$transaction(async (tx) => {
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
          summary: reply === '' ? dto.summary : `${dto.summary}\n\n答复内容:${reply}`,
          requestedById: user.id,
          requestedAt: this.clock.now(),
        },
      });
      await this.attachEvidence(tx, user, taskId, request.id, dto.links ?? [], typed);
      // The review chain (审核) per the container's policy, its first step waiting from now.
      await this.reviews.openChain(tx, request, user, actingForId);
      await this.recordRequest(tx, user, request.id, taskId, 'request.closure_requested', {
        links: dto.links?.length ?? 0,
        files: typed.length,
        reply: reply !== '',
        ...(actingForId ? { actingForId } : {}),
      });
      return readRequestResult(tx, request.id);
    });
    // After commit: the holders of the first step are told.
    await this.reviewSteps.sweep();
    return result;
  }

  /** The person a deputy (委托) acts for in `departmentId`; null for the department's own people. */
  private async actingFor(user: AuthUser, departmentId: string): Promise<string | null> {
    if (user.departmentId === departmentId) return null;
    const scope = await this.policy.resolve(user);
    return (scope.actingFor ?? []).find((a) => a.departmentId === departmentId)?.personId ?? null;
  }

  async requestExtension(
    user: AuthUser,
    taskId: string,
    dto: ExtensionRequestDto,
  ): Promise<RequestResult> {
    const lead = await assertLeadOf(this.policy, user, taskId);
    const actingForId = await this.actingFor(user, lead.departmentId);
    return this.prisma.$transaction(async (tx) => {
      const task = await this.lockTask(tx, taskId);
      const allowed = transition(task.status, 'EXTEND_DEADLINE');
      if (!allowed.ok) throw invalidTransition(task.status, 'EXTEND_DEADLINE');
      if (task.version !== dto.version) throw staleTask(dto.version, task.version);
      if (!task.dueOn) throw noDeadlineToExtend();
      const today = localDateOf(this.clock.now());
      if (today > task.dueOn) throw deadlinePassed(task.dueOn, today);
      if (dto.proposedDueOn <= task.dueOn) throw proposedDueOnNotLater(task.dueOn);
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
          actingForId,
          requestedAt: this.clock.now(),
        },
      });
      await this.recordRequest(tx, user, request.id, taskId, 'request.extension_requested', {
        dueOn: task.dueOn,
        proposedDueOn: dto.proposedDueOn,
      });
      return readRequestResult(tx, request.id);
    });
  }

  async requestDispute(
    user: AuthUser,
    taskId: string,
    dto: DisputeRequestDto,
  ): Promise<RequestResult> {
    const assignment = await this.policy.assertCanReportOn(user, taskId);
    const actingForId = await this.actingFor(user, assignment.departmentId);
    const task = await this.prisma.task.findUniqueOrThrow({
      where: { id: taskId },
      select: { createdAt: true, plan: { select: { policy: true } } },
    });
    const windowDays = policyOf(task.plan.policy).disputeWindowWorkingDays;
    // Assignments carry no date of their own: the window runs from the task's assignment (import).
    const assignedOn = localDateOf(task.createdAt);
    const today = localDateOf(this.clock.now());
    const elapsed = this.calendars.current().workingDaysAfter(assignedOn, today);
    if (elapsed > windowDays) throw disputeWindowClosed(assignedOn, windowDays, elapsed);
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
          actingForId,
          requestedAt: this.clock.now(),
        },
      });
      await this.recordRequest(tx, user, request.id, taskId, 'request.dispute_raised', {
        role: assignment.role,
      });
      return readRequestResult(tx, request.id);
    });
  }

  /** The links, and the files stored by content, as evidence of the request. */
  private async attachEvidence(
    tx: Tx,
    user: AuthUser,
    taskId: string,
    requestId: string,
    links: string[],
    files: TypedEvidenceFile[],
  ): Promise<void> {
    for (const url of links) {
      await tx.evidence.create({
        data: { taskId, requestId, kind: 'LINK', url, uploadedById: user.id },
      });
    }
    for (const { file, type } of files) {
      const stored = await this.storage.store(file.buffer);
      await tx.evidence.create({
        data: {
          taskId,
          requestId,
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
  }

  private async lockTask(
    tx: Tx,
    taskId: string,
  ): Promise<{ status: TaskStatus; version: number; dueOn: LocalDate | null }> {
    const [row] = await tx.$queryRaw<LockedTaskRow[]>(lockTaskForRequest(taskId));
    if (!row) throw taskGone();
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
    if (pending) throw requestPending(kind, pending.id);
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
}
