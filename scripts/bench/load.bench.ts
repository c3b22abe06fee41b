/**
 * Load benchmarks of `npm run bench` (issue 8, "speed at national scale"; issue 17, "honest load
 * figures"), on the local PostgreSQL and Redis, in a database of their own (`duban_bench_load`,
 * dropped at the end) and under a queue prefix of their own (`duban-bench-load-<random>`, every key
 * deleted at the end). Three kinds of process, none of them this one:
 *
 * - the service in its production shape: `src/` compiled as `npm run build` compiles it (into a
 *   temporary outDir, load/build.ts), `node main.js` with DUBAN_MODE=production, PROCESS_ROLE=api,
 *   NODE_ENV=production, a random JWT_SECRET, LOG_LEVEL=warn, TRUST_PROXY=loopback and the rate
 *   limits out of reach. A report enqueues nothing, so no worker process runs;
 * - the baseline, compiled in the same build: the same stack (Nest, express, `PrismaService` over
 *   @prisma/adapter-pg, the same environment) with one route that inserts one row
 *   (load/bare-server.ts);
 * - the load generator (load/generator.ts), forked once per measurement.
 *
 * Rows (every baseline is the bare insert, measured the same way in the same run):
 *
 *   report-api-50c-rps      POST /api/v1/tasks/:id/reports (JWT auth, DTO validation, the access
 *                           policy, the versioned one-statement write, the audit record) under 50
 *                           connections in a closed loop for LOAD_SECONDS, requests/s.
 *   report-api-300rps-p50   the same route in an open loop at 300 requests/s for 20 s: median
 *   report-api-300rps-p99   and 99th-percentile latency from each request's scheduled time
 *                           (goal p99 ≤ 50 ms, no errors).
 *   report-api-300rps-errors  timeouts (10 s after the scheduled time) and 5xx answers in it.
 *   report-api-cpu-ms       Node CPU of the service process per request in that open loop.
 *
 * 50 liaisons, each of a department of its own, sign in through the API and report (load/seed.ts).
 * A report is never refused, or the bench fails: the closed loop's connections each take a task
 * no other is reporting on, with the version its last answer gave; the open loop's requests each
 * have a task of their own at the version seeded. The reports and their audit records, counted in
 * one snapshot afterwards, must agree.
 *
 * BENCH_LOAD_TRACE=<prefix> writes each open loop's latencies in schedule order to
 * `<prefix>-report.json` and `<prefix>-bare.json`; BENCH_PROFILE and BENCH_LOAD_NODE_ARGS
 * (load/processes.ts) profile the service.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { REDIS_URL, withClient } from '../kit/services';
import { buildForLoad } from './load/build';
import type { GeneratorTarget, Phase, PhaseResult } from './load/generator';
import { peakResidentMb, runGenerator, type RunningProcess, startProcess } from './load/processes';
import { createBareTable, type SeededTask, seedReportWork, signIn } from './load/seed';
import { type BenchRow, log } from './measure';
import { inBenchSandbox } from './sandbox';

const DB_NAME = process.env.BENCH_LOAD_DB ?? 'duban_bench_load';
const ROOT = join(__dirname, '..', '..');
const CONNECTIONS = 50;
/** Liaisons reporting, each of a department of its own: one per closed-loop connection. */
const LIAISONS = 50;
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const WARM_UP_SECONDS = 3;
const OPEN_RATE = Number(process.env.BENCH_LOAD_RATE ?? 300);
const OPEN_SECONDS = Number(process.env.BENCH_LOAD_OPEN_SECONDS ?? 20);
/** Sockets the open loop may open: over a second of requests, should the service stall. */
const OPEN_SOCKETS = 400;
/** The tasks of the table the liaison's sit among: a national cascade's size. */
const REPORT_TABLE_TASKS = 100_000;
/** The closed loop's tasks: more than its connections, so that a free one is always there. */
const CLOSED_TASKS = CONNECTIONS * 4;
const P99_GOAL_MS = 50;

const warmUp: Phase = { kind: 'closed', seconds: WARM_UP_SECONDS, connections: CONNECTIONS };
const closed: Phase = { kind: 'closed', seconds: LOAD_SECONDS, connections: CONNECTIONS };
const open: Phase = { kind: 'open', rate: OPEN_RATE, seconds: OPEN_SECONDS, sockets: OPEN_SOCKETS };

