/**
 * The history of 1,000,000 tasks in `npm run bench` (issue 8: "a history of 1,000,000 tasks with
 * reports"), seeded once in a database of its own (`duban_bench_dashboard`, dropped at the end) for
 * the dashboard rows (issue 7, "Dashboard queries stay fast at scale") and then the overdue sweep:
 *
 *   dashboard-overdue-by-department   SupervisionStatsService.overdueByDepartment (the office's counts)
 *   dashboard-department-overdue-list TaskListsService.overdue for the department with the most
 *                                     overdue tasks (its rows with lead names, last report, ladder step)
 *   dashboard-on-time-by-department   SupervisionStatsService.stats({ groupBy: 'department' })
 *
 * each the p95 against a hand-written SQL query giving the same answer on the same data and indexes
 * (the partial index of open tasks by deadline among them), run through the same client. Goal: ≤ 2×.
 *
 *   overdue-sweep-1m                  EscalationService.sweep() over the same 1,000,000 tasks, the
 *                                     next working day, when SWEEP_OVERDUE of them are one working day
 *                                     overdue (see overdueSweep): milliseconds per 1,000 escalations
 *                                     (urging notices with their deliveries and audit records,
 *                                     written in the sweep's one transaction). No baseline.
 *
 * The data: 2,000 departments, 10 plans of 7 chapters, tasks due from 2024 to 2027 (today is
 * 2026-12-08); 95% of the tasks past their deadline are closed (80% of those on time), the rest
 * overdue; every task has a lead and 0–2 supporting departments (~2,000,000 assignments); a fifth
 * of the tasks have a lead report, half the overdue ones a supervision notice. The rows go in with
 * one INSERT … SELECT over generate_series per table, before the tables' indexes and foreign keys,
 * which are then built from the migrations' own definitions (dropIndexes).
 * `BENCH_DASHBOARD_TASKS` changes the size (for a quick run while developing),
 * `BENCH_SWEEP_OVERDUE` (20,000) the sweep's escalations, `BENCH_PROFILE=<prefix>` writes a CPU
 * profile of the sweep (`<prefix>-sweep.cpuprofile`).
 */
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { ManualClock } from '../../src/infra/clock/clock';
import { migrate } from '../../src/infra/migrate/migrator';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { EscalationService } from '../../src/modules/escalation/escalation.service';
import type { AuthUser } from '../../src/modules/auth/auth-user';
import { SupervisionStatsService } from '../../src/modules/supervision/supervision-stats.service';
import { TaskListsService } from '../../src/modules/supervision/task-lists.service';
import { type BenchRow, createBenchApp, deleteByPrefix, startProfiler } from './reminders.bench';
import { createDatabase, dropDatabase, ensureServices, REDIS_URL } from '../kit/services';

const DB_NAME = 'duban_bench_dashboard';
const TASKS = Number(process.env.BENCH_DASHBOARD_TASKS ?? 1_000_000);
const DEPARTMENTS = 2_000;
const PLANS = 10;
const TODAY = '2026-12-08';
const NOW = new Date(`${TODAY}T01:00:00Z`);
const OPEN = `('ASSIGNED', 'IN_PROGRESS', 'CLOSURE_REQUESTED')`;
/** Tasks one working day overdue when the sweep runs. */
const SWEEP_OVERDUE = Number(process.env.BENCH_SWEEP_OVERDUE ?? 20_000);
/** Wed 9 Dec 2026 09:30 Shanghai, the working day after TODAY (a Tuesday). */
const SWEEP_AT = new Date('2026-12-09T01:30:00Z');

const log = (m: string) => console.log(`  ${m}`);

/** The tables filled in bulk: their indexes and foreign keys are built once the rows are in. */
const BULK_TABLES = ['task', 'assignment', 'progress_report', 'escalation'];

/**
 * Set-based seed: every table filled by one INSERT … SELECT over generate_series, on a connection of
 * its own, before the tables' indexes and foreign keys exist (see dropIndexes).
 */
