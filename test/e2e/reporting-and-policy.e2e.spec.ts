import { MailCapture } from '../../scripts/kit/mail-capture';
import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { ReminderWaveService } from '../../src/modules/reminders/reminder-wave.service';
import { RemindersService } from '../../src/modules/reminders/reminders.service';
import { createPerson, eventually, login } from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * Reporting cadences (reminder before a report is due, urging after it is missed), the per-plan
 * policy API, and re-planning when a holiday year changes. Clock: Monday 2026-11-16 09:00 Shanghai.
 */
const DOC = [
  '报送测试方案',
  '测办〔2026〕9号  2026年11月2日',
  '一、总体任务',
  '(一)重点工作',
  '1.完善社会救助制度,每月20日前报送工作进展。(省民政厅、省财政厅)',
  '2.推进养老服务体系建设,每月20日前报送工作进展。(省民政厅)',
  '3.加强政策宣传。(省民政厅)',
].join('\n');

describe('reporting cadences and plan policies', () => {
  const mail = new MailCapture();
  let t: TestApp;
  let planId: string;
  let admin: Record<string, string>;
  const api = (
    path: string,
    init: { method?: string; body?: unknown; headers: Record<string, string> },
  ) =>
    fetch(`${t.url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  /** Digests to `to`; the assignment notices (交办通知) of each import have their own suite. */
  const digestsTo = (to: string) =>
    mail.messages().filter((m) => m.to.includes(to) && !m.subject.startsWith('【交办通知】'));

  beforeAll(async () => {
    const { smtpPort } = await mail.start();
    t = await createTestApp({
      start: '2026-11-16T01:00:00Z',
      env: { SMTP_PORT: String(smtpPort) },
    });
    await resetDatabase(t.prisma);
    await createPerson(t.prisma, { username: 'admin', role: 'ADMIN' });
    await createPerson(t.prisma, { username: 'mz', role: 'LIAISON', departmentName: '省民政厅' });
    await createPerson(t.prisma, { username: 'cz', role: 'LIAISON', departmentName: '省财政厅' });
    const result = await t.app.get(PlanImportService).commit(
      {
        content: DOC,
        sourceName: 'r.txt',
        defaultDueOn: '2026-12-24',
        createUnknownUnits: true,
        confirmAllReview: true,
      },
      null,
    );
    planId = result.planId;
    admin = await login(t.url, 'admin');
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });

  it('takes the reporting cadence the document states (每月20日前) into the plan policy', async () => {
    const res = await api(`/plans/${planId}/policy`, { headers: admin });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      reporting: { cadence: 'monthly', dueDay: 20, remindBefore: 3, urgeAfter: 1 },
      sendHour: 9,
      deadlineReminders: [5, 1],
    });
  });

  it('reminds the lead liaison before the report is due, and urges only what was not reported', async () => {
    const reminders = t.app.get(RemindersService);
    const waves = t.app.get(ReminderWaveService);
    expect(await reminders.planReportReminders()).toBe(6); // 3 lead assignments × (due, missed)
    expect(await reminders.planReportReminders()).toBe(0);

    t.clock.set('2026-11-17T01:00:00Z'); // Tuesday 09:00: 3 working days before Friday the 20th
    await waves.run();
    const [due] = await eventually(
      async () => digestsTo('mz@example.test').length === 1 && digestsTo('mz@example.test'),
    );
    expect(due!.subject).toContain('3项任务需报送进展');
    expect(due!.text).toContain('2026年11月20日前报送');
    // Supporting departments report to the lead, not to the office: no reminder for 省财政厅.
    expect(digestsTo('cz@example.test')).toHaveLength(0);

    const liaison = await login(t.url, 'mz');
    const tasks = (await (await api('/me/tasks', { headers: liaison })).json()) as {
      id: string;
      no: number;
      reportVersion: number;
    }[];
    const task1 = tasks.find((x) => x.no === 1)!;
    const report = await api(`/tasks/${task1.id}/reports`, {
      method: 'POST',
      headers: liaison,
      body: { percent: 20, narrative: '本月已完成调研', version: task1.reportVersion },
    });
    expect(report.status).toBe(201);

    t.clock.set('2026-11-23T01:00:00Z'); // Monday after the due Friday
    mail.clear();
    await waves.run();
    const [urged] = await eventually(
      async () => digestsTo('mz@example.test').length === 1 && digestsTo('mz@example.test'),
    );
    expect(urged!.text).toContain('尚未收到');
    expect(urged!.text).toContain('第2项');
    expect(urged!.text).toContain('第3项');
    expect(urged!.text).not.toMatch(/第1项(?!\d)/);
    const skipped = await t.prisma.reminder.findFirstOrThrow({
      where: { kind: 'REPORT_MISSED', assignment: { taskId: task1.id } },
    });
    expect(skipped).toMatchObject({ status: 'SKIPPED', skippedReason: '本期进展已报送' });
    // The next period (due 12-21, the 20th being a Sunday is not moved: reports fall due on the date).
    expect(await reminders.planReportReminders()).toBe(6);
  });

  it('refuses an invalid policy, naming the field, and changes nothing', async () => {
    const res = await api(`/plans/${planId}/policy`, {
      method: 'PUT',
      headers: admin,
      body: { sendHour: 23 },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; details: { field: string }[] };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.details.map((d) => d.field)).toContain('sendHour');
    const liaison = await login(t.url, 'mz');
    expect(
      (await api(`/plans/${planId}/policy`, { method: 'PUT', headers: liaison, body: {} })).status,
    ).toBe(403);
  });

  it('re-plans pending deadline reminders when the policy changes, and counts what changed', async () => {
    const deadline = { kind: 'DEADLINE_APPROACHING' as const, status: 'PENDING' as const };
    expect(await t.prisma.reminder.count({ where: { ...deadline, offsetWorkingDays: 5 } })).toBe(4);
    const res = await api(`/plans/${planId}/policy`, {
      method: 'PUT',
      headers: admin,
      body: {
        deadlineReminders: [3, 1],
        sendHour: 10,
        reporting: { cadence: 'monthly', dueDay: 20 },
      },
    });
    expect(res.status).toBe(200);
    // 4 assignments: T−5 cancelled, T−3 added, T−1 moved from 09:00 to 10:00.
    expect(await res.json()).toMatchObject({ reminders: { cancelled: 4, added: 4, moved: 4 } });
    const t1 = await t.prisma.reminder.findFirstOrThrow({
      where: { ...deadline, offsetWorkingDays: 1 },
    });
    expect(t1.fireAt.toISOString()).toBe('2026-12-23T02:00:00.000Z');
    expect(await t.prisma.reminder.count({ where: { ...deadline, offsetWorkingDays: 3 } })).toBe(4);
  });

  it('moves pending reminders and the ladder when a holiday year is corrected, and says how many', async () => {
    const year = (await (await api('/calendar/years/2026', { headers: admin })).json()) as {
      provisional: boolean;
      days: { date: string; kind: string; name: string | null }[];
    };
    const extra = [
      { date: '2026-12-23', kind: 'HOLIDAY', name: '测试假日' },
      { date: '2026-12-25', kind: 'HOLIDAY', name: '测试假日' },
    ];
    const put = (days: unknown[]) =>
      api('/calendar/years/2026', {
        method: 'PUT',
        headers: admin,
        body: { provisional: false, days },
      });
    try {
      const res = await put([...year.days, ...extra]);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { moved: { reminders: number; escalations: number } };
      // For the 24th, T−1 moves from the 23rd to the 22nd and T−3 from the 21st to the 18th
      // (4 assignments each); the 3 tasks' urging and supervision days move past the 25th.
      expect(body.moved.reminders).toBe(8);
      expect(body.moved.escalations).toBe(3);
      const t1 = await t.prisma.reminder.findFirstOrThrow({
        where: { kind: 'DEADLINE_APPROACHING', status: 'PENDING', offsetWorkingDays: 1 },
      });
      expect(t1.fireAt.toISOString()).toBe('2026-12-22T02:00:00.000Z');
    } finally {
      expect((await put(year.days)).status).toBe(200);
    }
  });

  it('reminds a supporting department of its sub-deadline and warns it when it stays silent', async () => {
    // Task 1: 省民政厅 leads, 省财政厅 supports. The plan now sends at 10:00 (policy test above).
    const lead = await login(t.url, 'mz');
    const task1 = await t.prisma.task.findFirstOrThrow({
      where: { planId, no: 1 },
      include: { assignments: { include: { department: true } } },
    });
    const support = task1.assignments.find((a) => a.department.name === '省财政厅')!;
    t.clock.set('2026-11-23T02:00:00Z');
    const set = await api(`/tasks/${task1.id}/assignments/${support.id}/sub-deadline`, {
      method: 'PUT',
      headers: lead,
      body: { subDueOn: '2026-11-27' },
    });
    expect(set.status).toBe(200);
    const waves = t.app.get(ReminderWaveService);
    mail.clear();
    t.clock.set('2026-11-24T02:00:00Z'); // Tuesday 10:00: 3 working days before Friday the 27th
    await waves.run();
    const [due] = await eventually(
      async () => digestsTo('cz@example.test').length === 1 && digestsTo('cz@example.test'),
    );
    expect(due!.text).toContain('第1项');
    expect(due!.text).toContain('2026年11月27日前报送');
    t.clock.set('2026-11-30T02:00:00Z'); // Monday 10:00, the first working day after
    await waves.run();
    const warned = await eventually(
      async () => digestsTo('cz@example.test').length === 2 && digestsTo('cz@example.test'),
    );
    expect(warned[1]!.text).toContain('尚未收到');
    // The lead is not warned for its supporting department's silence.
    expect(
      digestsTo('mz@example.test').filter((m) => m.text.includes('2026年11月27日')),
    ).toHaveLength(0);
  });
});
