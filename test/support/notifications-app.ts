import { getQueueToken } from '@nestjs/bullmq';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { HttpExceptionFilter } from '../../src/common/errors/http-exception.filter';
import { createValidationPipe } from '../../src/common/errors/validation';
import { AppConfigModule } from '../../src/config/config.module';
import { Clock, ManualClock } from '../../src/infra/clock/clock';
import { ClockModule } from '../../src/infra/clock/clock.module';
import { PrismaModule } from '../../src/infra/prisma/prisma.module';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { QueueName } from '../../src/infra/queue/job-catalogue';
import { QueueModule } from '../../src/infra/queue/queue.module';
import { NotificationsModule } from '../../src/modules/notifications/notifications.module';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { wholeScope } from '../../src/modules/auth/scope';
import { attachScope } from '../../src/modules/auth/scope.decorator';
import { AuditModule } from '../../src/modules/audit/audit.module';
import { HostResolver } from '../../src/modules/notifications/outbound/outbound-guard';

export const PUBLIC_URL = 'http://duban.test';

export interface NotificationsApp {
  app: INestApplication;
  url: string;
  prisma: PrismaService;
  notifications: NotificationsService;
  /** The deliveries queue. */
  queue: Queue;
  stop(): Promise<void>;
}

/**
 * NotificationsModule with only the infrastructure it needs (config, clock, PostgreSQL, queues,
 * the audit trail),
 * listening on a port, on a queue prefix of its own; `stop()` empties the queues and restores the
 * environment.
 */
export async function startNotificationsApp(opts: {
  clock: ManualClock;
  smtpPort: number;
  env?: Record<string, string>;
  name: string;
  /** Answers DNS for robot webhook hosts (default: the system resolver). */
  resolver?: HostResolver;
}): Promise<NotificationsApp> {
  const savedEnv = { ...process.env };
  Object.assign(process.env, {
    DUBAN_MODE: 'test',
    QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'duban-test'}-${opts.name}-${randomUUID().slice(0, 8)}`,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(opts.smtpPort),
    SMTP_SECURE: 'false',
    MAIL_FROM: '督办系统 <duban@duban.test>',
    PUBLIC_URL,
    DELIVERY_ATTEMPTS: '3',
    DELIVERY_BACKOFF_MS: '20',
    WORKERS_ENABLED: 'true',
    SCHEDULER_ENABLED: 'false',
    ...opts.env,
  });
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppConfigModule,
      ClockModule,
      PrismaModule,
      QueueModule,
      AuditModule,
      NotificationsModule,
    ],
  })
    .overrideProvider(Clock)
    .useValue(opts.clock)
    .overrideProvider(HostResolver)
    .useValue(opts.resolver ?? new HostResolver())
    .compile();
  const app = moduleRef.createNestApplication({
    logger: process.env.TEST_LOG_LEVEL ? undefined : false,
  });
  // No authentication here: every request reads as the top office would.
  app.use((req: object, _res: unknown, next: () => void) => {
    attachScope(req, async () =>
      wholeScope({ id: randomUUID(), username: 'office', role: 'SUPERVISOR', departmentId: null }),
    );
    next();
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  await app.listen(0, '127.0.0.1');
  return {
    app,
    url: (await app.getUrl()).replace('[::1]', '127.0.0.1'),
    prisma: app.get(PrismaService),
    notifications: app.get(NotificationsService),
    queue: app.get<Queue>(getQueueToken(QueueName.Deliveries)),
    stop: async () => {
      await obliterateQueues(app);
      await app.close();
      for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
      Object.assign(process.env, savedEnv);
    },
  };
}

export async function obliterateQueues(app: INestApplication): Promise<void> {
  for (const name of Object.values(QueueName)) {
    await app.get<Queue>(getQueueToken(name)).obliterate({ force: true });
  }
}

/** Polls `read` until `done` holds (small DB/Redis polling; no fixed sleeps). */
export async function poll<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `poll: condition not met within ${timeoutMs} ms; last value ${JSON.stringify(value)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A department (省民政厅), a plan and its item 12, due 2026-11-30. */
export async function seedTask(prisma: PrismaService, sourceName = 'test') {
  const department = await prisma.department.upsert({
    where: { name: '省民政厅' },
    update: {},
    create: { name: '省民政厅' },
  });
  const plan = await prisma.plan.create({
    data: {
      title: '江苏省2012年政府工作报告重点工作责任分解方案',
      contentHash: randomUUID(),
      sourceName,
    },
  });
  const task = await prisma.task.create({
    data: {
      planId: plan.id,
      no: 12,
      text: '加快养老服务体系建设,到2015年全省每千名老年人拥有养老床位达到30张以上。',
      dueOn: new Date('2026-11-30T00:00:00Z'),
      dueSource: 'STATED',
    },
  });
  return { taskId: task.id, departmentId: department.id };
}
