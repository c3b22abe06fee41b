import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { QueueName } from '../../src/infra/queue/job-catalogue';
import { redisConnectionOptions } from '../../src/infra/queue/redis-connection';
import { eventually, seedPendingReminders } from '../support/fixtures';
import { countBy, deliveryIdOf } from '../support/mail-counts';
import { faultRig } from '../support/fault-rig';
import { asOwner } from '../support/owner-db';

/**
 * A worker process killed with SIGKILL (no shutdown hook runs) in the middle of its work: inside
 * the wave's transaction, then while it is sending the wave's digests. A second process takes over.
 * Nothing is lost; nothing is delivered twice, except what the channel boundary cannot avoid: a
 * message the SMTP server accepted just before the kill, whose SENT was never recorded, is sent
 * again once its lease has expired (at least once). The test bounds that exactly.
 */
/** ReminderWaveService's advisory lock key ("duban-wv"); a bigint key is (classid, objid) = (high, low). */
const WAVE_LOCK_KEY = 0x6475_776e;
/** DeliveriesProcessor's concurrency: at most this many deliveries are mid-send when a process dies. */
const DELIVERY_CONCURRENCY = 5;
/** Short BullMQ locks: a job of a killed process is stalled and taken up again within seconds. */
const WORKER_LOCK_MS = 2000;

