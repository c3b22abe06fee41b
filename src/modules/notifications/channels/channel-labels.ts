import type { Channel, RobotKind } from '../../../generated/prisma/enums';

/** Each channel as the office and the liaisons call it (messages, errors, the delivery log). */
export const CHANNEL_LABEL: Record<Channel, string> = {
  INBOX: '站内消息',
  EMAIL: '电子邮件',
  SMS: '短信',
  WECOM: '企业微信',
  DINGTALK: '钉钉',
  FEISHU: '飞书',
};

const ROBOT_KINDS: readonly string[] = ['WECOM', 'DINGTALK', 'FEISHU'] satisfies RobotKind[];

/** The group-robot channels: their address is the department's robot of that kind. */
export function isRobotChannel(channel: Channel): channel is RobotKind {
  return ROBOT_KINDS.includes(channel);
}