/** What the service and the baseline run with: production, as far as a bench allows. */
function productionEnv(
  databaseUrl: string,
  prefix: string,
  scratch: string,
): Record<string, string> {
  const web = join(ROOT, 'web', 'dist');
  return {
    NODE_ENV: 'production',
    DUBAN_MODE: 'production',
    PROCESS_ROLE: 'api',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    // 50 liaisons send as fast as the service answers: the limits are set out of reach.
    RATE_LIMIT_PER_PERSON: '1000000000',
    RATE_LIMIT_PER_IP: '1000000000',
    // Behind the reverse proxy of the deployment guide (here: the sign-ins' X-Forwarded-For).
    TRUST_PROXY: 'loopback',
    EVIDENCE_DIR: join(scratch, 'evidence'),
    AUDIT_ARCHIVE_DIR: join(scratch, 'audit-archive'),
    // The web interface is served by the API process in production: its static middleware stays.
    ...(existsSync(join(web, 'index.html')) ? { WEB_UI_DIR: web } : {}),
  };
}

const healthy = async (url: string) => (await fetch(`${url}/api/v1/health`)).status === 200;
/** The baseline has one route: a GET on it answers 404 once it listens. */
const listening = async (url: string) => (await fetch(`${url}/bare`)).status === 404;

const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));

function describe(what: string, r: PhaseResult): string {
  const head =
    r.kind === 'closed'
      ? `${what}, closed loop (${CONNECTIONS} connections): ${r.rps.toFixed(0)} req/s, `
      : `${what}, open loop (${OPEN_RATE} req/s): `;
  const lag =
    r.sendLagP99 === undefined
      ? ''
      : `, sent late by ${ms(r.sendLagP99)} ms at p99 (${ms(r.sendLagMax!)} at worst)`;
  return (
    head +
    `p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms, max ${ms(r.max)} ms; ` +
    `Node CPU ${r.serviceCpuMs.toFixed(2)} ms per request (generator ${r.generatorCpuMs.toFixed(2)} ms); ` +
    `${r.requests} requests, ${r.failed} not 201${lag} [load average ${loadavg()[0]!.toFixed(2)}]`
  );
}

/**
 * Checkpoints PostgreSQL has started so far (timed and requested; pg_stat_checkpointer from 17 on).
 * The seed writes hundreds of MB of WAL just before the phases: without a checkpoint first, the
 * one it triggers (or the next timed one) falls into a phase and stalls its commits for a second.
 */
async function checkpointsSoFar(admin: Client): Promise<number> {
  const q = async (sql: string) => Number((await admin.query<{ n: string }>(sql)).rows[0]!.n);
  return q('SELECT (checkpoints_timed + checkpoints_req)::text AS n FROM pg_stat_bgwriter').catch(
    () => q('SELECT (num_timed + num_requested)::text AS n FROM pg_stat_checkpointer'),
  );
}

async function measure(
  what: string,
  target: GeneratorTarget,
  service: RunningProcess,
  phases: Phase[],
  admin: Client,
): Promise<PhaseResult[]> {
  // Each phase starts with the WAL written out, so that no phase inherits another's (or the
  // seed's) checkpoint; one that still starts during a phase is real, and is printed.
  await admin.query('CHECKPOINT');
  const before = await checkpointsSoFar(admin);
  const { phases: results } = await runGenerator({ target, phases, servicePid: service.pid });
  const during = (await checkpointsSoFar(admin)) - before;
  results.forEach((r, i) => {
    if (phases[i] === warmUp) return;
    log(describe(what, r) + (during > 0 ? ` [${during} checkpoint(s) started meanwhile]` : ''));
    if (Object.keys(r.refusals).length) log(`${what} refusals: ${JSON.stringify(r.refusals)}`);
  });
  // A refusal (4xx) means the bench sent invalid work; a timeout or a 5xx is the service's error.
  const refused = results.flatMap((r) => Object.keys(r.refusals)).filter((k) => /^4/.test(k));
  if (refused.length) {
    throw new Error(`load benchmark: the ${what} refused requests: ${refused.join('; ')}`);
  }
  return results;
}

/** Reports and their audit records, in one snapshot: they commit together, so they must agree. */
async function checkReports(databaseUrl: string, phases: PhaseResult[]): Promise<void> {
  const answered201 = phases.reduce((n, r) => n + r.ok, 0);
  // Written but not counted: a request timed out, or in flight when a closed loop stopped.
  const unanswered = phases.reduce((n, r) => n + r.failed, 0) + CONNECTIONS * phases.length;
  const {
    rows: [{ reports, audits }],
  } = await withClient(databaseUrl, (c) =>
    c.query<{ reports: number; audits: number }>(
      `SELECT (SELECT count(*)::int FROM progress_report) AS reports,
              (SELECT count(*)::int FROM audit_event WHERE action = 'progress.reported') AS audits`,
    ),
  );
  log(`report API: ${reports} reports and ${audits} audit records written`);
  if (reports !== audits) throw new Error('report API benchmark: reports and audit records differ');
  if (reports < answered201 || reports > answered201 + unanswered) {
    throw new Error(`report API benchmark: ${answered201} answers 201, but ${reports} reports`);
  }
}

