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

const WHO = '飞书机器人';
/** 11232: frequency limited; 9499: busy. */
const RETRYABLE_CODES = new Set([11232, 9499]);

/**
 * Feishu's signature: base64(HMAC-SHA256 keyed with `${timestamp}\n${secret}` over an empty
 * message), timestamp in seconds.
 */
export function feishuSign(timestampSeconds: number, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/**
 * Feishu (飞书) custom bot: POST an interactive card whose body is one markdown element, with
 * `timestamp` + `sign` in the body when the bot has a secret (签名校验). `{ code: 0 }` (or the
 * older `{ StatusCode: 0 }`) means accepted.
 */
@Injectable()
export class FeishuChannel {
  private readonly timeoutMs: number;

  constructor(config: AppConfig) {
    this.timeoutMs = config.get('CHANNEL_HTTP_TIMEOUT_MS');
  }

  async send(
    robot: RobotTarget,
    message: RobotMessage,
    nowMs = Date.now(),
  ): Promise<ChannelResult> {
    const timestamp = Math.floor(nowMs / 1000);
    // The card has its own header: drop the markdown's heading line.
    const content = message.markdown.replace(/^###[^\n]*\n/, '');
    const payload = {
      ...(robot.secret
        ? { timestamp: String(timestamp), sign: feishuSign(timestamp, robot.secret) }
        : {}),
      msg_type: 'interactive',
      card: {
        config: { wide_screen_mode: true },
        header: { template: 'red', title: { tag: 'plain_text', content: message.subject } },
        elements: [{ tag: 'markdown', content }],
      },
    };
    const answer = await postJson(WHO, robot.webhookUrl, payload, this.timeoutMs, {
      lookup: robot.lookup,
    });
    const body = (answer.json ?? {}) as { code?: number; msg?: string; StatusCode?: number };
    const code = body.code ?? body.StatusCode;
    if (code === 0) return { providerResponse: answer.text };
    const retryable = code !== undefined && RETRYABLE_CODES.has(code);
    throw new ChannelError(
      `${WHO}${retryable ? '限流' : '拒收'}(code ${code ?? '无'}) ${body.msg ?? answer.text}`.trim(),
      retryable,
    );
  }
}
