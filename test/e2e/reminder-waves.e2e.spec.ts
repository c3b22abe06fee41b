import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { MailCapture } from '../../scripts/kit/mail-capture';
import { QueueName } from '../../src/infra/queue/job-catalogue';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { RemindersService } from '../../src/modules/reminders/reminders.service';
import { eventually, seedPendingReminders } from '../support/fixtures';
import { startPrivateRedis, PrivateRedis } from '../support/private-redis';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * Reminder waves: digests per person, quiet hours, and no loss or duplicate when Redis is flushed.
 * Each suite runs on a private redis-server, so flushing it disturbs nobody.
 */
describe('reminder waves (digests, quiet hours, Redis loss)', () => {
  const mail = new MailCapture();
  let redis: PrivateRedis;
  let t: TestApp;

  const itemsIn = (text: string) => (text.match(/第\d+项/g) ?? []).length;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const { smtpPort } = await mail.start();
    // Monday 2026-11-23 08:00 Shanghai.
    t = await createTestApp({
      start: '2026-11-23T00:00:00Z',
      env: { REDIS_URL: redis.url, SMTP_PORT: String(smtpPort) },
    });
  });
  afterAll(async () => {
    await t.close();
    await mail.stop();
    await redis.stop();
  });
  beforeEach(async () => {
    await resetDatabase(t.prisma);
    mail.clear();
    t.clock.set('2026-11-23T00:00:00Z');
  });

  it('sends one digest listing all 30 tasks of a liaison whose reminders fall due together', async () => {
    await seedPendingReminders(t.prisma, {
      departments: 1,
      tasksEach: 30,
      dueOn: '2026-11-24',
      fireAt: new Date('2026-11-23T01:00:00Z'),
    });
    t.clock.set('2026-11-23T01:00:00Z');
    await t.app.get(RemindersService).enqueueDue();
    const [digest] = await eventually(async () => {
      const m = mail.messages().filter((x) => x.to.includes('l1@example.test'));
      return m.length > 0 && m;
    });
    expect(digest!.subject).toContain('30');
    expect(itemsIn(digest!.text)).toBe(30);
    expect(await t.prisma.reminder.count({ where: { status: 'SENT' } })).toBe(30);
    await t.app.get(RemindersService).enqueueDue();
    await eventually(
      async () => (await t.prisma.delivery.count({ where: { status: 'PENDING' } })) === 0,
    );
    expect(mail.messages().filter((x) => x.to.includes('l1@example.test'))).toHaveLength(1);
  });

  it('holds a wave that falls in quiet hours until the morning', async () => {
    // Reminders that were due at 09:00 but whose wave only ran at 23:00 (e.g. after downtime).
    await seedPendingReminders(t.prisma, {
      departments: 2,
      tasksEach: 2,
      dueOn: '2026-11-25',
      fireAt: new Date('2026-11-23T01:00:00Z'),
    });
    t.clock.set('2026-11-23T15:00:00Z'); // 23:00 Shanghai
    await t.app.get(RemindersService).enqueueDue();
    const held = await eventually(async () => {
      const rows = await t.prisma.delivery.findMany({ where: { channel: 'EMAIL' } });
      return rows.length === 2 && rows;
    });
    expect(
      held.every(
        (d) => d.status === 'PENDING' && d.notBefore?.toISOString() === '2026-11-24T00:00:00.000Z',
      ),
    ).toBe(true);
    const queue = t.app.get<Queue>(getQueueToken(QueueName.Deliveries));
    expect(await queue.getDelayedCount()).toBeGreaterThanOrEqual(2);
    expect(mail.messages()).toHaveLength(0);
    // Morning: the held jobs are released (as the delayed jobs would be at 08:00).
    t.clock.set('2026-11-24T00:00:00Z');
    for (const job of await queue.getDelayed()) await job.promote();
    await eventually(async () => mail.messages().length === 2);
  });

  it('delivers each of 1,000 pending reminders exactly once after Redis is flushed twice', async () => {
    // 50 liaisons × 20 tasks; the wave is scheduled for 09:00 and Redis is lost before it runs.
    await seedPendingReminders(t.prisma, {
      departments: 50,
      tasksEach: 20,
      dueOn: '2026-11-27',
      fireAt: new Date('2026-11-23T01:00:00Z'),
    });
    const reminders = t.app.get(RemindersService);
    const notifications = t.app.get(NotificationsService);
    expect(await reminders.enqueueDue()).toMatchObject({ enqueued: 1 });
    await redis.flushAll();

    // 09:00: reconciliation rebuilds the wave from PostgreSQL.
    t.clock.set('2026-11-23T01:00:00Z');
    await reminders.enqueueDue();
    await eventually(
      async () => (await t.prisma.reminder.count({ where: { status: 'PENDING' } })) === 0,
      30_000,
    );
    // Redis is lost again with deliveries in flight: reconciliation re-enqueues the pending ones.
    await redis.flushAll();
    await notifications.reconcilePending();
    await eventually(
      async () => (await t.prisma.delivery.count({ where: { status: 'PENDING' } })) === 0,
      30_000,
    );
    // And once more, for good measure: nothing is sent twice.
    await reminders.enqueueDue();
    await notifications.reconcilePending();

    expect(await t.prisma.reminder.count({ where: { status: 'SENT' } })).toBe(1000);
    const deliveries = await t.prisma.delivery.findMany({ where: { channel: 'EMAIL' } });
    expect(deliveries).toHaveLength(50);
    expect(deliveries.every((d) => d.status === 'SENT')).toBe(true);
    const inbox = mail.messages();
    const perPerson = new Map<string, number>();
    for (const m of inbox) for (const to of m.to) perPerson.set(to, (perPerson.get(to) ?? 0) + 1);
    expect(perPerson.size).toBe(50);
    expect([...perPerson.values()].every((n) => n === 1)).toBe(true);
    expect(inbox.reduce((n, m) => n + itemsIn(m.text), 0)).toBe(1000);
  });
});
