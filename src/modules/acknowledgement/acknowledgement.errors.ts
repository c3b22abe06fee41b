import { DomainException, forbidden, notFound } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import type { LocalDate } from '../../common/time/local-date';

/** The errors of acknowledgement (签收) and return (退回), with the message a liaison reads. */

/** Only a liaison or head of an assigned department acknowledges or returns its work. */
export const notForYourDepartment = () =>
  forbidden('只有承办部门的联络员或负责人可以签收或退回本部门的交办任务');

/** Acknowledging work the department already returned: the office decides first. */
export const alreadyReturned = () =>
  new DomainException(
    ErrorCode.ACK_RETURNED,
    '本部门已退回该任务,正等待督查室处理(坚持交办或改派),暂不能签收',
  );

/** Returning work the department already acknowledged. */
export const alreadyAcknowledged = () =>
  new DomainException(
    ErrorCode.ACK_ALREADY_ACKNOWLEDGED,
    '本部门已签收该任务,不能再退回;如认为不属于本部门职责,请提出职责异议',
  );

/** A return after the acknowledgement window. */
export const ackWindowClosed = (ackDueOn: LocalDate) =>
  new DomainException(
    ErrorCode.ACK_WINDOW_CLOSED,
    `签收时限(${ackDueOn})已过,不能再退回;如认为不属于本部门职责,请提出职责异议`,
    [{ field: 'reason', reason: `退回须在签收时限 ${ackDueOn} 前提出` }],
  );

/** A closed, suspended or withdrawn task is no longer acknowledged or returned. */
export const taskNotOpen = () =>
  new DomainException(ErrorCode.TASK_CLOSED, '该任务已办结、暂停督办或撤销,无需签收或退回');

/** The office decides on a returned assignment only. */
export const notReturned = () =>
  new DomainException(ErrorCode.ACK_NOT_RETURNED, '该部门没有退回此任务,或退回已经处理过了');

export const assignmentNotFound = () => notFound('该部门的分工');

export const unknownDepartments = () =>
  new DomainException(ErrorCode.VALIDATION_FAILED, '指定的部门不存在', [
    { field: 'leadDepartmentIds', reason: '包含不存在的部门' },
  ]);

export const noDepartmentsNamed = () =>
  new DomainException(ErrorCode.VALIDATION_FAILED, '请指定改派的部门', [
    { field: 'leadDepartmentIds', reason: '牵头部门和配合部门至少填写一个' },
  ]);

export const noLeadAfterReassign = () =>
  new DomainException(ErrorCode.VALIDATION_FAILED, '改派后该任务没有牵头部门,请指定牵头部门', [
    { field: 'leadDepartmentIds', reason: '必须填写' },
  ]);
