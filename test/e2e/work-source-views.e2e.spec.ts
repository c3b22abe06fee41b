import ExcelJS from 'exceljs';
import { toDbDate } from '../../src/common/time/local-date';
import { Role, type WorkSource } from '../../src/generated/prisma/enums';
import { PeopleService } from '../../src/modules/departments/people.service';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';
import { client, PASSWORD, seed, Seed } from './duban-fixtures';

/**
 * Issue 16, "Lists, board, ledger, bulletin, stats and assessment filter by source; the board also
 * shows each row's region": a mix of sources (the shared plan, a leader's instruction, a meeting's
 * decisions, a proposal, and two regions' own work) read over HTTP. Expected figures are counted
 * here from the specs below, not typed in.
 *
 * Today is Tuesday 2026-12-08 (Shanghai).
 */
const TODAY = '2026-12-08';
const CREATED_AT = '2026-11-02T01:00:00Z';

type Dept = 'MZ' | 'CZ' | 'FG' | 'NJ' | 'SZ';
type Region = 'NJ' | 'SZ' | null;
interface Container {
  source: WorkSource;
  title: string;
  doc: string;
  region: Region;
}
/** The containers besides the shared plan (P: PLAN, 苏办〔2012〕85号, top level). */
const CONTAINERS: Record<'I' | 'M' | 'R' | 'N' | 'S', Container> = {
  I: {
    source: 'INSTRUCTION',
    title: '关于加快养老服务体系建设的批示',
    doc: '苏政批〔2026〕3号',
    region: null,
  },
  M: {
    source: 'MEETING',
    title: '省政府第12次常务会议议定事项',
    doc: '常务会议纪要〔2026〕12号',
    region: null,
  },
  R: { source: 'NPC_PROPOSAL', title: '关于发展普惠托育的建议', doc: '第0123号', region: null },
  N: { source: 'PLAN', title: '南京市老龄事业责任分解方案', doc: '宁办〔2026〕1号', region: 'NJ' },
  S: {
    source: 'HIGHER',
    title: '省里交办的养老机构安全整治',
    doc: '苏州交〔2026〕2号',
    region: 'SZ',
  },
};
type Status = 'ASSIGNED' | 'CLOSED';
interface Spec {
  key: string;
  in: 'P' | keyof typeof CONTAINERS;
  no: number;
  lead: Dept;
  support: Dept[];
  due: string | null;
  status: Status;
  closedOn?: string;
}
/** p1–p5 are the shared fixture's plan items (see duban-fixtures.ts). */
const SPECS: Spec[] = [
  { key: 'p1', in: 'P', no: 1, lead: 'MZ', support: ['CZ'], due: '2026-12-31', status: 'ASSIGNED' },
  { key: 'p2', in: 'P', no: 2, lead: 'CZ', support: ['MZ'], due: '2026-11-30', status: 'ASSIGNED' },
  { key: 'p3', in: 'P', no: 3, lead: 'FG', support: [], due: '2027-01-15', status: 'ASSIGNED' },
  { key: 'p4', in: 'P', no: 4, lead: 'MZ', support: [], due: null, status: 'ASSIGNED' },
  {
    key: 'p5',
    in: 'P',
    no: 5,
    lead: 'FG',
    support: ['MZ'],
    due: '2026-11-20',
    status: 'CLOSED',
    closedOn: '2026-11-19',
  },
  { key: 'i1', in: 'I', no: 1, lead: 'MZ', support: ['CZ'], due: '2026-12-01', status: 'ASSIGNED' },
  { key: 'm1', in: 'M', no: 1, lead: 'CZ', support: [], due: '2026-11-25', status: 'ASSIGNED' },
  { key: 'm2', in: 'M', no: 2, lead: 'FG', support: ['MZ'], due: '2026-12-10', status: 'ASSIGNED' },
  {
    key: 'm3',
    in: 'M',
    no: 3,
    lead: 'MZ',
    support: [],
    due: '2026-11-20',
    status: 'CLOSED',
    closedOn: '2026-11-25',
  },
  { key: 'r1', in: 'R', no: 1, lead: 'FG', support: [], due: '2027-03-01', status: 'ASSIGNED' },
  { key: 'n1', in: 'N', no: 1, lead: 'NJ', support: [], due: '2026-11-30', status: 'ASSIGNED' },
  { key: 's1', in: 'S', no: 1, lead: 'SZ', support: [], due: '2026-11-30', status: 'ASSIGNED' },
];
const sourceOf = (s: Spec): WorkSource => (s.in === 'P' ? 'PLAN' : CONTAINERS[s.in].source);
const regionOf = (s: Spec): Region => (s.in === 'P' ? null : CONTAINERS[s.in].region);
const overdue = (s: Spec) => s.status !== 'CLOSED' && s.due !== null && s.due < TODAY;
const missed = (s: Spec) =>
  s.due !== null && s.due < TODAY && (s.status !== 'CLOSED' || s.closedOn! > s.due);
