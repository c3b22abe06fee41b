import { MailCapture } from '../../scripts/kit/mail-capture';
import { SchedulerService } from '../../src/modules/scheduler/scheduler.service';
import { createPerson, finished, seedPendingReminders, settled } from '../support/fixtures';
import { countBy, deliveryIdOf } from '../support/mail-counts';
import { startPrivateRedis, PrivateRedis } from '../support/private-redis';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * The clock jumps past 600 deadlines at once (a host asleep for three weeks, or a clock corrected
 * forwards): the service must neither replay every missed reminder nor run the whole ladder for
 * each task. After the jump the scheduler's tick runs as the process would run it (reconcile, then
 * the overdue sweep), then again in later minutes and on the next working day. Counted in
 * PostgreSQL and in the SMTP sink: no passed reminder sent, each task on exactly one live step of
 * the ladder (the highest reached; the ones below recorded as superseded), one audit record per
 * step, every email delivery in the sink exactly once, and nothing new on the later ticks.
 *
 * November 2026 has no holidays. Deadlines: plan A on Fri 6 Nov (13 working days overdue on the
 * 25th: red card), plan B on Fri 13 Nov (8: supervision notice), plan C on Fri 20 Nov (3: urging).
 */
const DEPARTMENTS = 20;
const TASKS_EACH = 10;
const PER_PLAN = DEPARTMENTS * TASKS_EACH;
const PLANS = [
  { dueOn: '2026-11-06', step: 'RED_CARD', below: ['URGING', 'SUPERVISION'] },
  { dueOn: '2026-11-13', step: 'SUPERVISION', below: ['URGING'] },
  { dueOn: '2026-11-20', step: 'URGING', below: [] },
] as const;

describe('the clock jumping past many deadlines at once', () => {
  const mail = new MailCapture();
  let redis: PrivateRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const { smtpPort } = await mail.start();
    t = await createTestApp({
      start: '2026-11-02T01:00:00Z', // Mon 2 Nov 09:00 Shanghai
      env: { REDIS_URL: redis.url, SMTP_PORT: String(smtpPort) },
    });
    await resetDatabase(t.prisma);
  });

  afterAll(async () => {
    await t?.close();
    await mail.stop();
    await redis.stop();
  });

  async function tick(): Promise<void> {
    await finished(t, await t.app.get(SchedulerService).tick());
    await settled(t.prisma, t.clock.now(), 60_000);
  }

  async function counts() {
    const [escalations, live, audits, deliveries, sentReminders] = await Promise.all([
      t.prisma.escalation.count(),
      t.prisma.escalation.count({ where: { superseded: false } }),
      t.prisma.auditEvent.count({ where: { action: { startsWith: 'escalation.' } } }),
      t.prisma.delivery.count(),
      t.prisma.reminder.count({ where: { status: 'SENT' } }),
    ]);
    return { escalations, live, audits, deliveries, sentReminders, mails: mail.messages().length };
  }

  it('sends no passed reminder, puts each task on one step of the ladder, and repeats nothing', async () => {
    const planIds: string[] = [];
    for (const p of PLANS) {
      // T−1 reminders at 09:00 the working day before each deadline, still pending.
      const dayBefore = new Date(`${p.dueOn}T01:00:00Z`);
      dayBefore.setUTCDate(dayBefore.getUTCDate() - 1);
      planIds.push(
        await seedPendingReminders(t.prisma, {
          departments: DEPARTMENTS,
          tasksEach: TASKS_EACH,
          dueOn: p.dueOn,
          fireAt: dayBefore,
        }),
      );
    }
    await createPerson(t.prisma, { username: 'jump.office', role: 'SUPERVISOR' });
    const leader = await createPerson(t.prisma, { username: 'jump.leader', role: 'LEADER' });
    await t.prisma.$executeRaw`
      INSERT INTO leader_department (leader_id, department_id)
      SELECT ${leader.id}::uuid, id FROM department`;
    expect(await t.prisma.reminder.count({ where: { status: 'PENDING' } })).toBe(3 * PER_PLAN);

    // Wed 25 Nov 09:30 Shanghai: every deadline above has passed.
    t.clock.set('2026-11-25T01:30:00Z');
    await tick();
    const first = await counts();

    // No missed reminder is replayed.
    expect(first.sentReminders).toBe(0);
    expect(await t.prisma.reminder.count({ where: { status: 'SKIPPED' } })).toBe(3 * PER_PLAN);
    expect(await t.prisma.delivery.count({ where: { template: 'reminder-digest' } })).toBe(0);

    // Each task: one live step, the highest reached; the steps below it recorded, superseded.
    for (const [i, p] of PLANS.entries()) {
      const rows = await t.prisma.escalation.findMany({
        where: { task: { planId: planIds[i] } },
        select: { taskId: true, level: true, superseded: true },
      });
      const live = rows.filter((r) => !r.superseded);
      expect(live).toHaveLength(PER_PLAN);
      expect(new Set(live.map((r) => r.taskId)).size).toBe(PER_PLAN);
      expect(live.every((r) => r.level === p.step)).toBe(true);
      const superseded = rows.filter((r) => r.superseded);
      expect(superseded).toHaveLength(PER_PLAN * p.below.length);
      expect([...countBy(superseded.map((r) => r.level)).keys()].sort()).toEqual(
        [...p.below].sort(),
      );
    }
    expect(first.live).toBe(3 * PER_PLAN);
    expect(first.escalations).toBe(PER_PLAN * (3 + 2 + 1));
    // One audit record per step, live or superseded.
    expect(first.audits).toBe(first.escalations);
    // Supervision notices are numbered once each, without gaps.
    const numbers = (
      await t.prisma.escalation.findMany({
        where: { level: 'SUPERVISION', superseded: false },
        select: { noticeNo: true },
      })
    ).map((e) => e.noticeNo);
    expect(new Set(numbers).size).toBe(PER_PLAN);

    // Every email the ladder (and the lagging check) wrote reached the sink exactly once.
    const emails = await t.prisma.delivery.findMany({
      where: { channel: 'EMAIL' },
      select: { id: true, status: true, template: true },
    });
    expect(emails.length).toBeGreaterThan(0);
    expect(emails.every((d) => d.status === 'SENT')).toBe(true);
    const perDelivery = countBy(mail.messages().map(deliveryIdOf));
    expect(mail.messages()).toHaveLength(emails.length);
    expect(emails.every((d) => perDelivery.get(d.id) === 1)).toBe(true);
    for (const template of ['urging-notice', 'supervision-notice', 'red-card']) {
      expect(emails.some((d) => d.template === template)).toBe(true);
    }

    // Later ticks, the same day and the next working day: nothing repeated, nothing new on the ladder.
    t.clock.set('2026-11-25T01:33:00Z');
    await tick();
    t.clock.set('2026-11-26T01:30:00Z');
    await tick();
    const later = await counts();
    expect(later).toEqual(first);
    console.info(
      `clock-jump: ${3 * PER_PLAN} tasks, ${first.escalations} ladder steps (${first.live} live), ` +
        `${first.audits} audit records, ${emails.length} emails; nothing more on 2 later ticks`,
    );
  }, 120_000);
});
