import { EscalationService } from '../../src/modules/escalation/escalation.service';
import { createTestApp, resetDatabase, type TestApp } from '../support/test-app';
import { client, seed, type Seed } from './duban-fixtures';

/**
 * A supervision notice (督办单) issued by hand: POST /tasks/:id/supervision-notice records the
 * SUPERVISION step for the task's deadline, numbers it from the same yearly sequence as the sweep,
 * sends the same messages, audits the issuer, and is refused with a code when it cannot be issued.
 * Clock: Thursday 2026-12-10; task 1 is due 2026-12-31 (not yet overdue), task 2 due 2026-11-30.
 */
describe('supervision notice issued by hand', () => {
  let t: TestApp;
  let s: Seed;
  let api: ReturnType<typeof client>;
  let sup: string;

  beforeAll(async () => {
    t = await createTestApp({ start: '2026-12-10T01:00:00Z' });
    await resetDatabase(t.prisma);
    s = await seed(t);
    api = client(t.url);
    sup = await api.login('supervisor');
  });
  afterAll(async () => {
    await t?.close();
  });

  const issue = (taskId: string, token = sup) =>
    api.call('POST', `/tasks/${taskId}/supervision-notice`, { token });

  it('records the step with a notice number, sends the sweep’s messages and audits the issuer', async () => {
    const res = await issue(s.tasks.t1);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      taskId: s.tasks.t1,
      noticeNo: '督〔2026〕1号',
      dueOn: '2026-12-31',
    });
    const step = await t.prisma.escalation.findFirstOrThrow({
      where: { taskId: s.tasks.t1, level: 'SUPERVISION' },
    });
    expect(step).toMatchObject({ id: res.body.escalationId, noticeNo: '督〔2026〕1号' });

    // The lead department's liaison and head, and the office: the sweep's supervision-notice.
    const deliveries = await t.prisma.delivery.findMany({
      where: { taskId: s.tasks.t1, template: 'supervision-notice' },
    });
    const recipients = new Set(deliveries.map((d) => d.recipientId));
    expect(recipients).toEqual(new Set([s.people.liaisonMz, s.people.headMz, s.people.supervisor]));
    expect(recipients.size).toBe(res.body.recipients);
    expect(deliveries.every((d) => d.body.includes('督〔2026〕1号'))).toBe(true);
    // Task 1 is not yet due: the notice asks to speed up, it does not call it overdue.
    expect(
      deliveries.every((d) => d.subject.endsWith('请加快办理') && !d.body.includes('逾期')),
    ).toBe(true);

    const audit = await t.prisma.auditEvent.findMany({
      where: { entityId: s.tasks.t1, action: 'escalation.supervision.manual' },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: s.people.supervisor,
      data: { taskId: s.tasks.t1, escalationId: step.id, noticeNo: '督〔2026〕1号' },
    });

    // The task's page shows the step on its ladder, and the inbox holds the notice.
    const liaison = await api.login('liaison.mz');
    const inbox = await api.call('GET', '/me/inbox', { token: liaison });
    expect(JSON.stringify(inbox.body)).toContain('督〔2026〕1号');
  });

  it('refuses a second notice for the same deadline, and the sweep sends nothing twice', async () => {
    const again = await issue(s.tasks.t1);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'NOTICE_ALREADY_ISSUED' });
    expect(again.body.message).toContain('督〔2026〕1号');

    const before = await t.prisma.delivery.count({ where: { taskId: s.tasks.t1 } });
    await t.app.get(EscalationService).sweep();
    expect(await t.prisma.delivery.count({ where: { taskId: s.tasks.t1 } })).toBe(before);
    // The sweep's own notice (task 2, overdue) takes the next number of the same sequence.
    const t2 = await t.prisma.escalation.findFirstOrThrow({
      where: { taskId: s.tasks.t2, level: 'SUPERVISION' },
    });
    expect(t2.noticeNo).toBe('督〔2026〕2号');
    const swept = await issue(s.tasks.t2);
    expect(swept.status).toBe(409);
    expect(swept.body.message).toContain('督〔2026〕2号');
  });

  it('refuses closed and ongoing tasks with a code; only the office may issue', async () => {
    const closed = await issue(s.tasks.t5);
    expect(closed).toMatchObject({ status: 409, body: { code: 'TASK_CLOSED' } });
    const ongoing = await issue(s.tasks.t4);
    expect(ongoing).toMatchObject({ status: 409, body: { code: 'NO_DEADLINE' } });
    for (const who of ['leader', 'liaison.mz']) {
      const res = await issue(s.tasks.t3, await api.login(who));
      expect(res.status).toBe(403);
    }
    const admin = await issue(s.tasks.t3, await api.login('admin'));
    expect(admin).toMatchObject({ status: 201, body: { noticeNo: '督〔2026〕3号' } });
    expect(
      await t.prisma.escalation.count({
        where: { taskId: { in: [s.tasks.t4, s.tasks.t5] }, level: 'SUPERVISION' },
      }),
    ).toBe(0);
  });
});
