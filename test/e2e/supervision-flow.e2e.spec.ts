import { MailCapture } from '../../scripts/kit/mail-capture';
import { EscalationService } from '../../src/modules/escalation/escalation.service';
import { SchedulerService } from '../../src/modules/scheduler/scheduler.service';
import {
  createPerson,
  eventually,
  finished,
  login,
  referencePlan,
  settled,
} from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * The walking skeleton end to end, over HTTP and real SMTP: import → liaison reports → the clock
 * passes the deadline → sweep → urging notice once → supervision notice once.
 * Clock: Monday 2026-11-16 09:00 Shanghai; default deadline Friday 2026-11-27.
 */
describe('supervision flow (HTTP, PostgreSQL, Redis, SMTP)', () => {
  const mail = new MailCapture();
  let t: TestApp;
  let scheduler: SchedulerService;
  let admin: Record<string, string>;
  let liaison: Record<string, string>;
  let supervisor: Record<string, string>;
  let task1Id: string;

  const api = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
    fetch(`${t.url}/api/v1${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...init.headers },
    });
  /** Mails of a kind (subject prefix) to `to` that concern item `no` (in the subject, or listed in a digest). */
  const mailsAbout = (no: number, to: string, kind: string) =>
    mail
      .messages()
      .filter(
        (m) =>
          m.subject.includes(kind) &&
          (m.subject.includes(`第${no}项`) || new RegExp(`第${no}项(?!\\d)`).test(m.text)) &&
          m.to.includes(to),
      );
  /** Moves the clock, runs one scheduler tick through the queue and waits until its work is done. */
  const tickAt = async (iso: string) => {
    t.clock.set(iso);
    await finished(t, await scheduler.tick());
    await settled(t.prisma, t.clock.now());
  };

  beforeAll(async () => {
    const { smtpPort } = await mail.start();
    t = await createTestApp({
      start: '2026-11-16T01:00:00Z',
      env: { SMTP_PORT: String(smtpPort) },
    });
    scheduler = t.app.get(SchedulerService);
    await resetDatabase(t.prisma);
    await createPerson(t.prisma, { username: 'admin', role: 'ADMIN' });
    await createPerson(t.prisma, { username: 'supervisor', role: 'SUPERVISOR' });
    await createPerson(t.prisma, {
      username: 'mz-liaison',
      role: 'LIAISON',
      departmentName: '省民政厅',
    });
    await createPerson(t.prisma, { username: 'mz-head', role: 'HEAD', departmentName: '省民政厅' });
    await createPerson(t.prisma, {
      username: 'cz-liaison',
      role: 'LIAISON',
      departmentName: '省财政厅',
    });
    admin = await login(t.url, 'admin');
  });

  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('imports the reference plan over HTTP (preview, then commit)', async () => {
    const body = {
      text: referencePlan().toString('utf8'),
      sourceName: '004.txt',
      defaultDueOn: '2026-11-27',
      // Every unit list of the reference plan leads with its first unit, which the reader flags for
      // review; this flow is about units, so the administrator confirms the reading as read.
      confirmAllReview: true,
    };
    const preview = await api('/plans/import', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ ...body, mode: 'preview' }),
    });
    expect(preview.status).toBe(200);
    const p = (await preview.json()) as { counts: { items: number }; unknownUnits: string[] };
    expect(p.counts.items).toBe(80);
    // The directory already knows two units, so the other 43 must be confirmed.
    expect(p.unknownUnits).toHaveLength(43);
    expect(await t.prisma.task.count()).toBe(0);

    const refused = await api('/plans/import', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ ...body, mode: 'commit' }),
    });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { code: string }).code).toBe('UNKNOWN_UNITS');
    expect(await t.prisma.task.count()).toBe(0);

    const commit = await api('/plans/import', {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ ...body, mode: 'commit', createUnknownUnits: true }),
    });
    expect(commit.status).toBe(200);
    expect(await commit.json()).toMatchObject({
      created: true,
      counts: { items: 80, assignments: 224, units: 45 },
    });
  });

  it('lets a liaison list the department tasks and report progress; a stale version gets 409', async () => {
    liaison = await login(t.url, 'mz-liaison');
    const res = await api('/me/tasks', { headers: liaison });
    expect(res.status).toBe(200);
    const tasks = (await res.json()) as {
      id: string;
      no: number;
      role: string;
      dueOn: string | null;
      reportVersion: number;
    }[];
    const mzAssignments = await t.prisma.assignment.count({
      where: { department: { name: '省民政厅' } },
    });
    expect(tasks).toHaveLength(mzAssignments);
    const task1 = tasks.find((x) => x.no === 1)!;
    expect(task1).toMatchObject({ role: 'LEAD', dueOn: '2026-11-27', reportVersion: 0 });
    expect(tasks.find((x) => x.no === 5)).toMatchObject({ role: 'SUPPORT' });
    task1Id = task1.id;

    const report = { percent: 30, narrative: '已完成调研,正在起草方案。', version: 0 };
    const ok = await api(`/tasks/${task1Id}/reports`, {
      method: 'POST',
      headers: liaison,
      body: JSON.stringify(report),
    });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ version: 1, percent: 30 });
    const stale = await api(`/tasks/${task1Id}/reports`, {
      method: 'POST',
      headers: liaison,
      body: JSON.stringify({ ...report, percent: 35 }),
    });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { code: string }).code).toBe('STALE_VERSION');
    expect(await t.prisma.progressReport.count({ where: { taskId: task1Id } })).toBe(1);
  });

  it('sends the T−5 reminder by email to each assigned liaison, once', async () => {
    await tickAt('2026-11-20T01:01:00Z'); // Friday 09:01, T−5 for the 27th
    const toMz = await eventually(
      async () =>
        mailsAbout(1, 'mz-liaison@example.test', '督办提醒').length === 1 &&
        mailsAbout(1, 'mz-liaison@example.test', '督办提醒'),
    );
    // One digest for all the liaison's tasks due that day, item 1 among them (the monthly report due
    // on the 25th is reminded in the same message).
    expect(toMz[0]!.subject).toMatch(/您有\d+项(任务即将到期|督办事项需要处理)/);
    expect(toMz[0]!.text).toContain('还有5个工作日');
    expect(mailsAbout(1, 'cz-liaison@example.test', '督办提醒')).toHaveLength(1);
    await tickAt('2026-11-20T01:02:00Z');
    expect(mailsAbout(1, 'mz-liaison@example.test', '督办提醒')).toHaveLength(1);
  });

  it('on the first overdue working day sends one urging notice to the lead liaison and head; the passed T−1 is skipped', async () => {
    await tickAt('2026-11-30T01:00:00Z'); // Monday after the Friday deadline: 1 working day overdue
    await eventually(async () => mailsAbout(1, 'mz-head@example.test', '催办通知').length === 1);
    expect(mailsAbout(1, 'mz-liaison@example.test', '催办通知')).toHaveLength(1);
    // Supporting departments and the office get no urging notice.
    expect(mailsAbout(1, 'cz-liaison@example.test', '催办通知')).toHaveLength(0);
    expect(mailsAbout(1, 'supervisor@example.test', '催办通知')).toHaveLength(0);
    // The T−1 reminder's moment passed with its deadline: recorded as skipped, never sent.
    const t1 = await t.prisma.reminder.findMany({
      where: { offsetWorkingDays: 1, assignment: { taskId: task1Id } },
    });
    expect(t1.map((r) => r.status)).toEqual(['SKIPPED', 'SKIPPED']);
    // Sweeping again, directly and through the queue, sends nothing more.
    await t.app.get(EscalationService).sweep();
    await tickAt('2026-11-30T05:00:00Z');
    expect(mailsAbout(1, 'mz-liaison@example.test', '催办通知')).toHaveLength(1);
  });

  it('items found long overdue get one red card, not the whole ladder', async () => {
    // Items 12, 16, 24, 31 were due in 2013/2015: the first sweep gave each the last step that
    // applies (red card, to the office and the responsible leader) and recorded the others superseded.
    for (const no of [12, 16, 24, 31]) {
      for (const kind of ['催办通知', '督办单']) {
        expect(
          mail
            .messages()
            .filter((m) => m.subject.includes(`第${no}项`) && m.subject.includes(kind)),
        ).toHaveLength(0);
      }
      expect(mailsAbout(no, 'supervisor@example.test', '红牌警示')).toHaveLength(1);
    }
    const task12 = await t.prisma.task.findFirstOrThrow({ where: { no: 12 } });
    const steps = await t.prisma.escalation.findMany({
      where: { taskId: task12.id },
      orderBy: { level: 'asc' },
    });
    expect(steps.map((x) => [x.level, x.superseded])).toEqual([
      ['URGING', true],
      ['SUPERVISION', true],
      ['RED_CARD', false],
    ]);
    // No responsible leader is set for 省委组织部: a visible failed delivery, not a silent drop.
    const leaderless = await t.prisma.delivery.findFirstOrThrow({
      where: { template: 'red-card', recipientId: null, taskIds: { has: task12.id } },
    });
    expect(leaderless).toMatchObject({ status: 'FAILED' });
    expect(leaderless.lastError).toContain('分管领导');
  });

  it('after 5 overdue working days sends one numbered supervision notice to the office and the lead', async () => {
    await tickAt('2026-12-03T01:00:00Z'); // 4 working days overdue: nothing new yet
    expect(mailsAbout(1, 'supervisor@example.test', '督办单')).toHaveLength(0);
    await tickAt('2026-12-04T01:00:00Z'); // 5 working days overdue
    const notice = await eventually(
      async () => mailsAbout(1, 'supervisor@example.test', '督办单')[0],
    );
    expect(notice.subject).toMatch(/督〔2026〕\d+号/);
    // Issued Friday 12-04: the written answer is due 5 working days later.
    expect(notice.text).toContain('于2026年12月11日前书面报送督查室');
    expect(mailsAbout(1, 'mz-liaison@example.test', '督办单')).toHaveLength(1);
    await tickAt('2026-12-04T03:00:00Z');
    expect(mailsAbout(1, 'supervisor@example.test', '督办单')).toHaveLength(1);
    const escalation = await t.prisma.escalation.findFirstOrThrow({
      where: { taskId: task1Id, level: 'SUPERVISION' },
    });
    expect(notice.subject).toContain(escalation.noticeNo!);
  });

  it('shows the supervision office the overdue task with its last report, and counts by department', async () => {
    supervisor = await login(t.url, 'supervisor');
    const res = await api('/supervision/overdue', { headers: supervisor });
    expect(res.status).toBe(200);
    const rows = (await res.json()) as {
      taskId: string;
      workingDaysOverdue: number;
      leadDepartments: string[];
      lastReport: { percent: number } | null;
      escalationLevel: string | null;
    }[];
    const row = rows.find((r) => r.taskId === task1Id)!;
    expect(row).toMatchObject({
      workingDaysOverdue: 5,
      leadDepartments: ['省民政厅'],
      lastReport: { percent: 30 },
      escalationLevel: 'SUPERVISION',
      card: 'YELLOW',
    });
    const byDept = (await (
      await api('/supervision/overdue/by-department', { headers: supervisor })
    ).json()) as {
      departmentName: string;
      overdueLead: number;
    }[];
    const mz = byDept.find((d) => d.departmentName === '省民政厅')!;
    const expectedLead = await t.prisma.assignment.count({
      where: { role: 'LEAD', department: { name: '省民政厅' } },
    });
    expect(mz.overdueLead).toBe(expectedLead);
    // The liaison sees the list too, limited to the tasks of 省民政厅.
    const own = await api('/supervision/overdue', { headers: liaison });
    expect(own.status).toBe(200);
    const ownRows = (await own.json()) as { taskId: string }[];
    const ownTasks = await t.prisma.assignment.findMany({
      where: { department: { name: '省民政厅' }, removedAt: null },
      select: { taskId: true },
    });
    expect(ownRows.map((r) => r.taskId)).toContain(task1Id);
    expect(ownRows.every((r) => ownTasks.some((a) => a.taskId === r.taskId))).toBe(true);
    expect(ownRows.length).toBeLessThan(rows.length);
  });
});
