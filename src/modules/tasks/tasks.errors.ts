import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import type { LocalDate } from '../../common/time/local-date';
import type { TaskStatus } from '../../generated/prisma/enums';
import { allowedEvents, invalidTransitionMessage, TaskEvent } from './domain/task-state-machine';

/** The errors of the tasks module, with the message a liaison reads. */

/** The task's state does not accept the event: what it is and what it allows instead. */
export const invalidTransition = (from: TaskStatus, event: TaskEvent) =>
  new DomainException(ErrorCode.INVALID_TRANSITION, invalidTransitionMessage(from, event), {
    status: from,
    event,
    allowedEvents: allowedEvents(from),
  });

/** Someone else changed the task since the caller read it. */
export const staleTask = (expected: number, current: number) =>
  new DomainException(ErrorCode.STALE_VERSION, '该任务已被他人处理或修改,请刷新后重试', {
    expectedVersion: expected,
    currentVersion: current,
  });

/** Deleted between the access check and the read (the policy answers 404 before that). */
export const taskGone = () => new DomainException(ErrorCode.NOT_FOUND, '该任务不存在');

/** A region's task may end earlier than the task above it, never later. */
export const childDeadlineAfterParent = (dueOn: LocalDate, parentDueOn: LocalDate) =>
  new DomainException(
    ErrorCode.CHILD_DEADLINE_AFTER_PARENT,
    `新的时限 ${dueOn} 晚于上级任务的时限 ${parentDueOn}。下级任务的时限不能晚于上级,如需更长时间,请向上级申请延期。`,
    [{ field: 'proposedDueOn', reason: `不能晚于上级时限 ${parentDueOn}` }],
  );