async function seed(databaseUrl: string): Promise<void> {
  const steps: [string, string][] = [
    [
      'departments',
      `INSERT INTO department (id, name)
       SELECT gen_random_uuid(), '测试单位' || lpad(g::text, 4, '0') FROM generate_series(1, ${DEPARTMENTS}) g`,
    ],
    [
      'plans',
      `INSERT INTO plan (id, title, content_hash, source_name)
       SELECT gen_random_uuid(), '基准方案' || g, 'bench-dashboard-' || g, 'bench' FROM generate_series(1, ${PLANS}) g`,
    ],
    [
      'chapters',
      `INSERT INTO chapter (id, plan_id, ordinal, title)
       SELECT gen_random_uuid(), p.id, c, '第' || c || '章' FROM plan p, generate_series(1, 7) c`,
    ],
    [
      'person',
      `INSERT INTO person (id, username, display_name, role, password_hash)
       VALUES (gen_random_uuid(), 'bench', '基准', 'LIAISON', 'x')`,
    ],
    [
      'tasks',
      `WITH p AS (SELECT (row_number() OVER (ORDER BY id) - 1)::int AS k, id FROM plan)
       INSERT INTO task (id, plan_id, chapter_id, no, text, due_on, due_source, status, percent,
                         closed_at, created_at, last_report_at)
       SELECT gen_random_uuid(), p.id, ch.id, g, '基准任务' || g, d.due_on, 'STATED',
              (CASE WHEN d.due_on < DATE '${TODAY}'
                    THEN CASE WHEN g % 20 = 0 THEN 'IN_PROGRESS' ELSE 'CLOSED' END
                    ELSE CASE WHEN g % 3 = 0 THEN 'IN_PROGRESS' ELSE 'ASSIGNED' END
               END)::"TaskStatus",
              g % 101,
              CASE WHEN d.due_on < DATE '${TODAY}' AND g % 20 <> 0
                   THEN (d.due_on + (g % 10 - 7))::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '10 hours'
              END,
              (d.due_on - 180)::timestamp AT TIME ZONE 'Asia/Shanghai',
              -- The lead's report below (a fifth of the tasks), 30 days after creation.
              CASE WHEN g % 5 = 0
                   THEN (d.due_on - 180)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '30 days'
              END
       FROM generate_series(1, ${TASKS}) g
       JOIN p ON p.k = g % ${PLANS}
       JOIN chapter ch ON ch.plan_id = p.id AND ch.ordinal = 1 + (g / ${PLANS}) % 7
       CROSS JOIN LATERAL (SELECT DATE '2024-01-01' + ((g::bigint * 7919) % 1461)::int AS due_on) d`,
    ],
    [
      'assignments',
      `WITH dep AS (SELECT (row_number() OVER (ORDER BY name) - 1)::int AS n, id FROM department)
       INSERT INTO assignment (id, task_id, department_id, role, ordinal)
       SELECT gen_random_uuid(), t.id, dep.id,
              (CASE WHEN k = 0 THEN 'LEAD' ELSE 'SUPPORT' END)::"AssignmentRole", k
       FROM task t
       CROSS JOIN LATERAL generate_series(0, t.no % 3) k
       -- A hash spreads tasks over departments evenly (and k * 131 keeps a task's departments apart).
       JOIN dep ON dep.n = (abs(hashint4(t.no)) % ${DEPARTMENTS} + k * 131) % ${DEPARTMENTS}`,
    ],
    [
      'reports',
      `INSERT INTO progress_report (id, assignment_id, task_id, department_id, author_id, version,
                                    percent, narrative, created_at)
       SELECT gen_random_uuid(), a.id, a.task_id, a.department_id, (SELECT id FROM person LIMIT 1), 1,
              t.percent, '按计划推进', t.created_at + interval '30 days'
       FROM assignment a JOIN task t ON t.id = a.task_id
       WHERE a.role = 'LEAD' AND t.no % 5 = 0`,
    ],
    [
      'notices',
      `INSERT INTO escalation (id, task_id, level, due_on, notice_no, triggered_at)
       SELECT gen_random_uuid(), t.id, 'SUPERVISION', t.due_on, '督〔2026〕' || t.no || '号',
              (t.due_on + 7)::timestamp AT TIME ZONE 'Asia/Shanghai'
       FROM task t
       WHERE t.status IN ${OPEN} AND t.due_on < DATE '${TODAY}' AND t.no % 2 = 0`,
    ],
  ];
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    // This session only: the index builds below sort millions of keys.
    await db.query(`SET maintenance_work_mem = '512MB'`);
    const rebuild = await dropIndexes(db, BULK_TABLES);
    for (const [what, sql] of steps) {
      const started = performance.now();
      const { rowCount } = await db.query(sql);
      log(`seeded ${what}: ${rowCount} rows in ${(performance.now() - started).toFixed(0)} ms`);
    }
    let started = performance.now();
    await rebuild();
    log(`indexes and foreign keys rebuilt in ${(performance.now() - started).toFixed(0)} ms`);
    started = performance.now();
    await db.query('VACUUM ANALYZE');
    log(`VACUUM ANALYZE in ${(performance.now() - started).toFixed(0)} ms`);
  } finally {
    await db.end();
  }
}

