import ExcelJS from 'exceljs';
import ICAL from 'ical.js';
import { CalendarService } from '../../src/modules/calendar/calendar.service';
import { toDbDate } from '../../src/common/time/local-date';
import { expectedPercent } from '../../src/modules/escalation/escalation-policy';
import { DEFAULT_PLAN_POLICY } from '../../src/modules/plan-policy/plan-policy';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';
import { client, seed, Seed } from './duban-fixtures';

/**
 * Issue 7's views on one seeded plan, read over HTTP. Every expected figure is derived here from
 * the task specs below (a reference count in plain TypeScript), not typed in.
 *
 * Today is Tuesday 2026-12-08 (Shanghai). Departments: MZ 省民政厅, CZ 省财政厅, FG 省发展改革委.
 */
const TODAY = '2026-12-08';
const ASSIGNED_AT = '2026-11-02T01:00:00Z';

type Dept = 'MZ' | 'CZ' | 'FG';
type Status = 'ASSIGNED' | 'IN_PROGRESS' | 'CLOSED' | 'DISPUTED';
interface Spec {
  no: number;
  chapter: 1 | 2;
  lead: Dept;
  support: Dept[];
  due: string | null;
  status: Status;
  closedOn?: string;
  createdAt?: string;
  percent?: number;
  text?: string;
}
/** Items 1–5 are the shared fixture's (adjusted below); 6–10 are added here in chapter 2. */
const SPECS: Spec[] = [
  {
    no: 1,
    chapter: 1,
    lead: 'MZ',
    support: ['CZ'],
    due: '2026-12-31',
    status: 'IN_PROGRESS',
    percent: 50,
  },
  { no: 2, chapter: 1, lead: 'CZ', support: ['MZ'], due: '2026-11-30', status: 'ASSIGNED' },
  { no: 3, chapter: 1, lead: 'FG', support: [], due: '2027-01-15', status: 'ASSIGNED' },
  { no: 4, chapter: 1, lead: 'MZ', support: [], due: null, status: 'ASSIGNED' },
  {
    no: 5,
    chapter: 1,
    lead: 'FG',
    support: ['MZ'],
    due: '2026-11-20',
    status: 'CLOSED',
    closedOn: '2026-11-19',
  },
  { no: 6, chapter: 2, lead: 'FG', support: ['CZ'], due: '2026-12-10', status: 'ASSIGNED' },
  {
    no: 7,
    chapter: 2,
    lead: 'CZ',
    support: [],
    due: '2026-12-02',
    status: 'CLOSED',
    closedOn: '2026-12-04',
  },
  {
    no: 8,
    chapter: 2,
    lead: 'MZ',
    support: [],
    due: '2026-11-25',
    status: 'IN_PROGRESS',
    percent: 40,
  },
  { no: 9, chapter: 2, lead: 'CZ', support: [], due: '2026-12-31', status: 'DISPUTED' },
  {
    no: 10,
    chapter: 2,
    lead: 'MZ',
    support: [],
    due: '2027-06-30',
    status: 'ASSIGNED',
    createdAt: '2026-06-01T01:00:00Z',
    text: '=HYPERLINK("http://evil")第10项',
  },
];
const OPEN = ['ASSIGNED', 'IN_PROGRESS', 'CLOSURE_REQUESTED'];
const isOpen = (s: Spec) => OPEN.includes(s.status);
const overdueOn = (s: Spec, day: string) => isOpen(s) && s.due !== null && s.due < day;
const onTime = (s: Spec) => s.status === 'CLOSED' && s.due !== null && s.closedOn! <= s.due;
const late = (s: Spec) => s.status === 'CLOSED' && s.due !== null && s.closedOn! > s.due;

/** The reference count of a group of tasks, as the API defines it. */
function counts(specs: Spec[]) {
  const n = (f: (s: Spec) => boolean) => specs.filter(f).length;
  const o = n((s) => overdueOn(s, TODAY));
  const t = n(onTime);
  const l = n(late);
  return {
    total: specs.length,
    open: n(isOpen),
    closed: n((s) => s.status === 'CLOSED'),
    overdue: o,
    closedOnTime: t,
    closedLate: l,
    onTimeRate: t + l + o === 0 ? null : t / (t + l + o),
  };
}

