/**
 * Where the service parts of `npm run bench` run: a sandbox (a migrated database and a queue prefix
 * of their own, removed afterwards), the app under measurement, and BullMQ's own floor.
 */
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { JobsOptions, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/bootstrap';
import { Clock, type ManualClock } from '../../src/infra/clock/clock';
import { deleteKeysByPrefix } from '../kit/redis-keys';
import {
  createMigratedDatabase,
  databaseUrl as adminDatabaseUrl,
  type DatabaseUrls,
  dropDatabase,
  ensureServices,
  REDIS_URL,
} from '../kit/services';
import { log } from './measure';

/**
 * Runs one bench part in a fresh, migrated database `database` and under a queue prefix of its own
 * (`<prefix>-<random>`), after starting PostgreSQL and Redis if needed. Afterwards, whatever
 * happened, every key of the prefix is deleted and the database dropped (unless `keepDatabase`,
 * for EXPLAIN while developing). `create` makes the database instead of a fresh migration (a copy
 * of a kept, seeded one). `run` closes what it opens (the app, a mail capture) itself.
 */
export async function inBenchSandbox<T>(
  opts: {
    database: string;
    prefix: string;
    keepDatabase?: boolean;
    create?: (database: string) => Promise<DatabaseUrls>;
  },
  run: (sandbox: {
    /** The service's role (rows only), as in production. */
    databaseUrl: string;
    /** The owner (schema changes: seeds that drop and restore constraints). */
    migrationUrl: string;
    /** The superuser (COPY to and from server files). */
    adminUrl: string;
    prefix: string;
  }) => Promise<T>,
): Promise<T> {
  await ensureServices(log);
  const prefix = `${opts.prefix}-${randomUUID().slice(0, 8)}`;
  try {
    const { url: databaseUrl, migrationUrl } = await (opts.create ?? createMigratedDatabase)(
      opts.database,
    );
    const adminUrl = adminDatabaseUrl(opts.database);
    // The bench acts as the operator where a test would: resetDatabase (test/support) empties the
    // tables as the owner, which it finds here.
    process.env.MIGRATION_DATABASE_URL = migrationUrl;
    return await run({ databaseUrl, migrationUrl, adminUrl, prefix });
  } finally {
    await deleteKeysByPrefix(prefix);
    if (!opts.keepDatabase) await dropDatabase(opts.database);
  }
}

/**
 * The real AppModule on a ManualClock, no scheduler ticks, workers on (unless `workers: false`, for
 * benchmarks that only read); `http` configures it as production serves HTTP.
 */
export async function createBenchApp(opts: {
  databaseUrl: string;
  prefix: string;
  smtpPort?: number;
  clock: ManualClock;
  http?: boolean;
  workers?: boolean;
}): Promise<INestApplication> {
  Object.assign(process.env, {
    DUBAN_MODE: 'test',
    DATABASE_URL: opts.databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: opts.prefix,
    SCHEDULER_ENABLED: 'false',
    WORKERS_ENABLED: String(opts.workers ?? true),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(opts.smtpPort ?? 1025),
    DELIVERY_BACKOFF_MS: '20',
    // The load benchmark is one person sending as fast as it can: the limit is set out of reach.
    RATE_LIMIT_PER_PERSON: '1000000000',
    RATE_LIMIT_PER_IP: '1000000000',
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(Clock)
    .useValue(opts.clock)
    .compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true, bodyParser: false });
  if (opts.http) configureApp(app);
  await app.init();
  return app;
}

/**
 * BullMQ alone, the floor of the queue baselines: `count` no-op jobs added with addBulk in chunks
 * of 1,000.
 */
export async function addNoopJobs(queue: Queue, count: number, opts?: JobsOptions): Promise<void> {
  for (let i = 0; i < count; i += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, count - i) }, (_, k) => ({
        name: 'noop',
        data: { n: i + k },
        ...(opts ? { opts } : {}),
      })),
    );
  }
}
