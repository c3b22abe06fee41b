import { DomainException, notFound } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';

/** The errors of deputies (委托), with the message a liaison reads. */

export const deputyNotFound = () => notFound('该委托');

export const deputyIsSelf = () =>
  new DomainException(ErrorCode.VALIDATION_FAILED, '不能委托自己,请选择其他同事', [
    { field: 'deputyId', reason: '不能是本人' },
  ]);

/** The colleague is not an active liaison or head of the caller's region subtree. */
export const deputyNotEligible = () =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    '所选人员不能作为受委托人:须为本地区在岗的部门联络员或负责人',
    [{ field: 'deputyId', reason: '须为本地区在岗的部门联络员或负责人' }],
  );

export const periodReversed = () =>
  new DomainException(ErrorCode.VALIDATION_FAILED, '委托结束日期不能早于开始日期', [
    { field: 'endsOn', reason: '不能早于开始日期' },
  ]);

export const periodPast = (today: string) =>
  new DomainException(ErrorCode.VALIDATION_FAILED, `委托结束日期不能早于今天(${today})`, [
    { field: 'endsOn', reason: `不能早于 ${today}` },
  ]);

export const deputyOverlap = (other: { startsOn: string; endsOn: string }) =>
  new DomainException(
    ErrorCode.DEPUTY_OVERLAP,
    `委托期间与已有的委托(${other.startsOn} 至 ${other.endsOn})重叠,请先撤销原委托或调整日期`,
    { field: 'startsOn', ...other },
  );

export const deputyAlreadyRevoked = () =>
  new DomainException(ErrorCode.CONFLICT, '该委托已撤销', { field: 'id' });