describe('supervision views: lists, dashboards, assessment, exports, feeds (e2e)', () => {
  let t: TestApp;
  let s: Seed;
  let api: ReturnType<typeof client>;
  let sup: string;
  let admin: string;
  const task: Record<number, string> = {};
  const dept = {} as Record<Dept, string>;
  const chapter: Record<number, string> = {};

  const nos = (body: { taskId: string }[]) =>
    body.map((r) => Number(Object.keys(task).find((k) => task[Number(k)] === r.taskId)));

  beforeAll(async () => {
    t = await createTestApp({ start: `${TODAY}T01:00:00Z` });
    await resetDatabase(t.prisma);
    s = await seed(t);
    api = client(t.url);
    sup = await api.login('supervisor');
    admin = await api.login('admin');
    Object.assign(dept, {
      MZ: s.departments.minzheng,
      CZ: s.departments.caizheng,
      FG: s.departments.fagai,
    });
    Object.assign(task, {
      1: s.tasks.t1,
      2: s.tasks.t2,
      3: s.tasks.t3,
      4: s.tasks.t4,
      5: s.tasks.t5,
    });
    chapter[1] = (await t.prisma.task.findUniqueOrThrow({ where: { id: s.tasks.t1 } })).chapterId!;
    chapter[2] = (
      await t.prisma.chapter.create({
        data: { planId: s.planId, ordinal: 2, title: '二、加强养老服务' },
      })
    ).id;
    for (const spec of SPECS) {
      const data = {
        status: spec.status,
        createdAt: new Date(spec.createdAt ?? ASSIGNED_AT),
        closedAt: spec.closedOn ? new Date(`${spec.closedOn}T02:00:00Z`) : null,
        percent: spec.percent ?? 0,
        ...(spec.text ? { text: spec.text } : {}),
      };
      if (task[spec.no]) {
        await t.prisma.task.update({ where: { id: task[spec.no] }, data });
        continue;
      }
      task[spec.no] = (
        await t.prisma.task.create({
          data: {
            planId: s.planId,
            chapterId: chapter[spec.chapter],
            no: spec.no,
            text: spec.text ?? `第${spec.no}项测试任务`,
            dueOn: spec.due ? toDbDate(spec.due) : null,
            dueSource: spec.due ? 'STATED' : 'ONGOING',
            ...data,
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
    // Reports: item 1 by 民政 on 1 Dec (50%), item 8 by 民政 on 30 Nov (40%): neither is stalled.
    const report = async (no: number, d: Dept, at: string, percent: number) => {
      const a = await t.prisma.assignment.findFirstOrThrow({
        where: { taskId: task[no], departmentId: dept[d] },
      });
      await t.prisma.progressReport.create({
        data: {
          assignmentId: a.id,
          taskId: task[no]!,
          departmentId: dept[d],
          authorId: s.people.liaisonMz,
          version: 1,
          percent,
          narrative: `第${no}项进展`,
          createdAt: new Date(at),
        },
      });
      await t.prisma.task.update({
        where: { id: task[no] },
        data: { lastReportAt: new Date(at), percent },
      });
    };
    await report(1, 'MZ', '2026-12-01T02:00:00Z', 50);
    await report(8, 'MZ', '2026-11-30T02:00:00Z', 40);
    // The ladder: item 8 urged (answered by the 30 Nov report), then supervised and red-carded
    // (both unanswered); item 2 supervised (unanswered), its urging superseded (never sent).
    await t.prisma.escalation.createMany({
      data: [
        {
          taskId: task[8]!,
          level: 'URGING',
          dueOn: toDbDate('2026-11-25'),
          triggeredAt: new Date('2026-11-26T01:00:00Z'),
        },
        {
          taskId: task[8]!,
          level: 'SUPERVISION',
          dueOn: toDbDate('2026-11-25'),
          noticeNo: '督〔2026〕5号',
          triggeredAt: new Date('2026-12-02T01:00:00Z'),
        },
        {
          taskId: task[8]!,
          level: 'RED_CARD',
          dueOn: toDbDate('2026-11-25'),
          triggeredAt: new Date('2026-12-07T01:00:00Z'),
        },
        {
          taskId: task[2]!,
          level: 'URGING',
          dueOn: toDbDate('2026-11-30'),
          superseded: true,
          triggeredAt: new Date('2026-12-07T01:00:00Z'),
        },
        {
          taskId: task[2]!,
          level: 'SUPERVISION',
          dueOn: toDbDate('2026-11-30'),
          noticeNo: '督〔2026〕6号',
          triggeredAt: new Date('2026-12-07T01:00:00Z'),
        },
      ],
    });
    await t.prisma.taskRequest.create({
      data: {
        taskId: task[9]!,
        departmentId: dept.CZ,
        kind: 'DISPUTE',
        reason: '该项工作不属于本单位职责',
        requestedById: s.people.liaisonCz,
        requestedAt: new Date('2026-12-03T02:00:00Z'),
      },
    });
    // 民政 supports item 2 and owes its part to the lead by 27 Nov.
    await t.prisma.assignment.updateMany({
      where: { taskId: task[2], departmentId: dept.MZ },
      data: { subDueOn: toDbDate('2026-11-27') },
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('lists', () => {
    it('overdue: most overdue first; filters by department, role, chapter, plan and card; sorts', async () => {
      const get = async (query = '') =>
        nos((await api.call('GET', `/supervision/overdue${query}`, { token: sup })).body);
      const expected = SPECS.filter((x) => overdueOn(x, TODAY))
        .sort((a, b) => a.due!.localeCompare(b.due!))
        .map((x) => x.no);
      expect(expected).toEqual([8, 2]);
      expect(await get()).toEqual(expected);
      expect(await get('?sort=dueOn&order=desc')).toEqual([...expected].reverse());
      expect(await get('?sort=percent&order=desc')).toEqual([8, 2]); // 40% before 0%
      expect(await get(`?departmentId=${dept.MZ}`)).toEqual([8, 2]);
      expect(await get(`?departmentId=${dept.MZ}&role=LEAD`)).toEqual([8]);
      expect(await get(`?departmentId=${dept.MZ}&role=SUPPORT`)).toEqual([2]);
      expect(await get(`?chapterId=${chapter[2]}`)).toEqual([8]);
      expect(await get(`?planId=${s.planId}&level=red`)).toEqual([8]);
      expect(await get('?level=yellow')).toEqual([2]);
      expect(await get('?limit=1&offset=1')).toEqual([2]);
      const bad = await api.call('GET', '/supervision/overdue?sort=text', { token: sup });
      expect(bad.status).toBe(400);

      const [row8] = (await api.call('GET', '/supervision/overdue?level=red', { token: sup })).body;
      expect(row8).toMatchObject({
        taskId: task[8],
        chapterTitle: '二、加强养老服务',
        leadDepartments: ['省民政厅'],
        escalationLevel: 'RED_CARD',
        card: 'RED',
        noticeNo: '督〔2026〕5号',
        lastReport: { percent: 40, department: '省民政厅' },
        workingDaysOverdue: t.app
          .get(CalendarService)
          .current()
          .workingDaysAfter('2026-11-25', TODAY),
      });
      // The row leads to the task's detail and history.
      expect((await api.call('GET', `/tasks/${row8.taskId}`, { token: sup })).status).toBe(200);
      expect((await api.call('GET', `/tasks/${row8.taskId}/history`, { token: sup })).status).toBe(
        200,
      );
    });

    it('due soon: within N working days, soonest first', async () => {
      const get = async (days: number) =>
        nos((await api.call('GET', `/supervision/due-soon?days=${days}`, { token: sup })).body);
      const calendar = t.app.get(CalendarService).current();
      for (const days of [0, 5, 20]) {
        const until = calendar.addWorkingDays(TODAY, days);
        const expected = SPECS.filter(
          (x) => isOpen(x) && x.due !== null && x.due >= TODAY && x.due <= until,
        )
          .sort((a, b) => a.due!.localeCompare(b.due!))
          .map((x) => x.no);
        expect(await get(days)).toEqual(expected);
      }
      expect(await get(20)).toEqual([6, 1]);
      const fg = await api.call('GET', `/supervision/due-soon?days=20&departmentId=${dept.FG}`, {
        token: sup,
      });
      expect(nos(fg.body)).toEqual([6]);
      expect(fg.body[0].workingDaysLeft).toBe(2);
    });

    it('lagging: reported progress 30 points or more below expected progress', async () => {
      const calendar = t.app.get(CalendarService).current();
      const gap = DEFAULT_PLAN_POLICY.lagging.gapPercent;
      const expected = SPECS.filter((x) => isOpen(x) && x.due !== null && x.due > TODAY)
        .map((x) => ({
          no: x.no,
          percent: x.percent ?? 0,
          expected: expectedPercent(
            calendar,
            (x.createdAt ?? ASSIGNED_AT).slice(0, 10),
            x.due!,
            TODAY,
          ),
        }))
        .filter((x) => x.percent <= x.expected - gap);
      expect(expected.map((x) => x.no).sort()).toEqual([10, 3, 6].sort());
      const res = await api.call('GET', '/supervision/lagging?sort=no', { token: sup });
      expect(
        res.body.map((r: { no: number; expectedPercent: number }) => [r.no, r.expectedPercent]),
      ).toEqual(expected.sort((a, b) => a.no - b.no).map((x) => [x.no, x.expected]));
      const mz = await api.call('GET', `/supervision/lagging?departmentId=${dept.MZ}`, {
        token: sup,
      });
      expect(nos(mz.body)).toEqual([10]);
    });

    it('stalled: no report for N working days (the plan’s 20 by default), the longest silent first', async () => {
      const calendar = t.app.get(CalendarService).current();
      const reported: Record<number, string> = { 1: '2026-12-01', 8: '2026-11-30' };
      const expectFor = (days: number) => {
        const cutoff = calendar.addWorkingDays(TODAY, -days);
        return SPECS.filter(
          (x) =>
            isOpen(x) && (reported[x.no] ?? (x.createdAt ?? ASSIGNED_AT).slice(0, 10)) < cutoff,
        )
          .sort(
            (a, b) =>
              (a.createdAt ?? ASSIGNED_AT).localeCompare(b.createdAt ?? ASSIGNED_AT) ||
              (a.due ?? '9999').localeCompare(b.due ?? '9999'),
          )
          .map((x) => x.no);
      };
      const get = async (q: string) =>
        nos((await api.call('GET', `/supervision/stalled${q}`, { token: sup })).body);
      expect(await get('')).toEqual(expectFor(DEFAULT_PLAN_POLICY.lagging.noReportWorkingDays));
      expect(await get('')).toEqual([10, 2, 6, 3, 4]);
      expect(await get('?days=40')).toEqual(expectFor(40));
      expect(await get('?days=40')).toEqual([10]);
    });

    it('disputed: the pending dispute with who contests and why', async () => {
      const res = await api.call('GET', '/supervision/disputed', { token: sup });
      expect(res.body).toEqual([
        expect.objectContaining({
          taskId: task[9],
          status: 'DISPUTED',
          dispute: expect.objectContaining({
            departmentName: '省财政厅',
            reason: '该项工作不属于本单位职责',
          }),
        }),
      ]);
    });

    it("a liaison sees its own department's rows only", async () => {
      const cz = await api.login('liaison.cz');
      const overdue = await api.call('GET', '/supervision/overdue', { token: cz });
      expect(nos(overdue.body)).toEqual(
        SPECS.filter((x) => overdueOn(x, TODAY) && [x.lead, ...x.support].includes('CZ')).map(
          (x) => x.no,
        ),
      );
      // Asking for another department's tasks shows nothing of them.
      const other = await api.call(
        'GET',
        `/supervision/overdue?departmentId=${dept.MZ}&role=LEAD`,
        {
          token: cz,
        },
      );
      expect(other.body).toEqual([]);
    });
  });

  describe('dashboards', () => {
    it('counts and on-time rate by department, chapter and plan', async () => {
      const get = async (groupBy: string, token = sup) =>
        (await api.call('GET', `/supervision/stats?groupBy=${groupBy}`, { token })).body as {
          name: string;
          overdueLead?: number;
          overdueSupport?: number;
        }[];
      const names: Record<Dept, string> = { MZ: '省民政厅', CZ: '省财政厅', FG: '省发展改革委' };
      const byDept = await get('department');
      for (const d of ['MZ', 'CZ', 'FG'] as Dept[]) {
        const mine = SPECS.filter((x) => x.lead === d || x.support.includes(d));
        expect(byDept.find((r) => r.name === names[d])).toEqual({
          id: dept[d],
          name: names[d],
          ...counts(mine),
          overdueLead: mine.filter((x) => x.lead === d && overdueOn(x, TODAY)).length,
          overdueSupport: mine.filter((x) => x.lead !== d && overdueOn(x, TODAY)).length,
        });
      }
      const byChapter = await get('chapter');
      expect(byChapter.map((r) => r.name)).toEqual(['一、完善社会保障体系', '二、加强养老服务']);
      for (const c of [1, 2] as const) {
        expect(byChapter[c - 1]).toMatchObject(counts(SPECS.filter((x) => x.chapter === c)));
      }
      expect(await get('plan')).toEqual([
        { id: s.planId, name: '江苏省老龄事业发展规划责任分解方案', ...counts(SPECS) },
      ]);
      // A head sees the row of its own department only.
      const head = await api.login('head.mz');
      expect((await get('department', head)).map((r) => r.name)).toEqual(['省民政厅']);
    });

    it('trend by month: deadlines falling due, met, missed, and closures', async () => {
      const res = await api.call('GET', '/supervision/stats/trend?from=2026-10-01&to=2026-12-31', {
        token: sup,
      });
      const expected = ['2026-10', '2026-11', '2026-12'].map((month) => {
        const due = SPECS.filter((x) => x.due?.startsWith(month));
        const met = due.filter(onTime).length;
        const missed = due.filter((x) => late(x) || overdueOn(x, TODAY)).length;
        return {
          month,
          due: due.length,
          closedOnTime: met,
          missed,
          closed: SPECS.filter((x) => x.closedOn?.startsWith(month)).length,
          onTimeRate: met + missed === 0 ? null : met / (met + missed),
        };
      });
      expect(res.body).toEqual(expected);
      expect(expected[1]).toMatchObject({ due: 3, closedOnTime: 1, missed: 2 });
    });

    it('ranks departments by an assessment score with each plan’s configurable rules', async () => {
      // Missed deadlines this year (derived from the specs), and notices of the ladder left
      // unanswered: 民政 reported after the urging of item 8 but not after its supervision notice
      // or red card (2); 财政 never answered item 2's supervision notice (1); the superseded
      // urging was never sent and does not count.
      const unanswered: Record<Dept, number> = { MZ: 2, CZ: 1, FG: 0 };
      const missed = (d: Dept, role: 'lead' | 'support') =>
        SPECS.filter(
          (x) =>
            (role === 'lead' ? x.lead === d : x.support.includes(d)) &&
            x.due !== null &&
            x.due >= '2026-01-01' &&
            (late(x) || overdueOn(x, TODAY)),
        ).length;
      const expectedRows = (rules: typeof DEFAULT_PLAN_POLICY.assessment) =>
        (['MZ', 'CZ', 'FG'] as Dept[])
          .map((d) => ({
            departmentId: dept[d],
            leadMissed: missed(d, 'lead'),
            supportMissed: missed(d, 'support'),
            unansweredNotices: unanswered[d],
            score:
              100 -
              missed(d, 'lead') * rules.leadMissedDeadline -
              missed(d, 'support') * rules.supportMissedDeadline -
              unanswered[d] * rules.unansweredNotice,
          }))
          .sort((a, b) => b.score - a.score)
          .map((r, i) => ({ rank: i + 1, ...r }));

      const defaults = await api.call('GET', '/supervision/assessment', { token: sup });
      expect(defaults.status).toBe(200);
      const want = expectedRows(DEFAULT_PLAN_POLICY.assessment);
      expect(defaults.body).toEqual(want.map((r) => expect.objectContaining(r)));
      // With the defaults: 民政 100 − 5 − 2.5 − 2 = 90.5; 财政 100 − 2×5 − 1 = 89.
      expect(want.map((r) => r.score)).toEqual([100, 90.5, 89]);

      const rules = { leadMissedDeadline: 10, supportMissedDeadline: 1, unansweredNotice: 3 };
      const put = await api.call('PUT', `/plans/${s.planId}/policy`, {
        token: admin,
        body: { assessment: rules },
      });
      expect(put.status).toBe(200);
      const changed = await api.call('GET', '/supervision/assessment', { token: sup });
      expect(changed.body).toEqual(expectedRows(rules).map((r) => expect.objectContaining(r)));
      expect(changed.body[1].deductions).toEqual({
        leadMissedDeadline: 10,
        supportMissedDeadline: 1,
        unansweredNotice: 6,
      });
      const invalid = await api.call('PUT', `/plans/${s.planId}/policy`, {
        token: admin,
        body: { assessment: { leadMissedDeadline: -1 } },
      });
      expect(invalid.status).toBe(400);
      // A period before any deadline: nobody missed anything.
      const early = await api.call('GET', '/supervision/assessment?from=2026-01-01&to=2026-06-30', {
        token: sup,
      });
      expect(early.body.map((r: { score: number; rank: number }) => [r.rank, r.score])).toEqual([
        [1, 100],
        [1, 100],
        [1, 100],
      ]);
      const liaison = await api.login('liaison.mz');
      expect((await api.call('GET', '/supervision/assessment', { token: liaison })).status).toBe(
        403,
      );
    });
  });

  describe('exports', () => {
    const assignments = SPECS.reduce((n, x) => n + 1 + x.support.length, 0);

    it('the ledger as .xlsx: one row per task and department', async () => {
      const res = await fetch(`${t.url}/api/v1/supervision/ledger?format=xlsx`, {
        headers: { authorization: `Bearer ${sup}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await res.arrayBuffer()) as never);
      const ws = wb.getWorksheet('督查台账')!;
      const rows: unknown[][] = [];
      ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      const header = rows[0] as string[];
      expect(header.slice(0, 11)).toEqual([
        '来源',
        '方案或来源文件',
        '文号',
        '地区',
        '章节',
        '序号',
        '任务内容',
        '责任单位',
        '角色',
        '状态',
        '完成时限',
      ]);
      expect(rows).toHaveLength(1 + assignments);
      const col = (name: string) => header.indexOf(name);
      const row8 = rows.find((r) => r[col('序号')] === 8)!;
      expect(row8[col('责任单位')]).toBe('省民政厅');
      expect(row8[col('角色')]).toBe('牵头');
      expect(row8[col('状态')]).toBe('推进中');
      expect(row8[col('完成时限')]).toBe('2026-11-25');
      expect(row8[col('警示')]).toBe('红牌');
      expect(String(row8[col('督办记录')])).toContain('督办 督〔2026〕5号');
      expect(String(row8[col('最近报告内容')])).toBe('40%:第8项进展');
      expect(row8[col('任务ID')]).toBe(task[8]);
      const support2 = rows.find((r) => r[col('序号')] === 2 && r[col('角色')] === '配合')!;
      expect(support2[col('责任单位')]).toBe('省民政厅');
      // In order: item number, lead before supporting.
      expect(rows.slice(1).map((r) => r[col('序号')])).toEqual(
        SPECS.flatMap((x) => Array(1 + x.support.length).fill(x.no)),
      );
    });

    it('the ledger as CSV: BOM, same rows, formula-safe cells; scoped for a department', async () => {
      const res = await fetch(`${t.url}/api/v1/supervision/ledger?format=csv`, {
        headers: { authorization: `Bearer ${sup}` },
      });
      const text = await res.text();
      expect(res.headers.get('content-type')).toContain('text/csv');
      // fetch's text() drops the BOM; the raw bytes carry it.
      const raw = await (
        await fetch(`${t.url}/api/v1/supervision/ledger?format=csv`, {
          headers: { authorization: `Bearer ${sup}` },
        })
      ).arrayBuffer();
      expect([...new Uint8Array(raw).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = text.split('\r\n').filter(Boolean);
      expect(lines).toHaveLength(1 + assignments);
      expect(lines[0]).toMatch(
        /^来源,方案或来源文件,文号,地区,章节,序号,任务内容,责任单位,角色,状态,完成时限/,
      );
      // The text that starts with "=" is written as text, never as a formula.
      expect(text).toContain(`"'=HYPERLINK(""http://evil"")第10项"`);

      const cz = await api.login('liaison.cz');
      const own = await (
        await fetch(`${t.url}/api/v1/supervision/ledger?format=csv`, {
          headers: { authorization: `Bearer ${cz}` },
        })
      ).text();
      expect(own.split('\r\n').filter(Boolean)).toHaveLength(
        1 + SPECS.filter((x) => x.lead === 'CZ' || x.support.includes('CZ')).length,
      );
    });

    it('a draft bulletin for a period, as JSON and as Chinese Markdown', async () => {
      const nov = await api.call('GET', '/supervision/bulletin?from=2026-11-01&to=2026-11-30', {
        token: sup,
      });
      expect(nov.status).toBe(200);
      const closedInNov = SPECS.filter((x) => x.closedOn?.startsWith('2026-11'));
      // At the end of November: past the deadline and not closed by then.
      const overdueEndNov = SPECS.filter(
        (x) =>
          x.due !== null &&
          x.due < '2026-11-30' &&
          (isOpen(x) || (x.status === 'CLOSED' && x.closedOn! > '2026-11-30')),
      );
      expect(nov.body).toMatchObject({
        from: '2026-11-01',
        to: '2026-11-30',
        asOf: '2026-11-30',
        totals: {
          tasks: SPECS.length,
          closed: SPECS.filter((x) => x.closedOn && x.closedOn <= '2026-11-30').length,
          overdue: overdueEndNov.length,
          closedInPeriod: closedInNov.length,
          redCardsInPeriod: 0,
        },
      });
      expect(nos(nov.body.closed)).toEqual(closedInNov.map((x) => x.no));
      expect(nos(nov.body.overdue)).toEqual([8]);

      const dec = await api.call('GET', '/supervision/bulletin?from=2026-12-01&to=2026-12-31', {
        token: sup,
      });
      expect(dec.body.asOf).toBe(TODAY);
      expect(nos(dec.body.overdue)).toEqual([8, 2]);
      expect(dec.body.totals.redCardsInPeriod).toBe(1);
      expect(dec.body.laggards).toEqual([
        {
          departmentId: dept.MZ,
          departmentName: '省民政厅',
          overdueLead: 1,
          overdueSupport: 1,
          redCards: 1,
        },
        {
          departmentId: dept.CZ,
          departmentName: '省财政厅',
          overdueLead: 1,
          overdueSupport: 0,
          redCards: 0,
        },
      ]);

      const md = await fetch(
        `${t.url}/api/v1/supervision/bulletin?from=2026-12-01&to=2026-12-31&format=markdown`,
        { headers: { authorization: `Bearer ${sup}` } },
      );
      expect(md.headers.get('content-type')).toContain('text/markdown');
      const text = await md.text();
      expect(text).toContain('# 督查通报(草稿)');
      expect(text).toContain('2026年12月1日至2026年12月31日(数据截至2026年12月8日)');
      expect(text).toContain(
        `共督办任务${SPECS.length}项,已办结${dec.body.totals.closed}项(其中本期办结1项)`,
      );
      const days8 = t.app.get(CalendarService).current().workingDaysAfter('2026-11-25', TODAY);
      expect(text).toContain(
        `1. 第8项 第8项测试任务(牵头单位:省民政厅;完成时限2026年11月25日,已逾期${days8}个工作日,红牌警示)`,
      );
      expect(text).toContain('1. 省民政厅:牵头事项逾期1项,配合事项逾期1项,本期红牌1次。');
    });
  });

  it('documents every view in the OpenAPI document, with its query parameters', async () => {
    const doc = (await (await fetch(`${t.url}/api/docs-json`)).json()) as {
      paths: Record<
        string,
        Record<string, { parameters?: { name: string }[]; security?: unknown; summary?: string }>
      >;
    };
    const get = (path: string) => doc.paths[`/api/v1/supervision/${path}`]?.get;
    for (const path of ['overdue', 'due-soon', 'lagging', 'stalled', 'disputed']) {
      expect(get(path)?.parameters?.map((p) => p.name)).toEqual(
        expect.arrayContaining([
          'planId',
          'chapterId',
          'departmentId',
          'role',
          'level',
          'sort',
          'source',
          'regionId',
        ]),
      );
      expect(get(path)?.security).toEqual([{ bearer: [] }]);
    }
    for (const path of ['stats', 'stats/trend', 'assessment', 'ledger', 'bulletin']) {
      expect(get(path)?.summary).toBeTruthy();
    }
    expect(get('due-soon')?.parameters?.map((p) => p.name)).toContain('days');
    // The source filter: a list of the WorkSource values, on every view that counts tasks.
    for (const path of [
      'overdue/by-department',
      'stats',
      'stats/trend',
      'assessment',
      'ledger',
      'bulletin',
    ]) {
      const source = (get(path)?.parameters as { name: string; schema?: unknown }[]).find(
        (p) => p.name === 'source',
      );
      expect([path, source?.schema]).toEqual([
        path,
        { type: 'array', items: { $ref: '#/components/schemas/WorkSource' } },
      ]);
    }
    const feed = get('calendar-feeds/{token}/deadlines.ics');
    expect(feed).toBeDefined();
    expect(feed?.security).toBeUndefined();
    expect(
      doc.paths['/api/v1/supervision/calendar-feeds/{departmentId}/rotate']?.post,
    ).toBeDefined();
  });

  describe('iCal feed', () => {
    const feedPath = (token: string) => `/supervision/calendar-feeds/${token}/deadlines.ics`;

    it("lists the department's open deadlines, without login, behind a rotatable token", async () => {
      const rotated = await api.call('POST', `/supervision/calendar-feeds/${dept.MZ}/rotate`, {
        token: admin,
      });
      expect(rotated.status).toBe(201);
      const { token, url } = rotated.body as { token: string; url: string };
      expect(url).toMatch(new RegExp(`/api/v1${feedPath(token)}$`));
      // Only a hash is stored.
      const stored = await t.prisma.departmentCalendarFeed.findUniqueOrThrow({
        where: { departmentId: dept.MZ },
      });
      expect(stored.tokenHash).not.toContain(token);

      const res = await fetch(`${t.url}/api/v1${feedPath(token)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/calendar');
      const cal = new ICAL.Component(ICAL.parse(await res.text()));
      const events = cal.getAllSubcomponents('vevent').map((e) => ({
        uid: String(e.getFirstPropertyValue('uid')),
        start: String(e.getFirstPropertyValue('dtstart')),
        summary: String(e.getFirstPropertyValue('summary')),
      }));
      const expected = SPECS.filter(
        (x) => isOpen(x) && x.due !== null && (x.lead === 'MZ' || x.support.includes('MZ')),
      );
      expect(
        events
          .filter((e) => e.uid.startsWith('task-'))
          .map((e) => e.start)
          .sort(),
      ).toEqual(expected.map((x) => x.due).sort());
      const e8 = events.find((e) => e.uid === `task-${task[8]}-${dept.MZ}@duban`)!;
      expect(e8.summary).toBe('【牵头】第8项完成时限:第8项测试任务');
      // The supporting department's own deadline to report its part to the lead.
      expect(events.filter((e) => e.uid.startsWith('sub-'))).toEqual([
        expect.objectContaining({
          start: '2026-11-27',
          summary: expect.stringContaining('【配合】第2项'),
        }),
      ]);

      // A wrong token is 404; rotating invalidates the old one.
      expect((await fetch(`${t.url}/api/v1${feedPath('x'.repeat(43))}`)).status).toBe(404);
      expect((await fetch(`${t.url}/api/v1${feedPath('short')}`)).status).toBe(404);
      const again = await api.call('POST', `/supervision/calendar-feeds/${dept.MZ}/rotate`, {
        token: admin,
      });
      expect(again.body.token).not.toBe(token);
      expect((await fetch(`${t.url}/api/v1${feedPath(token)}`)).status).toBe(404);
      expect((await fetch(`${t.url}/api/v1${feedPath(again.body.token)}`)).status).toBe(200);
      const audit = await t.prisma.auditEvent.count({
        where: { action: 'calendar_feed.rotated', entityId: dept.MZ },
      });
      expect(audit).toBe(2);
    });
  });
});
