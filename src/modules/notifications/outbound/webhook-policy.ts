import ipaddr from 'ipaddr.js';
import type { RobotKind } from '../../../generated/prisma/enums';

/**
 * Where a group robot's webhook may point (pure; no Nest, no I/O). A webhook URL is typed in by an
 * administrator and then called by the server, so it is a request forgery vector: it must not reach
 * the cloud metadata service (169.254.169.254), PostgreSQL on localhost, or anything else inside
 * the network. By default only https to the platforms' own hosts is allowed, plus the hosts the
 * administrator lists (GET/PUT /robots/allowed-hosts); and, whatever the host's name, never an
 * address that is not public unicast, checked on the URL and again on every address DNS gives at
 * send time (see OutboundGuard).
 */

/** The platforms' official webhook hosts (see the channel files for the URLs they document). */
export const VENDOR_HOSTS: Readonly<Record<RobotKind, readonly string[]>> = {
  WECOM: ['qyapi.weixin.qq.com'],
  DINGTALK: ['oapi.dingtalk.com'],
  FEISHU: ['open.feishu.cn', 'open.larksuite.com'],
};

export interface WebhookPolicy {
  /** Extra hosts the administrator allowed (`host` or `host:port`, lower case). */
  allowedHosts: readonly string[];
  /**
   * Test and demo only (ROBOT_ALLOW_PRIVATE_TARGETS): a target whose addresses are all loopback or
   * private (a local sink) is allowed over plain http and outside the host list. Link-local
   * (metadata), CGNAT, multicast and the rest stay refused even then.
   */
  allowLocal: boolean;
}

/** Why a webhook is refused; each has a Chinese explanation in notifications.errors. */
export type WebhookRefusal =
  'invalid-url' | 'credentials-in-url' | 'not-https' | 'host-not-allowed' | 'address-not-public';

/**
 * `public`: globally routable unicast. `local`: loopback, RFC 1918 private, unique local (fc00::/7):
 * allowed only with `allowLocal`. `forbidden`: everything else (link-local, CGNAT, unspecified,
 * multicast, broadcast, reserved, documentation, 6to4/Teredo/NAT64 which can wrap any IPv4…).
 * IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 address it carries.
 */
export type AddressClass = 'public' | 'local' | 'forbidden';

const LOCAL_RANGES = new Set(['loopback', 'private', 'uniqueLocal']);

export function classifyAddress(address: string): AddressClass {
  if (!ipaddr.isValid(address)) return 'forbidden';
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return 'public';
  return LOCAL_RANGES.has(range) ? 'local' : 'forbidden';
}

/** An IP literal as it appears in a URL's hostname (`[::1]` in brackets), or null for a name. */
export function ipLiteral(hostname: string): string | null {
  const bare =
    hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) && (bare.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(bare))
    ? bare
    : null;
}

/** `localhost` and its subdomains always resolve to loopback (RFC 6761). */
function isLocalhostName(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost');
}

/**
 * The checks that need no DNS, made on create and update (a coded 400) and again before each
 * send: a parsable http(s) URL without credentials; an IP literal or a `localhost` name only when
 * it is public, or local with `allowLocal`; otherwise https to a vendor host of this kind on the
 * default port, or to a host (`host` or `host:port`) the administrator allowed. The WHATWG URL
 * parser has already normalised the host (lower case, punycode, `2130706433` → `127.0.0.1`).
 */
export function checkWebhookUrl(
  raw: string,
  kind: RobotKind,
  policy: WebhookPolicy,
): WebhookRefusal | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'invalid-url';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'invalid-url';
  if (url.username || url.password) return 'credentials-in-url';
  const literal = ipLiteral(url.hostname);
  const addressClass = literal
    ? classifyAddress(literal)
    : isLocalhostName(url.hostname)
      ? 'local'
      : null;
  if (addressClass === 'forbidden') return 'address-not-public';
  if (addressClass === 'local') return policy.allowLocal ? null : 'address-not-public';
  if (url.protocol !== 'https:') return 'not-https';
  const vendor = url.port === '' && VENDOR_HOSTS[kind].includes(url.hostname);
  return vendor || policy.allowedHosts.includes(url.host) ? null : 'host-not-allowed';
}

/**
 * The send-time check of what DNS answered for an allowed host name: every address must be public
 * (one private address among public ones is enough to refuse, since the connection could go to any
 * of them), or, with `allowLocal`, all of them local.
 */
export function checkResolvedAddresses(
  addresses: readonly string[],
  policy: Pick<WebhookPolicy, 'allowLocal'>,
): WebhookRefusal | null {
  if (addresses.length === 0) return 'address-not-public';
  const classes = new Set(addresses.map(classifyAddress));
  if (classes.size === 1 && classes.has('public')) return null;
  if (classes.size === 1 && classes.has('local') && policy.allowLocal) return null;
  return 'address-not-public';
}

/**
 * An administrator's allowlist entry, normalised like a URL's `host` (lower case, punycode,
 * default port dropped); null when it is not a bare host name with an optional port, or when it is
 * an IP literal or a `localhost` name that is not public (those are never allowed by listing).
 */
export function normaliseAllowedHost(entry: string): string | null {
  const trimmed = entry.trim();
  if (!trimmed || /[/?#@\s\\]/.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(`https://${trimmed}`);
  } catch {
    return null;
  }
  const literal = ipLiteral(url.hostname);
  if (literal ? classifyAddress(literal) !== 'public' : isLocalhostName(url.hostname)) return null;
  if (!literal && !/^[a-z0-9.-]+$/.test(url.hostname)) return null;
  return url.host;
}
