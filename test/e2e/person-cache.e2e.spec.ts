/**
 * The cache of authenticated callers (src/modules/auth/person-cache.ts) on the real PostgreSQL:
 * a change to a person made by plain SQL, outside the application, reaches it by LISTEN/NOTIFY
 * and takes effect on the next request; while its connection is down it is bypassed.
 */
import { PersonCache } from '../../src/modules/auth/person-cache';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';
import { client, seed, Seed } from './duban-fixtures';

describe('person cache (e2e)', () => {
  let t: TestApp;
  let s: Seed;
  let api: ReturnType<typeof client>;
  let cache: PersonCache;

  beforeAll(async () => {
    t = await createTestApp();
    cache = t.app.get(PersonCache);
    if (!cache.isListening) await cache.nextEvent();
    await resetDatabase(t.prisma);
    s = await seed(t);
    api = client(t.url);
  });

  afterAll(async () => {
    await t?.close();
  });

  /** Runs `change` and waits until the cache has heard of it. */
  const changed = async (change: () => Promise<unknown>) => {
    const heard = cache.nextEvent();
    await change();
    await heard;
  };

  it('serves a caller from memory after the first request', async () => {
    const token = await api.login('liaison.cz');
    expect(cache.get(s.people.liaisonCz)).toBeUndefined();
    expect((await api.call('GET', '/me/tasks', { token })).status).toBe(200);
    expect(cache.get(s.people.liaisonCz)).toMatchObject({
      id: s.people.liaisonCz,
      role: 'LIAISON',
      departmentId: s.departments.caizheng,
    });
  });

  it('refuses a cached caller disabled by plain SQL on the very next request', async () => {
    const token = await api.login('liaison.mz');
    expect((await api.call('GET', '/me/tasks', { token })).status).toBe(200);
    expect(cache.get(s.people.liaisonMz)).toBeDefined();
    try {
      await changed(
        () =>
          t.prisma
            .$executeRaw`UPDATE person SET active = false WHERE id = ${s.people.liaisonMz}::uuid`,
      );
      const res = await api.call('GET', '/me/tasks', { token });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('ACCOUNT_DISABLED');
    } finally {
      await changed(
        () =>
          t.prisma
            .$executeRaw`UPDATE person SET active = true WHERE id = ${s.people.liaisonMz}::uuid`,
      );
    }
  });

  it('acts for the new department of a cached caller moved by plain SQL', async () => {
    const token = await api.login('head.mz');
    const before = await api.call<{ id: string }[]>('GET', '/me/tasks', { token });
    expect(before.body.map((x) => x.id)).toContain(s.tasks.t4); // 民政's own task
    try {
      await changed(
        () =>
          t.prisma.$executeRaw`UPDATE person SET department_id = ${s.departments.fagai}::uuid
                               WHERE id = ${s.people.headMz}::uuid`,
      );
      const after = await api.call<{ id: string }[]>('GET', '/me/tasks', { token });
      expect(after.status).toBe(200);
      expect(after.body.map((x) => x.id)).toContain(s.tasks.t3); // 发改's
      expect(after.body.map((x) => x.id)).not.toContain(s.tasks.t4);
    } finally {
      await changed(
        () =>
          t.prisma.$executeRaw`UPDATE person SET department_id = ${s.departments.minzheng}::uuid
                               WHERE id = ${s.people.headMz}::uuid`,
      );
    }
  });

  it('is bypassed while its connection is down, and listens again by itself', async () => {
    const token = await api.login('liaison.cz');
    expect((await api.call('GET', '/me/tasks', { token })).status).toBe(200);
    expect(cache.get(s.people.liaisonCz)).toBeDefined();

    await changed(
      () => t.prisma.$queryRaw`
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'duban person cache' AND datname = current_database()`,
    );
    expect(cache.isListening).toBe(false);
    expect(cache.size).toBe(0);
    try {
      // Made while nobody listens: the next request must still see it.
      await t.prisma
        .$executeRaw`UPDATE person SET active = false WHERE id = ${s.people.liaisonCz}::uuid`;
      expect((await api.call('GET', '/me/tasks', { token })).status).toBe(401);
    } finally {
      await t.prisma
        .$executeRaw`UPDATE person SET active = true WHERE id = ${s.people.liaisonCz}::uuid`;
    }

    while (!cache.isListening) await cache.nextEvent(); // reconnected by itself
    expect((await api.call('GET', '/me/tasks', { token })).status).toBe(200);
    expect(cache.get(s.people.liaisonCz)).toBeDefined();
  });
});
