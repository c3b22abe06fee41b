import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ErrorBody } from '../../common/errors/error-codes';
import { ErrorCode } from '../../common/errors/error-codes';
import { inAddressList, isLoopback, parseAddressList } from '../../common/http/address-list';

/** Who may scrape /metrics (METRICS_TOKEN, METRICS_ALLOW). */
export interface MetricsAccessRule {
  token?: string;
  allow?: ReturnType<typeof parseAddressList>;
}

export function metricsAccessRule(token?: string, allow?: string): MetricsAccessRule {
  return { token, allow: allow === undefined ? undefined : parseAddressList(allow) };
}

/** What the rule looks at in a request. */
export interface ScrapeRequest {
  /** The caller's address: Express's `req.ip` (TRUST_PROXY applied) or the socket's. */
  ip: string | undefined;
  headers: IncomingHttpHeaders;
}

export interface Refusal {
  status: 401 | 403;
  body: ErrorBody;
}

const refusals = {
  noToken: (): Refusal => ({
    status: 401,
    body: { code: ErrorCode.UNAUTHENTICATED, message: '请提供有效的监控指标访问令牌' },
  }),
  address: (): Refusal => ({
    status: 403,
    body: { code: ErrorCode.FORBIDDEN, message: '该地址无权读取监控指标' },
  }),
};

/**
 * Null when the request may read the metrics, else the refusal.
 * - METRICS_ALLOW set: the caller's address must be in it (403);
 * - METRICS_TOKEN set: the request must carry it as a bearer token (401);
 * - both set: both apply; neither: loopback only (403), and not a request that a proxy forwarded
 *   (X-Forwarded-For or Forwarded present while TRUST_PROXY is off): a reverse proxy on the same
 *   host would otherwise make every Internet caller look like loopback.
 */
export function checkScrape(rule: MetricsAccessRule, req: ScrapeRequest): Refusal | null {
  if (rule.allow) {
    if (!inAddressList(req.ip, rule.allow)) return refusals.address();
  } else if (!rule.token) {
    const forwarded = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded;
    if (!isLoopback(req.ip) || forwarded) return refusals.address();
  }
  if (rule.token && !bearerMatches(req.headers.authorization, rule.token)) {
    return refusals.noToken();
  }
  return null;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) return false;
  const given = Buffer.from(match[1]);
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