/**
 * Drops the primary keys, unique constraints, foreign keys and indexes of `tables` (and the foreign
 * keys pointing at them), and returns a function that recreates exactly the same ones, from their
 * definitions in the catalogue. One index build over a million rows costs a fraction of maintaining
 * the index row by row, and one validating join per foreign key a fraction of a trigger per row.
 * The queries are measured afterwards, on the very indexes the migrations create.
 */
async function dropIndexes(db: Client, tables: string[]): Promise<() => Promise<void>> {
  const { rows } = await db.query<{ drop: string; create: string; kind: string }>(
    `SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop,
            format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                   pg_get_constraintdef(c.oid)) AS create,
            CASE c.contype WHEN 'f' THEN 'foreign key' ELSE 'key' END AS kind
     FROM pg_constraint c
     WHERE (c.contype IN ('p', 'u') AND c.conrelid = ANY($1::regclass[]))
        OR (c.contype = 'f' AND (c.conrelid = ANY($1::regclass[]) OR c.confrelid = ANY($1::regclass[])))
     UNION ALL
     SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid), 'index'
     FROM pg_index i
     WHERE i.indrelid = ANY($1::regclass[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                       WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid
                         AND c.contype IN ('p', 'u', 'x'))`,
    [tables],
  );
  const order = ['foreign key', 'key', 'index'];
  const sorted = [...rows].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  for (const r of sorted) await db.query(r.drop);
  return async () => {
    for (const r of [...sorted].reverse()) await db.query(r.create);
  };
}

/**
 * p95 and median of `runs` timed calls of `ours` and of `baseline`, alternating (after `warmup`
 * untimed calls of each), so that the load of a shared machine weighs on both alike.
 */
async function measurePair(
  runs: number,
  warmup: number,
  ours: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
): Promise<{ ours: Stats; baseline: Stats }> {
  for (let i = 0; i < warmup; i++) {
    await ours();
    await baseline();
  }
  const times = { ours: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < runs; i++) {
    for (const [key, fn] of [
      ['ours', ours],
      ['baseline', baseline],
    ] as const) {
      const started = performance.now();
      await fn();
      times[key].push(performance.now() - started);
    }
  }
  return { ours: stats(times.ours), baseline: stats(times.baseline) };
}

interface Stats {
  p95: number;
  median: number;
}

function stats(times: number[]): Stats {
  const s = [...times].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { p95: at(0.95), median: at(0.5) };
}

