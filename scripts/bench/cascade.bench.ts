/**
 * The national cascade (`npm run bench`): the reference plan decomposed to 1,300 regions in one
 * action (80 items × 1,300 ≈ 104,000 tasks, their assignments and reminders), then its follow-ups
 * (the assignment notices and acknowledgement deadlines a worker settles after the commit), against
 * a raw PostgreSQL COPY of the very same rows into the same tables, measured in the same run; then
 * the roll-up of one item over its 1,300 regions. Rows: `cascade-national` (request and follow-ups,
 * against the COPY), `cascade-request` (what the office waits for), `cascade-follow-ups`.
 */
import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { Clock, ManualClock } from '../../src/infra/clock/clock';
import { redisConnectionOptions } from '../../src/infra/queue/redis-connection';
import { RemindersService } from '../../src/modules/reminders/reminders.service';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../src/generated/prisma/client';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { CascadeService } from '../../src/modules/cascade/cascade.service';
import { WorkArrival } from '../../src/modules/tasks/work-arrival.service';
import { RollupService } from '../../src/modules/cascade/rollup.service';
import { PlanImportService } from '../../src/modules/plans/plan-import.service';
import { CounterpartsService } from '../../src/modules/regions/counterparts.service';
import { referencePlan } from '../../test/support/fixtures';
import { REDIS_URL } from '../kit/services';
import { type BenchRow, log, stats, timed } from './measure';
import { addNoopJobs, createBenchApp, inBenchSandbox } from './sandbox';

const DB_NAME = 'duban_bench_cascade';
const REGIONS = Number(process.env.BENCH_CASCADE_REGIONS ?? 1300);
const ROLLUP_RUNS = 30;
/** The addBulk baseline's job count: enough for a steady rate, without filling Redis with 570,000. */
const BASELINE_JOBS = 100_000;
/** The rows a cascade writes, in the order a COPY must load them (foreign keys aside). */
const COPIED = [
  'plan',
  'chapter',
  'section',
  'task',
  'assignment',
  'reminder',
  'assignment_notice',
  'assignment_notice_item',
  'delivery',
] as const;

/**
 * Tables holding rows that point at the cascade's tables: TRUNCATE must name them too. In this
 * database they hold the reference plan's rows only (its version); they are kept like the rest.
 */
const REFERENCING = [
  'plan_version',
  'progress_report',
  'escalation',
  'task_request',
  'review_step',
  'evidence',
] as const;

/**
 * The baseline: the cascade's own rows dumped with server-side COPY, the tables emptied back to the
 * state the cascade started from (the reference plan's rows only), and the rows loaded back with
 * COPY into the same tables (same indexes, foreign keys and triggers), in one transaction. That is
 * the database's own cost of storing these rows; the ratio is what computing them costs on top.
 * The tables are emptied with TRUNCATE (the reference plan's rows set aside and put back first,
 * untimed): a DELETE cascading row by row through ~1,000,000 rows took about 5 minutes.
 */
async function copyBaseline(adminUrl: string, parentPlanId: string): Promise<number> {
  // COPY to and from server files needs a superuser: not the service's role (rows only).
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: adminUrl }) });
  try {
    return await copyRows(prisma, parentPlanId);
  } finally {
    await prisma.$disconnect();
  }
}

