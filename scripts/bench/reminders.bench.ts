/**
 * The service-level benchmarks of `npm run bench` (issue 4, "Speed and memory"), on the local
 * PostgreSQL and Redis (started by ensureServices when needed):
 *
 *   reminder-wave-100k          enqueueDue() → the wave job finished: 100,000 pending reminders due at
 *                               one instant, for 2,000 liaisons (50 tasks each), claimed and written as
 *                               2,000 digests (one EMAIL + one INBOX Delivery row each) with the 2,000
 *                               EMAIL Deliver jobs enqueued: "handed to the channel".
 *   reminder-wave-100k-smtp     the same run, until every EMAIL digest is SENT through SMTP to a local
 *                               sink (MailCapture) by the app's own deliveries worker.
 *   redis-bytes-per-reminder-36h  Redis bytes per pending reminder after enqueueDue() (36 h horizon)
 *   redis-bytes-per-reminder-all  … and with every pending instant enqueued as a wave job.
 *   plan-import-reference       PlanImportService.commit of the reference plan into empty tables
 *                               (median of 5; tables truncated before each run).
 *
 * Baseline for both wave rows: BullMQ alone putting 100,000 no-op jobs through the same Redis in the
 * same run: Queue.addBulk in chunks of 1,000, then a Worker (no-op processor, concurrency 50) until
 * all 100,000 have completed; the time is from the first addBulk to the last completion. The byte
 * rows have the issue's goal (1,024 bytes) as baseline; the import row has no baseline.
 *
 * Everything lives in a database of its own (`duban_bench`, dropped at the end) and under a queue
 * prefix of its own (`duban-bench-<random>`, every key deleted at the end).
 */
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplication } from '@nestjs/common';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { ManualClock } from '../../src/infra/clock/clock';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import {
  JobName,
  jobIds,
  KEEP_FINISHED,
  QueueName,
  type JobPayloads,
} from '../../src/infra/queue/job-catalogue';
import { redisConnectionOptions } from '../../src/infra/queue/redis-connection';
import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { RemindersService, WAVE_ATTEMPTS } from '../../src/modules/reminders/reminders.service';
import { referencePlan, seedPendingReminders } from '../../test/support/fixtures';
import { resetDatabase } from '../../test/support/test-app';
import { MailCapture } from '../kit/mail-capture';
import { deleteKeysByPrefix, scanKeys } from '../kit/redis-keys';
import { REDIS_URL } from '../kit/services';
import { type BenchRow, log, startProfiler, stats, timed } from './measure';
import { addNoopJobs, createBenchApp, inBenchSandbox } from './sandbox';

const DB_NAME = 'duban_bench';
const JOBS = 100_000;
const LIAISONS = 2_000;
const TASKS_EACH = 50;
const NOOP_CONCURRENCY = 50;
/** The wave: reminders at T−1 (09:00 Shanghai on 30 Nov 2026) for tasks due on 1 Dec 2026. */
const WAVE_DUE_ON = '2026-12-01';
const WAVE_AT = new Date('2026-11-30T01:00:00Z');
/** The schedule for the memory rows: 50,000 deadlines over 60 days from 4 Jan 2027, T−5 and T−1. */
const SCHEDULE_FROM = '2027-01-04';
const SCHEDULE_CLOCK = new Date('2026-12-29T16:00:00Z'); // 30 Dec 2026 00:00 Shanghai, before the first
const IMPORT_RUNS = 5;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** BullMQ alone: 100,000 no-op jobs added in chunks of 1,000, then drained by one Worker. */
async function bullmqBaseline(prefix: string): Promise<{ total: number; add: number }> {
  const connection = redisConnectionOptions(REDIS_URL);
  const queue = new Queue('noop', { connection, prefix });
  await queue.waitUntilReady();
  const started = performance.now();
  await addNoopJobs(queue, JOBS, { removeOnComplete: KEEP_FINISHED });
  const add = performance.now() - started;
  let done = 0;
  let finish!: () => void;
  const allDone = new Promise<void>((r) => (finish = r));
  const worker = new Worker('noop', async () => undefined, {
    connection,
    prefix,
    concurrency: NOOP_CONCURRENCY,
  });
  worker.on('completed', () => {
    if (++done === JOBS) finish();
  });
  await allDone;
  const total = performance.now() - started;
  await worker.close();
  await queue.close();
  return { total, add };
}

async function count(prisma: PrismaService, sql: string): Promise<number> {
  const [row] = await prisma.$queryRawUnsafe<{ n: bigint }[]>(sql);
  return Number(row!.n);
}

