import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { ReminderWaveService } from '../../src/modules/reminders/reminder-wave.service';
import { createPerson, login, referencePlan } from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

describe('the unit directory (aliases, collective units and their members)', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let liaison: Record<string, string>;
  const api = (
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${t.url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...(init.headers ?? admin) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const dept = async (name: string) => t.prisma.department.findUniqueOrThrow({ where: { name } });

  beforeAll(async () => {
    // Monday 2026-11-16: nothing is due yet (default deadline Friday 11-27, T−5 on Friday 11-20).
    t = await createTestApp({ start: '2026-11-16T01:00:00Z' });
    await resetDatabase(t.prisma);
    await t.app.get(PlanImportService).commit(
      {
        content: referencePlan(),
        sourceName: '004.txt',
        defaultDueOn: '2026-11-27',
        confirmAllReview: true,
      },
      null,
    );
    await createPerson(t.prisma, { username: 'admin', role: 'ADMIN' });
    await createPerson(t.prisma, { username: 'mz', role: 'LIAISON', departmentName: '省民政厅' });
    await createPerson(t.prisma, { username: 'ws', role: 'LIAISON', departmentName: '省卫生厅' });
    admin = await login(t.url, 'admin');
    liaison = await login(t.url, 'mz');
  });
  afterAll(() => t.close());

  it('creates departments and refuses a name that is already a department or an alias', async () => {
    const created = await api('/departments', { method: 'POST', body: { name: '省卫生健康委' } });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: '省卫生健康委', isCollective: false });
    const dup = await api('/departments', { method: 'POST', body: { name: '省卫生健康委 ' } });
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as { code: string }).code).toBe('CONFLICT');
    const rs = await dept('省人力资源社会保障厅');
    expect(
      (await api(`/departments/${rs.id}/aliases`, { method: 'POST', body: { alias: '人社厅' } }))
        .status,
    ).toBe(204);
    expect(
      (await api(`/departments/${rs.id}/aliases`, { method: 'POST', body: { alias: '省民政厅' } }))
        .status,
    ).toBe(409);
    expect((await api('/departments', { method: 'POST', body: { name: '人社厅' } })).status).toBe(
      409,
    );
    const list = (await (await api('/departments')).json()) as {
      name: string;
      aliases: string[];
    }[];
    expect(list.find((d) => d.name === '省人力资源社会保障厅')!.aliases).toEqual(['人社厅']);
  });

  it('lets only administrators change the directory', async () => {
    const res = await api('/departments', {
      method: 'POST',
      body: { name: '省新局' },
      headers: liaison,
    });
    expect(res.status).toBe(403);
    expect(await t.prisma.department.count({ where: { name: '省新局' } })).toBe(0);
  });

  it('sets the members of a collective unit, and only of a collective unit', async () => {
    const group = await dept('省老龄委各成员单位');
    const mz = await dept('省民政厅');
    const ws = await dept('省卫生厅');
    const ok = await api(`/departments/${group.id}/members`, {
      method: 'PUT',
      body: { memberIds: [mz.id, ws.id] },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ members: ['省卫生厅', '省民政厅'] });
    const notGroup = await api(`/departments/${mz.id}/members`, {
      method: 'PUT',
      body: { memberIds: [ws.id] },
    });
    expect(notGroup.status).toBe(400);
    const other = await dept('各行业协会业务主管单位');
    const nested = await api(`/departments/${group.id}/members`, {
      method: 'PUT',
      body: { memberIds: [other.id] },
    });
    expect(nested.status).toBe(400);
    expect(await t.prisma.departmentGroupMember.count({ where: { groupId: group.id } })).toBe(2);
  });

  it("sends a collective unit's reminders to its members' liaisons, and flags a group nobody answers for", async () => {
    // Item 6 is led by 省老龄委各成员单位 alone; its members are 省民政厅 and 省卫生厅 (previous test).
    // 各社会组织业务主管单位 (item 13) has neither a contact nor members.
    t.clock.set('2026-11-20T01:00:00Z'); // T−5 for the 27th
    const result = await t.app.get(ReminderWaveService).run();
    expect(result.sent).toBeGreaterThan(0);
    const item6 = await t.prisma.task.findFirstOrThrow({ where: { no: 6 } });
    const digests = await t.prisma.delivery.findMany({
      where: { template: 'reminder-digest', channel: 'EMAIL' },
      include: { recipient: true },
    });
    const reaching6 = digests
      .filter((d) => d.body.includes('第6项'))
      .map((d) => d.recipient?.username)
      .sort();
    expect(reaching6).toEqual(['mz', 'ws']);
    expect(item6.id).toBeTruthy();
    const orphan = digests.filter((d) => d.recipientId === null && d.body.includes('第13项'));
    expect(orphan).toHaveLength(1);
    expect(orphan[0]).toMatchObject({ status: 'FAILED' });
    expect(orphan[0]!.lastError).toContain('各社会组织业务主管单位');
    // The failure shows in the task's history, for the office to see.
    const item13 = await t.prisma.task.findFirstOrThrow({ where: { no: 13 } });
    const detail = (await (await api(`/tasks/${item13.id}`)).json()) as {
      messages: { status: string; lastError: string | null; template: string }[];
    };
    expect(detail.messages).toContainEqual(
      expect.objectContaining({
        status: 'FAILED',
        template: 'reminder-digest',
        lastError: expect.stringContaining('联络员'),
      }),
    );
  });
});