async function copyRows(prisma: PrismaClient, parentPlanId: string): Promise<number> {
  const children = `SELECT id FROM plan WHERE parent_plan_id = '${parentPlanId}'`;
  const where: Record<(typeof COPIED)[number], string> = {
    plan: `parent_plan_id = '${parentPlanId}'`,
    chapter: `plan_id IN (${children})`,
    section: `plan_id IN (${children})`,
    task: `plan_id IN (${children})`,
    assignment: `task_id IN (SELECT id FROM task WHERE plan_id IN (${children}))`,
    reminder: `assignment_id IN (SELECT a.id FROM assignment a JOIN task t ON t.id = a.task_id WHERE t.plan_id IN (${children}))`,
    assignment_notice: `plan_id IN (${children})`,
    assignment_notice_item: `notice_id IN (SELECT id FROM assignment_notice WHERE plan_id IN (${children}))`,
    // The notices' messages (each names the first task of its notice).
    delivery: `task_id IN (SELECT id FROM task WHERE plan_id IN (${children}))`,
  };
  const files: string[] = [];
  for (const table of COPIED) {
    const file = `/tmp/${DB_NAME}-${randomUUID().slice(0, 8)}-${table}.copy`;
    await prisma.$executeRawUnsafe(
      `COPY (SELECT * FROM ${table} WHERE ${where[table]}) TO '${file}'`,
    );
    files.push(file);
  }
  const emptied = [...COPIED, ...REFERENCING];
  await prisma.$transaction(
    async (tx) => {
      // Everything but the cascade's rows; a row of REFERENCING that pointed at them would fail
      // its foreign key when put back, before the cascade's rows are loaded.
      for (const table of emptied) {
        const keep =
          table in where ? `(${where[table as (typeof COPIED)[number]]}) IS NOT TRUE` : 'true';
        await tx.$executeRawUnsafe(
          `CREATE TEMP TABLE keep_${table} ON COMMIT DROP AS SELECT * FROM ${table} WHERE ${keep}`,
        );
      }
      await tx.$executeRawUnsafe(`TRUNCATE ${emptied.join(', ')}`);
      for (const table of emptied) {
        await tx.$executeRawUnsafe(`INSERT INTO ${table} SELECT * FROM keep_${table}`);
      }
    },
    { timeout: 600_000 },
  );
  await prisma.$executeRawUnsafe(`VACUUM ANALYZE ${COPIED.join(', ')}`);
  const started = performance.now();
  await prisma.$transaction(
    async (tx) => {
      for (const [i, table] of COPIED.entries()) {
        await tx.$executeRawUnsafe(`COPY ${table} FROM '${files[i]}'`);
      }
    },
    { timeout: 600_000 },
  );
  const ms = performance.now() - started;
  await prisma.$executeRawUnsafe('ANALYZE task, assignment, reminder');
  for (const file of files) await rm(file, { force: true });
  return ms;
}

/**
 * Scheduling the cascade's reminders again from scratch: the reminder rows of every child plan
 * (set-based, `RemindersService.planForPlans`) and their wave jobs in Redis (`enqueueDue`), as
 * reminders per second.
 */
async function scheduleReminders(app: INestApplication, parentPlanId: string) {
  const prisma = app.get(PrismaService);
  const reminders = app.get(RemindersService);
  const planIds = (
    await prisma.plan.findMany({ where: { parentPlanId }, select: { id: true } })
  ).map((p) => p.id);
  await prisma.$executeRaw`
    DELETE FROM reminder r USING assignment a, task t
    WHERE a.id = r.assignment_id AND t.id = a.task_id AND t.plan_id = ANY(${planIds}::uuid[])`;
  const started = performance.now();
  const planned = await prisma.$transaction(
    (tx) => reminders.planForPlans(tx, planIds, app.get(Clock).now()),
    { timeout: 600_000 },
  );
  await reminders.enqueueDue();
  const ms = performance.now() - started;
  return {
    count: planned.pending + planned.skipped,
    perSecond: ((planned.pending + planned.skipped) * 1000) / ms,
  };
}

/** BullMQ alone: `count` no-op jobs added with addBulk in chunks of 1,000, as jobs per second. */
async function addBulkBaseline(prefix: string, count: number): Promise<number> {
  const queue = new Queue('noop', { connection: redisConnectionOptions(REDIS_URL), prefix });
  await queue.waitUntilReady();
  const started = performance.now();
  await addNoopJobs(queue, count);
  const ms = performance.now() - started;
  await queue.obliterate({ force: true });
  await queue.close();
  return (count * 1000) / ms;
}

