import { client, seed, type Seed } from './duban-fixtures';
import { createTestApp, resetDatabase, type TestApp } from '../support/test-app';

/** GET /people and POST /people: the administrator's list of people and roles, and new accounts. */
describe('people (e2e)', () => {
  let t: TestApp;
  let s: Seed;
  let api: ReturnType<typeof client>;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    await resetDatabase(t.prisma);
    s = await seed(t);
    api = client(t.url);
    admin = await api.login('admin');
  });

  afterAll(async () => {
    await t?.close();
  });

  it("lists everyone with role, department and a leader's departments", async () => {
    const set = await api.call('PUT', `/people/${s.people.leader}/departments`, {
      token: admin,
      body: { departmentIds: [s.departments.fagai, s.departments.minzheng] },
    });
    expect(set.status).toBe(200);
    const res = await api.call('GET', '/people', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body.map((p: { username: string }) => p.username)).toEqual([
      'admin',
      'supervisor',
      'leader',
      'head.mz',
      'liaison.cz',
      'liaison.mz',
    ]);
    const byName = new Map(res.body.map((p: { username: string }) => [p.username, p]));
    expect(byName.get('leader')).toMatchObject({
      role: 'LEADER',
      department: null,
      leaderDepartments: [
        { id: s.departments.fagai, name: '省发展改革委' },
        { id: s.departments.minzheng, name: '省民政厅' },
      ],
    });
    expect(byName.get('liaison.mz')).toMatchObject({
      role: 'LIAISON',
      department: { id: s.departments.minzheng, name: '省民政厅' },
      leaderDepartments: [],
      active: true,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|scrypt/);
  });

  it('creates a person who can log in, and records who did it', async () => {
    const res = await api.call('POST', '/people', {
      token: admin,
      body: {
        username: 'liaison.fg',
        displayName: '发改联络员',
        password: 'fagai-pass-1',
        role: 'LIAISON',
        departmentId: s.departments.fagai,
        email: 'fg@example.test',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      username: 'liaison.fg',
      role: 'LIAISON',
      department: { id: s.departments.fagai, name: '省发展改革委' },
      email: 'fg@example.test',
    });
    await expect(api.login('liaison.fg', 'fagai-pass-1')).resolves.toEqual(expect.any(String));
    const audit = await t.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'person.created', entityId: res.body.id },
    });
    expect(audit.actorId).toBe(s.people.admin);
  });

  it('refuses a liaison without a department, a short password and a taken username, field by field', async () => {
    const base = { displayName: '某人', role: 'LIAISON', password: 'long-enough-1' };
    const noDept = await api.call('POST', '/people', {
      token: admin,
      body: { ...base, username: 'x.one' },
    });
    expect(noDept.status).toBe(400);
    expect(noDept.body.details).toEqual([expect.objectContaining({ field: 'departmentId' })]);
    const short = await api.call('POST', '/people', {
      token: admin,
      body: { ...base, username: 'x.two', role: 'SUPERVISOR', password: 'short' },
    });
    expect(short.status).toBe(400);
    expect(short.body.details).toEqual([expect.objectContaining({ field: 'password' })]);
    const taken = await api.call('POST', '/people', {
      token: admin,
      body: { ...base, username: 'liaison.mz', departmentId: s.departments.minzheng },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toContain('liaison.mz');
    const unknownField = await api.call('POST', '/people', {
      token: admin,
      body: { ...base, username: 'x.three', role: 'SUPERVISOR', passwordHash: 'x' },
    });
    expect(unknownField.status).toBe(400);
  });

  it('三员分立: an administrator creates no ADMIN, SECURITY_ADMIN or AUDITOR (403, nothing created)', async () => {
    for (const role of ['ADMIN', 'SECURITY_ADMIN', 'AUDITOR']) {
      const username = `priv.${role.toLowerCase()}`;
      const res = await api.call('POST', '/people', {
        token: admin,
        body: { username, displayName: '特权账号', password: 'long-enough-pass-1', role },
      });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringContaining('三员分立'),
        details: [{ field: 'role', value: role }],
      });
      expect(await t.prisma.person.count({ where: { username } })).toBe(0);
    }
    // The business roles still work.
    const ok = await api.call('POST', '/people', {
      token: admin,
      body: {
        username: 'office.two',
        displayName: '督查室二',
        password: 'long-enough-pass-1',
        role: 'SUPERVISOR',
      },
    });
    expect(ok.status).toBe(201);
  });
});
