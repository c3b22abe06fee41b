import { PrismaPg } from '@prisma/adapter-pg';
import { randomUUID } from 'node:crypto';
import { PrismaClient } from '../../src/generated/prisma/client';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { createPerson, eventually, login } from '../support/fixtures';
import { startPrivateRedis, PrivateRedis } from '../support/private-redis';
import { healthStatus, ServiceProcess, startServiceProcess } from '../support/service-process';
import { startTcpProxy, TcpProxy } from '../support/tcp-proxy';
import { resetDatabase } from '../support/test-app';

/**
 * PostgreSQL goes away in the middle of a burst of progress reports: the service reaches it through
 * a TCP relay that the test cuts (every connection dropped, new ones refused) and restores. While it
 * is cut, requests fail with a coded 503 and /health says down; afterwards the same process serves
 * again by itself. Every report attempt carries a unique narrative, so the database can be checked
 * against what each client was told: a 201 is stored exactly once with one audit record; a refusal
 * (409) stored never; a request cut mid-flight (503) stored at most once.
 */
const WRITERS = 6;
const SUCCESSES_EACH = 12;
const MAX_ATTEMPTS_EACH = 400;

interface Attempt {
  writer: number;
  narrative: string;
  version: number;
  status: number;
  code?: string;
  /** Sent while the link was cut or being cut. */
  duringOutage: boolean;
}

