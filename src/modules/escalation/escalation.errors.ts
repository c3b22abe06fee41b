import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import type { LocalDate } from '../../common/time/local-date';

/** A supervision notice asked for a closed or withdrawn task. */
export const noticeOnClosedTask = () =>
  new DomainException(ErrorCode.TASK_CLOSED, '该任务已办结或已撤销,不能下发督办单');

/** A supervision notice asked for a suspended or disputed task. */
export const noticeOnPausedTask = (status: string) =>
  new DomainException(
    ErrorCode.INVALID_TRANSITION,
    '该任务已暂停或职责异议待裁定,暂不能下发督办单',
    { status },
  );

/** A supervision notice asked for an ongoing task (no deadline to be late on). */
export const noticeOnOngoingTask = () =>
  new DomainException(ErrorCode.NO_DEADLINE, '该任务为持续推进事项,没有完成时限,不能下发督办单');

/**
 * The task's current deadline already reached the supervision step (by the sweep or by hand);
 * `noticeNo` is that step's number when it has one.
 */
export const noticeAlreadyIssued = (dueOn: LocalDate, noticeNo: string | null) =>
  new DomainException(
    ErrorCode.NOTICE_ALREADY_ISSUED,
    noticeNo
      ? `该任务本期限(${dueOn})已下发督办单 ${noticeNo},不能重复下发`
      : `该任务本期限(${dueOn})已进入督办环节,不能重复下发督办单`,
    { noticeNo, dueOn },
  );
