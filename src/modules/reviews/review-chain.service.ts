import { Injectable } from '@nestjs/common';
import {
  ReviewStage,
  ReviewStepStatus,
  Role,
  TaskRequestKind,
  TaskRequestStatus,
} from '../../generated/prisma/enums';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { AccessPolicyService, maySupervise } from '../auth/access-policy.service';
import type { AuthUser } from '../auth/auth-user';
import { requestOutOfScope } from '../auth/auth.errors';
import type { Scope } from '../auth/scope';
import { policyOf } from '../plan-policy/resolve-policy';
import { RemindersService } from '../reminders/reminders.service';
import type { RequestResult } from '../requests/dto/requests.dto';
import { readRequestResult } from '../requests/request-view';
import { requestDecided, requestNotFound, wrongDecision } from '../requests/requests.errors';
import { staleTask } from '../tasks/tasks.errors';
import { TasksService } from '../tasks/tasks.service';
import { chainFor, STAGE_LABEL } from './review-chain';
import { insertSteps, LockedRequestRow, lockRequest } from './review-chain.sql';
import { ReviewSteps } from './review-steps.service';
import { notReviewHolder, reviewStageMoved } from './reviews.errors';

/** The holder a deputy acted for, by id and name (the history shows "张三(代李四)"). */
interface ActingForName {
  id: string;
  name: string;
}

/** A decision on the step that waits: approve (同意) or return (退回重办). */
export interface StepDecision {
  stage: ReviewStage;
  reason: string | null;
  version?: number;
}

/**
 * The closure review chain (审核): the lead department's head (when the policy asks), the
 * supervision office, the instructing leader (批示件, when the policy asks). The steps are created
 * with the closure request; only a holder of the step that waits decides it; the last approval
 * closes the task and a return sends it back to work, both through TasksService. A request is
 * locked while it is decided, and a decision names the stage it saw: of two decisions one wins,
 * the other is a 409.
 */
