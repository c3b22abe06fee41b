import { Injectable } from '@nestjs/common';
import { fromDbDate, localDateOf } from '../../common/time/local-date';
import type { Assignment } from '../../generated/prisma/client';
import { AckState, TaskStatus } from '../../generated/prisma/enums';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { AccessPolicyService } from '../auth/access-policy.service';
import type { Scope } from '../auth/scope';
import { OPEN_STATUSES } from '../tasks/task-deadline';
import { actingForIn, mayActForDepartment } from './ack-access';
import { cancelAckReminders } from './ack-planning.sql';
import { withinAckWindow } from './ack-policy';
import {
  ackWindowClosed,
  alreadyAcknowledged,
  alreadyReturned,
  notForYourDepartment,
  taskNotOpen,
} from './acknowledgement.errors';
import type { AckStateDto, ReturnAssignmentDto } from './dto/acknowledgement.dto';

export const ACKNOWLEDGED = 'assignment.acknowledged';
export const RETURNED = 'assignment.returned';

/** The task statuses in which a department still answers its new work (a dispute waits on it). */
const ANSWERABLE: readonly TaskStatus[] = [...OPEN_STATUSES, TaskStatus.DISPUTED];

/** Why pending acknowledgement reminders stop. */
const STOP_ACKNOWLEDGED = '已签收';
const STOP_RETURNED = '已退回,等待督查室处理';

export function toAckStateDto(a: Assignment): AckStateDto {
  return {
    taskId: a.taskId,
    departmentId: a.departmentId,
    ackState: a.ackState,
    ackDueOn: a.ackDueOn ? fromDbDate(a.ackDueOn) : null,
    ackedAt: a.ackedAt,
    returnReason: a.returnReason,
    returnedAt: a.returnedAt,
  };
}

/**
 * A department's answer to new work: acknowledge (签收) or return (退回) it. Each is a conditional
 * update on the PENDING state, so of two concurrent answers one wins; the other sees the result
 * (an acknowledgement again is idempotent, anything else a 409). Audited in the same transaction.
 */
@Injectable()
export class AcknowledgementService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly policy: AccessPolicyService,
    private readonly audit: AuditService,
  ) {}

  async acknowledge(scope: Scope, taskId: string): Promise<AckStateDto> {
    return this.prisma.$transaction(async (tx) => {
      const mine = await this.assignmentOf(tx, scope, taskId);
      const now = this.clock.now();
      const claimed = await tx.assignment.updateMany({
        where: { id: mine.id, ackState: AckState.PENDING, removedAt: null },
        data: {
          ackState: AckState.ACKNOWLEDGED,
          ackedAt: now,
          ackedById: scope.user.id,
          ackedActingForId: actingForIn(scope, mine.departmentId),
        },
      });
      const after = await tx.assignment.findUniqueOrThrow({ where: { id: mine.id } });
      if (claimed.count === 0) {
        if (after.ackState === AckState.ACKNOWLEDGED) return toAckStateDto(after);
        throw alreadyReturned();
      }
      await tx.$executeRaw(cancelAckReminders(mine.id, STOP_ACKNOWLEDGED));
      const dueOn = mine.ackDueOn ? fromDbDate(mine.ackDueOn) : null;
      await this.audit.record(tx, {
        actorId: scope.user.id,
        action: ACKNOWLEDGED,
        entityType: 'assignment',
        entityId: mine.id,
        data: {
          taskId,
          departmentId: mine.departmentId,
          ackDueOn: dueOn,
          late: dueOn !== null && localDateOf(now) > dueOn,
          ...(after.ackedActingForId ? { actingForId: after.ackedActingForId } : {}),
        },
        before: { ackState: AckState.PENDING },
        after: { ackState: AckState.ACKNOWLEDGED },
      });
      return toAckStateDto(after);
    });
  }

  /**
   * Gives the work back with a reason, within the acknowledgement window (up to the end of its
   * deadline's day); after it, a dispute (职责异议) is the way. The task is not worked by that
   * department until the office insists or reassigns.
   */
  async returnWork(scope: Scope, taskId: string, dto: ReturnAssignmentDto): Promise<AckStateDto> {
    const reason = dto.reason.trim();
    return this.prisma.$transaction(async (tx) => {
      const mine = await this.assignmentOf(tx, scope, taskId);
      const now = this.clock.now();
      if (mine.ackState === AckState.ACKNOWLEDGED) throw alreadyAcknowledged();
      if (mine.ackState === AckState.RETURNED) throw alreadyReturned();
      const dueOn = mine.ackDueOn ? fromDbDate(mine.ackDueOn) : null;
      if (!withinAckWindow(dueOn, localDateOf(now))) throw ackWindowClosed(dueOn!);
      const claimed = await tx.assignment.updateMany({
        where: { id: mine.id, ackState: AckState.PENDING, removedAt: null },
        data: { ackState: AckState.RETURNED, returnReason: reason, returnedAt: now },
      });
      if (claimed.count === 0) {
        const current = await tx.assignment.findUniqueOrThrow({ where: { id: mine.id } });
        throw current.ackState === AckState.ACKNOWLEDGED
          ? alreadyAcknowledged()
          : alreadyReturned();
      }
      await tx.$executeRaw(cancelAckReminders(mine.id, STOP_RETURNED));
      await this.audit.record(tx, {
        actorId: scope.user.id,
        action: RETURNED,
        entityType: 'assignment',
        entityId: mine.id,
        data: {
          taskId,
          departmentId: mine.departmentId,
          role: mine.role,
          reason,
          ackDueOn: dueOn,
          ...(actingForIn(scope, mine.departmentId)
            ? { actingForId: actingForIn(scope, mine.departmentId) }
            : {}),
        },
        before: { ackState: AckState.PENDING },
        after: { ackState: AckState.RETURNED, returnReason: reason },
      });
      return toAckStateDto(await tx.assignment.findUniqueOrThrow({ where: { id: mine.id } }));
    });
  }

  /**
   * The current assignment on the task of a department the caller acts for. 404 when the task does
   * not exist or is out of scope; 403 when it is in scope but the caller acts for none of its
   * departments (the office, a leader); 409 when the task is no longer supervised.
   */
  private async assignmentOf(tx: Tx, scope: Scope, taskId: string): Promise<Assignment> {
    await this.policy.assertTaskInScope(scope, taskId, tx);
    const current = await tx.assignment.findMany({
      where: { taskId, removedAt: null },
      include: { task: { select: { status: true } } },
    });
    const mine = current.find((a) => mayActForDepartment(scope, a.departmentId));
    if (!mine) throw notForYourDepartment();
    if (!ANSWERABLE.includes(mine.task.status)) throw taskNotOpen();
    return mine;
  }
}
