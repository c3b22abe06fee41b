import { DomainException, notFound } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import type { Channel, RobotKind } from '../../generated/prisma/enums';
import { CHANNEL_LABEL } from './channels/channel-labels';
import type { WebhookRefusal } from './outbound/webhook-policy';

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

const WEBHOOK_REFUSAL: Record<WebhookRefusal, string> = {
  'invalid-url': '机器人地址不是有效的 http(s) 网址',
  'credentials-in-url': '机器人地址不能包含用户名或密码',
  'not-https': '机器人地址必须使用 https',
  'host-not-allowed':
    '机器人地址的主机不在允许范围内:仅限企业微信、钉钉、飞书的官方地址,或管理员添加的允许主机',
  'address-not-public': '机器人地址指向本机、内网或保留地址,不允许访问',
};

/** Why a webhook is refused, as the delivery log (and the 400 below) says it. */
export const webhookRefusalText = (reason: WebhookRefusal, detail?: string) =>
  `${WEBHOOK_REFUSAL[reason]}${detail ? `(${detail})` : ''}`;

/** A robot's webhook URL outside the outbound policy (create, update). */
export const webhookNotAllowed = (reason: WebhookRefusal) =>
  new DomainException(ErrorCode.WEBHOOK_NOT_ALLOWED, webhookRefusalText(reason), {
    field: 'webhookUrl',
    reason,
  });

/** An allowlist entry that is not a plain public host name (with an optional port). */
export const allowedHostInvalid = (entries: string[]) =>
  new DomainException(
    ErrorCode.VALIDATION_FAILED,
    `允许主机只能是公网域名或地址(可带端口),不能包含路径,也不能是本机或内网地址:${entries.join('、')}`,
    { field: 'hosts', invalid: entries },
  );
