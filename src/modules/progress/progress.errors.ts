import { DomainException, notFound } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';

/** The errors of progress reporting, with the message a liaison reads. */

/** The assignment has a newer report than the version the liaison read. */
export const staleReport = (currentVersion: number) =>
  new DomainException(
    ErrorCode.STALE_VERSION,
    '该任务已有更新的进展报告,请刷新后在最新内容基础上再提交',
    { currentVersion },
  );

/** A closed task takes no more reports. */
export const reportOnClosedTask = () =>
  new DomainException(ErrorCode.TASK_CLOSED, '该任务已办结销号,不能再提交进展');

/** No such task, or not one the caller's department may report on (its existence is not told). */
export const reportTaskNotFound = () => notFound('该任务');
