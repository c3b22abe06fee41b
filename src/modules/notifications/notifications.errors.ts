import { DomainException, notFound } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import type { Channel, RobotKind } from '../../generated/prisma/enums';
import { CHANNEL_LABEL } from './channels/channel-labels';

/** The errors of the notifications module, with the Chinese message a liaison or the office reads. */

export const personNotFound = () => notFound('该用户');
export const departmentNotFound = () => notFound('该部门');
export const robotNotFound = () => notFound('该机器人');
export const inboxMessageNotFound = () => notFound('该消息');

/** A person chose channels they cannot be reached on. */
export const channelsUnavailable = (unavailable: Channel[]) =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    `暂不能通过${unavailable.map((c) => CHANNEL_LABEL[c]).join('、')}接收消息:请先设置邮箱或手机号码,或请管理员为您的部门配置群机器人`,
    { unavailable },
  );

export const robotKindAndDepartmentFixed = () =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    '机器人的类型和所属部门不能修改,请删除后重新添加',
    { fields: ['kind', 'departmentId'] },
  );

export const duplicateRobot = (kind: RobotKind) =>
  new DomainException(
    ErrorCode.CONFLICT,
    `该部门已配置${CHANNEL_LABEL[kind]}机器人,请修改现有机器人`,
  );