describe('PostgreSQL cut during a report burst', () => {
  let redis: PrivateRedis;
  let proxy: TcpProxy;
  let prisma: PrismaClient;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    const db = new URL(process.env.DATABASE_URL!);
    proxy = await startTcpProxy({ host: db.hostname, port: Number(db.port || 5432) });
    prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
    });
    await resetDatabase(prisma as unknown as PrismaService);
  });

  afterAll(async () => {
    await service?.stop();
    await prisma.$disconnect();
    await proxy.stop();
    await redis.stop();
  });

  it('fails requests with a coded 503 while it is down, recovers by itself, and loses or doubles nothing', async () => {
    const liaison = await createPerson(prisma as unknown as PrismaService, {
      username: 'pg.liaison',
      role: 'LIAISON',
      departmentName: '省民政厅',
    });
    const plan = await prisma.plan.create({
      data: { title: '断库测试方案', contentHash: randomUUID(), sourceName: 'outage' },
    });
    const taskIds: string[] = [];
    for (let no = 1; no <= WRITERS; no++) {
      const task = await prisma.task.create({
        data: {
          planId: plan.id,
          no,
          text: `断库测试任务${no}`,
          dueOn: new Date('2026-12-31'),
          dueSource: 'STATED',
          assignments: {
            create: [{ departmentId: liaison.departmentId!, role: 'LEAD', ordinal: 0 }],
          },
        },
      });
      taskIds.push(task.id);
    }

    const dbUrl = new URL(process.env.DATABASE_URL!);
    dbUrl.hostname = '127.0.0.1';
    dbUrl.port = String(proxy.port);
    service = await startServiceProcess('pg', {
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `duban-pg-${randomUUID().slice(0, 8)}`,
      SCHEDULER_ENABLED: 'false',
    });
    const auth = await login(service.url, 'pg.liaison');

    let outage = false;
    const attempts: Attempt[] = [];
    let successes = 0;
    const writer = async (w: number) => {
      let version = 0;
      let ok = 0;
      for (let i = 0; ok < SUCCESSES_EACH && i < MAX_ATTEMPTS_EACH; i++) {
        const narrative = `写入者${w}第${i}次`;
        const duringOutage = outage;
        let status: number;
        let body: { code?: string; details?: { currentVersion?: number } } = {};
        try {
          const res = await fetch(`${service!.url}/api/v1/tasks/${taskIds[w]}/reports`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({ percent: Math.min(100, ok * 5), narrative, version }),
          });
          status = res.status;
          body = (await res.json()) as typeof body;
        } catch {
          status = -1; // the service itself did not answer: a failure of the test's premise
        }
        attempts.push({ writer: w, narrative, version, status, code: body.code, duringOutage });
        if (status === 201) {
          ok++;
          successes++;
          version++;
        } else if (status === 409 && body.code === 'STALE_VERSION') {
          // Our own write went through before the link was cut: take the version and go on.
          version = body.details!.currentVersion!;
        } else {
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const burst = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));

    // Cut once a third of the reports are in, hold the outage while the writers keep sending.
    await eventually(async () => successes >= (WRITERS * SUCCESSES_EACH) / 3, 30_000);
    outage = true;
    await proxy.cut();
    const down = await fetch(`${service.url}/api/v1/health`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      details: { status: 'error', error: { postgresql: { status: 'down' } } },
    });
    const failedBefore = attempts.filter((a) => a.status !== 201).length;
    await eventually(
      async () => attempts.filter((a) => a.status !== 201).length >= failedBefore + 2 * WRITERS,
      20_000,
    );
    await proxy.restore();
    outage = false;
    // Recovery needs nothing from outside: the same process answers again.
    await eventually(async () => (await healthStatus(service!.url)) === 200, 30_000);
    await burst;

    // Every writer reached its count; every answer was a clean, coded one.
    expect(attempts.filter((a) => a.status === 201)).toHaveLength(WRITERS * SUCCESSES_EACH);
    const failures = attempts.filter((a) => a.status !== 201 && a.status !== 409);
    expect(failures.length).toBeGreaterThanOrEqual(2 * WRITERS);
    const shapes = new Set(failures.map((a) => `${a.status} ${a.code}`));
    expect([...shapes]).toEqual(['503 DATABASE_UNAVAILABLE']);
    expect(attempts.filter((a) => a.status === 409).every((a) => a.code === 'STALE_VERSION')).toBe(
      true,
    );

    // Counted in the database: reports and their audit records against what each client was told.
    const reports = await prisma.progressReport.findMany({
      where: { taskId: { in: taskIds } },
      select: { id: true, taskId: true, version: true, narrative: true },
    });
    const stored = new Map<string, number>();
    for (const r of reports) stored.set(r.narrative, (stored.get(r.narrative) ?? 0) + 1);
    const times = (a: Attempt) => stored.get(a.narrative) ?? 0;
    expect(attempts.filter((a) => a.status === 201).every((a) => times(a) === 1)).toBe(true);
    expect(attempts.filter((a) => a.status === 409).every((a) => times(a) === 0)).toBe(true);
    expect(failures.every((a) => times(a) <= 1)).toBe(true);
    const known = new Set(attempts.map((a) => a.narrative));
    expect(reports.every((r) => known.has(r.narrative))).toBe(true);
    // A write cut after its commit is kept once; the client learnt of it from the next 409.
    const committedButCut = failures.filter((a) => times(a) === 1).length;
    expect(reports).toHaveLength(WRITERS * SUCCESSES_EACH + committedButCut);
    for (const taskId of taskIds) {
      const versions = reports
        .filter((r) => r.taskId === taskId)
        .map((r) => r.version)
        .sort((a, b) => a - b);
      expect(versions).toEqual(versions.map((_, i) => i + 1));
    }
    const audits = await prisma.auditEvent.findMany({
      where: { action: 'progress.reported', entityId: { in: taskIds } },
      select: { data: true },
    });
    const audited = audits.map((a) => (a.data as { reportId: string }).reportId).sort();
    expect(audited).toEqual(reports.map((r) => r.id).sort());
    console.info(
      `postgres-outage: ${attempts.length} attempts, ${failures.length} refused with 503 during the cut ` +
        `(${attempts.filter((a) => a.duringOutage).length} sent while cut), ${committedButCut} committed just before it; ` +
        `${reports.length} reports, ${audits.length} audit records; relay connections ${proxy.accepted}`,
    );
  }, 120_000);
});
