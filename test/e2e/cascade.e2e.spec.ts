import { createPerson, login, referencePlan } from '../support/fixtures';
import { client } from './duban-fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * The cascade over HTTP, as an administrator and two region offices would use it: regions,
 * counterparts derived by name, preview (refused while units are unmapped), commit, drill-down
 * from the province's item to a city and its county, and each office seeing only its own subtree.
 */
describe('cascade and roll-up over HTTP (e2e)', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  const api = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    client(t.url).call(method, path, { headers, body });

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-11-16T01:00:00Z' });
    await resetDatabase(t.prisma);
    await createPerson(t.prisma, { username: 'c.admin', role: 'ADMIN' });
    admin = await login(t.url, 'c.admin');
  });
  afterAll(() => t.close());

  it('decomposes the plan to two cities and a county, and rolls the regions up', async () => {
    const imported = await api('POST', '/plans/import', admin, {
      mode: 'commit',
      text: referencePlan().toString('utf8'),
      sourceName: '004.txt',
      defaultDueOn: '2026-12-31',
      createUnknownUnits: true,
      confirmAllReview: true,
    });
    expect(imported.status).toBe(200);
    const planId: string = imported.body.planId;

    const city = async (code: string, name: string) =>
      (await api('POST', '/regions', admin, { code, name, level: 'CITY' })).body.id as string;
    const nanjing = await city('320100', '南京市');
    const suzhou = await city('320500', '苏州市');
    const duplicate = await api('POST', '/regions', admin, {
      code: '320100',
      name: '南京',
      level: 'CITY',
    });
    expect([duplicate.status, duplicate.body.code]).toEqual([409, 'CONFLICT']);
    const badLevel = await api('POST', '/regions', admin, {
      code: '320101',
      name: '某市',
      level: 'CITY',
      parentId: nanjing,
    });
    expect([badLevel.status, badLevel.body.code]).toEqual([422, 'REGION_LEVEL']);

    const derived = await api('POST', '/regions/counterparts/derive', admin, {
      regionIds: [nanjing, suzhou],
    });
    expect(derived.status).toBe(200);
    expect(derived.body.unmapped).toHaveLength(2);

    const preview = await api('POST', `/plans/${planId}/cascade`, admin, {
      mode: 'preview',
      regionIds: [nanjing, suzhou],
    });
    expect(preview.status).toBe(200);
    expect(preview.body.blocked).toBe(true);
    expect(preview.body.regions.map((r: { newTasks: number }) => r.newTasks)).toEqual([80, 80]);
    const refused = await api('POST', `/plans/${planId}/cascade`, admin, {
      mode: 'commit',
      regionIds: [nanjing, suzhou],
    });
    expect([refused.status, refused.body.code]).toEqual([422, 'UNMAPPED_UNITS']);
    expect(refused.body.message).toContain('未创建任何内容');

    // The administrator maps one vertically managed unit by hand and leaves the others out.
    const units = (await api('GET', `/regions/${nanjing}/counterparts`, admin)).body as {
      departmentId: string;
      departmentName: string;
      counterpartId: string | null;
    }[];
    const unmappedHere = units.filter((u) => u.counterpartId === null);
    expect(unmappedHere.map((u) => u.departmentName).sort()).toEqual(
      ['人民银行南京分行', '江苏保监局', '江苏证监局'].sort(),
    );
    const created = await api('POST', '/departments', admin, {
      name: '人民银行南京分行营业管理部',
    });
    await t.prisma.department.update({
      where: { id: created.body.id },
      data: { regionId: nanjing },
    });
    const mapped = await api('PUT', `/regions/${nanjing}/counterparts`, admin, {
      links: [
        {
          departmentId: unmappedHere.find((u) => u.departmentName === '人民银行南京分行')!
            .departmentId,
          counterpartId: created.body.id,
        },
      ],
    });
    expect(mapped.status).toBe(200);

    const committed = await api('POST', `/plans/${planId}/cascade`, admin, {
      mode: 'commit',
      regionIds: [nanjing, suzhou],
      omitUnmappedSupport: true,
    });
    expect(committed.status).toBe(200);
    expect(committed.body.tasks).toBe(160);

    const njPlan = await t.prisma.plan.findFirstOrThrow({ where: { regionId: nanjing } });
    const jiangning = (
      await api('POST', '/regions', admin, {
        code: '320115',
        name: '江宁区',
        level: 'COUNTY',
        parentId: nanjing,
      })
    ).body.id as string;
    await api('POST', '/regions/counterparts/derive', admin, { regionIds: [jiangning] });
    const down = await api('POST', `/plans/${njPlan.id}/cascade`, admin, {
      mode: 'commit',
      regionIds: [jiangning],
      omitUnmappedSupport: true,
    });
    expect([down.status, down.body.tasks]).toEqual([200, 80]);

    // A county task closes; the province sees it two levels down, the city one level down.
    const province31 = await t.prisma.task.findFirstOrThrow({ where: { planId, no: 31 } });
    const nanjing31 = await t.prisma.task.findFirstOrThrow({
      where: { planId: njPlan.id, no: 31 },
    });
    await t.prisma.task.updateMany({
      where: { parentTaskId: nanjing31.id },
      data: { status: 'CLOSED' },
    });
    const top = await api('GET', `/tasks/${province31.id}/rollup`, admin);
    expect(top.status).toBe(200);
    expect(top.body.counts.total).toBe(2);
    const njRow = top.body.children.find((c: { regionName: string }) => c.regionName === '南京市');
    expect(njRow.childCount).toBe(1);
    const drill = await api('GET', `/tasks/${njRow.taskId}/rollup`, admin);
    expect(
      drill.body.children.map((c: { regionName: string; state: string }) => [
        c.regionName,
        c.state,
      ]),
    ).toEqual([['江宁区', 'closed']]);

    // Region offices: 南京市 sees its county below it, not 苏州市, and not the province's own task.
    await createPerson(t.prisma, { username: 'nj.office', role: 'SUPERVISOR' });
    const office = await t.prisma.person.findUniqueOrThrow({ where: { username: 'nj.office' } });
    expect(
      (await api('PUT', `/people/${office.id}/region`, admin, { regionId: nanjing })).status,
    ).toBe(200);
    const nj = await login(t.url, 'nj.office');
    expect((await api('GET', `/tasks/${province31.id}/rollup`, nj)).status).toBe(404);
    const own = await api('GET', `/tasks/${nanjing31.id}/rollup`, nj);
    expect([own.status, own.body.counts.total, own.body.counts.closed]).toEqual([200, 1, 1]);
    const suzhou31 = await t.prisma.task.findFirstOrThrow({
      where: { no: 31, plan: { regionId: suzhou } },
    });
    expect((await api('GET', `/tasks/${suzhou31.id}`, nj)).status).toBe(404);
    // The province's plan is the level above: not revealed to a city's office (its own is).
    expect((await api('GET', `/plans/${planId}/rollup`, nj)).status).toBe(404);
    expect((await api('GET', `/plans/${njPlan.id}/rollup`, nj)).status).toBe(200);

    // A city task's extension cannot go past the province's deadline; the region cannot loop.
    const cityTask = await t.prisma.task.findFirstOrThrow({
      where: { planId: njPlan.id, dueSource: 'PLAN_DEFAULT' },
      include: { assignments: { where: { role: 'LEAD' }, include: { department: true } } },
    });
    await createPerson(t.prisma, {
      username: 'nj.liaison',
      role: 'LIAISON',
      departmentName: cityTask.assignments[0].department.name,
    });
    const liaison = await login(t.url, 'nj.liaison');
    const extension = await api('POST', `/tasks/${cityTask.id}/requests/extension`, liaison, {
      reason: '需要更多时间',
      proposedDueOn: '2027-03-31',
      version: cityTask.version,
    });
    expect([extension.status, extension.body.code]).toEqual([422, 'CHILD_DEADLINE_AFTER_PARENT']);
    expect(await t.prisma.taskRequest.count({ where: { taskId: cityTask.id } })).toBe(0);
    const cycle = await api('PUT', `/regions/${nanjing}/parent`, admin, { parentId: jiangning });
    expect([cycle.status, cycle.body.code]).toEqual([422, 'REGION_CYCLE']);
  });
});
