import { MetricsEndpoint } from '../../src/modules/metrics/metrics-endpoint';
import { createTestApp, TestApp } from '../support/test-app';

const TOKEN = 'scrape-token-0123456789abcdef';

interface Answer {
  status: number;
  code?: string;
  isMetrics: boolean;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  const isMetrics = res.status === 200 && text.includes('duban_http_request_duration_seconds');
  const code = res.headers.get('content-type')?.includes('json')
    ? (JSON.parse(text) as { code: string }).code
    : undefined;
  return { status: res.status, code, isMetrics };
}

const ok: Answer = { status: 200, code: undefined, isMetrics: true };
const forbidden: Answer = { status: 403, code: 'FORBIDDEN', isMetrics: false };
const unauthenticated: Answer = { status: 401, code: 'UNAUTHENTICATED', isMetrics: false };

/**
 * Who may scrape /metrics, one application per configuration (the rule is read at boot). The test
 * clients all connect from loopback; with TRUST_PROXY the address Express uses is the one in
 * X-Forwarded-For, which stands for a scraper elsewhere.
 */
describe('/metrics protection (e2e)', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
    // createTestApp writes its env into process.env: the next configuration starts clean.
    for (const key of ['METRICS_TOKEN', 'METRICS_ALLOW', 'METRICS_PORT', 'TRUST_PROXY']) {
      delete process.env[key];
    }
  });

  it('with neither METRICS_TOKEN nor METRICS_ALLOW: loopback only, and not through a proxy', async () => {
    t = await createTestApp();
    expect(await get(`${t.url}/metrics`)).toEqual(ok);
    // A reverse proxy on this host forwards every caller from loopback: refused.
    expect(await get(`${t.url}/metrics`, { 'x-forwarded-for': '203.0.113.9' })).toEqual(forbidden);
    expect(await get(`${t.url}/metrics`, { forwarded: 'for=203.0.113.9' })).toEqual(forbidden);
  });

  it('refuses a caller elsewhere when TRUST_PROXY reveals it and nothing else is configured', async () => {
    t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
    expect(await get(`${t.url}/metrics`, { 'x-forwarded-for': '203.0.113.9' })).toEqual(forbidden);
  });

  it('with METRICS_TOKEN: the bearer token, on the API port and on METRICS_PORT', async () => {
    t = await createTestApp({ env: { METRICS_TOKEN: TOKEN, METRICS_PORT: '0' } });
    const port = t.app.get(MetricsEndpoint).listenerPort;
    expect(port).toBeGreaterThan(0);
    for (const url of [`${t.url}/metrics`, `http://127.0.0.1:${port}/metrics`]) {
      expect(await get(url)).toEqual(unauthenticated);
      expect(await get(url, { authorization: `Bearer ${TOKEN}x` })).toEqual(unauthenticated);
      expect(await get(url, { authorization: TOKEN })).toEqual(unauthenticated);
      expect(await get(url, { authorization: `Bearer ${TOKEN}` })).toEqual(ok);
      // The token admits from anywhere: it is the whole rule here.
      expect(
        await get(url, { authorization: `Bearer ${TOKEN}`, 'x-forwarded-for': '203.0.113.9' }),
      ).toEqual(ok);
    }
    // The metrics port serves nothing else.
    expect((await get(`http://127.0.0.1:${port}/api/v1/health`)).status).toBe(404);
  });

  it('with METRICS_ALLOW: the listed addresses and subnets only, loopback included', async () => {
    t = await createTestApp({
      env: { METRICS_ALLOW: '10.9.0.0/16, 192.0.2.7', TRUST_PROXY: 'true' },
    });
    const from = (ip: string) => get(`${t!.url}/metrics`, { 'x-forwarded-for': ip });
    expect(await from('10.9.200.1')).toEqual(ok);
    expect(await from('192.0.2.7')).toEqual(ok);
    expect(await from('::ffff:10.9.0.3')).toEqual(ok);
    expect(await from('10.8.0.1')).toEqual(forbidden);
    expect(await from('192.0.2.8')).toEqual(forbidden);
    // Loopback is not in the list.
    expect(await get(`${t.url}/metrics`)).toEqual(forbidden);
  });

  it('with both: an allowed address that carries the token', async () => {
    t = await createTestApp({
      env: { METRICS_ALLOW: '10.9.0.0/16', METRICS_TOKEN: TOKEN, TRUST_PROXY: 'true' },
    });
    const bearer = { authorization: `Bearer ${TOKEN}` };
    const inside = { 'x-forwarded-for': '10.9.0.1' };
    const outside = { 'x-forwarded-for': '10.10.0.1' };
    expect(await get(`${t.url}/metrics`, { ...inside, ...bearer })).toEqual(ok);
    expect(await get(`${t.url}/metrics`, inside)).toEqual(unauthenticated);
    expect(await get(`${t.url}/metrics`, { ...outside, ...bearer })).toEqual(forbidden);
  });
});
