/** What every channel answers on success: the provider's words, kept on the delivery row. */
export interface ChannelResult {
  providerResponse: string;
}

/**
 * A failed send through an HTTP channel. `retryable` failures (timeouts, connection errors, HTTP
 * 429/5xx, a platform's rate-limit code) are retried with backoff; the rest (other 4xx, a refused
 * signature or webhook) mark the delivery FAILED at once. The message is Chinese: it becomes the
 * delivery's `lastError`, read by the supervision office.
 */
export class ChannelError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ChannelError';
  }
}

export interface HttpAnswer {
  status: number;
  /** The body as text, cut to a size fit for the delivery log. */
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

const MAX_LOGGED_BODY = 500;

/**
 * POSTs JSON with Node's fetch and a timeout. Network failures and timeouts become retryable
 * ChannelErrors named after `who` (e.g. `企业微信机器人`); HTTP statuses are left to the caller
 * except 429 and 5xx (retryable) and other non-2xx (permanent).
 */
export async function postJson(
  who: string,
  url: string,
  body: unknown,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const e = err as { name?: string; message?: string; cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      throw new ChannelError(`${who}响应超时(${timeoutMs}毫秒)`, true, { cause: err });
    }
    const code = e.cause?.code ? `(${e.cause.code})` : '';
    throw new ChannelError(`无法连接${who}${code} ${e.message ?? ''}`.trim(), true, {
      cause: err,
    });
  }
  const raw = await res.text().catch(() => '');
  const text = raw.length > MAX_LOGGED_BODY ? `${raw.slice(0, MAX_LOGGED_BODY)}…` : raw;
  if (res.status === 429) throw new ChannelError(`${who}限流(HTTP 429) ${text}`.trim(), true);
  if (res.status >= 500) {
    throw new ChannelError(`${who}服务异常(HTTP ${res.status}) ${text}`.trim(), true);
  }
  if (res.status < 200 || res.status >= 300) {
    throw new ChannelError(`${who}拒绝请求(HTTP ${res.status}) ${text}`.trim(), false);
  }
  let json: unknown;
  try {
    json = raw ? JSON.parse(raw) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

/** Robot coordinates a channel needs; the secret never leaves the server. */
export interface RobotTarget {
  id: string;
  name: string;
  webhookUrl: string;
  secret: string | null;
}

/** A message as the robots show it. */
export interface RobotMessage {
  subject: string;
  markdown: string;
}
