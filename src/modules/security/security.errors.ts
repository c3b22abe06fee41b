import { DomainException, forbidden, notFound } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';

// Refusals of the security administrator's routes.

export const accountNotFound = () => notFound('该账号');

export const ownAccount = () =>
  new DomainException(
    ErrorCode.OWN_ACCOUNT,
    '不能对本人账号执行此操作(三员分立:角色、停用、重置须由其他安全管理员办理)',
  );

export const lastSecurityAdmin = () =>
  new DomainException(ErrorCode.LAST_SECURITY_ADMIN, '该操作将使系统没有可用的安全管理员,已拒绝');

export const cannotAppointSecurityAdmin = () =>
  forbidden('安全管理员不能任命安全管理员(三员分立);请在安装时用命令行创建');

export const roleNeedsDepartment = () =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    '联络员和部门负责人必须属于一个部门,请先为其设置部门',
    [{ field: 'role', reason: '该人员没有所属部门', constraint: 'domain' }],
  );
