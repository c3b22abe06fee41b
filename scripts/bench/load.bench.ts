/**
 * Load benchmarks of `npm run bench` (issue 8, "speed at national scale"), on the local PostgreSQL
 * and Redis, in a database of their own (`duban_bench_load`, dropped at the end) and under a queue
 * prefix of their own (`duban-bench-load-<random>`, every key deleted at the end):
 *
 *   report-api-50c-rps     POST /api/v1/tasks/:id/reports (JWT auth, DTO validation, the access
 *                          policy, the versioned transactional write, the audit record) under 50
 *                          concurrent connections for LOAD_SECONDS, with autocannon from the same
 *                          process against 127.0.0.1. Each connection reports on a task of its own
 *                          and sends the version it was last given, so every answer is a 201.
 *                          Baseline: a bare NestJS endpoint on the same stack (Nest + express +
 *                          PrismaService over @prisma/adapter-pg) that inserts one row, measured the
 *                          same way in the same run. Goal: ≥ 0.75× its requests/s.
 *   report-api-50c-p99     the same run's 99th-percentile latency. Baseline: the goal, 50 ms.
 *
 * The overdue sweep over 1,000,000 tasks (`overdue-sweep-1m`) runs on the dashboard's history of
 * 1,000,000 tasks, in dashboard.bench.ts: one seed for both.
 */
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { AppConfigModule } from '../../src/config/config.module';
import { ManualClock } from '../../src/infra/clock/clock';
import { PrismaModule } from '../../src/infra/prisma/prisma.module';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { AuthService } from '../../src/modules/auth/auth.service';
import { hashPassword } from '../../src/modules/auth/password';
import { MailCapture } from '../kit/mail-capture';
import { type BenchRow, log, startProfiler } from './measure';
import { createBenchApp, inBenchSandbox } from './sandbox';

const DB_NAME = process.env.BENCH_LOAD_DB ?? 'duban_bench_load';
const CONNECTIONS = 50;
const REPORT_TABLE_TASKS = 100_000;
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
/** The app's clock: Wed 25 Nov 2026 09:30 Shanghai, a working morning. */
const NOW = new Date('2026-11-25T01:30:00Z');
const P99_GOAL_MS = 50;

/** The baseline's endpoint: the same stack, one INSERT, nothing else. */
@Controller('bare')
class BareController {
  constructor(private readonly prisma: PrismaService) {}

  @Post()
  @HttpCode(201)
  async insert(@Body() body: { n?: number; text?: string }): Promise<{ id: string }> {
    const [row] = await this.prisma.$queryRaw<{ id: string }[]>`
      INSERT INTO bench_bare (n, text) VALUES (${body.n ?? 0}, ${body.text ?? ''}) RETURNING id::text`;
    return row!;
  }
}

@Module({ imports: [AppConfigModule, PrismaModule], controllers: [BareController] })
class BareModule {}

interface Load {
  /** Node CPU (this process: the app and autocannon) per request, in ms. */
  cpuMs: number;
  rps: number;
  p99: number;
  p50: number;
  total: number;
  non2xx: number;
  errors: number;
}

