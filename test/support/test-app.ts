import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap';
import { AuthClock, Clock, ManualClock } from '../../src/infra/clock/clock';
import { HeartbeatClock } from '../../src/infra/heartbeat/heartbeat.service';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { asOwner } from './owner-db';

/** A rate limit no test reaches: the guard still runs (and counts) on every request. */
export const UNLIMITED = '1000000000';

export interface TestApp {
  app: INestApplication;
  clock: ManualClock;
  prisma: PrismaService;
  /** Base URL of the listening server, for supertest or fetch. */
  url: string;
  close(): Promise<void>;
}

/**
 * The real application (real PostgreSQL, real Redis, real BullMQ workers) with a ManualClock, on a
 * queue prefix of its own so that suites never see each other's jobs. Scheduler ticks are off:
 * tests trigger sweeps and reconciliation explicitly.
 */
export async function createTestApp(
  opts: {
    start?: string;
    env?: Record<string, string>;
    /** Replaces the real-time clock of lockouts, sessions, password age and TOTP. */
    authClock?: ManualClock;
    /** Replaces the real-time clock of heartbeats and the watchdog. */
    heartbeatClock?: ManualClock;
  } = {},
): Promise<TestApp> {
  const prefix = `${process.env.QUEUE_PREFIX ?? 'duban-test'}-${randomUUID().slice(0, 8)}`;
  Object.assign(process.env, {
    DUBAN_MODE: 'test',
    QUEUE_PREFIX: prefix,
    SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DELIVERY_BACKOFF_MS: '20',
    // Suites send thousands of requests as one person; test/abuse/rate-limit.e2e.spec.ts sets it low.
    RATE_LIMIT_PER_PERSON: UNLIMITED,
    RATE_LIMIT_PER_IP: UNLIMITED,
    ...opts.env,
  });
  const clock = new ManualClock(opts.start ?? '2026-11-23T01:00:00Z');
  let builder = Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(Clock)
    .useValue(clock);
  if (opts.authClock) builder = builder.overrideProvider(AuthClock).useValue(opts.authClock);
  if (opts.heartbeatClock) {
    builder = builder.overrideProvider(HeartbeatClock).useValue(opts.heartbeatClock);
  }
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true, bodyParser: false });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const prisma = app.get(PrismaService);
  return {
    app,
    clock,
    prisma,
    url: url.replace('[::1]', '127.0.0.1'),
    close: async () => {
      await app.close();
    },
  };
}

/** Empties every domain table (tests share one database per run; suites run in band). */
export async function resetDatabase(_prisma?: PrismaService): Promise<void> {
  // As the owner: the service's role may not TRUNCATE (nor delete audit rows at all).
  await asOwner(
    `TRUNCATE audit_event, delivery, escalation, notice_sequence, reminder, progress_report,
       assignment, task, section, chapter, plan, person, department_alias, department, region,
       access_denial_minute, audit_archive, robot_allowed_host, document_sequence, bulletin,
       review_step, deputy, heartbeat, watchdog_incident RESTART IDENTITY CASCADE`,
  );
}