const of = (sources: WorkSource[]) => (s: Spec) => sources.includes(sourceOf(s));
const TOP = (s: Spec) => regionOf(s) === null;

describe('work sources and regions on the supervision views (e2e)', () => {
  let t: TestApp;
  let s: Seed;
  let api: ReturnType<typeof client>;
  let sup: string;
  let supNj: string;
  const task: Record<string, string> = {};
  const dept = {} as Record<Dept, string>;
  const region = {} as Record<'NJ' | 'SZ', string>;
  const plan: Record<string, string> = {};

  const keys = (rows: { taskId?: string; id?: string }[]) =>
    rows.map((r) => Object.keys(task).find((k) => task[k] === (r.taskId ?? r.id)));
  const call = async (path: string, token = sup) => {
    const res = await api.call('GET', path, { token });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    t = await createTestApp({ start: `${TODAY}T01:00:00Z` });
    await resetDatabase(t.prisma);
    s = await seed(t);
    api = client(t.url);
    Object.assign(dept, {
      MZ: s.departments.minzheng,
      CZ: s.departments.caizheng,
      FG: s.departments.fagai,
    });
    Object.assign(task, { p1: s.tasks.t1, p2: s.tasks.t2, p3: s.tasks.t3, p4: s.tasks.t4 });
    task.p5 = s.tasks.t5;
    plan.P = s.planId;
    for (const [key, name, code] of [
      ['NJ', '南京市', '320100'],
      ['SZ', '苏州市', '320500'],
    ] as const) {
      region[key] = (await t.prisma.region.create({ data: { name, code, level: 'CITY' } })).id;
      dept[key] = (
        await t.prisma.department.create({
          data: { name: `${name}民政局`, regionId: region[key] },
        })
      ).id;
    }
    for (const [key, c] of Object.entries(CONTAINERS)) {
      plan[key] = (
        await t.prisma.plan.create({
          data: {
            title: c.title,
            documentNumber: c.doc,
            contentHash: `hash-${key}`,
            sourceName: 'test',
            regionId: c.region ? region[c.region] : null,
          },
        })
      ).id;
    }
    for (const spec of SPECS) {
      const closedAt = spec.closedOn ? new Date(`${spec.closedOn}T02:00:00Z`) : null;
      if (task[spec.key]) {
        await t.prisma.task.update({ where: { id: task[spec.key] }, data: { closedAt } });
        continue;
      }
      task[spec.key] = (
        await t.prisma.task.create({
          data: {
            planId: plan[spec.in]!,
            no: spec.no,
            text: `${spec.key} 测试事项`,
            dueOn: spec.due ? toDbDate(spec.due) : null,
            dueSource: spec.due ? 'STATED' : 'ONGOING',
            status: spec.status,
            closedAt,
            assignments: {
              create: [
                { departmentId: dept[spec.lead], role: 'LEAD', ordinal: 0 },
                ...spec.support.map((d, i) => ({
                  departmentId: dept[d],
                  role: 'SUPPORT' as const,
                  ordinal: i + 1,
                })),
              ],
            },
          },
        })
      ).id;
    }
    // The sources as a writer of each source sets them: on the container and copied to its tasks.
    for (const [key, c] of Object.entries(CONTAINERS)) {
      await t.prisma
        .$executeRaw`UPDATE plan SET source = ${c.source}::"WorkSource" WHERE id = ${plan[key]}::uuid`;
      await t.prisma
        .$executeRaw`UPDATE task SET source = ${c.source}::"WorkSource" WHERE plan_id = ${plan[key]}::uuid`;
    }
    await t.prisma.task.updateMany({ data: { createdAt: new Date(CREATED_AT) } });
    await t.app.get(PeopleService).createPerson({
      username: 'supervisor.nj',
      displayName: '南京市督查室',
      password: PASSWORD,
      role: Role.SUPERVISOR,
      departmentId: null,
      regionId: region.NJ,
    });
    sup = await api.login('supervisor');
    supNj = await api.login('supervisor.nj');
  });

  afterAll(async () => {
    await t?.close();
  });

  const FILTERS: WorkSource[][] = [['INSTRUCTION'], ['INSTRUCTION', 'MEETING'], ['PLAN', 'HIGHER']];

  it('overdue: only the asked sources, as many as a hand count; repeated or comma-separated alike', async () => {
    for (const sources of FILTERS) {
      const expected = SPECS.filter((x) => overdue(x) && of(sources)(x))
        .sort((a, b) => a.due!.localeCompare(b.due!) || a.no - b.no)
        .map((x) => x.key);
      const repeated = sources.map((x) => `source=${x}`).join('&');
      const rows = await call(`/supervision/overdue?levels=all&${repeated}`);
      expect(keys(rows).sort()).toEqual([...expected].sort());
      expect(rows.every((r: { source: WorkSource }) => sources.includes(r.source))).toBe(true);
      const comma = await call(`/supervision/overdue?levels=all&source=${sources.join(',')}`);
      expect(comma).toEqual(rows);
    }
    // Without a filter: every source, the office's own level by default.
    const own = await call('/supervision/overdue');
    expect(keys(own).sort()).toEqual(
      SPECS.filter((x) => overdue(x) && TOP(x))
        .map((x) => x.key)
        .sort(),
    );
  });

  it('every list (overdue, due soon, lagging, stalled, disputed) is its unfiltered rows of those sources', async () => {
    let nonEmpty = 0;
    for (const list of ['overdue', 'due-soon?days=20', 'lagging', 'stalled?days=1', 'disputed']) {
      const sep = list.includes('?') ? '&' : '?';
      const all = await call(`/supervision/${list}${sep}levels=all`);
      for (const sources of FILTERS) {
        const rows = await call(`/supervision/${list}${sep}levels=all&source=${sources.join(',')}`);
        expect(rows).toEqual(all.filter((r: { source: WorkSource }) => sources.includes(r.source)));
        nonEmpty += rows.length > 0 ? 1 : 0;
      }
    }
    expect(nonEmpty).toBeGreaterThanOrEqual(6);
  });

  it("each row carries its source, its container's title and number, and its region", async () => {
    const rows = await call('/supervision/overdue?levels=all');
    const row = (key: string) => rows.find((r: { taskId: string }) => r.taskId === task[key]);
    expect(row('i1')).toMatchObject({
      source: 'INSTRUCTION',
      planTitle: CONTAINERS.I.title,
      planDocumentNumber: '苏政批〔2026〕3号',
      regionId: null,
      regionName: null,
    });
    expect(row('m1')).toMatchObject({ source: 'MEETING', planDocumentNumber: CONTAINERS.M.doc });
    expect(row('p2')).toMatchObject({ source: 'PLAN', planDocumentNumber: '苏办〔2012〕85号' });
    expect(row('n1')).toMatchObject({ source: 'PLAN', regionId: region.NJ, regionName: '南京市' });
    expect(row('s1')).toMatchObject({ source: 'HIGHER', regionName: '苏州市' });
  });

  it('refuses an unknown source (400, naming the field) on every filtered route', async () => {
    const routes = [
      '/supervision/overdue',
      '/supervision/due-soon',
      '/supervision/lagging',
      '/supervision/stalled',
      '/supervision/disputed',
      '/supervision/overdue/by-department',
      '/supervision/stats?groupBy=plan',
      '/supervision/stats/trend',
      '/supervision/assessment',
      '/supervision/ledger',
      '/supervision/bulletin',
      '/me/tasks',
    ];
    for (const route of routes) {
      const sep = route.includes('?') ? '&' : '?';
      for (const bad of ['FOO', 'INSTRUCTION,plan', 'INSTRUCTION,', 'INSTRUCTION&source=X']) {
        const res = await api.call('GET', `${route}${sep}source=${bad}`, { token: sup });
        expect([route, bad, res.status]).toEqual([route, bad, 400]);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.message).toContain('“source”');
      }
    }
  });

  it('counts by department, plan and source agree with a hand count under a source filter', async () => {
    const sources: WorkSource[] = ['INSTRUCTION', 'MEETING'];
    const byDept = await call(`/supervision/overdue/by-department?source=${sources.join(',')}`);
    const picked = SPECS.filter((x) => overdue(x) && TOP(x) && of(sources)(x));
    const expected = Object.entries(dept)
      .map(([d, id]) => ({
        departmentId: id,
        overdueLead: picked.filter((x) => x.lead === d).length,
        overdueSupport: picked.filter((x) => x.support.includes(d as Dept)).length,
      }))
      .filter((r) => r.overdueLead + r.overdueSupport > 0);
    expect(
      byDept.map((r: { departmentId: string; overdueLead: number; overdueSupport: number }) => ({
        departmentId: r.departmentId,
        overdueLead: r.overdueLead,
        overdueSupport: r.overdueSupport,
      })),
    ).toEqual(expect.arrayContaining(expected));
    expect(byDept).toHaveLength(expected.length);

    const byPlan = await call(`/supervision/stats?groupBy=plan&source=${sources.join(',')}`);
    expect(byPlan.map((r: { id: string }) => r.id).sort()).toEqual([plan.I, plan.M].sort());
    const m = byPlan.find((r: { id: string }) => r.id === plan.M);
    const mSpecs = SPECS.filter((x) => x.in === 'M');
    expect(m).toMatchObject({
      total: mSpecs.length,
      closed: mSpecs.filter((x) => x.status === 'CLOSED').length,
      overdue: mSpecs.filter(overdue).length,
    });

    const bySource = await call('/supervision/stats?groupBy=source');
    const present = [...new Set(SPECS.map(sourceOf))].sort();
    expect(bySource.map((r: { id: string }) => r.id).sort()).toEqual(present);
    for (const src of present) {
      const row = bySource.find((r: { id: string }) => r.id === src);
      const specs = SPECS.filter((x) => sourceOf(x) === src);
      expect([src, row.total, row.overdue]).toEqual([
        src,
        specs.length,
        specs.filter(overdue).length,
      ]);
    }
    expect(bySource.find((r: { id: string }) => r.id === 'INSTRUCTION').name).toBe('领导批示件');

    const trend = await call(
      '/supervision/stats/trend?from=2026-11-01&to=2026-12-31&source=MEETING',
    );
    expect(trend.reduce((n: number, r: { due: number }) => n + r.due, 0)).toBe(mSpecs.length);
  });

  it('the ledger has 来源, 文号 and 地区 columns and follows the source filter', async () => {
    const read = async (query: string) => {
      const res = await fetch(`${t.url}/api/v1/supervision/ledger?format=xlsx${query}`, {
        headers: { authorization: `Bearer ${sup}` },
      });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await res.arrayBuffer()) as never);
      const rows: unknown[][] = [];
      wb.getWorksheet('督查台账')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      const header = rows[0] as string[];
      const col = (name: string) => header.indexOf(name);
      return { header, rows: rows.slice(1), col };
    };
    const all = await read('');
    expect(all.header.slice(0, 4)).toEqual(['来源', '方案或来源文件', '文号', '地区']);
    const assignments = (specs: Spec[]) => specs.reduce((n, x) => n + 1 + x.support.length, 0);
    expect(all.rows).toHaveLength(assignments(SPECS));
    const instr = await read('&source=INSTRUCTION&source=HIGHER');
    expect(instr.rows).toHaveLength(assignments(SPECS.filter(of(['INSTRUCTION', 'HIGHER']))));
    const cells = (r: unknown[]) => [
      r[instr.col('来源')],
      r[instr.col('文号')],
      r[instr.col('地区')],
    ];
    expect(instr.rows.map(cells)).toEqual(
      expect.arrayContaining([
        ['领导批示件', '苏政批〔2026〕3号', '本级'],
        ['上级交办', '苏州交〔2026〕2号', '苏州市'],
      ]),
    );
    expect(new Set(instr.rows.map((r) => r[instr.col('来源')]))).toEqual(
      new Set(['领导批示件', '上级交办']),
    );
  });

  it('the bulletin counts and names by source, and honours the filter', async () => {
    const period = 'from=2026-11-01&to=2026-12-08';
    const all = await call(`/supervision/bulletin?${period}`);
    expect(all.sources).toBeNull();
    for (const src of [...new Set(SPECS.map(sourceOf))]) {
      const specs = SPECS.filter((x) => sourceOf(x) === src);
      expect(all.bySource.find((b: { source: string }) => b.source === src)).toMatchObject({
        tasks: specs.length,
        overdue: specs.filter(overdue).length,
        closed: specs.filter((x) => x.status === 'CLOSED').length,
      });
    }
    const one = await call(`/supervision/bulletin?${period}&source=INSTRUCTION`);
    expect(one.sources).toEqual(['INSTRUCTION']);
    expect(one.totals.tasks).toBe(SPECS.filter(of(['INSTRUCTION'])).length);
    expect(keys(one.overdue)).toEqual(['i1']);
    expect(one.overdue[0]).toMatchObject({
      source: 'INSTRUCTION',
      planDocumentNumber: CONTAINERS.I.doc,
    });
    const text = await (
      await fetch(
        `${t.url}/api/v1/supervision/bulletin?${period}&format=markdown&source=INSTRUCTION,MEETING`,
        {
          headers: { authorization: `Bearer ${sup}` },
        },
      )
    ).text();
    expect(text).toContain('**来源:** 领导批示件、会议议定事项');
    expect(text).toContain('【领导批示件 · 苏政批〔2026〕3号】i1 测试事项');
    expect(text).toContain('【会议议定事项 · 常务会议纪要〔2026〕12号】第1项 m1 测试事项');
    expect(text).not.toContain('p2 测试事项');
  });

  it('the assessment counts every source, and a filter narrows it', async () => {
    const score = async (query = '') =>
      new Map<string, { leadMissed: number; supportMissed: number }>(
        (await call(`/supervision/assessment?from=2026-01-01&to=${TODAY}${query}`)).map(
          (r: { departmentId: string; leadMissed: number; supportMissed: number }) => [
            r.departmentId,
            r,
          ],
        ),
      );
    const expectFor = async (sources: WorkSource[] | null) => {
      const rows = await score(sources ? `&source=${sources.join(',')}` : '');
      const specs = SPECS.filter((x) => missed(x) && (!sources || of(sources)(x)));
      for (const d of ['MZ', 'CZ', 'FG'] as const) {
        const r = rows.get(dept[d]);
        expect([d, r?.leadMissed ?? 0, r?.supportMissed ?? 0]).toEqual([
          d,
          specs.filter((x) => x.lead === d).length,
          specs.filter((x) => x.support.includes(d)).length,
        ]);
      }
    };
    await expectFor(null);
    await expectFor(['MEETING']);
    await expectFor(['PLAN', 'INSTRUCTION']);
    // 民政 missed a plan item it supports, an instruction and a meeting decision it leads.
    expect((await score()).get(dept.MZ)).toMatchObject({ leadMissed: 2, supportMissed: 1 });
  });

  it("a liaison's 我的任务 filters by source and names each task's container", async () => {
    const liaison = await api.login('liaison.mz');
    const mine = (sources: WorkSource[] | null) =>
      SPECS.filter(
        (x) => (x.lead === 'MZ' || x.support.includes('MZ')) && (!sources || of(sources)(x)),
      )
        .map((x) => x.key)
        .sort();
    expect(keys(await call('/me/tasks', liaison)).sort()).toEqual(mine(null));
    for (const sources of FILTERS) {
      const rows = await call(`/me/tasks?source=${sources.join(',')}`, liaison);
      expect(keys(rows).sort()).toEqual(mine(sources));
    }
    const [i1] = await call('/me/tasks?source=INSTRUCTION', liaison);
    expect(i1).toMatchObject({
      source: 'INSTRUCTION',
      planTitle: CONTAINERS.I.title,
      planDocumentNumber: CONTAINERS.I.doc,
    });
  });

  it("the region filter and column stay in scope: a city office never sees a sibling's region", async () => {
    const top = await call('/supervision/overdue?levels=all');
    expect(keys(await call(`/supervision/overdue?regionId=${region.NJ}`))).toEqual(['n1']);
    expect(
      keys(top)
        .filter((k) => k === 'n1' || k === 's1')
        .sort(),
    ).toEqual(['n1', 's1']);

    const city = await call('/supervision/overdue?levels=all', supNj);
    expect(keys(city)).toEqual(['n1']);
    expect(city[0]).toMatchObject({ regionId: region.NJ, regionName: '南京市' });
    expect(await call(`/supervision/overdue?regionId=${region.NJ}`, supNj)).toEqual(city);
    // A sibling's region: nothing, as if it had no work.
    for (const path of [
      `/supervision/overdue?regionId=${region.SZ}`,
      `/supervision/due-soon?regionId=${region.SZ}`,
      `/supervision/overdue/by-department?regionId=${region.SZ}`,
      `/supervision/stats?groupBy=plan&regionId=${region.SZ}`,
    ]) {
      expect([path, await call(path, supNj)]).toEqual([path, []]);
    }
    const ledger = await (
      await fetch(`${t.url}/api/v1/supervision/ledger?format=csv`, {
        headers: { authorization: `Bearer ${supNj}` },
      })
    ).text();
    expect(ledger).toContain('南京市');
    expect(ledger).not.toContain('苏州市');
    const bad = await api.call('GET', '/supervision/overdue?regionId=nanjing', { token: sup });
    expect(bad.status).toBe(400);
  });
});
