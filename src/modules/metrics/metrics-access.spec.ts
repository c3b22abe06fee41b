import { checkScrape, metricsAccessRule } from './metrics-access';

const TOKEN = 'scrape-token-0123456789abcdef';
const status = (rule: ReturnType<typeof metricsAccessRule>, ip: string, headers = {}) =>
  checkScrape(rule, { ip, headers })?.status ?? 200;

describe('checkScrape', () => {
  it('admits loopback only when nothing is configured, and no forwarded request', () => {
    const rule = metricsAccessRule();
    expect(status(rule, '127.0.0.1')).toBe(200);
    expect(status(rule, '127.0.0.5')).toBe(200);
    expect(status(rule, '::1')).toBe(200);
    expect(status(rule, '::ffff:127.0.0.1')).toBe(200);
    expect(status(rule, '10.0.0.1')).toBe(403);
    expect(status(rule, '127.0.0.1', { 'x-forwarded-for': '10.0.0.1' })).toBe(403);
    expect(status(rule, '127.0.0.1', { forwarded: 'for=10.0.0.1' })).toBe(403);
    expect(status(rule, undefined as unknown as string)).toBe(403);
  });

  it('admits the listed addresses and subnets, IPv4-mapped IPv6 too', () => {
    const rule = metricsAccessRule(undefined, '10.1.0.0/16, 192.0.2.7, fd00::/8');
    expect(status(rule, '10.1.2.3')).toBe(200);
    expect(status(rule, '::ffff:10.1.2.3')).toBe(200);
    expect(status(rule, '192.0.2.7')).toBe(200);
    expect(status(rule, 'fd12::1')).toBe(200);
    expect(status(rule, '10.2.0.1')).toBe(403);
    expect(status(rule, '127.0.0.1')).toBe(403);
    expect(status(rule, 'not-an-address')).toBe(403);
  });

  it('wants the exact bearer token; with an address list, both', () => {
    const rule = metricsAccessRule(TOKEN);
    expect(status(rule, '203.0.113.1', { authorization: `Bearer ${TOKEN}` })).toBe(200);
    expect(status(rule, '203.0.113.1', { authorization: `bearer ${TOKEN}` })).toBe(200);
    expect(status(rule, '127.0.0.1')).toBe(401);
    expect(status(rule, '127.0.0.1', { authorization: `Bearer ${TOKEN.slice(1)}` })).toBe(401);
    expect(status(rule, '127.0.0.1', { authorization: `Basic ${TOKEN}` })).toBe(401);
    const both = metricsAccessRule(TOKEN, '10.0.0.0/8');
    expect(status(both, '10.0.0.1', { authorization: `Bearer ${TOKEN}` })).toBe(200);
    expect(status(both, '10.0.0.1')).toBe(401);
    expect(status(both, '11.0.0.1', { authorization: `Bearer ${TOKEN}` })).toBe(403);
  });
});
