import { toDbDate } from '../../src/common/time/local-date';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';
import { client, seed, Seed } from './duban-fixtures';

describe('supervision views (e2e)', () => {
  let t: TestApp;
  let s: Seed;
  let api: ReturnType<typeof client>;
  let sup: string;
  let t6: string;
  let otherPlanTask: string;

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-11-23T01:00:00Z' });
    await resetDatabase(t.prisma);
    s = await seed(t);
    api = client(t.url);
    sup = await api.login('supervisor');

    const { minzheng, caizheng, fagai } = s.departments;
    // no 6: lead 发改, support 财政 + 民政, due Wednesday 2026-11-25.
    t6 = (
      await t.prisma.task.create({
        data: {
          planId: s.planId,
          no: 6,
          text: '第6项测试任务',
          dueOn: toDbDate('2026-11-25'),
          dueSource: 'STATED',
          assignments: {
            create: [
              { departmentId: fagai, role: 'LEAD', ordinal: 0 },
              { departmentId: caizheng, role: 'SUPPORT', ordinal: 1 },
              { departmentId: minzheng, role: 'SUPPORT', ordinal: 2 },
            ],
          },
        },
      })
    ).id;
    const otherPlan = await t.prisma.plan.create({
      data: { title: '另一方案', contentHash: 'other-plan', sourceName: 'other.txt' },
    });
    otherPlanTask = (
      await t.prisma.task.create({
        data: {
          planId: otherPlan.id,
          no: 1,
          text: '另一方案第1项',
          dueOn: toDbDate('2026-11-27'),
          dueSource: 'STATED',
          status: 'IN_PROGRESS',
          assignments: { create: [{ departmentId: minzheng, role: 'LEAD', ordinal: 0 }] },
        },
      })
    ).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('nothing is overdue before the deadlines pass (closed tasks never are)', async () => {
    const res = await api.call('GET', '/supervision/overdue', { token: sup });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    const by = await api.call('GET', '/supervision/overdue/by-department', { token: sup });
    expect(by.body).toEqual([]);
  });

  it('a deadline is due at the end of its Shanghai day', async () => {
    // 2026-11-25 23:59 in Shanghai: not yet overdue.
    t.clock.set('2026-11-25T15:59:00Z');
    let res = await api.call('GET', '/supervision/overdue', { token: sup });
    expect(res.body).toEqual([]);
    // 2026-11-26 00:00 in Shanghai (still the 25th in UTC): overdue by one working day.
    t.clock.set('2026-11-25T16:00:00Z');
    res = await api.call('GET', '/supervision/overdue', { token: sup });
    expect(res.body).toEqual([expect.objectContaining({ taskId: t6, workingDaysOverdue: 1 })]);
  });

  it('lists overdue open tasks, most overdue first, with lead report and highest escalation', async () => {
    const { caizheng, minzheng } = s.departments;
    // 财政 leads no 2; 民政 supports it. Reports filed before the deadline passed.
    t.clock.set('2026-11-27T02:00:00Z');
    const cz = await api.login('liaison.cz');
    const mz = await api.login('liaison.mz');
    const lead = await api.call('POST', `/tasks/${s.tasks.t2}/reports`, {
      token: cz,
      body: { percent: 60, narrative: '正在推进,预计月底完成。', version: 0 },
    });
    expect(lead.status).toBe(201);
    t.clock.set('2026-11-28T02:00:00Z');
    const support = await api.call('POST', `/tasks/${s.tasks.t2}/reports`, {
      token: mz,
      body: { percent: 90, narrative: '配合工作已完成。', version: 0 },
    });
    expect(support.status).toBe(201);
    await t.prisma.escalation.createMany({
      data: [
        { taskId: s.tasks.t2, level: 'URGING', dueOn: toDbDate('2026-11-30') },
        {
          taskId: s.tasks.t2,
          level: 'SUPERVISION',
          dueOn: toDbDate('2026-11-30'),
          noticeNo: '督〔2026〕1号',
        },
        // A step of an earlier deadline (before an extension) does not count.
        {
          taskId: s.tasks.t2,
          level: 'RED_CARD',
          dueOn: toDbDate('2026-10-30'),
          noticeNo: '督〔2026〕0号',
        },
      ],
    });

    // Tuesday 2026-12-08, 09:00 in Shanghai.
    t.clock.set('2026-12-08T01:00:00Z');
    const res = await api.call('GET', '/supervision/overdue', { token: sup });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        taskId: t6,
        planId: s.planId,
        no: 6,
        text: '第6项测试任务',
        planTitle: '江苏省老龄事业发展规划责任分解方案',
        source: 'PLAN',
        planDocumentNumber: '苏办〔2012〕85号',
        regionId: null,
        regionName: null,
        chapterId: null,
        chapterTitle: null,
        status: 'ASSIGNED',
        dueOn: '2026-11-25',
        workingDaysOverdue: 9,
        workingDaysLeft: null,
        percent: 0,
        expectedPercent: null,
        // Since the row was created (the database's own clock, not the test's).
        workingDaysSinceReport: expect.any(Number),
        leadDepartments: ['省发展改革委'],
        supportDepartments: ['省财政厅', '省民政厅'],
        lastReport: null,
        escalationLevel: null,
        card: null,
        noticeNo: null,
        dispute: null,
      },
      expect.objectContaining({
        taskId: otherPlanTask,
        dueOn: '2026-11-27',
        workingDaysOverdue: 7,
      }),
      {
        taskId: s.tasks.t2,
        planId: s.planId,
        no: 2,
        text: '第2项测试任务',
        dueOn: '2026-11-30',
        workingDaysOverdue: 6,
        leadDepartments: ['省财政厅'],
        lastReport: {
          percent: 60,
          narrative: '正在推进,预计月底完成。',
          at: '2026-11-27T02:00:00.000Z',
          department: '省财政厅',
        },
        escalationLevel: 'SUPERVISION',
        card: 'YELLOW',
        noticeNo: '督〔2026〕1号',
        planTitle: '江苏省老龄事业发展规划责任分解方案',
        source: 'PLAN',
        planDocumentNumber: '苏办〔2012〕85号',
        regionId: null,
        regionName: null,
        chapterId: expect.any(String),
        chapterTitle: '一、完善社会保障体系',
        status: 'IN_PROGRESS',
        workingDaysLeft: null,
        percent: 60,
        expectedPercent: null,
        workingDaysSinceReport: 7,
        supportDepartments: ['省民政厅'],
        dispute: null,
      },
    ]);

    const byPlan = await api.call('GET', `/supervision/overdue?planId=${s.planId}`, { token: sup });
    expect(byPlan.body.map((x: { no: number }) => x.no)).toEqual([6, 2]);
    const byDept = await api.call('GET', `/supervision/overdue?departmentId=${caizheng}`, {
      token: sup,
    });
    expect(byDept.body.map((x: { no: number }) => x.no)).toEqual([6, 2]);
    const byLead = await api.call(
      'GET',
      `/supervision/overdue?departmentId=${s.departments.fagai}&planId=${s.planId}`,
      { token: sup },
    );
    expect(byLead.body.map((x: { taskId: string }) => x.taskId)).toEqual([t6]);
    const bad = await api.call('GET', '/supervision/overdue?planId=123', { token: sup });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(minzheng).toBeDefined();
  });

  it('counts overdue tasks per department, lead and supporting, sorted by total', async () => {
    const { minzheng, caizheng, fagai } = s.departments;
    const res = await api.call('GET', '/supervision/overdue/by-department', { token: sup });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        departmentId: minzheng,
        departmentName: '省民政厅',
        overdueLead: 1,
        overdueSupport: 2,
        total: 3,
      },
      {
        departmentId: caizheng,
        departmentName: '省财政厅',
        overdueLead: 1,
        overdueSupport: 1,
        total: 2,
      },
      {
        departmentId: fagai,
        departmentName: '省发展改革委',
        overdueLead: 1,
        overdueSupport: 0,
        total: 1,
      },
    ]);
    const plan = await api.call('GET', `/supervision/overdue/by-department?planId=${s.planId}`, {
      token: sup,
    });
    expect(plan.body).toEqual([
      {
        departmentId: caizheng,
        departmentName: '省财政厅',
        overdueLead: 1,
        overdueSupport: 1,
        total: 2,
      },
      {
        departmentId: minzheng,
        departmentName: '省民政厅',
        overdueLead: 0,
        overdueSupport: 2,
        total: 2,
      },
      {
        departmentId: fagai,
        departmentName: '省发展改革委',
        overdueLead: 1,
        overdueSupport: 0,
        total: 1,
      },
    ]);
  });

  it('drops a task once it is closed', async () => {
    await t.prisma.task.update({ where: { id: otherPlanTask }, data: { status: 'CLOSED' } });
    const res = await api.call('GET', '/supervision/overdue', { token: sup });
    expect(res.body.map((x: { no: number }) => x.no)).toEqual([6, 2]);
  });

  it("shows a leader their departments' rows only, and a department its own", async () => {
    const leader = await api.login('leader');
    const admin = await api.login('admin');
    const liaison = await api.login('liaison.cz');
    const head = await api.login('head.mz');
    for (const path of ['/supervision/overdue', '/supervision/overdue/by-department']) {
      // The fixture's leader answers for no department yet: nothing to see.
      const none = await api.call('GET', path, { token: leader });
      expect(none.status).toBe(200);
      expect(none.body).toEqual([]);
      expect((await api.call('GET', path, { token: admin })).body.length).toBeGreaterThan(0);
    }
    // Overdue now: no 6 (lead 发改; support 财政, 民政) and no 2 (lead 财政; support 民政).
    const mine = await api.call('GET', '/supervision/overdue', { token: liaison });
    expect(mine.body.map((x: { no: number }) => x.no)).toEqual([6, 2]);
    const lead = await api.call('GET', '/supervision/overdue?role=LEAD', { token: liaison });
    expect(lead.body.map((x: { no: number }) => x.no)).toEqual([2]);
    const counts = await api.call('GET', '/supervision/overdue/by-department', { token: head });
    expect(counts.body).toEqual([
      expect.objectContaining({ departmentName: '省民政厅', overdueLead: 0, overdueSupport: 2 }),
    ]);
    await t.prisma.leaderDepartment.create({
      data: { leaderId: s.people.leader, departmentId: s.departments.fagai },
    });
    const led = await api.call('GET', '/supervision/overdue', { token: leader });
    expect(led.body.map((x: { no: number }) => x.no)).toEqual([6]);
    for (const path of ['/supervision/overdue', '/supervision/overdue/by-department']) {
      const anonymous = await api.call('GET', path);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).toEqual({ code: 'UNAUTHENTICATED', message: '请先登录' });
    }
  });
});
