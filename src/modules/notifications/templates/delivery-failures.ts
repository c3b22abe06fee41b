import type { RobotKind } from '../../../generated/prisma/enums';
import { CHANNEL_LABEL } from '../channels/channel-labels';

/**
 * Why a delivery failed, in Chinese: the delivery log's `lastError`, read by the supervision
 * office. A failure is visible, never a silent drop.
 */
export const deliveryFailure = {
  /** `无收件人:<reason>` (a reason that already says so is not prefixed twice). */
  noRecipient: (reason: string) => (reason.startsWith('无收件人') ? reason : `无收件人:${reason}`),
  /** The default reason of a message without recipient: its department has no liaison. */
  noLiaison: (departmentName?: string) => `${departmentName ?? '该部门'}尚未设置联络员`,
  unknownRecipient: (recipientId: string) => `收件人不存在:${recipientId}`,
  inactiveRecipient: (name: string) => `收件人已停用:${name}`,
  noEmail: (name?: string) => (name ? `收件人未设置电子邮箱:${name}` : '收件人未设置电子邮箱'),
  noPhone: (name?: string) => (name ? `收件人未设置手机号码:${name}` : '收件人未设置手机号码'),
  smsNotConfigured: () => '未配置短信网关(SMS_GATEWAY_URL)',
  noRobot: (kind: RobotKind) => `该部门未配置${CHANNEL_LABEL[kind]}机器人`,
  robotGone: (kind: RobotKind) => `${CHANNEL_LABEL[kind]}机器人已删除或停用`,
  unsupportedChannel: (channel: string) => `暂不支持该发送渠道:${channel}`,
  attempt: (attempt: number, reason: string) => `第${attempt}次发送失败:${reason}`,
  attachmentGone: () => '附件所依据的文书已不存在,邮件未发送',
};