/** Row 1: the wave of 100,000 reminders, to "handed to the channel" and to "sent over SMTP". */
async function reminderWave(
  app: INestApplication,
  clock: ManualClock,
  prefix: string,
): Promise<{ handed: number; smtp: number }> {
  const prisma = app.get(PrismaService);
  const { ms: seedMs } = await timed(() =>
    seedPendingReminders(prisma, {
      departments: LIAISONS,
      tasksEach: TASKS_EACH,
      dueOn: WAVE_DUE_ON,
      fireAt: WAVE_AT,
    }),
  );
  const pending = await count(
    prisma,
    `SELECT count(*) AS n FROM reminder WHERE status = 'PENDING'`,
  );
  log(`seeded ${pending} pending reminders for ${LIAISONS} liaisons in ${seedMs.toFixed(0)} ms`);
  await prisma.$executeRawUnsafe('VACUUM ANALYZE');

  clock.set(new Date(WAVE_AT.getTime() + 1_000));
  const events = new QueueEvents(QueueName.Reminders, {
    connection: redisConnectionOptions(REDIS_URL),
    prefix,
  });
  await events.waitUntilReady();
  const queue = app.get<Queue>(getQueueToken(QueueName.Reminders));
  const reminders = app.get(RemindersService);

  const profiler = await startProfiler('wave');
  const started = performance.now();
  await reminders.enqueueDue();
  const job = await queue.getJob(jobIds.reminderWave(clock.now()));
  if (!job) throw new Error('enqueueDue added no wave job');
  const result = (await job.waitUntilFinished(events)) as { sent: number; digests: number };
  const handed = performance.now() - started;
  await profiler.stop();
  log(
    `wave: ${result.sent} reminders sent as ${result.digests} digests in ${handed.toFixed(0)} ms`,
  );

  for (;;) {
    const emails = await count(
      prisma,
      `SELECT count(*) AS n FROM delivery WHERE channel = 'EMAIL' AND status <> 'PENDING'`,
    );
    if (emails >= LIAISONS) break;
    if (performance.now() - started > 240_000) throw new Error(`only ${emails} emails settled`);
    await sleep(25);
  }
  const smtp = performance.now() - started;
  await events.close();

  const check = await prisma.$queryRawUnsafe<{ channel: string; status: string; n: bigint }[]>(
    `SELECT channel::text, status::text, count(*) AS n FROM delivery GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  log(`deliveries: ${check.map((c) => `${c.channel}/${c.status} ${c.n}`).join(', ')}`);
  if (
    result.sent !== JOBS ||
    result.digests !== LIAISONS ||
    check.some((c) => c.status !== 'SENT')
  ) {
    throw new Error('the wave did not send every reminder as one digest per liaison');
  }
  return { handed, smtp };
}

/** 50,000 deadlines over 60 days, one lead department each, T−5 and T−1 at 09:00 Shanghai. */
async function seedSchedule(prisma: PrismaService): Promise<number> {
  const [{ id: planId }] = await prisma.$queryRaw<{ id: string }[]>`
    INSERT INTO plan (id, title, content_hash, source_name)
    VALUES (gen_random_uuid(), '内存测试方案', md5(random()::text), 'bench') RETURNING id`;
  await prisma.$executeRaw`
    INSERT INTO department (id, name)
    SELECT gen_random_uuid(), '测试单位' || i FROM generate_series(1, 1000) i`;
  await prisma.$executeRaw`
    INSERT INTO task (id, plan_id, no, text, due_on, due_source)
    SELECT gen_random_uuid(), ${planId}::uuid, n, '内存测试任务' || n,
           ${SCHEDULE_FROM}::date + (n % 60), 'STATED'
    FROM generate_series(1, 50000) n`;
  await prisma.$executeRaw`
    INSERT INTO assignment (id, task_id, department_id, role, ordinal)
    SELECT gen_random_uuid(), t.id, d.id, 'LEAD', 0
    FROM task t JOIN department d ON d.name = '测试单位' || (((t.no - 1) % 1000) + 1)`;
  return prisma.$executeRaw`
    INSERT INTO reminder (id, assignment_id, kind, offset_working_days, due_on, fire_at, status, job_id)
    SELECT gen_random_uuid(), a.id, 'DEADLINE_APPROACHING', o, t.due_on,
           ((t.due_on - o)::timestamp + interval '9 hours') AT TIME ZONE 'Asia/Shanghai',
           'PENDING', 'bench-' || a.id || '-t' || o
    FROM assignment a JOIN task t ON t.id = a.task_id CROSS JOIN (VALUES (5), (1)) AS x(o)`;
}

/** Sum of MEMORY USAGE over the keys of one queue (SCAN by prefix). */
async function queueBytes(redis: Redis, prefix: string, queue: string): Promise<number> {
  let bytes = 0;
  for await (const keys of scanKeys(redis, `${prefix}:${queue}:*`)) {
    for (const key of keys) bytes += (await redis.memory('USAGE', key, 'SAMPLES', '0')) ?? 0;
  }
  return bytes;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

/** Rows 2: Redis bytes per pending reminder, within the horizon and with every wave enqueued. */
async function redisBytes(
  app: INestApplication,
  clock: ManualClock,
  prefix: string,
  redis: Redis,
): Promise<{ horizon: number; all: number }> {
  const prisma = app.get(PrismaService);
  await resetDatabase(prisma);
  const queue = app.get<Queue<JobPayloads[JobName.ReminderWave]>>(
    getQueueToken(QueueName.Reminders),
  );
  await queue.obliterate({ force: true });
  const pending = await seedSchedule(prisma);
  clock.set(SCHEDULE_CLOCK);

  const keysBefore = await queueBytes(redis, prefix, QueueName.Reminders);
  const usedBefore = await usedMemory(redis);
  const first = await app.get(RemindersService).enqueueDue();
  const keysHorizon = (await queueBytes(redis, prefix, QueueName.Reminders)) - keysBefore;
  const usedHorizon = (await usedMemory(redis)) - usedBefore;
  log(
    `${pending} pending reminders; enqueueDue (36 h): ${first.enqueued} wave jobs, ` +
      `${keysHorizon} bytes (MEMORY USAGE), used_memory +${usedHorizon}`,
  );

  // Every pending instant as a wave job: exactly the jobs enqueueDue adds for the instants within
  // its horizon (same queue, name, payload and options), for all the others too.
  const instants = await prisma.$queryRaw<{ fire_at: Date }[]>`
    SELECT DISTINCT fire_at FROM reminder WHERE status = 'PENDING' ORDER BY fire_at`;
  const missing: Date[] = [];
  for (const { fire_at } of instants) {
    if (!(await queue.getJob(jobIds.reminderWave(fire_at)))) missing.push(fire_at);
  }
  await queue.addBulk(
    missing.map((at) => ({
      name: JobName.ReminderWave,
      data: { upTo: at.toISOString() },
      opts: {
        jobId: jobIds.reminderWave(at),
        delay: clock.realDelayUntil(at),
        attempts: WAVE_ATTEMPTS,
        backoff: { type: 'exponential', delay: 5_000 },
      },
    })),
  );
  const keysAll = (await queueBytes(redis, prefix, QueueName.Reminders)) - keysBefore;
  const usedAll = (await usedMemory(redis)) - usedBefore;
  log(
    `all ${instants.length} instants enqueued: ${keysAll} bytes (MEMORY USAGE), used_memory +${usedAll}`,
  );
  return { horizon: keysHorizon / pending, all: keysAll / pending };
}

/** Row 3: the reference plan committed into empty tables, median of 5. */
async function planImport(app: INestApplication): Promise<{ median: number; p95: number }> {
  const prisma = app.get(PrismaService);
  const importer = app.get(PlanImportService);
  const times: number[] = [];
  for (let i = 0; i < IMPORT_RUNS; i++) {
    await resetDatabase(prisma);
    const { ms } = await timed(() =>
      importer.commit(
        { content: referencePlan(), sourceName: '004.txt', confirmAllReview: true },
        null,
      ),
    );
    times.push(ms);
  }
  return stats(times);
}

export async function serviceBenchmarks(): Promise<BenchRow[]> {
  return inBenchSandbox(
    { database: DB_NAME, prefix: 'duban-bench' },
    async ({ databaseUrl, prefix }) => {
      const base = await bullmqBaseline(`${prefix}-noop`);
      log(
        `BullMQ baseline: ${JOBS} no-op jobs in ${base.total.toFixed(0)} ms ` +
          `(addBulk ${base.add.toFixed(0)} ms, drain ${(base.total - base.add).toFixed(0)} ms)`,
      );
      await deleteKeysByPrefix(`${prefix}-noop`);

      const redis = new Redis(REDIS_URL);
      const mail = new MailCapture();
      let app: INestApplication | undefined;
      try {
        const { smtpPort } = await mail.start();
        const clock = new ManualClock(WAVE_AT);
        app = await createBenchApp({ databaseUrl, prefix, smtpPort, clock });

        const wave = await reminderWave(app, clock, prefix);
        const bytes = await redisBytes(app, clock, prefix, redis);
        const imported = await planImport(app);

        return [
          {
            name: 'reminder-wave-100k',
            value: wave.handed,
            unit: 'ms',
            baseline: base.total,
            runs: 1,
          },
          {
            name: 'reminder-wave-100k-smtp',
            value: wave.smtp,
            unit: 'ms',
            baseline: base.total,
            runs: 1,
          },
          {
            name: 'redis-bytes-per-reminder-36h',
            value: bytes.horizon,
            unit: 'B',
            baseline: 1024,
            runs: 1,
          },
          {
            name: 'redis-bytes-per-reminder-all',
            value: bytes.all,
            unit: 'B',
            baseline: 1024,
            runs: 1,
          },
          {
            name: 'plan-import-reference',
            value: imported.median,
            p95: imported.p95,
            unit: 'ms',
            baseline: 0,
            runs: IMPORT_RUNS,
          },
        ];
      } finally {
        await app?.close();
        await mail.stop();
        redis.disconnect();
      }
    },
  );
}
