import { randomUUID } from 'node:crypto';
import { AccessDeniedAuditor } from '../../src/modules/audit/access-denied.auditor';
import { AuditService } from '../../src/modules/audit/audit.service';
import { PeopleService } from '../../src/modules/departments/people.service';
import { registeredRoutes } from '../support/routes';
import { createTestApp, resetDatabase, type TestApp } from '../support/test-app';
import { client, PASSWORD, seed, type Seed } from './duban-fixtures';

interface Page {
  items: {
    id: string;
    action: string;
    entityId: string;
    actor: { username: string } | null;
    subject: { username: string } | null;
    data: Record<string, unknown>;
  }[];
  nextBefore: string | null;
}

/**
 * 三员分立, the auditor's side: the whole trail, the sign-in log and the export belong to the
 * auditor (安全审计员), who reads and changes nothing; the supervision office keeps a task's history;
 * refusals are counted, one row per person, route and minute.
 */
describe('the auditor (e2e)', () => {
  let t: TestApp;
  let s: Seed;
  let api: ReturnType<typeof client>;
  let auditor: string;
  let auditorId: string;
  let sup: string;
  let admin: string;
  let secadmin: string;
  let mz: string;

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-11-23T01:00:00Z' });
    await resetDatabase(t.prisma);
    s = await seed(t);
    api = client(t.url);
    const people = t.app.get(PeopleService);
    const make = (username: string, role: 'AUDITOR' | 'SECURITY_ADMIN') =>
      people.createPerson({ username, displayName: `测试-${username}`, password: PASSWORD, role });
    auditorId = (await make('auditor', 'AUDITOR')).id;
    await make('secadmin', 'SECURITY_ADMIN');
    auditor = await api.login('auditor');
    secadmin = await api.login('secadmin');
    sup = await api.login('supervisor');
    admin = await api.login('admin');
    mz = await api.login('liaison.mz');
  });

  afterAll(async () => {
    await t?.close();
  });

  const page = (path: string, token = auditor) => api.call<Page>('GET', path, { token });

  it('the supervision office keeps a task history but no longer reads the whole trail', async () => {
    expect((await api.call('GET', `/tasks/${s.tasks.t1}/history`, { token: sup })).status).toBe(
      200,
    );
    for (const token of [sup, admin, secadmin, mz]) {
      for (const path of [
        '/audit/export?from=2026-11-01&to=2026-11-30',
        '/audit/events',
        '/audit/sign-ins',
      ]) {
        const res = await api.call('GET', path, { token });
        expect({ path, status: res.status, code: res.body?.code }).toEqual({
          path,
          status: 403,
          code: 'FORBIDDEN',
        });
      }
    }
    // …and the auditor reads no task history (business data).
    expect((await api.call('GET', `/tasks/${s.tasks.t1}/history`, { token: auditor })).status).toBe(
      403,
    );
  });

  it('pages the trail newest first, filtered by period, actor, action prefix and entity', async () => {
    const audit = t.app.get(AuditService);
    t.clock.set('2026-10-05T02:00:00Z');
    await audit.record(t.prisma, {
      actorId: s.people.admin,
      action: 'trail.one',
      entityType: 'plan',
      entityId: 'p-1',
    });
    await audit.record(t.prisma, {
      actorId: s.people.supervisor,
      action: 'trail.two',
      entityType: 'plan',
      entityId: 'p-2',
    });
    t.clock.set('2026-10-06T02:00:00Z');
    await audit.record(t.prisma, {
      actorId: s.people.admin,
      action: 'trail.three',
      entityType: 'task',
      entityId: 'x-3',
    });
    await audit.record(t.prisma, { action: 'trailx', entityType: 'x', entityId: 'wild' });

    const first = await page('/audit/events?action=trail.&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((e) => e.action)).toEqual(['trail.three', 'trail.two']);
    expect(first.body.nextBefore).toBe(first.body.items[1]!.id);
    const second = await page(
      `/audit/events?action=trail.&limit=2&before=${first.body.nextBefore}`,
    );
    expect(second.body.items.map((e) => e.action)).toEqual(['trail.one']);
    expect(second.body.nextBefore).toBeNull();

    const byActor = await page('/audit/events?action=trail.&actor=admin');
    expect(byActor.body.items.map((e) => e.action)).toEqual(['trail.three', 'trail.one']);
    const byActorId = await page(`/audit/events?action=trail.&actor=${s.people.supervisor}`);
    expect(byActorId.body.items.map((e) => e.action)).toEqual(['trail.two']);
    const byDay = await page('/audit/events?action=trail&from=2026-10-05&to=2026-10-05');
    expect(byDay.body.items.map((e) => e.action)).toEqual(['trail.two', 'trail.one']);
    const byEntity = await page('/audit/events?entityType=plan&entityId=p-2');
    expect(byEntity.body.items.map((e) => e.action)).toEqual(['trail.two']);
    // LIKE wildcards in the prefix are literal: `trail_` is not `trailx`.
    expect((await page('/audit/events?action=trail_')).body.items).toEqual([]);
    expect((await page('/audit/events?action=trail%25')).body.items).toEqual([]);
  });

  it('refuses filters out of bounds with a coded 400', async () => {
    for (const q of [
      'limit=0',
      'limit=201',
      'limit=1e20',
      'before=abc',
      'before=0',
      `before=${'9'.repeat(30)}`,
      'from=2026-02-30',
      'from=2026-10-06&to=2026-10-05',
      `action=${'a'.repeat(101)}`,
    ]) {
      const res = await page(`/audit/events?${q}`);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('shows the sign-in log: auth.* events only, by the account signed in with, known or not', async () => {
    const audit = t.app.get(AuditService);
    t.clock.set('2026-11-02T01:00:00Z');
    // As the auth module records them (the shared contract): a known person's events name them as
    // the entity; an unknown username is kept as typed, with no actor.
    await audit.record(t.prisma, {
      actorId: null,
      action: 'auth.login.failed',
      entityType: 'person',
      entityId: s.people.liaisonMz,
      data: { reason: 'bad_password' },
      sourceIp: '10.0.0.7',
    });
    await audit.record(t.prisma, {
      actorId: s.people.liaisonMz,
      action: 'auth.login.succeeded',
      entityType: 'person',
      entityId: s.people.liaisonMz,
    });
    await audit.record(t.prisma, {
      actorId: null,
      action: 'auth.login.failed',
      entityType: 'person',
      entityId: 'no.such.user',
      data: { reason: 'unknown_user' },
    });
    await audit.record(t.prisma, {
      actorId: s.people.liaisonMz,
      action: 'authx.not.a.sign.in',
      entityType: 'person',
      entityId: s.people.liaisonMz,
    });

    const all = await page('/audit/sign-ins?from=2026-11-02&to=2026-11-02');
    expect(all.status).toBe(200);
    expect(all.body.items.map((e) => [e.action, e.subject?.username ?? e.entityId])).toEqual([
      ['auth.login.failed', 'no.such.user'],
      ['auth.login.succeeded', 'liaison.mz'],
      ['auth.login.failed', 'liaison.mz'],
    ]);
    const failed = await page('/audit/sign-ins?action=auth.login.failed&from=2026-11-02');
    expect(failed.body.items.map((e) => e.data.reason)).toEqual(['unknown_user', 'bad_password']);
    const mine = await page('/audit/sign-ins?username=liaison.mz&from=2026-11-02&to=2026-11-02');
    expect(mine.body.items.map((e) => e.action)).toEqual([
      'auth.login.succeeded',
      'auth.login.failed',
    ]);
    const unknown = await page('/audit/sign-ins?username=no.such.user');
    expect(unknown.body.items).toHaveLength(1);
    // An action outside auth.* does not widen the log.
    const outside = await page('/audit/sign-ins?action=authx&from=2026-11-02');
    expect(outside.body.items.map((e) => e.action)).not.toContain('authx.not.a.sign.in');
  });

  it('exports the trail filtered (CSV or JSON), and records every export with its filter', async () => {
    t.clock.set('2026-11-03T01:00:00Z');
    const res = await api.call<{ action: string }[]>(
      'GET',
      '/audit/export?from=2026-11-02&to=2026-11-02&format=json&action=auth.login.failed',
      { token: auditor, headers: { 'x-request-id': 'export-1' } },
    );
    expect(res.status).toBe(200);
    expect(res.body.map((e) => e.action)).toEqual(['auth.login.failed', 'auth.login.failed']);
    const csv = await fetch(
      `${t.url}/api/v1/audit/export?from=2026-11-02&to=2026-11-02&action=auth.`,
      { headers: { authorization: `Bearer ${auditor}` } },
    );
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\r\n').filter(Boolean)).toHaveLength(1 + 3);

    const exports = await t.prisma.auditEvent.findMany({
      where: { action: 'audit.exported' },
      orderBy: { id: 'asc' },
    });
    expect(exports).toHaveLength(2);
    expect(exports[0]).toMatchObject({
      actorId: auditorId,
      entityType: 'audit_trail',
      entityId: '2026-11-02_2026-11-02',
      requestId: 'export-1',
      data: {
        from: '2026-11-02',
        to: '2026-11-02',
        format: 'json',
        filter: { actionPrefix: 'auth.login.failed' },
      },
    });
    expect(exports[1]).toMatchObject({
      data: { format: 'csv', filter: { actionPrefix: 'auth.' } },
    });
    // A refused export is not an export.
    expect(
      (await api.call('GET', '/audit/export?from=2026-11-02&to=2026-11-02', { token: sup })).status,
    ).toBe(403);
    expect(await t.prisma.auditEvent.count({ where: { action: 'audit.exported' } })).toBe(2);
  });

  it('changes nothing: every route but GET is refused to the auditor (403), before any work', async () => {
    // Signing in and out is the auditor's own session (public routes); the password, the second
    // factor, the inbox and the channels are the auditor's own account (@OwnAccount).
    const own = new Set([
      'POST /auth/login',
      'POST /auth/login/totp',
      'POST /auth/refresh',
      'POST /auth/logout',
      'POST /auth/password',
      'POST /auth/totp/setup',
      'POST /auth/totp/confirm',
      'POST /me/inbox/read-all',
      'POST /me/inbox/:id/read',
      'PUT /me/channels',
    ]);
    const writes = registeredRoutes(t).filter((r) => !r.startsWith('GET ') && !own.has(r));
    expect(writes.length).toBeGreaterThanOrEqual(30);
    const answers: string[] = [];
    for (const route of writes) {
      const [method, pattern] = route.split(' ') as [string, string];
      const path = pattern.replace(/:[A-Za-z]+/g, () => randomUUID());
      const res = await api.call(method, path, { token: auditor, body: {} });
      answers.push(`${route} → ${res.status} ${res.body?.code ?? ''}`);
    }
    expect(answers).toEqual(writes.map((r) => `${r} → 403 FORBIDDEN`));
    const people = await api.call('POST', '/people', {
      token: auditor,
      body: { username: 'x.auditor', displayName: 'x', password: 'long-enough-1', role: 'LIAISON' },
    });
    expect(people.body.message).toContain('安全审计员只能查阅');
    expect(await t.prisma.person.count({ where: { username: 'x.auditor' } })).toBe(0);
  });

  describe('refusals are counted, not one row each', () => {
    const denials = () =>
      t.prisma.auditEvent.findMany({
        where: { action: 'access.denied', actorId: s.people.liaisonMz },
        orderBy: { id: 'asc' },
      });

    it('1,000 refusals of one person on one route in one minute add one row, with the count', async () => {
      const rollUp = () => t.app.get(AccessDeniedAuditor).rollUp();
      t.clock.set('2026-11-24T03:00:05Z');
      await rollUp();
      const before = (await denials()).length;
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) {
        const batch = await Promise.all(
          Array.from({ length: 25 }, () => api.call('GET', '/audit/events', { token: mz })),
        );
        statuses.push(...batch.map((r) => r.status));
      }
      expect(statuses.filter((x) => x === 403)).toHaveLength(1000);
      // Another route, another row; the same route in the next minute, another row.
      expect((await api.call('GET', '/audit/sign-ins', { token: mz })).status).toBe(403);
      // The minute is not over: nothing is written yet.
      expect(await rollUp()).toBe(0);
      t.clock.set('2026-11-24T03:01:10Z');
      expect((await api.call('GET', '/audit/events', { token: mz })).status).toBe(403);
      expect(await rollUp()).toBe(2);
      t.clock.set('2026-11-24T03:02:00Z');
      expect(await rollUp()).toBe(1);

      const rows = (await denials()).slice(before);
      expect(rows).toHaveLength(3);
      expect(rows.map((r) => [r.entityId, (r.data as { count: number }).count])).toEqual([
        ['/audit/events', 1000],
        ['/audit/sign-ins', 1],
        ['/audit/events', 1],
      ]);
      expect(rows[0]).toMatchObject({
        at: new Date('2026-11-24T03:00:05Z'),
        entityType: 'route',
        sourceIp: expect.stringMatching(/127\.0\.0\.1/),
        data: {
          method: 'GET',
          route: 'GET /audit/events',
          role: 'LIAISON',
          firstAt: '2026-11-24T03:00:05.000Z',
          lastAt: '2026-11-24T03:00:05.000Z',
        },
      });
      expect(await t.prisma.accessDenialMinute.count()).toBe(0);
    }, 300_000);

    it('one route probed with many ids in a minute is one row, with the targets it named', async () => {
      t.clock.set('2026-11-24T04:00:00Z');
      const ids = Array.from({ length: 30 }, () => randomUUID());
      for (const id of ids) {
        expect((await api.call('GET', `/tasks/${id}/history`, { token: mz })).status).toBe(403);
      }
      t.clock.set('2026-11-24T04:01:00Z');
      await t.app.get(AccessDeniedAuditor).rollUp();
      const [row] = (await denials()).slice(-1);
      expect(row).toMatchObject({
        entityType: 'route',
        entityId: 'GET /tasks/:id/history',
        data: { count: 30, targetType: 'task' },
      });
      expect((row!.data as { targets: string[] }).targets).toEqual(ids.slice(0, 20));
    });

    it('rolls each minute up once, however many processes roll up at the same moment', async () => {
      t.clock.set('2026-11-24T06:00:00Z');
      const routes = ['/people', '/requests', '/deliveries', '/regions', '/audit/events'];
      await Promise.all(routes.map((r) => api.call('GET', r, { token: mz })));
      await Promise.all(routes.map((r) => api.call('GET', r, { token: mz })));
      expect(await t.prisma.accessDenialMinute.count()).toBe(routes.length);
      t.clock.set('2026-11-24T06:01:00Z');
      const before = (await denials()).length;
      const auditor = t.app.get(AccessDeniedAuditor);
      // Separate connections of the pool, as separate processes would be.
      const written = await Promise.all(Array.from({ length: 4 }, () => auditor.rollUp()));
      expect(written.reduce((a, b) => a + b, 0)).toBe(routes.length);
      const rows = (await denials()).slice(before);
      expect(rows.map((r) => (r.data as { count: number }).count)).toEqual(routes.map(() => 2));
    });

    it('the auditor sees the minutes that are over without waiting for the scheduler', async () => {
      t.clock.set('2026-11-24T05:00:00Z');
      expect((await api.call('GET', '/people', { token: mz })).status).toBe(403);
      t.clock.set('2026-11-24T05:01:00Z');
      const res = await page('/audit/events?action=access.denied&entityId=/people&limit=1');
      expect(res.body.items[0]).toMatchObject({
        actor: { username: 'liaison.mz' },
        data: { count: 1 },
      });
    });
  });
});
