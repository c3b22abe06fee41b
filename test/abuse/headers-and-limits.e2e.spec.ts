import { AuthService } from '../../src/modules/auth/auth.service';
import { createPerson, PASSWORD, signedIn } from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

const CJK = /[\u4e00-\u9fff]/;

/**
 * Item 9 of the security issue: security headers on every kind of response, no framework banner,
 * the API docs switched off by configuration, and the general rate limit (per person once signed
 * in, per address before), with a coded Chinese 429 and Retry-After; /health is exempt.
 */
describe('security headers (e2e)', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    await resetDatabase(t.prisma);
    await createPerson(t.prisma, { username: 'hdr.admin', role: 'ADMIN' });
    token = (
      await signedIn(t.app.get(AuthService).login({ username: 'hdr.admin', password: PASSWORD }))
    ).accessToken;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('sends them on API answers, errors, 404s, the health check, the docs and the web page', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const cases: [string, string, RequestInit, number][] = [
      ['API answer', '/api/v1/auth/me', { headers: auth }, 200],
      ['health', '/api/v1/health', {}, 200],
      ['401', '/api/v1/auth/me', {}, 401],
      ['404 of the API', '/api/v1/no-such-route', { headers: auth }, 404],
      [
        '400 of the body parser',
        '/api/v1/auth/login',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' },
        400,
      ],
      ['web page', '/', {}, 200],
      ['404 outside the API', '/no-such-file.js', {}, 404],
      ['API docs', '/api/docs', {}, 200],
    ];
    for (const [name, path, init, status] of cases) {
      const res = await fetch(`${t.url}${path}`, init);
      const text = await res.text();
      const h = (k: string) => res.headers.get(k);
      const seen = {
        name,
        status: res.status,
        poweredBy: h('x-powered-by'),
        nosniff: h('x-content-type-options'),
        frame: h('x-frame-options'),
        hsts: /max-age=\d+/.test(h('strict-transport-security') ?? ''),
        noFraming: /frame-ancestors 'none'/.test(h('content-security-policy') ?? ''),
        referrer: h('referrer-policy'),
      };
      expect(seen).toEqual({
        name,
        status,
        poweredBy: null,
        nosniff: 'nosniff',
        frame: 'DENY',
        hsts: true,
        noFraming: true,
        referrer: 'no-referrer',
      });
      if (status >= 400) {
        const body = JSON.parse(text) as { code: string; message: string };
        expect([name, body.code, CJK.test(body.message)]).toEqual([
          name,
          expect.stringMatching(/^[A-Z_]+$/),
          true,
        ]);
      }
      if (path.startsWith('/api/v1/')) {
        expect([name, /no-store/.test(h('cache-control') ?? '')]).toEqual([name, true]);
      }
    }
  });
});

describe('API docs switch and general rate limit (e2e)', () => {
  let t: TestApp;
  const tokens: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        API_DOCS_ENABLED: 'false',
        RATE_LIMIT_PER_PERSON: '5',
        RATE_LIMIT_PER_IP: '3',
        RATE_LIMIT_WINDOW_SECONDS: '60',
      },
    });
    await resetDatabase(t.prisma);
    for (const username of ['rl.one', 'rl.two']) {
      await createPerson(t.prisma, { username, role: 'ADMIN' });
      tokens.push(
        (await signedIn(t.app.get(AuthService).login({ username, password: PASSWORD })))
          .accessToken,
      );
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  const get = (path: string, token?: string) =>
    fetch(`${t.url}/api/v1${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('does not serve the API docs when API_DOCS_ENABLED=false', async () => {
    for (const path of ['/api/docs', '/api/docs-json']) {
      const res = await fetch(`${t.url}${path}`);
      await res.arrayBuffer();
      expect([path, res.status]).toEqual([path, 404]);
    }
  });

  it('limits each person, then answers 429 TOO_MANY_REQUESTS in Chinese with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await get('/auth/me', tokens[0])).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const refused = await get('/plans', tokens[0]);
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { code: string; message: string; details: unknown };
    expect(body.code).toBe('TOO_MANY_REQUESTS');
    expect(body.message).toMatch(CJK);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Another person from the same address has a budget of their own.
    expect((await get('/auth/me', tokens[1])).status).toBe(200);
  });

  it('limits requests without a token by address, and never the health check', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await get('/supervision/calendar-feeds/nope/deadlines.ics')).status);
    }
    expect(statuses).toEqual([404, 404, 404, 429]);
    for (let i = 0; i < 10; i++) expect((await get('/health')).status).toBe(200);
    // The window moves with real time; a signed-in person is not held by the address's budget.
    expect((await get('/auth/me', tokens[1])).status).toBe(200);
  });
});
