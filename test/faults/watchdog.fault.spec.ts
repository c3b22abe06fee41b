import { randomUUID } from 'node:crypto';
import { HEARTBEAT } from '../../src/infra/heartbeat/heartbeat.service';
import type { PrismaService } from '../../src/infra/prisma/prisma.service';
import { QueueName } from '../../src/infra/queue/job-catalogue';
import { WATCHED } from '../../src/modules/watchdog/watchdog-rules';
import { createPerson, eventually } from '../support/fixtures';
import { asOwner } from '../support/owner-db';
import { faultRig } from '../support/fault-rig';

interface HealthBody {
  status: string;
  watchdog?: { status: string; stale: { component: string; message: string }[] };
}

const healthOf = async (url: string): Promise<HealthBody | null> => {
  try {
    const res = await fetch(`${url}/api/v1/health`);
    return res.status === 200 ? ((await res.json()) as HealthBody) : null;
  } catch {
    return null;
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The worker process killed for real (SIGKILL): an API process (PROCESS_ROLE=api) that neither
 * ticks nor works the queues notices, says so on /health and alarms the administrators once, by
 * email and inbox, without any queue worker; a new worker process ends the incident with one
 * "recovered" message. Short intervals: tick and watchdog every second, 3 s of grace, and the
 * business clock at 60× so that the sweep (one per business minute) runs every second too.
 */
describe('watchdog: the worker process killed', () => {
  jest.setTimeout(150_000);
  const rig = faultRig({ after: 'all', end: 'stop' });
  const { mail } = rig;
  let env: Record<string, string>;

  const subjects = (word: string) => mail.messages().filter((m) => m.subject.includes(word));
  /** The inbox rows of the latest incident's alarm or "recovered" message. */
  const inboxRows = async (kind: 'alarm' | 'recovered') => {
    const latest = await rig.prisma.watchdogIncident.findFirst({ orderBy: { openedAt: 'desc' } });
    const dedupeKey = { startsWith: `watchdog-${latest!.id}-${kind}-` };
    return rig.prisma.delivery.count({ where: { dedupeKey, channel: 'INBOX' } });
  };

  beforeAll(async () => {
    await asOwner(
      `TRUNCATE audit_event, delivery, escalation, reminder, progress_report, assignment, task, section,
         chapter, plan_version, plan, person, department_alias, department, heartbeat,
         watchdog_incident RESTART IDENTITY CASCADE`,
    );
    for (const username of ['admin.one', 'admin.two']) {
      await createPerson(rig.prisma as unknown as PrismaService, { username, role: 'ADMIN' });
    }
    await createPerson(rig.prisma as unknown as PrismaService, {
      username: 'office.staff',
      role: 'SUPERVISOR',
    });
    env = {
      QUEUE_PREFIX: `duban-watchdog-${randomUUID().slice(0, 8)}`,
      CLOCK_VIRTUAL_START: new Date().toISOString(),
      CLOCK_REAL_START: String(Date.now()),
      CLOCK_SPEED: '60',
      TICK_SECONDS: '1',
      WATCHDOG_INTERVAL_SECONDS: '1',
      WATCHDOG_STALE_SECONDS: '3',
    };
  });

  const startWorker = (name: string) =>
    rig.start(name, { ...env, PROCESS_ROLE: 'worker' }, { awaitHealthy: false });

  /** Every watched component has beaten since `since`. */
  const allBeatSince = async (since: Date) => {
    const rows = await rig.prisma.heartbeat.groupBy({
      by: ['component'],
      _max: { beatAt: true },
      where: { beatAt: { gt: since } },
    });
    return WATCHED.every((c) => rows.some((r) => r.component === c));
  };

  it('degrades /health, alarms each administrator once, and says once when it is over', async () => {
    const booted = new Date();
    // Both at once (a start is slow on a busy machine); whatever their start order causes is
    // forgotten below.
    const [worker, api] = await Promise.all([
      startWorker('worker-1'),
      rig.start('api', { ...env, PROCESS_ROLE: 'api' }),
    ]);
    await eventually(async () => {
      if (worker.child.exitCode !== null) throw new Error(worker.logs.slice(-20).join('\n'));
      return allBeatSince(booted);
    }, 60_000);
    await eventually(async () => (await healthOf(api.url))?.status === 'ok', 30_000);
    // Whatever a slow start may have caused is over and forgotten: count from here.
    await eventually(
      async () => (await rig.prisma.watchdogIncident.count({ where: { openKey: 1 } })) === 0,
    );
    await eventually(
      async () =>
        (await rig.prisma.delivery.count({
          where: { template: { startsWith: 'watchdog-' }, status: 'PENDING' },
        })) === 0,
    );
    await sleep(1_500); // an email of a check that just closed one is on its way
    const incidentsBefore = await rig.prisma.watchdogIncident.count();
    mail.clear();

    await worker.kill();
    // /health degrades, naming the workers of every queue and the tick (the worker process ran it).
    const expected = [
      HEARTBEAT.worker(QueueName.Scheduler),
      HEARTBEAT.worker(QueueName.Reminders),
      HEARTBEAT.worker(QueueName.Deliveries),
      HEARTBEAT.tick,
    ];
    const degraded = await eventually(async () => {
      const body = await healthOf(api.url);
      const named = body?.watchdog?.stale.map((s) => s.component) ?? [];
      return body?.status === 'degraded' && expected.every((c) => named.includes(c)) ? body : null;
    }, 30_000);
    expect(degraded.watchdog!.stale[0]!.message).toMatch(/没有心跳/);
    // One alarm email per administrator, sent by the API process (no queue worker is alive).
    await eventually(async () => subjects('系统告警').length >= 2, 30_000);
    await sleep(4_000); // four more checks: nothing more is sent
    const alarms = subjects('系统告警');
    expect(alarms.flatMap((m) => m.to).sort()).toEqual([
      'admin.one@example.test',
      'admin.two@example.test',
    ]);
    expect(alarms[0]!.text).toMatch(/(调度节拍|工作进程).*没有心跳/);
    // The incident lists every component that went stale while it was open.
    const [open] = await rig.prisma.watchdogIncident.findMany({ where: { openKey: 1 } });
    const listed = (open!.components as { component: string }[]).map((c) => c.component);
    expect(listed).toEqual(expect.arrayContaining(expected));
    expect(await inboxRows('alarm')).toBe(2);
    expect(await rig.prisma.watchdogIncident.count({ where: { openKey: 1 } })).toBe(1);
    expect(api.logs.some((l) => l.includes('watchdog: incident'))).toBe(true);

    // A worker again: the incident closes, with one "recovered" message per administrator.
    await startWorker('worker-2');
    await eventually(async () => (await healthOf(api.url))?.status === 'ok', 60_000);
    await eventually(async () => subjects('系统恢复').length >= 2, 30_000);
    await sleep(4_000);
    expect(
      subjects('系统恢复')
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual(['admin.one@example.test', 'admin.two@example.test']);
    expect(subjects('系统告警')).toHaveLength(2);
    expect(mail.messages()).toHaveLength(4);
    expect(await inboxRows('recovered')).toBe(2);
    expect(await rig.prisma.watchdogIncident.count()).toBe(incidentsBefore + 1);
    expect(await rig.prisma.watchdogIncident.count({ where: { openKey: 1 } })).toBe(0);
    expect((await healthOf(api.url))?.watchdog).toEqual({ status: 'ok', stale: [] });
  });
});
