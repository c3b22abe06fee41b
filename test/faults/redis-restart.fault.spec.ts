import { PrismaPg } from '@prisma/adapter-pg';
import { randomUUID } from 'node:crypto';
import { PrismaClient } from '../../src/generated/prisma/client';
import { MailCapture } from '../../scripts/kit/mail-capture';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { eventually, seedPendingReminders } from '../support/fixtures';
import { countBy, deliveryIdOf, listedTaskNumbers } from '../support/mail-counts';
import { startPrivateRedis, PrivateRedis } from '../support/private-redis';
import { healthStatus, ServiceProcess, startServiceProcess } from '../support/service-process';
import { resetDatabase } from '../support/test-app';

/**
 * Redis is lost twice while a service process schedules and sends a reminder wave: the redis-server
 * is killed and started again empty (no persistence) once before the wave falls due, so its delayed
 * job is gone, and once while the wave's digests are being sent, so the queued and in-flight
 * delivery jobs are gone. The process is never restarted: its scheduler's reconcile tick rebuilds
 * what Redis lost from PostgreSQL. Every task is also waiting to be acknowledged (签收) with its last
 * day that Monday, so the wave carries an ACK_DUE reminder per task too. Counted: every reminder
 * SENT once, one digest per liaison in the database and in the SMTP sink, every task listed once
 * per purpose (its deadline, its acknowledgement).
 */
const LIAISONS = 300;
const TASKS_EACH = 4;

describe('Redis restarted and flushed during scheduling', () => {
  const mail = new MailCapture();
  let redis: PrivateRedis;
  let prisma: PrismaClient;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
    });
    await resetDatabase(prisma as unknown as PrismaService);
  });

  afterAll(async () => {
    await service?.stop();
    await prisma.$disconnect();
    await mail.stop();
    await redis.stop();
  });

  it('sends every reminder once after Redis is lost before the wave and again mid-send', async () => {
    const { smtpPort } = await mail.start();
    const fireAt = new Date('2026-11-23T01:00:00Z'); // Monday 09:00 Shanghai
    await seedPendingReminders(prisma as unknown as PrismaService, {
      departments: LIAISONS,
      tasksEach: TASKS_EACH,
      dueOn: '2026-11-24',
      fireAt,
      ack: { kind: 'ACK_DUE', dueOn: '2026-11-23' },
    });
    const tasks = LIAISONS * TASKS_EACH;
    // A deadline reminder and an acknowledgement reminder per task.
    const reminders = tasks * 2;
    // The process's clock starts 30 s before the wave, at real speed, and ticks every second: its
    // reconcile on start puts the wave's delayed job in Redis, and a slow start (under load it took
    // more than 8 s) still leaves the wave ahead of the first loss of Redis.
    service = await startServiceProcess('R', {
      REDIS_URL: redis.url,
      SMTP_PORT: String(smtpPort),
      QUEUE_PREFIX: `duban-redis-${randomUUID().slice(0, 8)}`,
      CLOCK_VIRTUAL_START: new Date(fireAt.getTime() - 30_000).toISOString(),
      CLOCK_REAL_START: String(Date.now()),
      CLOCK_SPEED: '1',
      TICK_SECONDS: '1',
    });

    // 1. Before the wave: the delayed wave job exists in Redis only; Redis dies with it.
    expect(await prisma.reminder.count({ where: { status: 'PENDING' } })).toBe(reminders);
    await redis.restart();
    expect(await prisma.delivery.count()).toBe(0);

    // 2. Mid-send: a third of the digests have reached the sink when Redis dies again.
    await mail.waitFor(() => true, { count: LIAISONS / 3, timeoutMs: 60_000 });
    await redis.restart();
    const atSecondLoss = {
      mails: mail.messages().length,
      pending: await prisma.delivery.count({ where: { status: 'PENDING', channel: 'EMAIL' } }),
    };
    expect(atSecondLoss.pending).toBeGreaterThan(0);

    // The same process recovers: health is green again and the queues are rebuilt from PostgreSQL.
    await eventually(async () => (await healthStatus(service!.url)) === 200, 30_000);
    await eventually(
      async () =>
        (await prisma.delivery.count({ where: { status: 'PENDING' } })) === 0 &&
        mail.messages().length >= LIAISONS &&
        (await prisma.delivery.count({ where: { channel: 'EMAIL' } })) === mail.messages().length,
      60_000,
    );

    expect(await prisma.reminder.count({ where: { status: 'SENT' } })).toBe(reminders);
    expect(await prisma.reminder.count({ where: { status: { not: 'SENT' } } })).toBe(0);
    expect(await prisma.reminder.count({ where: { kind: 'ACK_DUE', status: 'SENT' } })).toBe(tasks);
    // Digests: one per liaison, every task listed once per purpose.
    const digestIds = new Set(
      (
        await prisma.delivery.findMany({
          where: { template: 'reminder-digest', channel: 'EMAIL' },
          select: { id: true },
        })
      ).map((d) => d.id),
    );
    expect(digestIds.size).toBe(LIAISONS);
    const mails = mail.messages();
    const digests = mails.filter((m) => digestIds.has(deliveryIdOf(m)));
    expect(digests).toHaveLength(LIAISONS);
    expect(new Set(digests.flatMap((m) => m.to)).size).toBe(LIAISONS);
    const listed = digests.flatMap(listedTaskNumbers);
    expect(listed).toHaveLength(reminders);
    expect(new Set(listed).size).toBe(tasks);
    expect(digests.every((m) => m.text.includes('签收'))).toBe(true);
    // Every notice the process wrote (the digests, and the lagging warnings its sweep found due)
    // is SENT, and reached the sink exactly once.
    expect(await prisma.delivery.count({ where: { status: { not: 'SENT' } } })).toBe(0);
    const emails = await prisma.delivery.findMany({
      where: { channel: 'EMAIL' },
      select: { id: true },
    });
    const perDelivery = countBy(mails.map(deliveryIdOf));
    expect(mails).toHaveLength(emails.length);
    expect(perDelivery.size).toBe(emails.length);
    expect(emails.every((d) => perDelivery.get(d.id) === 1)).toBe(true);
    console.info(
      `redis-restart: Redis killed and restarted empty before the wave and after ` +
        `${atSecondLoss.mails} mails (${atSecondLoss.pending} emails pending); ` +
        `${reminders} reminders SENT in ${digests.length} digests; ${mails.length} mails for ${emails.length} email deliveries`,
    );
  }, 150_000);
});
