import { DomainException, forbidden, notFound } from '../../common/errors/domain.exception';
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

/** 代报 is the supervision office's (SUPERVISOR, ADMIN). */
export const onlyOfficeEntersOnBehalf = () => forbidden('只有督查室可以代为录入部门的进展报告');

/** 代报 names a department that is not assigned to the task. */
export const departmentNotAssigned = () =>
  new DomainException(ErrorCode.VALIDATION_FAILED, '所选部门没有承担该任务,请选择任务的承办部门', [
    { field: 'departmentId', reason: '该部门未承担此任务' },
  ]);

/** 代报: a report cannot have been received after today. */
export const receivedInFuture = () =>
  new DomainException(ErrorCode.VALIDATION_FAILED, '收到报告的日期不能晚于今天', [
    { field: 'receivedOn', reason: '不能晚于今天' },
  ]);
