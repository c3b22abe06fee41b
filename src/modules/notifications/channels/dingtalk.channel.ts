import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.service';
import {
  ChannelError,
  type ChannelResult,
  postJson,
  type RobotMessage,
  type RobotTarget,
} from './http-channel';

const WHO = '钉钉机器人';
/** 130101: sending too fast; -1: system busy. */
const RETRYABLE_ERRCODES = new Set([130101, -1]);

/** DingTalk's signature: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)), timestamp in ms. */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/**
 * DingTalk custom robot: POST `{ msgtype: 'markdown', markdown: { title, text } }` to the webhook
 * (`…/robot/send?access_token=…`), signed when the robot has a secret (加签): `&timestamp=…&sign=…`
 * with the sign URL-encoded. `{ errcode: 0 }` means accepted.
 */
@Injectable()
export class DingtalkChannel {
  private readonly timeoutMs: number;

  constructor(config: AppConfig) {
    this.timeoutMs = config.get('CHANNEL_HTTP_TIMEOUT_MS');
  }

  async send(
    robot: RobotTarget,
    message: RobotMessage,
    nowMs = Date.now(),
  ): Promise<ChannelResult> {
    const url = new URL(robot.webhookUrl);
    if (robot.secret) {
      url.searchParams.set('timestamp', String(nowMs));
      url.searchParams.set('sign', dingtalkSign(nowMs, robot.secret));
    }
    const answer = await postJson(
      WHO,
      url.toString(),
      { msgtype: 'markdown', markdown: { title: message.subject, text: message.markdown } },
      this.timeoutMs,
      { lookup: robot.lookup },
    );
    const body = (answer.json ?? {}) as { errcode?: number; errmsg?: string };
    if (body.errcode === 0) return { providerResponse: answer.text };
    const retryable = body.errcode !== undefined && RETRYABLE_ERRCODES.has(body.errcode);
    throw new ChannelError(
      `${WHO}${retryable ? '限流' : '拒收'}(errcode ${body.errcode ?? '无'}) ${body.errmsg ?? answer.text}`.trim(),
      retryable,
    );
  }
}