/** The hand-written queries: the same answers, in the plainest SQL on the same indexes. */
const BASELINE = {
  overdueByDepartment: `
    SELECT a.department_id, d.name,
           count(*) FILTER (WHERE a.role = 'LEAD') AS lead,
           count(*) FILTER (WHERE a.role = 'SUPPORT') AS support, count(*) AS total
    FROM task t
    JOIN assignment a ON a.task_id = t.id AND a.removed_at IS NULL
    JOIN department d ON d.id = a.department_id
    WHERE t.status IN ${OPEN} AND t.due_on < $1::date
    GROUP BY a.department_id, d.name
    ORDER BY total DESC, lead DESC, d.name`,
  departmentOverdue: `
    SELECT t.id, t.plan_id, t.no, t.text, t.due_on, t.percent,
           (SELECT array_agg(d.name ORDER BY l.ordinal) FROM assignment l
              JOIN department d ON d.id = l.department_id
            WHERE l.task_id = t.id AND l.role = 'LEAD' AND l.removed_at IS NULL) AS leads,
           (SELECT array_agg(d.name ORDER BY l.ordinal) FROM assignment l
              JOIN department d ON d.id = l.department_id
            WHERE l.task_id = t.id AND l.role = 'SUPPORT' AND l.removed_at IS NULL) AS supports,
           (SELECT r.created_at FROM progress_report r WHERE r.task_id = t.id
            ORDER BY r.created_at DESC LIMIT 1) AS last_report_at,
           (SELECT max(e.level) FROM escalation e
            WHERE e.task_id = t.id AND e.due_on = t.due_on AND e.level <> 'LAGGING') AS level
    FROM assignment a JOIN task t ON t.id = a.task_id
    WHERE a.department_id = $1::uuid AND a.removed_at IS NULL
      AND t.status IN ${OPEN} AND t.due_on < $2::date
    ORDER BY t.due_on, t.no
    LIMIT 1000`,
  onTimeByDepartment: `
    SELECT a.department_id,
           count(*) FILTER (WHERE t.status = 'CLOSED' AND (t.closed_at AT TIME ZONE 'Asia/Shanghai')::date <= t.due_on) AS on_time,
           count(*) FILTER (WHERE t.status = 'CLOSED' AND (t.closed_at AT TIME ZONE 'Asia/Shanghai')::date > t.due_on) AS late,
           count(*) FILTER (WHERE t.status IN ${OPEN} AND t.due_on < $1::date) AS overdue
    FROM assignment a JOIN task t ON t.id = a.task_id
    WHERE a.removed_at IS NULL
    GROUP BY a.department_id`,
};

/**
 * The overdue sweep over the same history, once the dashboard rows are measured (it writes
 * escalations). The history moves on by one working day: the tasks overdue on TODAY are closed that
 * day, SWEEP_OVERDUE open tasks are given TODAY as their deadline, each department gets a liaison,
 * and the sweep runs the next morning (SWEEP_AT), when exactly those tasks are one working day
 * overdue: SWEEP_OVERDUE urging notices, each with its delivery and audit record.
 */
async function overdueSweep(app: INestApplication, clock: ManualClock): Promise<BenchRow> {
  const prisma = app.get(PrismaService);
  let started = performance.now();
  await prisma.$executeRawUnsafe(
    `INSERT INTO person (id, username, display_name, email, role, department_id, password_hash)
     SELECT gen_random_uuid(), 'sweep' || n, '联络员' || n, 'sweep' || n || '@example.test', 'LIAISON', id, 'x'
     FROM (SELECT id, row_number() OVER (ORDER BY name) AS n FROM department) d`,
  );
  const closed = await prisma.$executeRawUnsafe(
    `UPDATE task SET status = 'CLOSED',
                     closed_at = (DATE '${TODAY}' + time '10:00') AT TIME ZONE 'Asia/Shanghai'
     WHERE status IN ${OPEN} AND due_on < DATE '${TODAY}'`,
  );
  const due = await prisma.$executeRawUnsafe(
    `UPDATE task SET due_on = DATE '${TODAY}'
     WHERE id IN (SELECT id FROM task WHERE status IN ${OPEN} AND due_on >= DATE '${TODAY}'
                  ORDER BY due_on, no LIMIT ${SWEEP_OVERDUE})`,
  );
  await prisma.$executeRawUnsafe('ANALYZE task, person');
  log(
    `sweep's day: ${closed} overdue tasks closed, ${due} tasks due on ${TODAY}, ` +
      `in ${(performance.now() - started).toFixed(0)} ms`,
  );
  if (due !== SWEEP_OVERDUE) throw new Error(`only ${due} open tasks to make overdue`);

  clock.set(SWEEP_AT);
  const profiler = await startProfiler('sweep');
  started = performance.now();
  const swept = await app.get(EscalationService).sweep();
  const sweepMs = performance.now() - started;
  await profiler.stop();
  const escalations = swept.urging + swept.supervision + swept.redCards;
  log(
    `overdue sweep: ${escalations} escalations, ${swept.deliveries} deliveries in ${sweepMs.toFixed(0)} ms`,
  );
  if (escalations !== SWEEP_OVERDUE || swept.urging !== SWEEP_OVERDUE) {
    throw new Error(`overdue sweep: ${escalations} escalations, expected ${SWEEP_OVERDUE} urgings`);
  }
  return {
    name: 'overdue-sweep-1m',
    value: (sweepMs / escalations) * 1000,
    unit: 'ms',
    baseline: 0,
    runs: 1,
  };
}

