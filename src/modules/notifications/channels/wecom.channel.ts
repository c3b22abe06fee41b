import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.service';
import {
  ChannelError,
  type ChannelResult,
  postJson,
  type RobotMessage,
  type RobotTarget,
} from './http-channel';

const WHO = '企业微信机器人';
/** WeCom refuses markdown content over 4,096 bytes. */
const MAX_CONTENT_BYTES = 4_096;
/** 45009: API frequency limit; -1: system busy. Both pass with time. */
const RETRYABLE_ERRCODES = new Set([45009, -1]);

/**
 * WeCom (企业微信) group robot: POST the webhook URL (its `key` is the credential) with
 * `{ msgtype: 'markdown', markdown: { content } }`; the answer `{ errcode: 0 }` means accepted.
 */
@Injectable()
export class WecomChannel {
  private readonly timeoutMs: number;

  constructor(config: AppConfig) {
    this.timeoutMs = config.get('CHANNEL_HTTP_TIMEOUT_MS');
  }

  async send(robot: RobotTarget, message: RobotMessage): Promise<ChannelResult> {
    const content = fitBytes(message.markdown, MAX_CONTENT_BYTES);
    const answer = await postJson(
      WHO,
      robot.webhookUrl,
      { msgtype: 'markdown', markdown: { content } },
      this.timeoutMs,
      { lookup: robot.lookup },
    );
    const body = (answer.json ?? {}) as { errcode?: number; errmsg?: string };
    if (body.errcode === 0) return { providerResponse: answer.text };
    const retryable = body.errcode !== undefined && RETRYABLE_ERRCODES.has(body.errcode);
    const what = body.errcode === 45009 ? '限流' : '拒收';
    throw new ChannelError(
      `${WHO}${what}(errcode ${body.errcode ?? '无'}) ${body.errmsg ?? answer.text}`.trim(),
      retryable,
    );
  }
}

/** Cuts markdown to `max` UTF-8 bytes at a line boundary, saying so. */
export function fitBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  const note = '\n……(内容过长,请登录督办系统查看全文)';
  const budget = max - Buffer.byteLength(note, 'utf8');
  const lines = text.split('\n');
  let out = '';
  for (const line of lines) {
    const next = out ? `${out}\n${line}` : line;
    if (Buffer.byteLength(next, 'utf8') > budget) break;
    out = next;
  }
  return `${out}${note}`;
}