async function load(
  url: string,
  requests: autocannon.Request[],
  headers: Record<string, string> = {},
): Promise<Load> {
  const cpu = process.cpuUsage();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: LOAD_SECONDS,
    headers: { 'content-type': 'application/json', ...headers },
    requests,
  });
  const used = process.cpuUsage(cpu);
  return {
    cpuMs: (used.user + used.system) / 1000 / Math.max(1, result.requests.total),
    rps: result.requests.average,
    p99: result.latency.p99,
    p50: result.latency.p50,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function bareBaseline(databaseUrl: string): Promise<Load> {
  Object.assign(process.env, { DUBAN_MODE: 'test', DATABASE_URL: databaseUrl });
  const moduleRef = await Test.createTestingModule({ imports: [BareModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  try {
    const prisma = app.get(PrismaService);
    await prisma.$executeRawUnsafe(
      `CREATE TABLE bench_bare (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n int NOT NULL,
         text text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const profiler = await startProfiler('bare');
    const result = await load(`${url}/bare`, [
      { method: 'POST', body: JSON.stringify({ n: 60, text: '已完成选址,正在组织施工招标。' }) },
    ]);
    await profiler.stop();
    return result;
  } finally {
    await app.close();
  }
}

/**
 * One liaison, 4 × CONNECTIONS tasks led by the liaison's department among REPORT_TABLE_TASKS;
 * returns a token and the liaison's task ids.
 */
async function seedReporting(app: INestApplication): Promise<{ token: string; taskIds: string[] }> {
  const prisma = app.get(PrismaService);
  const department = await prisma.department.create({ data: { name: '压测单位' } });
  await prisma.person.create({
    data: {
      username: 'bench.liaison',
      displayName: '压测联络员',
      role: 'LIAISON',
      departmentId: department.id,
      email: 'bench@example.test',
      passwordHash: await hashPassword('bench-password-1'),
    },
  });
  const plan = await prisma.plan.create({
    data: { title: '压测方案', contentHash: randomUUID(), sourceName: 'bench' },
  });
  // The liaison's tasks among REPORT_TABLE_TASKS others (a national cascade's size), so that a plan
  // that scans a table instead of using its index shows here, as it would in production.
  const others = await prisma.department.create({ data: { name: '压测其他单位' } });
  await prisma.$executeRaw`
    INSERT INTO task (id, plan_id, no, text, due_on, due_source)
    SELECT gen_random_uuid(), ${plan.id}::uuid, n, '压测任务' || n, '2027-06-30', 'STATED'
    FROM generate_series(1, ${REPORT_TABLE_TASKS}::int) n`;
  await prisma.$executeRaw`
    INSERT INTO assignment (id, task_id, department_id, role, ordinal)
    SELECT gen_random_uuid(), t.id,
           CASE WHEN t.no <= ${CONNECTIONS * 4}::int THEN ${department.id}::uuid ELSE ${others.id}::uuid END,
           'LEAD', 0
    FROM task t WHERE t.plan_id = ${plan.id}::uuid`;
  await prisma.$executeRawUnsafe('ANALYZE task, assignment');
  const taskIds = (
    await prisma.task.findMany({
      where: { planId: plan.id, no: { lte: CONNECTIONS * 4 } },
      select: { id: true },
    })
  ).map((t) => t.id);
  const signIn = await app
    .get(AuthService)
    .login({ username: 'bench.liaison', password: 'bench-password-1' });
  if (signIn.secondFactorRequired) throw new Error('the bench liaison has no second factor');
  const { accessToken } = signIn;
  return { token: accessToken, taskIds };
}

async function reportApi(app: INestApplication): Promise<Load> {
  const { token, taskIds } = await seedReporting(app);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  // Tasks not in flight, each with the version its last answer gave. With one request in flight per
  // connection and more tasks than connections, a request always finds a free task, and every answer
  // is a 201 (autocannon gives each request a fresh context, so the state lives here).
  const free = taskIds.map((id) => ({ id, version: 0 }));
  const refusals = new Map<string, number>();
  const profiler = await startProfiler('report');
  type Ctx = { slot?: { id: string; version: number } };
  const result = await load(
    url,
    [
      {
        method: 'POST',
        setupRequest: (req, context) => {
          const slot = free.shift()!;
          (context as Ctx).slot = slot;
          return {
            ...req,
            path: `/api/v1/tasks/${slot.id}/reports`,
            body: JSON.stringify({
              percent: 60,
              narrative: '已完成选址,正在组织施工招标。',
              version: slot.version,
            }),
          };
        },
        onResponse: (status, body, context) => {
          const slot = (context as Ctx).slot!;
          if (status === 201) slot.version = (JSON.parse(body) as { version: number }).version;
          else {
            const key = `${status} ${body.slice(0, 60)}`;
            refusals.set(key, (refusals.get(key) ?? 0) + 1);
            if (status === 409) {
              slot.version = (
                JSON.parse(body) as { details: { currentVersion: number } }
              ).details.currentVersion;
            }
          }
          free.push(slot);
        },
      },
    ],
    { authorization: `Bearer ${token}` },
  );
  await profiler.stop();
  const prisma = app.get(PrismaService);
  // One snapshot: a report and its audit record commit together, so the two counts must agree.
  const [{ reports, audits }] = await prisma.$queryRaw<{ reports: number; audits: number }[]>`
    SELECT (SELECT count(*)::int FROM progress_report) AS reports,
           (SELECT count(*)::int FROM audit_event WHERE action = 'progress.reported') AS audits`;
  log(`report API: ${reports} reports and ${audits} audit records written`);
  if (reports !== audits) throw new Error('report API benchmark: reports and audit records differ');
  if (refusals.size) log(`report API refusals: ${JSON.stringify(Object.fromEntries(refusals))}`);
  return result;
}

export async function loadBenchmarks(): Promise<BenchRow[]> {
  return inBenchSandbox(
    { database: DB_NAME, prefix: 'duban-bench-load' },
    async ({ databaseUrl, prefix }) => {
      const bare = await bareBaseline(databaseUrl);
      log(
        `bare endpoint: ${bare.rps.toFixed(0)} req/s, p50 ${bare.p50} ms, p99 ${bare.p99} ms, ` +
          `${bare.cpuMs.toFixed(2)} ms of Node CPU per request ` +
          `(${bare.total} requests, ${bare.non2xx} non-2xx, ${bare.errors} errors)`,
      );

      const mail = new MailCapture();
      let app: INestApplication | undefined;
      try {
        const { smtpPort } = await mail.start();
        const clock = new ManualClock(NOW);
        app = await createBenchApp({ databaseUrl, prefix, smtpPort, clock, http: true });
        const reports = await reportApi(app);
        log(
          `report API: ${reports.rps.toFixed(0)} req/s, p50 ${reports.p50} ms, p99 ${reports.p99} ms, ` +
            `${reports.cpuMs.toFixed(2)} ms of Node CPU per request ` +
            `(${reports.total} requests, ${reports.non2xx} non-2xx, ${reports.errors} errors)`,
        );
        if (reports.non2xx > 0 || reports.errors > 0) {
          throw new Error('report API benchmark: some requests were not answered 201');
        }

        return [
          {
            name: 'report-api-50c-rps',
            value: reports.rps,
            unit: 'r/s',
            baseline: bare.rps,
            runs: 1,
          },
          {
            name: 'report-api-50c-p99',
            value: reports.p99,
            unit: 'ms',
            baseline: P99_GOAL_MS,
            runs: 1,
          },
        ];
      } finally {
        await app?.close();
        await mail.stop();
      }
    },
  );
}