export async function dashboardBenchmarks(): Promise<BenchRow[]> {
  await ensureServices(log);
  const prefix = `duban-bench-dashboard-${randomUUID().slice(0, 8)}`;
  const redis = new Redis(REDIS_URL);
  let app: INestApplication | undefined;
  try {
    const databaseUrl = await createDatabase(DB_NAME, { fresh: true });
    await migrate(databaseUrl, join(__dirname, '..', '..', 'prisma', 'migrations'));
    const clock = new ManualClock(NOW);
    // No workers: the sweep's deliveries stay queued (the sweep's time ends when they are enqueued).
    app = await createBenchApp({ databaseUrl, prefix, clock, workers: false });
    const prisma = app.get(PrismaService);
    const started = performance.now();
    await seed(databaseUrl);
    log(`seeded ${TASKS} tasks in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const office: AuthUser = {
      id: randomUUID(),
      username: 'bench',
      role: 'SUPERVISOR',
      departmentId: null,
    };
    const stats = app.get(SupervisionStatsService);
    const lists = app.get(TaskListsService);
    const [busiest] = await prisma.$queryRawUnsafe<{ department_id: string; n: bigint }[]>(
      `${BASELINE.overdueByDepartment} LIMIT 1`,
      TODAY,
    );
    const departmentId = busiest!.department_id;

    const rows: BenchRow[] = [];
    const pair = async (
      name: string,
      runs: number,
      app: () => Promise<unknown[]>,
      baseline: () => Promise<unknown[]>,
    ) => {
      // Same answer first: the comparison means nothing otherwise. These first calls and one more
      // pair warm up (in a trial of 84 pairs, the service's first call was the cold one: 2.9 s
      // for the overdue counts, against a median of 1.5 s).
      const [a, b] = [await app(), await baseline()];
      if (a.length !== b.length) throw new Error(`${name}: ${a.length} rows vs ${b.length}`);
      const { ours, baseline: base } = await measurePair(runs, 1, app, baseline);
      log(
        `${name}: ${a.length} rows; p95 ${ours.p95.toFixed(1)} ms (median ${ours.median.toFixed(1)}) ` +
          `vs hand-written ${base.p95.toFixed(1)} ms (median ${base.median.toFixed(1)})`,
      );
      rows.push({ name, value: ours.p95, p95: ours.p95, unit: 'ms', baseline: base.p95, runs });
    };

    await pair(
      'dashboard-overdue-by-department',
      // 20 pairs (~1 s each): over 80 pairs, the ratio of p95s of each 20 stayed within 1.39–1.47
      // (1.43–1.45 for each 40, 1.47 for all 80).
      20,
      () => stats.overdueByDepartment(office, {}),
      () => prisma.$queryRawUnsafe(BASELINE.overdueByDepartment, TODAY),
    );
    await pair(
      'dashboard-department-overdue-list',
      100,
      () => lists.overdue(office, { departmentId }),
      () => prisma.$queryRawUnsafe(BASELINE.departmentOverdue, departmentId, TODAY),
    );
    await pair(
      'dashboard-on-time-by-department',
      10,
      () => stats.stats(office, { groupBy: 'department' }),
      () => prisma.$queryRawUnsafe(BASELINE.onTimeByDepartment, TODAY),
    );
    rows.push(await overdueSweep(app, clock));
    return rows;
  } finally {
    await app?.close();
    await deleteByPrefix(redis, prefix);
    redis.disconnect();
    // BENCH_DASHBOARD_KEEP=1 keeps the database for EXPLAIN while developing.
    if (!process.env.BENCH_DASHBOARD_KEEP) await dropDatabase(DB_NAME);
  }
}
