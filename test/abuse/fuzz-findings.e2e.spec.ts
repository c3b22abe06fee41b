import { AuthService } from '../../src/modules/auth/auth.service';
import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { createPerson, PASSWORD, signedIn } from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * What the OpenAPI fuzz suite (openapi-fuzz.e2e.spec.ts) found, one test each: 500s on lone
 * surrogates and on an array in place of a nested object, and inputs outside the declared type
 * that were accepted (a body that is not JSON, prototype keys, loosely read query numbers and
 * booleans, unknown plan-policy settings). Each is now a coded 400 in Chinese naming the field.
 */
describe('hostile input the fuzz suite found (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let planId: string;
  let personId: string;
  let regionId: string;

  const call = async (method: string, path: string, body?: unknown, contentType?: string) => {
    const res = await fetch(`${t.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${admin}`,
        ...(body !== undefined ? { 'content-type': contentType ?? 'application/json' } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const json = (await res.json().catch(() => ({}))) as {
      code?: string;
      message?: string;
      details?: { field?: string }[];
    };
    return { status: res.status, ...json, fields: json.details?.map((d) => d.field) ?? [] };
  };

  beforeAll(async () => {
    t = await createTestApp();
    await resetDatabase(t.prisma);
    const a = await createPerson(t.prisma, { username: 'ff.admin', role: 'ADMIN' });
    personId = (
      await createPerson(t.prisma, {
        username: 'ff.liaison',
        role: 'LIAISON',
        departmentName: '省民政厅',
      })
    ).id;
    const plan = [
      '模糊发现方案',
      '测办〔2026〕3号',
      '一、总体任务',
      '1.完善社会救助制度。(省民政厅)',
    ];
    planId = (
      await t.app
        .get(PlanImportService)
        .commit({ content: plan.join('\n'), sourceName: 'f.txt', confirmAllReview: true }, a.id)
    ).planId!;
    const region = await t.prisma.region.create({
      data: { code: '320100', name: '南京市', level: 'CITY' },
    });
    regionId = region.id;
    await t.prisma.person.update({ where: { id: personId }, data: { regionId } });
    admin = (
      await signedIn(t.app.get(AuthService).login({ username: 'ff.admin', password: PASSWORD }))
    ).accessToken;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses a lone surrogate in any text field (validator.js threw on it: a 500)', async () => {
    const email = await call('POST', '/people', {
      username: 'ff.new',
      displayName: '新人',
      password: 'long-enough-1',
      role: 'ADMIN',
      email: 'a\uD800b@example.com',
    });
    expect([email.status, email.code, email.fields]).toEqual([400, 'VALIDATION_FAILED', ['email']]);
    const name = await call('POST', '/departments', { name: '省\uDC00民政厅' });
    expect([name.status, name.fields]).toEqual([400, ['name']]);
    expect(name.message).toMatch(/无法识别的字符/);
    expect(await t.prisma.person.count({ where: { username: 'ff.new' } })).toBe(0);
  });

  it('refuses a NUL in a path parameter (an alias of %00 reached PostgreSQL: a 500)', async () => {
    const department = await t.prisma.department.create({ data: { name: '省路径测试厅' } });
    const res = await call('DELETE', `/departments/${department.id}/aliases/a%00b`);
    expect([res.status, res.code, res.fields]).toEqual([400, 'VALIDATION_FAILED', ['path']]);
    expect(res.message).toMatch(/空字符/);
  });

  it('refuses an array in place of a nested object (it reached the service: a 500)', async () => {
    const res = await call('PUT', `/regions/${regionId}/counterparts`, { links: [[]] });
    expect([res.status, res.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(res.fields).toContain('links');
  });

  it('refuses a body that is not JSON instead of reading it as empty', async () => {
    // All fields of PUT /people/:id/region are optional: text/plain moved the person to the top.
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await call('PUT', `/people/${personId}/region`, 'regionId=', type);
      expect([type, res.status, res.fields]).toEqual([type, 400, ['body']]);
    }
    expect((await t.prisma.person.findUniqueOrThrow({ where: { id: personId } })).regionId).toBe(
      regionId,
    );
  });

  it('refuses prototype keys at any depth', async () => {
    const top = await call(
      'PUT',
      `/people/${personId}/region`,
      JSON.parse('{"__proto__":{"x":1}}'),
    );
    expect([top.status, top.fields]).toEqual([400, ['__proto__']]);
    const deep = await call('PUT', `/plans/${planId}/policy`, {
      escalation: JSON.parse('{"constructor":{"prototype":{"x":1}}}'),
    });
    expect([deep.status, deep.fields]).toEqual([400, ['escalation.constructor']]);
  });

  it('reads query numbers and booleans strictly', async () => {
    for (const query of ['offset=0x10', 'offset=', 'limit=%EF%BB%BF', 'limit=1e3', 'days=%201']) {
      const res = await call('GET', `/supervision/due-soon?${query}`);
      expect([query, res.status, res.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
    }
    expect((await call('GET', '/supervision/due-soon?offset=16&limit=10&days=3')).status).toBe(200);
    expect((await call('GET', '/me/inbox?unread=maybe')).fields).toEqual(['unread']);
    expect((await call('GET', '/me/inbox?unread=true')).status).toBe(200);
  });

  it('refuses unknown or null plan-policy settings instead of storing them', async () => {
    const before = await t.prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    const padded = await call('PUT', `/plans/${planId}/policy`, { sendHour: 8, padding: 'x' });
    expect([padded.status, padded.fields]).toEqual([400, ['padding']]);
    const nulled = await call('PUT', `/plans/${planId}/policy`, { sendHour: null });
    expect([nulled.status, nulled.fields]).toEqual([400, ['sendHour']]);
    const typed = await call('PUT', `/plans/${planId}/policy`, { sendHour: { $gt: '' } });
    expect([typed.status, typed.fields]).toEqual([400, ['sendHour']]);
    const after = await t.prisma.plan.findUniqueOrThrow({ where: { id: planId } });
    expect(after.policy).toEqual(before.policy);
  });
});
