import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../src/generated/prisma/client';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { MailCapture } from '../../src/infra/mail-capture/mail-capture';
import { eventually, seedPendingReminders } from '../support/fixtures';
import { startPrivateRedis, PrivateRedis } from '../support/private-redis';
import { freePort } from '../support/free-port';

/**
 * Two real service processes (API, scheduler and workers each) against one PostgreSQL and one Redis:
 * every reminder still goes out once, and both processes do part of the work.
 */
const ROOT = join(__dirname, '..', '..');

describe('two service processes', () => {
  const mail = new MailCapture();
  let redis: PrivateRedis;
  let prisma: PrismaClient;
  const children: ChildProcess[] = [];
  const logs: string[][] = [[], []];

  beforeAll(async () => {
    redis = await startPrivateRedis();
    prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
    });
    await prisma.$executeRawUnsafe(
      `TRUNCATE audit_event, delivery, escalation, reminder, progress_report, assignment, task, section,
         chapter, plan_version, plan, person, department_alias, department RESTART IDENTITY CASCADE`,
    );
  });

  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
    );
    await prisma.$disconnect();
    await mail.stop();
    await redis.stop();
  });

  it('sends each of 40 digests once while both processes work the queues', async () => {
    const { smtpPort } = await mail.start();
    // 40 liaisons × 5 tasks. The processes' clock (4× real time) starts at 08:59:40 Shanghai and the reminders fall
    // due at 09:00, so both processes are up and waiting when the wave and its 40 digests arrive.
    const realStart = Date.now();
    await seedPendingReminders(prisma as unknown as PrismaService, {
      departments: 40,
      tasksEach: 5,
      dueOn: '2026-11-27',
      fireAt: new Date('2026-11-23T01:00:00Z'),
    });
    const env = {
      ...process.env,
      DUBAN_MODE: 'test',
      QUEUE_PREFIX: `duban-two-${randomUUID().slice(0, 8)}`,
      REDIS_URL: redis.url,
      SMTP_PORT: String(smtpPort),
      CLOCK_VIRTUAL_START: '2026-11-23T00:59:40Z',
      CLOCK_REAL_START: String(realStart),
      CLOCK_SPEED: '4',
      TICK_SECONDS: '1',
      LOG_LEVEL: 'info',
      DELIVERY_BACKOFF_MS: '50',
    };
    const ports: number[] = [];
    for (const i of [0, 1]) {
      const port = await freePort();
      ports.push(port);
      const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
        cwd: ROOT,
        env: { ...env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (b: Buffer) => logs[i]!.push(...b.toString().split('\n')));
      child.stderr!.on('data', (b: Buffer) => logs[i]!.push(...b.toString().split('\n')));
      children.push(child);
    }
    await eventually(async () => {
      const healthy = await Promise.all(
        ports.map((p) =>
          fetch(`http://127.0.0.1:${p}/api/v1/health`).then(
            (r) => r.ok,
            () => false,
          ),
        ),
      );
      return healthy.length === 2 && healthy.every(Boolean);
    }, 30_000);
    expect(mail.messages()).toHaveLength(0);
    await eventually(async () => mail.messages().length >= 40, 45_000);
    await eventually(
      async () => (await prisma.delivery.count({ where: { status: 'PENDING' } })) === 0,
      20_000,
    );

    expect(await prisma.reminder.count({ where: { status: 'SENT' } })).toBe(200);
    expect(await prisma.delivery.count({ where: { channel: 'EMAIL' } })).toBe(40);
    const recipients = mail.messages().flatMap((m) => m.to);
    expect(new Set(recipients).size).toBe(40);
    expect(recipients).toHaveLength(40);
    const sentBy = logs.map((l) => l.filter((line) => line.includes('"delivery sent"')).length);
    expect(sentBy[0]! + sentBy[1]!).toBe(40);
    // Both processes took part: the queue, not luck, kept them from sending twice.
    expect(sentBy[0]).toBeGreaterThan(0);
    expect(sentBy[1]).toBeGreaterThan(0);
  });
});
