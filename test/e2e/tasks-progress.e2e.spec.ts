import { randomUUID } from 'node:crypto';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';
import { client, seed, Seed } from './duban-fixtures';

describe('tasks and progress reports (e2e)', () => {
  let t: TestApp;
  let s: Seed;
  let api: ReturnType<typeof client>;
  let mz: string; // 民政 liaison
  let cz: string; // 财政 liaison
  let sup: string;

  const counts = async (taskId: string) => ({
    reports: await t.prisma.progressReport.count({ where: { taskId } }),
    audit: await t.prisma.auditEvent.count({
      where: { action: 'progress.reported', entityId: taskId },
    }),
  });

  beforeAll(async () => {
    // Monday 2026-11-23, 09:00 in Shanghai.
    t = await createTestApp({ start: '2026-11-23T01:00:00Z' });
    await resetDatabase(t.prisma);
    s = await seed(t);
    api = client(t.url);
    mz = await api.login('liaison.mz');
    cz = await api.login('liaison.cz');
    sup = await api.login('supervisor');
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('GET /me/tasks', () => {
    it("lists the department's lead and supporting tasks with roles and due dates, not others'", async () => {
      const res = await api.call('GET', '/me/tasks', { token: mz });
      expect(res.status).toBe(200);
      // Nothing is overdue yet (5 is closed): by due date, ongoing last.
      expect(res.body.map((x: { no: number }) => x.no)).toEqual([5, 2, 1, 4]);
      const [t5, t2, t1, t4] = res.body;
      expect(t2).toEqual({
        id: s.tasks.t2,
        planId: s.planId,
        source: 'PLAN',
        planTitle: '江苏省老龄事业发展规划责任分解方案',
        planDocumentNumber: '苏办〔2012〕85号',
        no: 2,
        text: '第2项测试任务',
        role: 'SUPPORT',
        dueOn: '2026-11-30',
        dueSource: 'STATED',
        ongoing: false,
        status: 'ASSIGNED',
        percent: 0,
        reportVersion: 0,
        lastReportAt: null,
        workingDaysLeft: 5,
        workingDaysOverdue: 0,
        leadDepartments: ['省财政厅'],
        supportDepartments: ['省民政厅'],
        // New work, not yet acknowledged (签收); its deadline is planned when work arrives.
        ackState: 'PENDING',
        ackDueOn: null,
        returnReason: null,
      });
      expect(t1).toMatchObject({
        role: 'LEAD',
        dueOn: '2026-12-31',
        leadDepartments: ['省民政厅'],
        supportDepartments: ['省财政厅'],
      });
      expect(t5).toMatchObject({ role: 'SUPPORT', status: 'CLOSED', workingDaysOverdue: 0 });
      expect(t4).toMatchObject({
        role: 'LEAD',
        dueOn: null,
        dueSource: 'ONGOING',
        ongoing: true,
        workingDaysLeft: null,
      });
      expect(res.body.map((x: { id: string }) => x.id)).not.toContain(s.tasks.t3);
    });

    it('filters by role and status, and validates them', async () => {
      const lead = await api.call('GET', '/me/tasks?role=LEAD', { token: mz });
      expect(lead.body.map((x: { no: number }) => x.no)).toEqual([1, 4]);
      const closed = await api.call('GET', '/me/tasks?status=CLOSED', { token: mz });
      expect(closed.body.map((x: { no: number }) => x.no)).toEqual([5]);
      const bad = await api.call('GET', '/me/tasks?role=BOSS', { token: mz });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect(bad.body.details[0].field).toBe('role');
    });

    it('a person without a department has no own tasks', async () => {
      const res = await api.call('GET', '/me/tasks', { token: sup });
      expect(res.status).toBe(200);
      expect(res.body).toEqual([]);
    });
  });

  describe('GET /tasks/:id', () => {
    it('shows the task to an assigned department with plan, chapter, assignments and targets', async () => {
      const res = await api.call('GET', `/tasks/${s.tasks.t2}`, { token: mz });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: s.tasks.t2,
        plan: {
          id: s.planId,
          title: '江苏省老龄事业发展规划责任分解方案',
          documentNumber: '苏办〔2012〕85号',
        },
        chapter: '一、完善社会保障体系',
        section: '(一)扩大养老保险覆盖面',
        no: 2,
        dueOn: '2026-11-30',
        targets: [{ op: '>=', value: 95, unit: '%' }],
        assignments: [
          {
            department: '省财政厅',
            role: 'LEAD',
            reportVersion: 0,
            percent: 0,
            lastReportAt: null,
          },
          { department: '省民政厅', role: 'SUPPORT', reportVersion: 0 },
        ],
        reports: [],
        escalations: [],
      });
    });

    it("answers another department's task 404 (not revealed) and reads everything for the office", async () => {
      const res = await api.call('GET', `/tasks/${s.tasks.t3}`, { token: mz });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ code: 'NOT_FOUND', message: '该任务不存在' });
      const reports = await api.call('GET', `/tasks/${s.tasks.t3}/reports`, { token: mz });
      expect(reports.status).toBe(404);
      const office = await api.call('GET', `/tasks/${s.tasks.t3}`, { token: sup });
      expect(office.status).toBe(200);
    });

    it('answers 404 for an unknown task and 400 VALIDATION_FAILED for a malformed id', async () => {
      const missing = await api.call('GET', `/tasks/${randomUUID()}`, { token: mz });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('NOT_FOUND');
      const bad = await api.call('GET', '/tasks/not-a-uuid', { token: mz });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect(bad.body.message).toMatch(/[\u4e00-\u9fff]/);
    });
  });

  describe('POST /tasks/:id/reports', () => {
    it('files a lead report: bumps the version, updates the task, starts it, audits it', async () => {
      const res = await api.call('POST', `/tasks/${s.tasks.t1}/reports`, {
        token: mz,
        body: { percent: 30, narrative: '已完成调研,形成初步方案。', version: 0 },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        version: 1,
        percent: 30,
        narrative: '已完成调研,形成初步方案。',
        createdAt: '2026-11-23T01:00:00.000Z',
      });
      const task = await t.prisma.task.findUniqueOrThrow({ where: { id: s.tasks.t1 } });
      expect(task).toMatchObject({ percent: 30, status: 'IN_PROGRESS' });
      expect(task.lastReportAt?.toISOString()).toBe('2026-11-23T01:00:00.000Z');
      const audit = await t.prisma.auditEvent.findMany({
        where: { entityId: s.tasks.t1 },
        orderBy: { id: 'asc' },
      });
      expect(audit.map((a) => a.action)).toEqual(['task.status_changed', 'progress.reported']);
      expect(audit[1]).toMatchObject({
        actorId: s.people.liaisonMz,
        data: { version: 1, percent: 30 },
      });

      const mine = await api.call('GET', '/me/tasks?role=LEAD', { token: mz });
      expect(mine.body[0]).toMatchObject({
        no: 1,
        reportVersion: 1,
        percent: 30,
        status: 'IN_PROGRESS',
      });
    });

    it("a supporting department's report does not move the task", async () => {
      const res = await api.call('POST', `/tasks/${s.tasks.t1}/reports`, {
        token: cz,
        body: { percent: 80, narrative: '资金已拨付。', version: 0 },
      });
      expect(res.status).toBe(201);
      expect(res.body.version).toBe(1);
      const task = await t.prisma.task.findUniqueOrThrow({ where: { id: s.tasks.t1 } });
      expect(task.percent).toBe(30);
      const list = await api.call('GET', `/tasks/${s.tasks.t1}/reports`, { token: mz });
      expect(list.status).toBe(200);
      expect(list.body.map((r: { department: string }) => r.department).sort()).toEqual([
        '省民政厅',
        '省财政厅',
      ]);
      const detail = await api.call('GET', `/tasks/${s.tasks.t1}`, { token: cz });
      expect(detail.body.reports).toHaveLength(2);
    });

    it('percent 101 → 400 VALIDATION_FAILED naming percent, nothing written', async () => {
      const before = await counts(s.tasks.t4);
      const res = await api.call('POST', `/tasks/${s.tasks.t4}/reports`, {
        token: mz,
        body: { percent: 101, narrative: '超额完成', version: 0 },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details).toEqual([
        { field: 'percent', reason: '不能大于 100', constraint: 'max' },
      ]);
      expect(res.body.message).toContain('percent');
      for (const body of [
        { percent: 50, narrative: '', version: 0 },
        { percent: 50, narrative: 'x'.repeat(2001), version: 0 },
        { percent: 50.5, narrative: 'ok', version: 0 },
        { percent: 50, narrative: 'ok', version: -1 },
        { percent: 50, narrative: 'ok' },
      ]) {
        const r = await api.call('POST', `/tasks/${s.tasks.t4}/reports`, { token: mz, body });
        expect(r.status).toBe(400);
        expect(r.body.code).toBe('VALIDATION_FAILED');
      }
      expect(await counts(s.tasks.t4)).toEqual(before);
      const asg = await t.prisma.assignment.findFirstOrThrow({ where: { taskId: s.tasks.t4 } });
      expect(asg.reportVersion).toBe(0);
    });

    it('a stale version → 409 STALE_VERSION with the current version, nothing written', async () => {
      const ok = await api.call('POST', `/tasks/${s.tasks.t4}/reports`, {
        token: mz,
        body: { percent: 10, narrative: '第一次报告', version: 0 },
      });
      expect(ok.status).toBe(201);
      const before = await counts(s.tasks.t4);
      const stale = await api.call('POST', `/tasks/${s.tasks.t4}/reports`, {
        token: mz,
        body: { percent: 20, narrative: '基于旧版本的报告', version: 0 },
      });
      expect(stale.status).toBe(409);
      expect(stale.body).toEqual({
        code: 'STALE_VERSION',
        message: '该任务已有更新的进展报告,请刷新后在最新内容基础上再提交',
        details: { currentVersion: 1 },
      });
      expect(await counts(s.tasks.t4)).toEqual(before);
      const task = await t.prisma.task.findUniqueOrThrow({ where: { id: s.tasks.t4 } });
      expect(task.percent).toBe(10);
      const future = await api.call('POST', `/tasks/${s.tasks.t4}/reports`, {
        token: mz,
        body: { percent: 20, narrative: '版本号超前', version: 7 },
      });
      expect(future.status).toBe(409);
    });

    it('two concurrent reports on the same version: exactly one 201 and one 409', async () => {
      const head = await api.login('head.mz');
      const current = (
        await t.prisma.assignment.findFirstOrThrow({ where: { taskId: s.tasks.t4 } })
      ).reportVersion;
      const before = await counts(s.tasks.t4);
      const [a, b] = await Promise.all([
        api.call('POST', `/tasks/${s.tasks.t4}/reports`, {
          token: mz,
          body: { percent: 40, narrative: '联络员提交', version: current },
        }),
        api.call('POST', `/tasks/${s.tasks.t4}/reports`, {
          token: head,
          body: { percent: 45, narrative: '负责人提交', version: current },
        }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const loser = a.status === 409 ? a : b;
      const winner = a.status === 201 ? a : b;
      expect(loser.body).toMatchObject({
        code: 'STALE_VERSION',
        details: { currentVersion: current + 1 },
      });
      expect(winner.body.version).toBe(current + 1);
      const after = await counts(s.tasks.t4);
      expect(after).toEqual({ reports: before.reports + 1, audit: before.audit + 1 });
      const task = await t.prisma.task.findUniqueOrThrow({ where: { id: s.tasks.t4 } });
      expect(task.percent).toBe(winner.body.percent);
    });

    it('many concurrent reports on one version: one wins, the rest are 409, versions stay dense', async () => {
      const current = (
        await t.prisma.assignment.findFirstOrThrow({ where: { taskId: s.tasks.t4 } })
      ).reportVersion;
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          api.call('POST', `/tasks/${s.tasks.t4}/reports`, {
            token: mz,
            body: { percent: 50 + i, narrative: `并发 ${i}`, version: current },
          }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(7);
      const versions = (
        await t.prisma.progressReport.findMany({
          where: { taskId: s.tasks.t4 },
          orderBy: { version: 'asc' },
        })
      ).map((r) => r.version);
      expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
    });

    it('a closed task → 409 TASK_CLOSED', async () => {
      const res = await api.call('POST', `/tasks/${s.tasks.t5}/reports`, {
        token: mz,
        body: { percent: 100, narrative: '补充说明', version: 0 },
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('TASK_CLOSED');
      expect(await counts(s.tasks.t5)).toEqual({ reports: 0, audit: 0 });
    });

    it("refuses reports on another department's task (404) and from the office (403)", async () => {
      const other = await api.call('POST', `/tasks/${s.tasks.t3}/reports`, {
        token: mz,
        body: { percent: 10, narrative: '越权', version: 0 },
      });
      expect(other.status).toBe(404);
      expect(other.body.code).toBe('NOT_FOUND');
      const office = await api.call('POST', `/tasks/${s.tasks.t3}/reports`, {
        token: sup,
        body: { percent: 10, narrative: '代报', version: 0 },
      });
      expect(office.status).toBe(403);
      const missing = await api.call('POST', `/tasks/${randomUUID()}/reports`, {
        token: mz,
        body: { percent: 10, narrative: '不存在', version: 0 },
      });
      expect(missing.status).toBe(404);
      expect(await counts(s.tasks.t3)).toEqual({ reports: 0, audit: 0 });
    });
  });
});
