import { MailCapture } from '../../scripts/kit/mail-capture';
import { AckPlanningService } from '../../src/modules/acknowledgement/ack-planning.service';
import { resolvePolicy } from '../../src/modules/plan-policy/resolve-policy';
import { sourcePolicyInput } from '../../src/modules/plan-policy/source-policy';
import { RemindersService } from '../../src/modules/reminders/reminders.service';
import { WorkArrival } from '../../src/modules/tasks/work-arrival.service';
import { AuthService } from '../../src/modules/auth/auth.service';
import { eventually, settled, signedIn } from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';
import { client, PASSWORD, Seed, seed } from './duban-fixtures';

/**
 * 签收 and 退回 end to end: the deadline planned on arrival, the department's answers, the office's
 * decisions on returns (each audited), the window, the two reminders over real SMTP, the board's
 * rates against a hand count, the implicit acknowledgement of a report, and the first report of a
 * policy with `firstWithin` before a weekly cadence.
 */
describe('acknowledgement and return (e2e)', () => {
  const mail = new MailCapture();
  let t: TestApp;
  let s: Seed;
  let api: ReturnType<typeof client>;
  const tokens: Record<string, string> = {};
  // Monday 2026-11-23, 08:00 in Shanghai: 3 working days to acknowledge ⇒ Thursday 26th.
  const MONDAY = '2026-11-23T00:00:00Z';

  const as = (who: string) => tokens[who]!;
  const assignment = (taskId: string, departmentId: string) =>
    t.prisma.assignment.findFirstOrThrow({ where: { taskId, departmentId } });
  const auditOf = (entityId: string) =>
    t.prisma.auditEvent.findMany({ where: { entityId }, orderBy: { at: 'asc' } });
  /** What reached `address`, the assignment notices (交办通知, tested in their own suite) aside. */
  const to = (address: string) =>
    mail.messages().filter((m) => m.to.includes(address) && !m.subject.startsWith('【交办通知】'));
  /** The task numbers a digest lists (its 任务编号 fields). */
  const listed = (text: string) =>
    [...text.matchAll(/任务编号\S*?(第\d+项)/g)].map((m) => m[1]!).sort();

  beforeAll(async () => {
    const { smtpPort } = await mail.start();
    t = await createTestApp({ start: MONDAY, env: { SMTP_PORT: String(smtpPort) } });
    api = client(t.url);
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
  });
  beforeEach(async () => {
    await resetDatabase(t.prisma);
    mail.clear();
    t.clock.set(MONDAY);
    s = await seed(t);
    const emails: [string, string][] = [
      [s.people.liaisonMz, 'mz@example.test'],
      [s.people.headMz, 'head.mz@example.test'],
      [s.people.liaisonCz, 'cz@example.test'],
    ];
    for (const [id, email] of emails)
      await t.prisma.person.update({ where: { id }, data: { email } });
    await t.prisma.person.create({
      data: {
        username: 'liaison.fg',
        displayName: '测试-liaison.fg',
        role: 'LIAISON',
        departmentId: s.departments.fagai,
        passwordHash: (
          await t.prisma.person.findUniqueOrThrow({ where: { id: s.people.liaisonMz } })
        ).passwordHash,
      },
    });
    // Signed in through the service: the login route's per-address limit is not under test.
    const auth = t.app.get(AuthService);
    for (const u of ['liaison.mz', 'head.mz', 'liaison.cz', 'liaison.fg', 'supervisor', 'leader']) {
      tokens[u] = (await signedIn(auth.login({ username: u, password: PASSWORD }))).accessToken;
    }
    await t.app.get(WorkArrival).settle();
  });

  it('plans every open assignment once on arrival: deadline, ACK_DUE and ACK_OVERDUE', async () => {
    const planned = await t.prisma.assignment.findMany({ where: { ackDueOn: { not: null } } });
    // t1 (民政, 财政), t2 (财政, 民政), t3 (发改), t4 (民政); the closed t5 is left alone.
    expect(planned).toHaveLength(6);
    expect(new Set(planned.map((a) => a.ackDueOn!.toISOString().slice(0, 10)))).toEqual(
      new Set(['2026-11-26']),
    );
    const reminders = await t.prisma.reminder.findMany({
      where: { kind: { in: ['ACK_DUE', 'ACK_OVERDUE'] } },
    });
    expect(reminders).toHaveLength(12);
    const fireTimes = new Set(reminders.map((r) => `${r.kind}@${r.fireAt.toISOString()}`));
    expect(fireTimes).toEqual(
      new Set(['ACK_DUE@2026-11-26T01:00:00.000Z', 'ACK_OVERDUE@2026-11-27T01:00:00.000Z']),
    );
    // Idempotent, also when two passes race.
    const again = await Promise.all([
      t.app.get(AckPlanningService).planArrivals(),
      t.app.get(AckPlanningService).planArrivals(),
    ]);
    expect(again.map((r) => r.planned)).toEqual([0, 0]);
    expect(await t.prisma.reminder.count()).toBe(12);
  });

  it('acknowledges (idempotently) and refuses other roles, other departments and returned work', async () => {
    const first = await api.call('POST', `/tasks/${s.tasks.t1}/acknowledge`, {
      token: as('liaison.mz'),
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ackState: 'ACKNOWLEDGED', ackDueOn: '2026-11-26' });
    const second = await api.call('POST', `/tasks/${s.tasks.t1}/acknowledge`, {
      token: as('head.mz'),
    });
    expect(second.status).toBe(200);
    expect(second.body.ackedAt).toBe(first.body.ackedAt);
    const a = await assignment(s.tasks.t1, s.departments.minzheng);
    expect(a.ackedById).toBe(s.people.liaisonMz);
    expect((await auditOf(a.id)).map((e) => e.action)).toEqual(['assignment.acknowledged']);
    // Its pending reminders stop.
    expect(
      await t.prisma.reminder.count({ where: { assignmentId: a.id, status: 'PENDING' } }),
    ).toBe(0);

    expect(
      (await api.call('POST', `/tasks/${s.tasks.t1}/acknowledge`, { token: as('supervisor') }))
        .status,
    ).toBe(403);
    // 财政 is not on t3: out of its scope, 404 as if missing.
    expect(
      (await api.call('POST', `/tasks/${s.tasks.t3}/acknowledge`, { token: as('liaison.cz') }))
        .status,
    ).toBe(404);

    // t5 is closed: nothing to acknowledge any more.
    const closed = await api.call('POST', `/tasks/${s.tasks.t5}/acknowledge`, {
      token: as('liaison.mz'),
    });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('TASK_CLOSED');

    const ret = await api.call('POST', `/tasks/${s.tasks.t4}/return`, {
      token: as('liaison.mz'),
      body: { reason: '属于卫健委职责' },
    });
    expect(ret.status).toBe(200);
    const refused = await api.call('POST', `/tasks/${s.tasks.t4}/acknowledge`, {
      token: as('liaison.mz'),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ACK_RETURNED');
  });

  it('returns within the window only, with a reason, never after acknowledging', async () => {
    const noReason = await api.call('POST', `/tasks/${s.tasks.t4}/return`, {
      token: as('liaison.mz'),
      body: { reason: '   ' },
    });
    expect(noReason.status).toBe(400);
    const ok = await api.call('POST', `/tasks/${s.tasks.t4}/return`, {
      token: as('liaison.mz'),
      body: { reason: '属于卫健委职责' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ackState: 'RETURNED', returnReason: '属于卫健委职责' });
    const a = await assignment(s.tasks.t4, s.departments.minzheng);
    const [audit] = await auditOf(a.id);
    expect(audit).toMatchObject({ action: 'assignment.returned', actorId: s.people.liaisonMz });
    expect(audit!.data).toMatchObject({ reason: '属于卫健委职责', taskId: s.tasks.t4 });
    const twice = await api.call('POST', `/tasks/${s.tasks.t4}/return`, {
      token: as('liaison.mz'),
      body: { reason: '再次退回' },
    });
    expect(twice.status).toBe(409);

    await api.call('POST', `/tasks/${s.tasks.t1}/acknowledge`, { token: as('liaison.mz') });
    const afterAck = await api.call('POST', `/tasks/${s.tasks.t1}/return`, {
      token: as('liaison.mz'),
      body: { reason: '不属于本部门' },
    });
    expect(afterAck.status).toBe(409);
    expect(afterAck.body.code).toBe('ACK_ALREADY_ACKNOWLEDGED');

    // The last day (Thursday 26th, 23:00) is still inside; Friday is not.
    t.clock.set('2026-11-26T15:00:00Z');
    const lastDay = await api.call('POST', `/tasks/${s.tasks.t3}/return`, {
      token: as('liaison.fg'),
      body: { reason: '不属于本部门' },
    });
    expect(lastDay.status).toBe(200);
    t.clock.set('2026-11-26T16:00:00Z');
    const late = await api.call('POST', `/tasks/${s.tasks.t2}/return`, {
      token: as('liaison.cz'),
      body: { reason: '不属于本部门' },
    });
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('ACK_WINDOW_CLOSED');
    expect(late.body.message).toContain('职责异议');
    expect((await assignment(s.tasks.t2, s.departments.caizheng)).ackState).toBe('PENDING');
  });

  it('insists on a return: a fresh window, a message to the department, audited; once', async () => {
    await api.call('POST', `/tasks/${s.tasks.t4}/return`, {
      token: as('liaison.mz'),
      body: { reason: '属于卫健委职责' },
    });
    t.clock.set('2026-11-25T02:00:00Z'); // Wednesday
    const path = `/tasks/${s.tasks.t4}/returns/${s.departments.minzheng}/insist`;
    expect((await api.call('POST', path, { token: as('liaison.mz'), body: {} })).status).toBe(403);
    const res = await api.call('POST', path, {
      token: as('supervisor'),
      body: { reason: '养老服务由民政牵头' },
    });
    expect(res.status).toBe(200);
    // Wednesday + 3 working days = Monday 30th.
    expect(res.body).toMatchObject({ ackState: 'PENDING', ackDueOn: '2026-11-30' });
    const a = await assignment(s.tasks.t4, s.departments.minzheng);
    expect((await auditOf(a.id)).map((e) => e.action)).toEqual([
      'assignment.returned',
      'assignment.return_insisted',
    ]);
    const fresh = await t.prisma.reminder.findMany({
      where: { assignmentId: a.id, status: 'PENDING' },
      orderBy: { fireAt: 'asc' },
    });
    expect(fresh.map((r) => [r.kind, r.dueOn.toISOString().slice(0, 10)])).toEqual([
      ['ACK_DUE', '2026-11-30'],
      ['ACK_OVERDUE', '2026-11-30'],
    ]);
    const [message] = await eventually(async () => {
      const m = to('mz@example.test');
      return m.length > 0 && m;
    });
    expect(message!.subject).toContain('坚持交办');
    expect(message!.text).toContain('养老服务由民政牵头');
    expect(message!.text).toContain('属于卫健委职责');
    const again = await api.call('POST', path, { token: as('supervisor'), body: {} });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ACK_NOT_RETURNED');
  });

  it('reassigns a return: the department leaves, the new one arrives with its deadline', async () => {
    await api.call('POST', `/tasks/${s.tasks.t2}/return`, {
      token: as('liaison.cz'),
      body: { reason: '应由发改委牵头' },
    });
    const path = `/tasks/${s.tasks.t2}/returns/${s.departments.caizheng}/reassign`;
    const none = await api.call('POST', path, { token: as('supervisor'), body: {} });
    expect(none.status).toBe(400);
    const res = await api.call('POST', path, {
      token: as('supervisor'),
      body: { leadDepartmentIds: [s.departments.fagai], reason: '改由发改委牵头' },
    });
    expect(res.status).toBe(200);
    expect(res.body.addedDepartmentIds).toEqual([s.departments.fagai]);
    const gone = await assignment(s.tasks.t2, s.departments.caizheng);
    expect(gone.removedAt).not.toBeNull();
    expect(
      await t.prisma.reminder.count({ where: { assignmentId: gone.id, status: 'PENDING' } }),
    ).toBe(0);
    const arrived = await assignment(s.tasks.t2, s.departments.fagai);
    expect(arrived).toMatchObject({ role: 'LEAD', ackState: 'PENDING', removedAt: null });
    expect(arrived.ackDueOn!.toISOString().slice(0, 10)).toBe('2026-11-26');
    expect((await auditOf(gone.id)).map((e) => e.action)).toEqual([
      'assignment.returned',
      'assignment.return_reassigned',
    ]);
    // The new department sees it and acknowledges it; the old one no longer reaches it.
    expect(
      (await api.call('POST', `/tasks/${s.tasks.t2}/acknowledge`, { token: as('liaison.fg') }))
        .status,
    ).toBe(200);
    expect(
      (await api.call('POST', `/tasks/${s.tasks.t2}/acknowledge`, { token: as('liaison.cz') }))
        .status,
    ).toBe(404);
    const again = await api.call('POST', path, {
      token: as('supervisor'),
      body: { leadDepartmentIds: [s.departments.fagai] },
    });
    expect(again.status).toBe(404);
  });

  it('sends ACK_DUE on the last morning and ACK_OVERDUE to the head after it, once each, skipping answered work', async () => {
    const reminders = t.app.get(RemindersService);
    t.clock.set('2026-11-26T01:00:00Z');
    await reminders.enqueueDue();
    await settled(t.prisma, t.clock.now());
    const due = await eventually(async () => {
      const m = to('mz@example.test');
      return m.length > 0 && m;
    });
    expect(due).toHaveLength(1);
    expect(due[0]!.subject).toContain('签收');
    // 民政 is on t1, t2 and t4; its head is not told on the last day.
    expect(listed(due[0]!.text)).toEqual(['第1项', '第2项', '第4项']);
    expect(to('head.mz@example.test')).toHaveLength(0);
    expect(await t.prisma.reminder.count({ where: { kind: 'ACK_DUE', status: 'SENT' } })).toBe(6);

    // 民政 acknowledges t1; 财政 reports on t2 (a report acknowledges implicitly).
    t.clock.set('2026-11-26T03:00:00Z');
    await api.call('POST', `/tasks/${s.tasks.t1}/acknowledge`, { token: as('liaison.mz') });
    const report = await api.call('POST', `/tasks/${s.tasks.t2}/reports`, {
      token: as('liaison.cz'),
      body: { percent: 10, narrative: '已启动', version: 0 },
    });
    expect(report.status).toBe(201);
    const implicit = await assignment(s.tasks.t2, s.departments.caizheng);
    expect(implicit).toMatchObject({ ackState: 'ACKNOWLEDGED', ackedById: s.people.liaisonCz });

    t.clock.set('2026-11-27T01:00:00Z');
    await reminders.enqueueDue();
    await settled(t.prisma, t.clock.now());
    const urged = await eventually(async () => {
      const m = to('head.mz@example.test');
      return m.length > 0 && m;
    });
    expect(urged[0]!.subject).toContain('逾期未签收');
    // Still pending for 民政: t2 (support) and t4; t1 was acknowledged.
    expect(listed(urged[0]!.text)).toEqual(['第2项', '第4项']);
    const overdue = await t.prisma.reminder.findMany({
      where: { kind: 'ACK_OVERDUE' },
      include: { assignment: true },
    });
    const outcome = (taskId: string, departmentId: string) =>
      overdue.find(
        (r) => r.assignment.taskId === taskId && r.assignment.departmentId === departmentId,
      )!;
    expect(outcome(s.tasks.t1, s.departments.minzheng).status).toBe('CANCELLED');
    expect(outcome(s.tasks.t2, s.departments.caizheng)).toMatchObject({ status: 'SKIPPED' });
    expect(outcome(s.tasks.t2, s.departments.caizheng).skippedReason).toContain('已签收');
    expect(overdue.filter((r) => r.status === 'SENT')).toHaveLength(4);

    // Nothing more, however often the waves are enqueued.
    await reminders.enqueueDue();
    await settled(t.prisma, t.clock.now());
    await new Promise((r) => setTimeout(r, 300));
    expect(to('mz@example.test')).toHaveLength(2);
    expect(to('head.mz@example.test')).toHaveLength(1);
    expect(to('cz@example.test')).toHaveLength(2);
  });

  it('sends only the urging when both moments passed before a wave ran (no backlog)', async () => {
    t.clock.set('2026-11-30T02:00:00Z');
    await t.app.get(RemindersService).enqueueDue();
    await settled(t.prisma, t.clock.now());
    expect(await t.prisma.reminder.count({ where: { kind: 'ACK_DUE', status: 'SENT' } })).toBe(0);
    expect(await t.prisma.reminder.count({ where: { kind: 'ACK_DUE', status: 'SKIPPED' } })).toBe(
      6,
    );
    expect(await t.prisma.reminder.count({ where: { kind: 'ACK_OVERDUE', status: 'SENT' } })).toBe(
      6,
    );
    const m = await eventually(async () => {
      const x = to('mz@example.test');
      return x.length > 0 && x;
    });
    expect(m).toHaveLength(1);
  });

  it('counts acknowledgement rates by department as a hand count does', async () => {
    // 民政: t1 on time (Wed), t4 late (Fri); t2 support pending, overdue by Friday.
    // 财政: t1 support returned; t2 lead on time.  发改: t3 pending, overdue.
    t.clock.set('2026-11-25T02:00:00Z');
    await api.call('POST', `/tasks/${s.tasks.t1}/acknowledge`, { token: as('liaison.mz') });
    await api.call('POST', `/tasks/${s.tasks.t2}/acknowledge`, { token: as('liaison.cz') });
    await api.call('POST', `/tasks/${s.tasks.t1}/return`, {
      token: as('liaison.cz'),
      body: { reason: '配合事项不属于本部门' },
    });
    t.clock.set('2026-11-27T02:00:00Z');
    await api.call('POST', `/tasks/${s.tasks.t4}/acknowledge`, { token: as('liaison.mz') });
    const board = await api.call('GET', '/supervision/acknowledgements', {
      token: as('supervisor'),
    });
    expect(board.status).toBe(200);
    const rate = (departmentId: string) =>
      board.body.rates.find((r: { departmentId: string }) => r.departmentId === departmentId);
    expect(rate(s.departments.minzheng)).toMatchObject({
      total: 3,
      onTime: 1,
      late: 1,
      pending: 1,
      overdue: 1,
      returned: 0,
      onTimeRate: 33.3,
    });
    expect(rate(s.departments.caizheng)).toMatchObject({
      total: 2,
      onTime: 1,
      late: 0,
      pending: 0,
      returned: 1,
      onTimeRate: 50,
    });
    expect(rate(s.departments.fagai)).toMatchObject({ total: 1, pending: 1, overdue: 1 });
    expect(board.body.returned).toHaveLength(1);
    expect(board.body.returned[0]).toMatchObject({
      taskId: s.tasks.t1,
      departmentId: s.departments.caizheng,
      returnReason: '配合事项不属于本部门',
    });
    expect(board.body.overdue.map((i: { taskId: string }) => i.taskId).sort()).toEqual(
      [s.tasks.t2, s.tasks.t3].sort(),
    );
    expect(board.body.pending).toHaveLength(0);
    // A department sees no board.
    expect(
      (await api.call('GET', '/supervision/acknowledgements', { token: as('liaison.mz') })).status,
    ).toBe(403);
  });

  it('plans the first report within firstWithin working days, then the weekly cadence', async () => {
    const policy = resolvePolicy(sourcePolicyInput('INSTRUCTION', {})).policy;
    const plan = await t.prisma.plan.create({
      data: {
        title: '领导批示件',
        source: 'INSTRUCTION',
        contentHash: 'instruction',
        sourceName: 'manual',
        policy: policy as object,
        tasks: {
          create: {
            no: 1,
            text: '请民政厅牵头研究落实',
            dueSource: 'ONGOING',
            source: 'INSTRUCTION',
            assignments: {
              create: { departmentId: s.departments.minzheng, role: 'LEAD', ordinal: 0 },
            },
          },
        },
      },
      include: { tasks: { include: { assignments: true } } },
    });
    const a = plan.tasks[0]!.assignments[0]!;
    await t.app.get(WorkArrival).settle();
    const planned = await t.prisma.assignment.findUniqueOrThrow({ where: { id: a.id } });
    // 批示件: one working day to acknowledge.
    expect(planned.ackDueOn!.toISOString().slice(0, 10)).toBe('2026-11-24');
    const first = await t.prisma.reminder.findMany({
      where: { assignmentId: a.id, kind: { in: ['REPORT_DUE', 'REPORT_MISSED'] } },
    });
    // First report within 5 working days: Monday 30th.
    expect(first.map((r) => [r.kind, r.dueOn.toISOString().slice(0, 10)]).sort()).toEqual([
      ['REPORT_DUE', '2026-11-30'],
      ['REPORT_MISSED', '2026-11-30'],
    ]);
    const reminders = t.app.get(RemindersService);
    // The week's Friday report (27th) comes before the first report: not planned.
    await reminders.planReportReminders();
    expect(await t.prisma.reminder.count({ where: { assignmentId: a.id } })).toBe(4);
    // The next Friday (December 4th) is after it: the weekly cadence takes over.
    t.clock.set('2026-12-01T01:00:00Z');
    await reminders.planReportReminders();
    const weekly = await t.prisma.reminder.findMany({
      where: { assignmentId: a.id, dueOn: new Date('2026-12-04') },
    });
    expect(weekly.map((r) => r.kind).sort()).toEqual(['REPORT_DUE', 'REPORT_MISSED']);
  });
});