export async function loadBenchmarks(): Promise<BenchRow[]> {
  // tsc runs while the database is created and seeded (different cores, mostly).
  const building = buildForLoad();
  building.catch(() => undefined);
  return inBenchSandbox(
    { database: DB_NAME, prefix: 'duban-bench-load' },
    async ({ databaseUrl, migrationUrl, adminUrl, prefix }) => {
      await createBareTable(migrationUrl);
      const work = await seedReportWork(databaseUrl, {
        liaisons: LIAISONS,
        tableTasks: REPORT_TABLE_TASKS,
        closed: CLOSED_TASKS,
        open: OPEN_RATE * OPEN_SECONDS,
      });
      // As the owner: the service's role may not ANALYZE (PostgreSQL skips it with a warning).
      await withClient(migrationUrl, (c) => c.query('ANALYZE task, assignment'));
      const build = await building;
      log(`service and baseline compiled (tsc, incremental) in ${(build.ms / 1000).toFixed(1)} s`);
      const scratch = mkdtempSync(join(tmpdir(), 'duban-bench-load-'));
      const env = productionEnv(databaseUrl, prefix, scratch);
      const running: RunningProcess[] = [];
      // The superuser, for CHECKPOINT between phases.
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        const service = await startProcess('service', build.serviceEntry, env, healthy);
        running.push(service);
        const bare = await startProcess('bare', build.bareEntry, env, listening);
        running.push(bare);
        const tokens: string[] = [];
        for (let i = 0; i < LIAISONS; i++) tokens.push(await signIn(service.url, i));
        const slot = (t: SeededTask) => ({
          id: t.id,
          version: t.version,
          token: tokens[t.liaison]!,
        });
        const report: GeneratorTarget = {
          kind: 'report',
          url: service.url,
          closedTasks: work.closedTasks.map(slot),
          openTasks: work.openTasks.map(slot),
        };
        const bareTarget: GeneratorTarget = { kind: 'bare', url: bare.url };

        // Alternating, so that the shared machine's load weighs on both alike.
        const [, bareClosed] = await measure(
          'bare insert',
          bareTarget,
          bare,
          [warmUp, closed],
          admin,
        );
        const reportClosedAll = await measure(
          'report API',
          report,
          service,
          [warmUp, closed],
          admin,
        );
        const [bareOpen] = await measure('bare insert', bareTarget, bare, [open], admin);
        const [reportOpen] = await measure('report API', report, service, [open], admin);
        const reportClosed = reportClosedAll[1]!;
        await checkReports(databaseUrl, [...reportClosedAll, reportOpen!]);
        log(
          `peak resident memory: service ${peakResidentMb(service.pid).toFixed(0)} MB, ` +
            `bare insert ${peakResidentMb(bare.pid).toFixed(0)} MB`,
        );
        log(
          `report API against the bare insert: ${(reportClosed.rps / bareClosed!.rps).toFixed(2)}× ` +
            `its requests/s; p99 at ${OPEN_RATE} req/s ${ms(reportOpen!.p99)} ms, goal ≤ ${P99_GOAL_MS} ms: ` +
            (reportOpen!.p99 <= P99_GOAL_MS && reportOpen!.failed === 0 ? 'met' : 'MISSED') +
            ` (${reportOpen!.failed} errors)`,
        );

        return [
          {
            name: 'report-api-50c-rps',
            value: reportClosed.rps,
            unit: 'r/s',
            baseline: bareClosed!.rps,
            runs: 1,
          },
          {
            name: `report-api-${OPEN_RATE}rps-p50`,
            value: reportOpen!.p50,
            unit: 'ms',
            baseline: bareOpen!.p50,
            runs: 1,
          },
          {
            name: `report-api-${OPEN_RATE}rps-p99`,
            value: reportOpen!.p99,
            unit: 'ms',
            baseline: bareOpen!.p99,
            runs: 1,
          },
          {
            name: `report-api-${OPEN_RATE}rps-errors`,
            value: reportOpen!.failed,
            unit: '',
            baseline: bareOpen!.failed,
            runs: 1,
          },
          {
            name: 'report-api-cpu-ms',
            value: reportOpen!.serviceCpuMs,
            unit: 'ms',
            baseline: bareOpen!.serviceCpuMs,
            runs: 1,
          },
        ];
      } finally {
        for (const p of running.reverse()) await p.stop();
        await admin.end();
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  );
}
