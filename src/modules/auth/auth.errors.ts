import {
  DomainException,
  forbidden,
  notFound,
  OutOfScope,
} from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';

// Every refusal of the auth module: signing in, sessions and who may read or act on what.

export const invalidCredentials = () =>
  new DomainException(ErrorCode.INVALID_CREDENTIALS, '用户名或密码错误');

export const unauthenticated = () => new DomainException(ErrorCode.UNAUTHENTICATED, '请先登录');

export const accountDisabled = () =>
  new DomainException(ErrorCode.ACCOUNT_DISABLED, '该账号已停用,请联系管理员');

export const refreshInvalid = () =>
  new DomainException(ErrorCode.REFRESH_TOKEN_INVALID, '登录状态无效,请重新登录');

export const refreshExpired = () =>
  new DomainException(ErrorCode.REFRESH_TOKEN_EXPIRED, '登录已过期,请重新登录');

export const refreshReused = () =>
  new DomainException(
    ErrorCode.REFRESH_TOKEN_REUSED,
    '该登录凭据已被使用过,可能已泄露;您的所有登录已注销,请重新登录',
  );

// Out of the caller's scope is answered as not found: its existence is not revealed.
export const taskNotFound = () => notFound('该任务');
export const planNotFound = () => notFound('该方案');
export const regionNotFound = () => notFound('该地区');
/** Exists, out of the caller's scope: the same 404, recorded as a refused access. */
export const taskOutOfScope = () => new OutOfScope('该任务');
export const planOutOfScope = () => new OutOfScope('该方案');
export const regionOutOfScope = () => new OutOfScope('该地区');
export const requestOutOfScope = () => new OutOfScope('该申请');

export const onlyDepartmentsReport = () =>
  forbidden('只有承办部门的联络员或负责人可以提交进展报告');

export const dashboardsForbidden = () => forbidden('您的角色无权查看督办看板');

export const roleForbidden = () => forbidden('您的角色无权执行此操作');
