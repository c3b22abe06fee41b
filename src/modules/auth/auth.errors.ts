import {
  DomainException,
  forbidden,
  notFound,
  OutOfScope,
} from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import type { PasswordRuleBroken } from './password-rules';

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

/** 三员分立: the auditor reads the audit trail and changes nothing. */
export const readOnlyRole = () => forbidden('安全审计员只能查阅,不能进行任何修改操作');

// Accounts (等保2.0 三级)

/** Shanghai wall-clock time of an instant, as a person reads it: 2026-12-07 14:30. */
const shanghai = (at: Date) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);

export const accountLocked = (until: Date) =>
  new DomainException(
    ErrorCode.ACCOUNT_LOCKED,
    `登录失败次数过多,账号已锁定至 ${shanghai(until)}(北京时间),请届时再试或联系安全管理员解锁`,
    { lockedUntil: until.toISOString() },
  );

export const sessionEnded = () =>
  new DomainException(ErrorCode.SESSION_ENDED, '登录已注销或被终止,请重新登录');

export const sessionExpired = (limit: 'idle' | 'absolute') =>
  new DomainException(
    ErrorCode.SESSION_EXPIRED,
    limit === 'idle' ? '长时间未操作,登录已超时,请重新登录' : '登录时长已达上限,请重新登录',
    { limit },
  );

export const passwordChangeRequired = () =>
  new DomainException(ErrorCode.PASSWORD_CHANGE_REQUIRED, '请先修改密码后再继续操作');

export const totpEnrolmentRequired = () =>
  new DomainException(ErrorCode.TOTP_ENROLMENT_REQUIRED, '您的角色须启用双因素认证,请先完成绑定');

export const passwordTooShort = (min: number) =>
  new DomainException(ErrorCode.PASSWORD_TOO_SHORT, `密码长度不足:至少需要 ${min} 个字符`, {
    rule: 'length',
    min,
  });

export const passwordTooSimple = (min: number) =>
  new DomainException(
    ErrorCode.PASSWORD_TOO_SIMPLE,
    `密码过于简单:须包含小写字母、大写字母、数字、符号中的至少 ${min} 类`,
    { rule: 'classes', min },
  );

export const passwordBlank = () =>
  new DomainException(ErrorCode.PASSWORD_TOO_SIMPLE, '密码不能只由空白字符组成', {
    rule: 'blank',
  });

export const passwordContainsUsername = () =>
  new DomainException(ErrorCode.PASSWORD_CONTAINS_USERNAME, '密码不能包含用户名', {
    rule: 'username',
  });

export const passwordReused = (count: number) =>
  new DomainException(ErrorCode.PASSWORD_REUSED, `新密码不能与最近 ${count} 次使用过的密码相同`, {
    rule: 'history',
    count,
  });

export const currentPasswordWrong = () =>
  new DomainException(ErrorCode.CURRENT_PASSWORD_WRONG, '当前密码不正确');

export const secondFactorInvalid = () =>
  new DomainException(ErrorCode.SECOND_FACTOR_INVALID, '动态验证码或恢复码不正确,或已使用过');

export const totpCodeInvalid = () =>
  new DomainException(
    ErrorCode.TOTP_CODE_INVALID,
    '验证码不正确:请输入验证器当前显示的 6 位数字,并确认手机时间准确',
  );

export const challengeInvalid = () =>
  new DomainException(ErrorCode.CHALLENGE_INVALID, '登录验证已过期,请重新输入用户名和密码');

export const totpAlreadyEnabled = () =>
  new DomainException(
    ErrorCode.TOTP_ALREADY_ENABLED,
    '已启用双因素认证;如需更换设备,请联系安全管理员重置',
  );

export const totpNotStarted = () =>
  new DomainException(ErrorCode.TOTP_NOT_STARTED, '请先获取密钥并在验证器中添加后再确认');

/** The coded 400 for a broken password rule. */
export function passwordRuleError(broken: PasswordRuleBroken): DomainException {
  switch (broken.rule) {
    case 'blank':
      return passwordBlank();
    case 'length':
      return passwordTooShort(broken.min);
    case 'classes':
      return passwordTooSimple(broken.min);
    case 'username':
      return passwordContainsUsername();
  }
}