@Injectable()
export class ReviewChainService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly policy: AccessPolicyService,
    private readonly tasks: TasksService,
    private readonly reminders: RemindersService,
    private readonly audit: AuditService,
    private readonly steps: ReviewSteps,
  ) {}

  /**
   * In the transaction that records a closure request: its steps per the container's policy, the
   * first entered now (a head asking for closure themselves has approved the head's step).
   */
  async openChain(
    tx: Tx,
    request: { id: string; taskId: string; departmentId: string },
    requester: AuthUser,
    actingForId: string | null,
  ): Promise<void> {
    const task = await tx.task.findUniqueOrThrow({
      where: { id: request.taskId },
      select: { plan: { select: { policy: true, leaderId: true } } },
    });
    const chain = chainFor(policyOf(task.plan.policy).review, task.plan.leaderId);
    const headAsks =
      chain[0] === ReviewStage.HEAD &&
      actingForId === null &&
      requester.role === Role.HEAD &&
      requester.departmentId === request.departmentId;
    const now = this.clock.now();
    await tx.$executeRaw(
      insertSteps(
        request.id,
        chain,
        now,
        headAsks ? { byId: requester.id, reason: '部门负责人本人提出办结申请' } : null,
      ),
    );
    await tx.taskRequest.update({
      where: { id: request.id },
      data: { stage: chain[headAsks ? 1 : 0], actingForId },
    });
  }

  /** Approves the step that waits: the next step begins, or the last one closes the task. */
  async approve(scope: Scope, requestId: string, d: StepDecision): Promise<RequestResult> {
    return this.decide(scope, requestId, d, async (tx, req, actingFor) => {
      const { user } = scope;
      const now = this.clock.now();
      await this.settleStep(
        tx,
        req,
        ReviewStepStatus.APPROVED,
        user,
        actingFor?.id ?? null,
        d.reason,
      );
      const next = await tx.reviewStep.findFirst({
        where: { requestId, status: ReviewStepStatus.PENDING, enteredAt: null },
        orderBy: { ordinal: 'asc' },
      });
      if (next) {
        await this.record(tx, user, req, d, actingFor, next.stage);
        await tx.reviewStep.update({ where: { id: next.id }, data: { enteredAt: now } });
        await tx.taskRequest.update({ where: { id: requestId }, data: { stage: next.stage } });
        return;
      }
      await this.closeRequest(tx, req, TaskRequestStatus.APPROVED, user, d.reason);
      const moved = await this.tasks.approveClosure(tx, req.task_id, {
        actorId: user.id,
        expectedVersion: d.version,
        data: { requestId },
      });
      await this.reminders.cancelForTasks(tx, [req.task_id], '任务已办结销号');
      await this.recordRequest(tx, user, 'request.approved', req, d.reason, actingFor, moved);
    });
  }

  /** Returns the closure (退回重办): later steps are skipped, the task goes back to work. */
  async returnClosure(scope: Scope, requestId: string, d: StepDecision): Promise<RequestResult> {
    return this.decide(scope, requestId, d, async (tx, req, actingFor) => {
      const { user } = scope;
      await this.settleStep(
        tx,
        req,
        ReviewStepStatus.RETURNED,
        user,
        actingFor?.id ?? null,
        d.reason,
      );
      await tx.reviewStep.updateMany({
        where: { requestId, status: ReviewStepStatus.PENDING },
        data: { status: ReviewStepStatus.SKIPPED },
      });
      await this.closeRequest(tx, req, TaskRequestStatus.REJECTED, user, d.reason);
      const moved = await this.tasks.returnClosure(tx, req.task_id, {
        actorId: user.id,
        expectedVersion: d.version,
        reason: d.reason,
        data: { requestId, stage: req.stage },
      });
      await this.recordRequest(tx, user, 'request.rejected', req, d.reason, actingFor, moved);
    });
  }

  private async decide(
    scope: Scope,
    requestId: string,
    d: StepDecision,
    apply: (tx: Tx, req: LockedRequestRow, actingFor: ActingForName | null) => Promise<void>,
  ): Promise<RequestResult> {
    const result = await this.prisma.$transaction(async (tx) => {
      const [req] = await tx.$queryRaw<LockedRequestRow[]>(lockRequest(requestId));
      if (!req) throw requestNotFound();
      const isLeader = req.leader_id !== null && req.leader_id === scope.user.id;
      if (!isLeader && !(await this.policy.taskInScope(scope, req.task_id, tx))) {
        throw requestOutOfScope();
      }
      if (req.kind !== TaskRequestKind.CLOSURE) {
        throw wrongDecision(req.kind as TaskRequestKind, '同意或退回');
      }
      if (req.status !== TaskRequestStatus.PENDING) {
        throw requestDecided(req.status as TaskRequestStatus);
      }
      if (req.stage !== d.stage) throw reviewStageMoved(req.stage, d.stage);
      const actingForId = this.holderOf(scope, req);
      const actingFor = actingForId
        ? (await tx.person.findUniqueOrThrow({ where: { id: actingForId } })).displayName
        : null;
      if (d.version !== undefined && d.version !== req.task_version) {
        throw staleTask(d.version, req.task_version);
      }
      await apply(tx, req, actingForId ? { id: actingForId, name: actingFor! } : null);
      return readRequestResult(tx, requestId);
    });
    // After commit: whoever holds the next step is told (and deputies get their copies).
    await this.steps.sweep();
    return result;
  }

  /**
   * Whether the caller holds the stage that waits; null when they hold it in person, the person
   * they act for as a deputy (委托) otherwise; 403 when they do not hold it.
   */
  private holderOf(scope: Scope, req: LockedRequestRow): string | null {
    const { user } = scope;
    const stage = req.stage!;
    if (stage === ReviewStage.OFFICE && maySupervise(user)) return null;
    if (stage === ReviewStage.LEADER && user.id === req.leader_id) return null;
    if (stage === ReviewStage.HEAD) {
      if (user.role === Role.HEAD && user.departmentId === req.department_id) return null;
      const deputyFor = (scope.actingFor ?? []).find(
        (a) => a.role === Role.HEAD && a.departmentId === req.department_id,
      );
      if (deputyFor) return deputyFor.personId;
    }
    throw notReviewHolder(stage);
  }

  private async settleStep(
    tx: Tx,
    req: LockedRequestRow,
    status: ReviewStepStatus,
    user: AuthUser,
    actingForId: string | null,
    reason: string | null,
  ): Promise<void> {
    await tx.reviewStep.update({
      where: { requestId_stage: { requestId: req.id, stage: req.stage! } },
      data: {
        status,
        decidedById: user.id,
        actingForId,
        reason,
        decidedAt: this.clock.now(),
      },
    });
  }

  private async closeRequest(
    tx: Tx,
    req: LockedRequestRow,
    status: TaskRequestStatus,
    user: AuthUser,
    reason: string | null,
  ): Promise<void> {
    await tx.taskRequest.update({
      where: { id: req.id },
      data: {
        status,
        stage: null,
        decidedById: user.id,
        decidedAt: this.clock.now(),
        decisionReason: reason,
      },
    });
  }

  /** An approval that hands the request on to the next stage (`review.approved`). */
  private record(
    tx: Tx,
    user: AuthUser,
    req: LockedRequestRow,
    d: StepDecision,
    actingFor: ActingForName | null,
    next: ReviewStage,
  ): Promise<void> {
    return this.audit.record(tx, {
      actorId: user.id,
      action: 'review.approved',
      entityType: 'task_request',
      entityId: req.id,
      data: {
        taskId: req.task_id,
        stage: req.stage,
        stageLabel: STAGE_LABEL[req.stage!],
        next,
        ...(d.reason ? { reason: d.reason } : {}),
        ...(actingFor ? { actingForId: actingFor.id, actingFor: actingFor.name } : {}),
      },
    });
  }

  /**
   * The decision that settles the request (the last approval, or a return at any stage): one
   * record, as the office's one-step decision always wrote, naming the stage it was taken at.
   */
  private recordRequest(
    tx: Tx,
    user: AuthUser,
    action: string,
    req: LockedRequestRow,
    reason: string | null,
    actingFor: ActingForName | null,
    moved: { from: string; to: string },
  ): Promise<void> {
    return this.audit.record(tx, {
      actorId: user.id,
      action,
      entityType: 'task_request',
      entityId: req.id,
      data: {
        taskId: req.task_id,
        kind: req.kind,
        status: action === 'request.approved' ? 'APPROVED' : 'REJECTED',
        stage: req.stage,
        ...(reason ? { reason } : {}),
        ...(actingFor ? { actingForId: actingFor.id, actingFor: actingFor.name } : {}),
        taskFrom: moved.from,
        taskTo: moved.to,
      },
    });
  }
}
