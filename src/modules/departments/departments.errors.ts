import { DomainException, notFound } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';

/** Every refusal of the departments module (directory, aliases, people), with its Chinese text. */

export const departmentNotFound = () => notFound('该部门');
export const aliasNotFound = () => notFound('该别名');
export const personNotFound = () => notFound('该人员');

export const departmentNameTaken = (name: string) =>
  new DomainException(ErrorCode.CONFLICT, `名录中已有名为“${name}”的部门`);

export const nameIsAlias = (name: string) =>
  new DomainException(ErrorCode.CONFLICT, `“${name}”已是某个部门的别名`);

export const usernameTaken = (username: string) =>
  new DomainException(ErrorCode.CONFLICT, `用户名“${username}”已被使用`, { field: 'username' });

export const notCollectiveUnit = (name: string) =>
  new DomainException(ErrorCode.VALIDATION_FAILED, `“${name}”不是集合单位,不能设置成员单位`, [
    { field: 'memberIds', reason: '只有集合单位可以设置成员单位' },
  ]);

/** Ids in `field` that are not departments one may pick there; `message` says which ones may be. */
const notSelectable = (field: string, message: string, ids: string[]) =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    message,
    ids.map((id) => ({ field, reason: '不是可选的部门', value: id })),
  );

export const invalidGroupMembers = (ids: string[]) =>
  notSelectable('memberIds', '成员单位必须是名录中已有的具体部门(不能是集合单位或其本身)', ids);

export const invalidLeaderDepartments = (ids: string[]) =>
  notSelectable('departmentIds', '分管部门必须是名录中已有的具体部门(不能是集合单位)', ids);

// ——— people: a field that fails a rule of the domain (not of the DTO) ———

const invalidPersonField = (field: string, reason: string) =>
  new DomainException(ErrorCode.VALIDATION_FAILED, `提交的内容有误:“${field}”${reason}`, [
    { field, reason, constraint: 'domain' },
  ]);

export const invalidUsername = () =>
  invalidPersonField('username', '只能使用 2–64 个字母、数字或 . _ @ -');
export const emptyDisplayName = () => invalidPersonField('displayName', '不能为空');
/** The password breaks a rule of the security policy (`reason` names it). */
export const passwordAgainstPolicy = (reason: string) =>
  invalidPersonField('password', `不符合密码规则:${reason}`);
export const unknownRole = () => invalidPersonField('role', '不是允许的取值');
export const departmentRequired = () =>
  invalidPersonField('departmentId', '联络员和部门负责人必须属于一个部门');
export const unknownPersonDepartment = () => invalidPersonField('departmentId', '对应的部门不存在');
export const unknownPersonRegion = () => invalidPersonField('regionId', '地区不存在');
export const notALeader = () =>
  invalidPersonField('departmentIds', '只能为分管领导(LEADER)设置分管部门');

/** 三员分立: an administrator creates business accounts only (DESIGN.md "People"). */
export const privilegedRoleRefused = (role: string) =>
  new DomainException(
    ErrorCode.FORBIDDEN,
    '系统管理员只能创建督查室、领导、部门负责人和联络员账号;系统管理员、安全管理员和安全审计员账号由安全管理员授予(三员分立)',
    [{ field: 'role', reason: '不能由系统管理员授予', value: role }],
  );

/** `users create` at the terminal: the privileged roles come from `accounts:init` or the security administrator. */
export const privilegedRoleAtTerminal = (role: string) =>
  new DomainException(
    ErrorCode.FORBIDDEN,
    `“users create”不能创建 ${role} 账号:首个系统管理员、安全管理员和安全审计员用“accounts:init”创建,之后由安全管理员授予(三员分立)`,
    [{ field: 'role', reason: '特权角色', value: role }],
  );

export const sameUsernameTwice = (username: string) =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    `账号“${username}”出现了两次:系统管理员、安全管理员和安全审计员必须是三个不同的人(三员分立)`,
    [{ field: 'username', reason: '重复', value: username }],
  );

export const firstAccountsExist = (existing: { username: string; role: string }[]) =>
  new DomainException(
    ErrorCode.CONFLICT,
    `已有账号:${existing.map((p) => `${p.username}(${p.role})`).join('、')}。首批特权账号只能在安装时创建一次,之后由安全管理员授予角色`,
    existing,
  );
