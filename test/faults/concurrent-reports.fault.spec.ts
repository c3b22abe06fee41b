import { PrismaPg } from '@prisma/adapter-pg';
import { randomUUID } from 'node:crypto';
import { PrismaClient } from '../../src/generated/prisma/client';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { createPerson, login } from '../support/fixtures';
import { startPrivateRedis, PrivateRedis } from '../support/private-redis';
import { ServiceProcess, startServiceProcess } from '../support/service-process';
import { resetDatabase } from '../support/test-app';

/**
 * 100 concurrent progress reports on one task, sent to two service processes at once, most of them
 * with stale versions, in 5 rounds: of each round exactly one report wins (the version it read is
 * current), every other one gets 409 STALE_VERSION, and the database holds exactly the winners:
 * versions 1..5 once each, one audit record each, nothing from a refused report.
 */
const ROUNDS = 5;
const PER_ROUND = 100;

describe('100 concurrent reports with stale versions on two processes', () => {
  let redis: PrivateRedis;
  let prisma: PrismaClient;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis();
    prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }),
    });
    await resetDatabase(prisma as unknown as PrismaService);
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await prisma.$disconnect();
    await redis.stop();
  });

  it('lets exactly one report win per version; the other 99 of each round get 409 and write nothing', async () => {
    const liaison = await createPerson(prisma as unknown as PrismaService, {
      username: 'race.liaison',
      role: 'LIAISON',
      departmentName: '省民政厅',
    });
    const plan = await prisma.plan.create({
      data: { title: '并发测试方案', contentHash: randomUUID(), sourceName: 'race' },
    });
    const task = await prisma.task.create({
      data: {
        planId: plan.id,
        no: 1,
        text: '并发测试任务',
        dueOn: new Date('2026-12-31'),
        dueSource: 'STATED',
        assignments: {
          create: [{ departmentId: liaison.departmentId!, role: 'LEAD', ordinal: 0 }],
        },
      },
    });
    const env = {
      REDIS_URL: redis.url,
      QUEUE_PREFIX: `duban-race-${randomUUID().slice(0, 8)}`,
      SCHEDULER_ENABLED: 'false',
    };
    await Promise.all(
      ['P', 'Q'].map((name) =>
        startServiceProcess(name, env, { onStart: (s) => services.push(s) }),
      ),
    );
    const auth = await login(services[0]!.url, 'race.liaison');

    const winners: { narrative: string; version: number; percent: number }[] = [];
    const answers = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const current = round;
      // A fifth carry the current version; the rest read an older one (or, in round 0, are equally current).
      const requests = Array.from({ length: PER_ROUND }, (_, i) => ({
        narrative: `第${round}轮第${i}份`,
        version: i % 5 === 0 ? current : (i * 7) % (current + 1),
        percent: (round * 17 + i) % 101,
        service: services[i % 2]!,
      }));
      const results = await Promise.all(
        requests.map(async (r) => {
          const res = await fetch(`${r.service.url}/api/v1/tasks/${task.id}/reports`, {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({
              percent: r.percent,
              narrative: r.narrative,
              version: r.version,
            }),
          });
          const body = (await res.json()) as { code?: string; version?: number };
          return { ...r, status: res.status, body };
        }),
      );
      for (const r of results) {
        const key = `${r.status} ${r.body.code ?? ''}`.trim();
        answers.set(key, (answers.get(key) ?? 0) + 1);
      }
      const won = results.filter((r) => r.status === 201);
      expect(won).toHaveLength(1);
      expect(won[0]!.version).toBe(current);
      expect(won[0]!.body.version).toBe(current + 1);
      const refused = results.filter((r) => r.status !== 201);
      expect(refused).toHaveLength(PER_ROUND - 1);
      expect(refused.every((r) => r.status === 409 && r.body.code === 'STALE_VERSION')).toBe(true);
      // Both processes answered this round.
      expect(new Set(results.map((r) => r.service.name)).size).toBe(2);
      winners.push(won[0]!);
    }

    const reports = await prisma.progressReport.findMany({
      where: { taskId: task.id },
      orderBy: { version: 'asc' },
    });
    expect(reports.map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
    expect(reports.map((r) => r.narrative)).toEqual(winners.map((w) => w.narrative));
    const audits = await prisma.auditEvent.findMany({
      where: { action: 'progress.reported', entityId: task.id },
    });
    expect(audits.map((a) => (a.data as { reportId: string }).reportId).sort()).toEqual(
      reports.map((r) => r.id).sort(),
    );
    const assignment = await prisma.assignment.findFirstOrThrow({ where: { taskId: task.id } });
    expect(assignment.reportVersion).toBe(ROUNDS);
    const after = await prisma.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(after.percent).toBe(winners.at(-1)!.percent);
    console.info(
      `concurrent-reports: ${ROUNDS} rounds × ${PER_ROUND} requests on 2 processes: ${JSON.stringify(Object.fromEntries(answers))}`,
    );
  }, 120_000);
});
