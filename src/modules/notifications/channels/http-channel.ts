import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { webhookRefusalText } from '../notifications.errors';
import { type ConnectLookup, WebhookRefused } from '../outbound/outbound-guard';

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
/** More of an answer than any platform sends; the rest is not read. */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface PostOptions {
  headers?: Record<string, string>;
  /** The socket's DNS lookup (robots: OutboundGuard.lookupFor, which checks every address). */
  lookup?: ConnectLookup;
}

/**
 * POSTs JSON with Node's http(s) client and a timeout (not fetch: its connection cannot be given a
 * DNS lookup of our own, and it follows redirects, which a checked webhook must not). Network
 * failures and timeouts become retryable ChannelErrors named after `who` (e.g. `企业微信机器人`),
 * a refused target (WebhookRefused) a permanent one; HTTP statuses are left to the caller except
 * 429 and 5xx (retryable) and other non-2xx, redirects included (permanent).
 */
export async function postJson(
  who: string,
  url: string,
  body: unknown,
  timeoutMs: number,
  opts: PostOptions = {},
): Promise<HttpAnswer> {
  let status: number;
  let raw: string;
  try {
    ({ status, raw } = await post(url, JSON.stringify(body), timeoutMs, opts));
  } catch (err) {
    if (err instanceof WebhookRefused) {
      throw new ChannelError(webhookRefusalText(err.reason, err.detail), false, { cause: err });
    }
    const e = err as { name?: string; message?: string; code?: string };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      throw new ChannelError(`${who}响应超时(${timeoutMs}毫秒)`, true, { cause: err });
    }
    const code = e.code ? `(${e.code})` : '';
    throw new ChannelError(`无法连接${who}${code} ${e.message ?? ''}`.trim(), true, {
      cause: err,
    });
  }
  const text = raw.length > MAX_LOGGED_BODY ? `${raw.slice(0, MAX_LOGGED_BODY)}…` : raw;
  if (status === 429) throw new ChannelError(`${who}限流(HTTP 429) ${text}`.trim(), true);
  if (status >= 500) {
    throw new ChannelError(`${who}服务异常(HTTP ${status}) ${text}`.trim(), true);
  }
  if (status < 200 || status >= 300) {
    throw new ChannelError(`${who}拒绝请求(HTTP ${status}) ${text}`.trim(), false);
  }
  let json: unknown;
  try {
    json = raw ? JSON.parse(raw) : undefined;
  } catch {
    json = undefined;
  }
  return { status, text, json };
}

function post(
  url: string,
  payload: string,
  timeoutMs: number,
  opts: PostOptions,
): Promise<{ status: number; raw: string }> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(payload),
          ...opts.headers,
        },
        signal: AbortSignal.timeout(timeoutMs),
        ...(opts.lookup ? { lookup: opts.lookup as LookupFunction } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size >= MAX_ANSWER_BYTES) return;
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            raw: Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Robot coordinates a channel needs; the secret never leaves the server. */
export interface RobotTarget {
  id: string;
  name: string;
  webhookUrl: string;
  secret: string | null;
  /** The checked DNS lookup for this send (OutboundGuard.prepare). */
  lookup?: ConnectLookup;
}

/** A message as the robots show it. */
export interface RobotMessage {
  subject: string;
  markdown: string;
}