describe('a worker process killed with SIGKILL', () => {
  const rig = faultRig({
    after: 'each',
    end: 'stop',
    env: { TICK_SECONDS: '60', WORKER_LOCK_MS: String(WORKER_LOCK_MS) },
  });
  const { mail, start } = rig;
  const queues: Queue[] = [];

  /** The PostgreSQL backend holding the wave's advisory lock, if a wave is running. */
  async function waveLockHolder(): Promise<number | null> {
    const rows = await rig.prisma.$queryRaw<{ pid: number }[]>`
      SELECT pid FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND classid::bigint = 0 AND objid::bigint = ${WAVE_LOCK_KEY} AND objsubid = 1`;
    return rows[0]?.pid ?? null;
  }

  function queue(prefix: string, name: QueueName): Queue {
    const q = new Queue(name, { connection: redisConnectionOptions(rig.redis.url), prefix });
    queues.push(q);
    return q;
  }

  async function reset(): Promise<void> {
    await asOwner(
      `TRUNCATE audit_event, delivery, escalation, reminder, progress_report, assignment, task, section,
         chapter, plan_version, plan, person, department_alias, department RESTART IDENTITY CASCADE`,
    );
    mail.clear();
  }

  afterEach(async () => {
    await Promise.all(queues.map((q) => q.close()));
    queues.length = 0;
  });

  it('inside the wave transaction: nothing is claimed, and the next process sends every reminder once', async () => {
    await reset();
    // 600 liaisons × 30 tasks, due at 09:00 Shanghai; the processes' clock starts right then, so the
    // process enqueues one wave of 18,000 reminders at bootstrap.
    const liaisons = 600;
    const reminders = liaisons * 30;
    const fireAt = new Date('2026-11-23T01:00:00Z');
    await seedPendingReminders(rig.prisma as unknown as PrismaService, {
      departments: liaisons,
      tasksEach: reminders / liaisons,
      dueOn: '2026-11-27',
      fireAt,
    });
    // No reporting cadence: the wave holds the deadline reminders only.
    await rig.prisma
      .$executeRaw`UPDATE plan SET policy = '{"reporting":{"cadence":"none"}}'::jsonb`;
    const prefix = `duban-kill-${randomUUID().slice(0, 8)}`;
    const clock = {
      QUEUE_PREFIX: prefix,
      CLOCK_VIRTUAL_START: fireAt.toISOString(),
      CLOCK_REAL_START: String(Date.now()),
      CLOCK_SPEED: '1',
      // Building 600 digests from 18,000 claimed rows keeps the event loop busy for seconds, longer
      // than the 2 s lock of the other scenario: a lock that short would expire under a live worker.
      WORKER_LOCK_MS: '8000',
    };

    const a = await start('A', { ...clock, SCHEDULER_ENABLED: 'true' }, { awaitHealthy: false });
    // Kill A after the claim and before the commit: the claiming UPDATE has run inside the
    // transaction, and A is building the digests (idle in transaction) or writing them.
    const holder = await eventually(async () => {
      const pid = await waveLockHolder();
      if (!pid) return null;
      const [activity] = await rig.prisma.$queryRaw<{ state: string; query: string }[]>`
        SELECT state, query FROM pg_stat_activity WHERE pid = ${pid}`;
      if (!activity) return null;
      const { state, query } = activity;
      const locking = /pg_advisory_xact_lock/.test(query);
      const claiming = state === 'active' && /WITH due AS/.test(query);
      const committing = /^\s*COMMIT/i.test(query);
      return !locking && !claiming && !committing
        ? { pid, state, query: query.replace(/\s+/g, ' ').trim().slice(0, 40) }
        : null;
    }, 60_000);
    const killedAt = Date.now();
    await a.kill();
    // PostgreSQL notices the dead client and rolls the wave back: the lock goes with it.
    await eventually(async () => (await waveLockHolder()) === null, 30_000);
    const rolledBackMs = Date.now() - killedAt;
    expect(await rig.prisma.reminder.count({ where: { status: 'PENDING' } })).toBe(reminders);
    expect(await rig.prisma.reminder.count({ where: { status: { not: 'PENDING' } } })).toBe(0);
    expect(await rig.prisma.delivery.count()).toBe(0);
    expect(mail.messages()).toHaveLength(0);
    // The wave job is left active in Redis, locked by a worker that no longer exists.
    const waves = queue(prefix, QueueName.Reminders);
    const [stalled, ...others] = await waves.getJobs(['active']);
    expect(others).toHaveLength(0);
    expect(stalled?.name).toBe('reminder-wave');

    // B does not reconcile (no scheduler): only BullMQ's stalled-job check can bring the wave back.
    const recoveredFrom = Date.now();
    await start('B', { ...clock, SCHEDULER_ENABLED: 'false' });
    const result = await eventually(async () => {
      const state = await waves.getJobState(stalled!.id!);
      if (state === 'failed')
        throw new Error(`wave failed: ${(await waves.getJob(stalled!.id!))?.failedReason}`);
      return state === 'completed' && (await waves.getJob(stalled!.id!))?.returnvalue;
    }, 45_000);
    const waveDoneMs = Date.now() - recoveredFrom;
    const recovered = (await waves.getJob(stalled!.id!))!;
    expect(result).toMatchObject({ sent: reminders, skipped: 0, cancelled: 0, digests: liaisons });

    await eventually(async () => mail.messages().length >= liaisons, 45_000);
    await eventually(
      async () => (await rig.prisma.delivery.count({ where: { status: 'PENDING' } })) === 0,
      20_000,
    );
    expect(await rig.prisma.reminder.count({ where: { status: 'SENT' } })).toBe(reminders);
    expect(await rig.prisma.delivery.count({ where: { channel: 'EMAIL', status: 'SENT' } })).toBe(
      liaisons,
    );
    expect(await rig.prisma.delivery.count({ where: { status: { not: 'SENT' } } })).toBe(0);
    const mails = mail.messages();
    expect(mails).toHaveLength(liaisons);
    const perRecipient = countBy(mails.flatMap((m) => m.to));
    expect(perRecipient.size).toBe(liaisons);
    expect([...perRecipient.values()].every((n) => n === 1)).toBe(true);
    // Every task in exactly one digest: the task numbers listed over all mails are 1..N, once each.
    const listed = mails.flatMap((m) =>
      [...m.text.matchAll(/第(\d+)项/g)].map((x) => Number(x[1])),
    );
    expect(listed).toHaveLength(reminders);
    expect(new Set(listed).size).toBe(reminders);
    expect(Math.min(...listed)).toBe(1);
    expect(Math.max(...listed)).toBe(reminders);
    const timings = {
      rolledBackAfterKillMs: rolledBackMs,
      takenUpAfterStartMs: recovered.processedOn! - recoveredFrom,
      waveRunMs: recovered.finishedOn! - recovered.processedOn!,
      waveDoneAfterStartMs: waveDoneMs,
    };
    console.info(
      `worker-kill (wave): killed A inside the wave (backend ${holder.pid}, ${holder.state}: ` +
        `${holder.query}); B recovered the stalled job: ${JSON.stringify(timings)}`,
    );
  }, 120_000);

  it('while sending: every delivery ends SENT; only a message accepted just before the kill goes twice', async () => {
    await reset();
    const liaisons = 600;
    const fireAt = new Date('2026-11-23T01:00:00Z');
    await seedPendingReminders(rig.prisma as unknown as PrismaService, {
      departments: liaisons,
      tasksEach: 3,
      dueOn: '2026-11-27',
      fireAt,
    });
    await rig.prisma
      .$executeRaw`UPDATE plan SET policy = '{"reporting":{"cadence":"none"}}'::jsonb`;
    const env = {
      QUEUE_PREFIX: `duban-kill-${randomUUID().slice(0, 8)}`,
      CLOCK_VIRTUAL_START: fireAt.toISOString(),
      CLOCK_REAL_START: String(Date.now()),
      CLOCK_SPEED: '1',
      SCHEDULER_ENABLED: 'true',
      DELIVERY_LEASE_SECONDS: '5',
    };

    const c = await start('C', env, { awaitHealthy: false });
    // Kill C the moment the sink has accepted half the digests, before its "250 OK" reaches C: that
    // message is on the wire when C dies, so C never records it as sent.
    const half = liaisons / 2;
    let killedAt = 0;
    const killed = mail
      .waitFor(() => true, { count: half, timeoutMs: 60_000 })
      .then(() => {
        killedAt = Date.now();
        void c.kill();
      });
    await killed;
    await c.exited;
    const receivedAtKill = new Set(mail.messages().map(deliveryIdOf));

    const atKill = await rig.prisma.delivery.findMany({
      where: { channel: 'EMAIL' },
      select: { id: true, status: true, leaseUntil: true },
    });
    expect(atKill).toHaveLength(liaisons);
    const pendingAtKill = atKill.filter((d) => d.status === 'PENDING');
    // The kill fell in the middle of sending: part sent, part not.
    expect(pendingAtKill.length).toBeGreaterThan(0);
    expect(pendingAtKill.length).toBeLessThan(liaisons);
    // The deliveries C was sending when it died: leased (lease_until in the future), still PENDING.
    const leasedAtKill = pendingAtKill.filter(
      (d) => d.leaseUntil && d.leaseUntil.getTime() > killedAt,
    );
    expect(leasedAtKill.length).toBeGreaterThan(0);
    expect(leasedAtKill.length).toBeLessThanOrEqual(DELIVERY_CONCURRENCY);
    const leased = new Set(leasedAtKill.map((d) => d.id));
    // Accepted by the sink but not recorded: those must be among the leased ones.
    const unrecorded = pendingAtKill.filter((d) => receivedAtKill.has(d.id)).map((d) => d.id);
    expect(unrecorded.length).toBeGreaterThan(0);
    expect(unrecorded.every((id) => leased.has(id))).toBe(true);

    // D starts while C's leases are still live (5 s here, 120 s by default): D's workers take the
    // stalled jobs up, find the rows held, wait for the leases to end, then send what is still pending.
    expect(
      await rig.prisma.delivery.count({
        where: { status: 'PENDING', leaseUntil: { gt: new Date() } },
      }),
    ).toBeGreaterThan(0);

    await start('D', env);
    await eventually(
      async () => (await rig.prisma.delivery.count({ where: { status: 'PENDING' } })) === 0,
      45_000,
    );
    expect(await rig.prisma.delivery.count({ where: { status: 'SENT', channel: 'EMAIL' } })).toBe(
      liaisons,
    );
    expect(await rig.prisma.reminder.count({ where: { status: 'SENT' } })).toBe(liaisons * 3);

    const mails = mail.messages();
    const perDelivery = countBy(mails.map(deliveryIdOf));
    // Nothing lost: every delivery reached the sink.
    expect(perDelivery.size).toBe(liaisons);
    expect(new Set(mails.flatMap((m) => m.to)).size).toBe(liaisons);
    // Twice only for a delivery leased by C at the kill, and then only once more.
    const duplicated = [...perDelivery.entries()].filter(([, n]) => n > 1);
    expect(duplicated.every(([id, n]) => n === 2 && leased.has(id))).toBe(true);
    expect(duplicated.length).toBeLessThanOrEqual(DELIVERY_CONCURRENCY);
    // Exactly the ones accepted before the kill and never recorded.
    expect(duplicated.map(([id]) => id).sort()).toEqual([...unrecorded].sort());
    console.info(
      `worker-kill (sending): killed C after ${receivedAtKill.size} of ${liaisons} mails; ` +
        `${leasedAtKill.length} leased at the kill, ${unrecorded.length} accepted but unrecorded; ` +
        `${duplicated.length} sent twice`,
    );
  }, 120_000);
});
