import { createHash } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../src/config/app-config.service';
import { AuditService } from '../../src/modules/audit/audit.service';
import { AuthService } from '../../src/modules/auth/auth.service';
import { SecurityPolicyService } from '../../src/modules/auth/security-policy.service';
import { PeopleService } from '../../src/modules/departments/people.service';
import { asOwner } from '../support/owner-db';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';
import { signedIn } from '../support/fixtures';
import { client, PASSWORD, seed, Seed } from './duban-fixtures';

describe('auth (e2e)', () => {
  let t: TestApp;
  let s: Seed;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    t = await createTestApp();
    await resetDatabase(t.prisma);
    s = await seed(t);
    api = client(t.url);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('logs in and returns a Bearer HS256 token for the person', async () => {
    const res = await api.call('POST', '/auth/login', {
      body: { username: 'liaison.mz', password: PASSWORD },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshExpiresIn: 30 * 24 * 3600,
      user: {
        id: s.people.liaisonMz,
        username: 'liaison.mz',
        displayName: '测试-liaison.mz',
        role: 'LIAISON',
        department: { id: s.departments.minzheng, name: '省民政厅' },
      },
    });
    const [header] = res.body.accessToken.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ alg: 'HS256' });
    const claims = t.app.get(JwtService).decode(res.body.accessToken);
    expect(claims).toMatchObject({
      sub: s.people.liaisonMz,
      role: 'LIAISON',
      departmentId: s.departments.minzheng,
    });

    const me = await api.call('GET', '/auth/me', { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual(res.body.user);
  });

  it('creates the security policy once when the first sign-ins of a fresh database come at once', async () => {
    // Concurrent first reads raced to insert the row: one won, the others were HTTP 500 on login
    // (seen with three logins by Promise.all in a suite that ran first on a new database).
    await asOwner('TRUNCATE security_policy');
    const fresh = () =>
      new SecurityPolicyService(t.prisma, t.app.get(AppConfig), t.app.get(AuditService));
    const policies = await Promise.all(Array.from({ length: 8 }, () => fresh().get()));
    expect(new Set(policies.map((p) => JSON.stringify(p))).size).toBe(1);
    expect(await t.prisma.securityPolicy.count()).toBe(1);
  });

  describe('refresh tokens', () => {
    const loginPair = async (username: string) => {
      const res = await signedIn(t.app.get(AuthService).login({ username, password: PASSWORD }));
      return res;
    };
    const refresh = (refreshToken: string) =>
      api.call('POST', '/auth/refresh', { body: { refreshToken } });
    // The same, without HTTP: refresh has a budget of 10 calls a minute per IP.
    const refreshDirect = async (
      refreshToken: string,
    ): Promise<{ status: number; body: { code?: string; refreshToken?: string } }> => {
      try {
        return { status: 200, body: await t.app.get(AuthService).refresh(refreshToken) };
      } catch (e) {
        const { status, code } = e as { status: number; code: string };
        return { status, body: { code } };
      }
    };

    it('stores only the SHA-256 of a random 32-byte refresh token', async () => {
      const pair = await loginPair('liaison.mz');
      expect(Buffer.from(pair.refreshToken, 'base64url')).toHaveLength(32);
      expect(pair.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const rows = await t.prisma.refreshToken.findMany({
        where: { personId: s.people.liaisonMz },
      });
      const hash = createHash('sha256').update(pair.refreshToken).digest('hex');
      expect(rows.map((r) => r.tokenHash)).toContain(hash);
      expect(rows.some((r) => r.tokenHash.includes(pair.refreshToken))).toBe(false);
    });

    it('rotates: a new access and refresh token, the old one revoked and pointing at the new', async () => {
      const pair = await loginPair('liaison.mz');
      const res = await refresh(pair.refreshToken);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      expect(res.body.refreshToken).not.toBe(pair.refreshToken);
      const claims = t.app.get(JwtService).decode(res.body.accessToken);
      expect(claims).toMatchObject({
        sub: s.people.liaisonMz,
        role: 'LIAISON',
        departmentId: s.departments.minzheng,
      });
      const me = await api.call('GET', '/auth/me', { token: res.body.accessToken });
      expect(me.status).toBe(200);
      const hash = (x: string) => createHash('sha256').update(x).digest('hex');
      const old = await t.prisma.refreshToken.findUniqueOrThrow({
        where: { tokenHash: hash(pair.refreshToken) },
      });
      const fresh = await t.prisma.refreshToken.findUniqueOrThrow({
        where: { tokenHash: hash(res.body.refreshToken) },
      });
      expect(old.revokedAt).not.toBeNull();
      expect(old.replacedBy).toBe(fresh.id);
      expect(fresh.revokedAt).toBeNull();
      // The new one works in turn.
      expect((await refresh(res.body.refreshToken)).status).toBe(200);
    });

    it('reuse of a rotated token revokes every token of the person: 401 REFRESH_TOKEN_REUSED', async () => {
      const other = await loginPair('head.mz'); // another person's session is untouched
      const a = await loginPair('liaison.cz');
      const b = await loginPair('liaison.cz'); // a second session of the same person
      const rotated = await refresh(a.refreshToken);
      expect(rotated.status).toBe(200);
      const reuse = await refresh(a.refreshToken);
      expect(reuse.status).toBe(401);
      expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');
      // The thief's (or victim's) successor and the other session are dead too.
      const successor = await refreshDirect(rotated.body.refreshToken);
      expect(successor.status).toBe(401);
      expect(successor.body.code).toBe('REFRESH_TOKEN_INVALID');
      expect((await refreshDirect(b.refreshToken)).status).toBe(401);
      const live = await t.prisma.refreshToken.count({
        where: { personId: s.people.liaisonCz, revokedAt: null },
      });
      expect(live).toBe(0);
      expect((await refreshDirect(other.refreshToken)).status).toBe(200);
    });

    it('logout revokes the token (204); it cannot be refreshed afterwards', async () => {
      const pair = await loginPair('supervisor');
      const out = await api.call('POST', '/auth/logout', {
        body: { refreshToken: pair.refreshToken },
      });
      expect(out.status).toBe(204);
      const res = await refresh(pair.refreshToken);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('REFRESH_TOKEN_INVALID');
      // Logging out twice, or an unknown token, is not an error (nothing to tell an attacker).
      expect(
        (await api.call('POST', '/auth/logout', { body: { refreshToken: pair.refreshToken } }))
          .status,
      ).toBe(204);
      expect((await api.call('POST', '/auth/logout', { body: {} })).status).toBe(400);
    });

    it('refuses an expired token (401 REFRESH_TOKEN_EXPIRED), an unknown one, and a disabled person', async () => {
      const pair = await loginPair('leader');
      await t.prisma.refreshToken.updateMany({
        where: { tokenHash: createHash('sha256').update(pair.refreshToken).digest('hex') },
        data: { expiresAt: new Date(Date.now() - 1000) },
      });
      const expired = await refresh(pair.refreshToken);
      expect(expired.status).toBe(401);
      expect(expired.body.code).toBe('REFRESH_TOKEN_EXPIRED');

      const unknown = await refresh('x'.repeat(43));
      expect(unknown.status).toBe(401);
      expect(unknown.body.code).toBe('REFRESH_TOKEN_INVALID');
      expect((await api.call('POST', '/auth/refresh', { body: {} })).status).toBe(400);

      const admin = await loginPair('admin');
      await t.prisma.person.update({ where: { id: s.people.admin }, data: { active: false } });
      try {
        const res = await refresh(admin.refreshToken);
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('ACCOUNT_DISABLED');
      } finally {
        await t.prisma.person.update({ where: { id: s.people.admin }, data: { active: true } });
      }
    });
  });

  it('answers a wrong password and an unknown user identically: 401 INVALID_CREDENTIALS', async () => {
    const wrong = await api.call('POST', '/auth/login', {
      body: { username: 'liaison.mz', password: 'not-the-password' },
    });
    const unknown = await api.call('POST', '/auth/login', {
      body: { username: 'nobody', password: PASSWORD },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('rejects unknown fields with 400 VALIDATION_FAILED in Chinese', async () => {
    const res = await api.call('POST', '/auth/login', {
      body: { username: 'liaison.mz', password: PASSWORD, remember: true },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toContain('remember');
    expect(res.body.details).toEqual([
      expect.objectContaining({ field: 'remember', constraint: 'whitelistValidation' }),
    ]);
  });

  it('requires a token everywhere else: 401 UNAUTHENTICATED 请先登录', async () => {
    for (const path of ['/auth/me', '/me/tasks', '/departments', '/supervision/overdue']) {
      const res = await api.call('GET', path);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ code: 'UNAUTHENTICATED', message: '请先登录' });
    }
    const forged = await api.call('GET', '/auth/me', { token: 'not.a.jwt' });
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('UNAUTHENTICATED');

    // Signed with another secret.
    const other = new JwtService({ secret: 'another-secret-another-secret-123' });
    const token = await other.signAsync({
      sub: s.people.liaisonMz,
      role: 'ADMIN',
      departmentId: null,
    });
    const res = await api.call('GET', '/auth/me', { token });
    expect(res.status).toBe(401);
  });

  it('refuses a disabled person at login and with a token issued before', async () => {
    const token = await api.login('head.mz');
    await t.prisma.person.update({ where: { id: s.people.headMz }, data: { active: false } });
    try {
      const login = await api.call('POST', '/auth/login', {
        body: { username: 'head.mz', password: PASSWORD },
      });
      expect(login.status).toBe(401);
      expect(login.body.code).toBe('ACCOUNT_DISABLED');
      const me = await api.call('GET', '/auth/me', { token });
      expect(me.status).toBe(401);
    } finally {
      await t.prisma.person.update({ where: { id: s.people.headMz }, data: { active: true } });
    }
  });

  it('lists departments with aliases for any logged-in user', async () => {
    const token = await api.login('liaison.cz');
    const res = await api.call('GET', '/departments', { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.arrayContaining([
        {
          id: s.departments.fagai,
          name: '省发展改革委',
          isCollective: false,
          aliases: ['发改委', '省发改委'],
          members: [],
        },
        {
          id: s.departments.minzheng,
          name: '省民政厅',
          isCollective: false,
          aliases: ['民政厅'],
          members: [],
        },
      ]),
    );
    expect(res.body).toHaveLength(3);
  });

  it('createPerson hashes the password and refuses a duplicate username with 409 CONFLICT', async () => {
    const people = t.app.get(PeopleService);
    const created = await people.createPerson({
      username: 'new.liaison',
      displayName: '新联络员',
      password: 'another-Password-2',
      role: 'LIAISON',
      departmentId: s.departments.fagai,
      email: 'new@example.gov.cn',
    });
    const row = await t.prisma.person.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain('another-Password-2');
    await expect(
      people.createPerson({
        username: 'new.liaison',
        displayName: '重名',
        password: 'another-Password-2',
        role: 'SUPERVISOR',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', status: 409 });
    await expect(
      people.createPerson({
        username: 'no.dept',
        displayName: '无部门',
        password: 'long-enough',
        role: 'LIAISON',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    const audit = await t.prisma.auditEvent.findMany({
      where: { action: 'person.created', entityId: created.id },
    });
    expect(audit).toHaveLength(1);
    const auth = t.app.get(AuthService);
    await expect(
      signedIn(auth.login({ username: 'new.liaison', password: 'another-Password-2' })),
    ).resolves.toMatchObject({
      user: { role: 'LIAISON', department: { name: '省发展改革委' } },
    });
  });

  it('documents the routes in the OpenAPI document, with bearer auth', async () => {
    const res = await fetch(`${t.url}/api/docs-json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, { security?: unknown }>>;
    };
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/auth/me',
      '/api/v1/departments',
      '/api/v1/me/tasks',
      '/api/v1/tasks/{id}',
      '/api/v1/tasks/{id}/reports',
      '/api/v1/supervision/overdue',
      '/api/v1/supervision/overdue/by-department',
    ]) {
      expect(doc.paths[path]).toBeDefined();
    }
    expect(doc.paths['/api/v1/me/tasks'].get.security).toEqual([{ bearer: [] }]);
  });

  // Last: it spends this app's login budget.
  it('throttles login to 10 attempts per minute per IP with 429 TOO_MANY_REQUESTS', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await api.call('POST', '/auth/login', {
        body: { username: 'liaison.mz', password: 'wrong-password' },
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body).toEqual({ code: 'TOO_MANY_REQUESTS', message: '操作过于频繁,请稍后再试' });
      }
    }
    expect(statuses).toContain(429);
    expect(statuses.at(-1)).toBe(429);
    // Earlier tests in this suite already used part of the budget: at most 10 got through in all.
    expect(statuses.filter((x) => x === 401).length).toBeLessThanOrEqual(10);
    // Other routes are not throttled.
    const { accessToken: token } = await signedIn(
      t.app.get(AuthService).login({ username: 'supervisor', password: PASSWORD }),
    );
    const res = await api.call('GET', '/auth/me', { token });
    expect(res.status).toBe(200);
  });

  // After the login test above: refresh has a budget of its own, also 10 a minute per IP.
  it('throttles refresh to 10 attempts per minute per IP as well', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await api.call('POST', '/auth/refresh', {
        body: { refreshToken: `guess-${i}` },
      });
      statuses.push(res.status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((x) => x === 401).length).toBeLessThanOrEqual(10);
  });
});
