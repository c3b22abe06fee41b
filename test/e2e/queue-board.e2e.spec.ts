import { PASSWORD, createPerson } from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

interface Session {
  accessToken: string;
  refreshToken: string;
}

/**
 * The administrator's queue board (bull-board at /admin/queues): signed in through an HttpOnly
 * cookie that only POST /api/v1/admin/queue-board/session issues, to administrators; read-only.
 */
describe('queue board (e2e)', () => {
  let t: TestApp;

  const signIn = async (username: string): Promise<Session> => {
    const res = await fetch(`${t.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Session;
  };
  const openBoard = (s: Session) =>
    fetch(`${t.url}/api/v1/admin/queue-board/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.accessToken}` },
    });
  const board = (path: string, cookie?: string, method = 'GET') =>
    fetch(`${t.url}/admin/queues${path}`, { method, headers: cookie ? { cookie } : {} });
  const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0];

  beforeAll(async () => {
    t = await createTestApp();
    await resetDatabase(t.prisma);
    await createPerson(t.prisma, { username: 'board.admin', role: 'ADMIN' });
    await createPerson(t.prisma, { username: 'board.supervisor', role: 'SUPERVISOR' });
    await createPerson(t.prisma, { username: 'board.auditor', role: 'AUDITOR' });
  });
  afterAll(() => t.close());

  it('refuses the board without its cookie, or with a forged or borrowed one', async () => {
    for (const path of ['/', '/api/queues']) {
      const res = await board(path);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    // An access token is not a board cookie.
    const admin = await signIn('board.admin');
    expect((await board('/api/queues', `duban_queue_board=${admin.accessToken}`)).status).toBe(401);
    // A board cookie is not an access token.
    const cookie = cookieOf(await openBoard(admin));
    const asBearer = await fetch(`${t.url}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${cookie.split('=')[1]}` },
    });
    expect(asBearer.status).toBe(401);
    // A tampered signature.
    expect((await board('/api/queues', `${cookie.slice(0, -2)}xx`)).status).toBe(401);
  });

  it('gives no cookie to anyone but an administrator', async () => {
    for (const username of ['board.supervisor', 'board.auditor']) {
      const res = await openBoard(await signIn(username));
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'FORBIDDEN' });
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    const anonymous = await fetch(`${t.url}/api/v1/admin/queue-board/session`, { method: 'POST' });
    expect(anonymous.status).toBe(401);
  });

  it('shows an administrator every queue of the catalogue, read-only, until the session ends', async () => {
    const admin = await signIn('board.admin');
    const res = await openBoard(admin);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ url: '/admin/queues/' });
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^duban_queue_board=[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(setCookie).toContain('Path=/admin/queues');
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Max-Age=900');
    const cookie = cookieOf(res);

    const page = await board('/', cookie);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('__UI_CONFIG__');
    // Its scripts come from the board's path, with the same cookie (none without it).
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(html)![1];
    const js = await board(`/${script}`, cookie);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await board(`/${script}`)).status).toBe(401);

    const api = await board('/api/queues', cookie);
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['deliveries', 'reminders', 'scheduler']);
    expect(body.queues.every((q) => q.readOnlyMode)).toBe(true);

    // Actions are refused before bull-board sees them.
    for (const [method, path] of [
      ['PUT', '/api/queues/deliveries/retry/failed'],
      ['PUT', '/api/queues/scheduler/clean/completed'],
      ['PUT', '/api/queues/reminders/empty'],
    ]) {
      const refused = await board(path, cookie, method);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN' });
    }

    // Signing out ends the board's access too.
    const out = await fetch(`${t.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: admin.refreshToken }),
    });
    expect(out.status).toBe(204);
    expect((await board('/api/queues', cookie)).status).toBe(401);
  });
});
