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
