import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config.service';
import type { SmsParams } from '../templates';
import { ChannelError, type ChannelResult, postJson } from './http-channel';
import { deliveryFailure } from '../templates/delivery-failures';

const WHO = '短信网关';
const OK_CODES = new Set<unknown>([0, '0', 'OK', 'ok']);
/** Provider codes that mean "later, not never" (flow control, busy). */
const RETRYABLE_CODE = /LIMIT|THROTTL|BUSY|FLOW_CONTROL/i;

/**
 * SMS through a configurable HTTP gateway, so that a cloud SMS service is plugged in by
 * configuration (or a thin adapter in front of it):
 *
 * - `POST SMS_GATEWAY_URL` with the header `SMS_GATEWAY_AUTH_HEADER` (`Name: value`, e.g.
 *   `Authorization: Bearer …`) and the JSON body
 *   `{ phone, templateId: SMS_TEMPLATE_ID, signName: SMS_SIGN_NAME, params: SmsParams }`
 *   where params are strings: `name, kind, count, taskNo, dueOn, days` (see SmsParams).
 * - Accepted when the status is 2xx and the JSON body's `code` (or `Code`) is `0`, `'0'` or `'OK'`;
 *   a body without a code counts as accepted. Any other code is a refusal (retried only when it
 *   reads like flow control: LIMIT, THROTTLE, BUSY); HTTP 429/5xx are retried, other 4xx are not.
 */
@Injectable()
export class SmsChannel {
  private readonly url: string | undefined;
  private readonly headers: Record<string, string>;
  private readonly templateId: string;
  private readonly signName: string;
  private readonly timeoutMs: number;

  constructor(config: AppConfig) {
    this.url = config.get('SMS_GATEWAY_URL') || undefined;
    this.headers = parseHeader(config.get('SMS_GATEWAY_AUTH_HEADER'));
    this.templateId = config.get('SMS_TEMPLATE_ID');
    this.signName = config.get('SMS_SIGN_NAME');
    this.timeoutMs = config.get('CHANNEL_HTTP_TIMEOUT_MS');
  }

  async send(phone: string, params: SmsParams): Promise<ChannelResult> {
    if (!this.url) throw new ChannelError(deliveryFailure.smsNotConfigured(), false);
    const answer = await postJson(
      WHO,
      this.url,
      { phone, templateId: this.templateId, signName: this.signName, params },
      this.timeoutMs,
      { headers: this.headers },
    );
    const body = (answer.json ?? {}) as { code?: unknown; Code?: unknown; message?: unknown };
    const code = body.code ?? body.Code;
    if (code === undefined || OK_CODES.has(code)) return { providerResponse: answer.text };
    const retryable = RETRYABLE_CODE.test(String(code));
    throw new ChannelError(`${WHO}拒收(code ${String(code)}) ${answer.text}`.trim(), retryable);
  }
}

/** `Authorization: Bearer x` → `{ Authorization: 'Bearer x' }`; a malformed value stops the boot. */
function parseHeader(line: string | undefined): Record<string, string> {
  if (!line?.trim()) return {};
  const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*(.+)$/.exec(line.trim());
  if (!m) throw new Error('SMS_GATEWAY_AUTH_HEADER must look like "Name: value"');
  return { [m[1]!]: m[2]! };
}