export async function cascadeBenchmarks(): Promise<BenchRow[]> {
  const sandbox = { database: DB_NAME, prefix: 'duban-bench-cascade' };
  return inBenchSandbox(sandbox, async ({ databaseUrl, adminUrl, prefix }) => {
    let app: INestApplication | undefined;
    try {
      // Monday 16 Nov 2026, 09:00 Shanghai; the plan's undated items are due mid-2027.
      const clock = new ManualClock('2026-11-16T01:00:00Z');
      // No queue workers: the reconcile job the cascade enqueues for its follow-ups stays in Redis,
      // and the bench runs the same follow-ups itself, timed apart.
      app = await createBenchApp({ databaseUrl, prefix, smtpPort: 1, clock, workers: false });
      const prisma = app.get(PrismaService);
      const { planId } = await app.get(PlanImportService).commit(
        {
          content: referencePlan(),
          sourceName: '004.txt',
          defaultDueOn: '2027-06-30',
          confirmAllReview: true,
        },
        null,
      );
      await prisma.$executeRaw`
        INSERT INTO region (id, code, name, level)
        SELECT gen_random_uuid(), (900000 + n)::text, '区县' || n, 'CITY' FROM generate_series(1, ${REGIONS}) AS n`;
      const regionIds = (await prisma.region.findMany({ select: { id: true } })).map((r) => r.id);

      const derived = await timed(() => app!.get(CounterpartsService).derive(null, regionIds));
      log(
        `counterparts for ${REGIONS} regions: ${derived.value.created} departments in ${derived.ms.toFixed(0)} ms`,
      );

      const cascaded = await timed(() =>
        app!.get(CascadeService).commit(planId, { regionIds, omitUnmappedSupport: true }, null),
      );
      const r = cascaded.value;
      log(
        `cascade: ${r.childPlans.created} plans, ${r.tasks} tasks, ${r.assignments} assignments, ` +
          `${r.reminders.pending + r.reminders.skipped} reminders in ${cascaded.ms.toFixed(0)} ms`,
      );
      // The cascade's part of the reconcile job a worker runs after the commit
      // (WorkArrival.settleInBackground): its arrivals settled (notices, with their messages
      // dispatched; acknowledgement deadlines) and its reminders enqueued. The job's other steps
      // (calendar refresh, report reminders, re-dispatching every pending message) are not timed.
      const followUps = await timed(async () => {
        const settled = await app!.get(WorkArrival).settle();
        await app!.get(RemindersService).enqueueDue();
        return settled;
      });
      log(
        `its follow-ups in a worker (notices, acknowledgement deadlines): ` +
          `${JSON.stringify(followUps.value)} in ${followUps.ms.toFixed(0)} ms`,
      );
      const copy = await copyBaseline(adminUrl, planId);
      log(`COPY of the same rows: ${copy.toFixed(0)} ms`);

      const scheduled = await scheduleReminders(app, planId);
      const addBulk = await addBulkBaseline(`${prefix}-noop`, BASELINE_JOBS);
      log(
        `scheduling ${scheduled.count} reminders: ${scheduled.perSecond.toFixed(0)}/s; ` +
          `BullMQ addBulk of ${BASELINE_JOBS} no-op jobs: ${addBulk.toFixed(0)}/s`,
      );

      const parent = await prisma.task.findFirstOrThrow({ where: { planId, no: 31 } });
      const rollup = app.get(RollupService);
      const times: number[] = [];
      for (let i = 0; i < ROLLUP_RUNS + 3; i++) {
        const { ms } = await timed(() => rollup.forTask(parent.id, null, { limit: 50, offset: 0 }));
        if (i >= 3) times.push(ms);
      }
      const { median, p95 } = stats(times);
      log(
        `roll-up of one item over ${REGIONS} regions: median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`,
      );

      return [
        {
          name: 'cascade-national',
          value: cascaded.ms + followUps.ms,
          unit: 'ms',
          baseline: copy,
          runs: 1,
        },
        { name: 'cascade-request', value: cascaded.ms, unit: 'ms', baseline: 0, runs: 1 },
        { name: 'cascade-follow-ups', value: followUps.ms, unit: 'ms', baseline: 0, runs: 1 },
        {
          name: 'cascade-schedule-reminders',
          value: scheduled.perSecond,
          unit: '/s',
          baseline: addBulk,
          runs: 1,
        },
        {
          name: 'cascade-derive-counterparts',
          value: derived.ms,
          unit: 'ms',
          baseline: 0,
          runs: 1,
        },
        {
          name: 'rollup-1300-children',
          value: median,
          p95,
          unit: 'ms',
          baseline: 0,
          runs: ROLLUP_RUNS,
        },
      ];
    } finally {
      await app?.close();
    }
  });
}
