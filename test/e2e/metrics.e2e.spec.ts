import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { MailCapture } from '../../scripts/kit/mail-capture';
import { QueueName } from '../../src/infra/queue/job-catalogue';
import { redisConnectionOptions } from '../../src/infra/queue/redis-connection';
import { queueLateness } from '../../src/modules/metrics/state-metrics';
import { RemindersService } from '../../src/modules/reminders/reminders.service';
import { SchedulerService } from '../../src/modules/scheduler/scheduler.service';
import {
  createPerson,
  eventually,
  finished,
  login,
  seedPendingReminders,
  settled,
} from '../support/fixtures';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';
import { samples } from '../support/metrics-text';

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('GET /metrics (e2e)', () => {
  const mail = new MailCapture();
  let t: TestApp;

  const scrape = async () => {
    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return res.text();
  };

  beforeAll(async () => {
    const { smtpPort } = await mail.start();
    // Every scrape reads afresh here; the cache is tested in snapshot-cache.spec.ts.
    t = await createTestApp({
      start: '2026-11-23T01:00:00Z',
      env: { SMTP_PORT: String(smtpPort), METRICS_CACHE_MS: '0' },
    });
    await resetDatabase(t.prisma);
  });
  afterAll(async () => {
    await t?.close();
    await mail.stop();
  });

  it('after requests, a wave and a sweep, carries every series with the values the rows hold', async () => {
    const fireAt = new Date('2026-11-23T01:00:00Z');
    const planId = await seedPendingReminders(t.prisma, {
      departments: 3,
      tasksEach: 2,
      dueOn: '2026-11-25',
      fireAt,
    });
    await createPerson(t.prisma, { username: 'metrics.admin', role: 'ADMIN' });
    const auth = await login(t.url, 'metrics.admin');
    const tasks = await t.prisma.task.findMany({ where: { planId }, select: { id: true } });
    for (const task of tasks.slice(0, 3)) {
      expect((await fetch(`${t.url}/api/v1/tasks/${task.id}`, { headers: auth })).status).toBe(200);
    }
    const missing = randomUUID();
    expect((await fetch(`${t.url}/api/v1/tasks/${missing}`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${t.url}/no-such-page-${missing}`)).status).toBe(404);

    // A wave: six reminders due now, three digests (one per liaison) by email and inbox.
    await t.app.get(RemindersService).enqueueDue();
    await settled(t.prisma, fireAt);
    // A tick: reconcile, the overdue sweep and the refusal roll-up, run by the workers.
    await finished(t, await t.app.get(SchedulerService).tick());

    const text = await eventually(async () => {
      const body = await scrape();
      // The worker's 'completed' event follows the job's end by a moment.
      const sweeps = samples(body, 'duban_job_duration_seconds_count');
      return [...sweeps.keys()].some((k) => k.includes('job="sweep-overdue"')) && body;
    });

    // HTTP latency: labelled by the route template, never by the raw path.
    const http = samples(text, 'duban_http_request_duration_seconds_count');
    expect(
      http.get('{method="GET",route="/api/v1/tasks/:id",status_class="2xx"}'),
    ).toBeGreaterThanOrEqual(3);
    expect(http.get('{method="GET",route="/api/v1/tasks/:id",status_class="4xx"}')).toBe(1);
    expect(http.get('{method="POST",route="/api/v1/auth/login",status_class="2xx"}')).toBe(1);
    expect(
      http.get('{method="GET",route="(unmatched)",status_class="4xx"}'),
    ).toBeGreaterThanOrEqual(1);
    for (const id of [missing, ...tasks.map((x) => x.id)]) expect(text).not.toContain(id);

    // Deliveries by channel and status: exactly the rows.
    const rows = await t.prisma.delivery.groupBy({ by: ['channel', 'status'], _count: true });
    expect(rows.length).toBeGreaterThan(0);
    const deliveries = samples(text, 'duban_deliveries');
    expect(Object.fromEntries(deliveries)).toEqual(
      Object.fromEntries(
        rows.map((r) => [`{channel="${r.channel}",status="${r.status}"}`, r._count]),
      ),
    );
    expect(deliveries.get('{channel="EMAIL",status="SENT"}')).toBe(3);
    expect(samples(text, 'duban_deliveries_pending_oldest_seconds').get('')).toBe(0);

    // Reminders due against sent.
    expect(Object.fromEntries(samples(text, 'duban_reminders_due'))).toEqual({
      '{status="SENT"}': 6,
    });
    expect(samples(text, 'duban_reminders_unsent').get('')).toBe(0);

    // Sweep and wave durations, from the jobs the workers ran.
    const jobs = samples(text, 'duban_job_duration_seconds_count');
    expect(
      jobs.get('{queue="reminders",job="reminder-wave",status="completed"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      jobs.get('{queue="scheduler",job="sweep-overdue",status="completed"}'),
    ).toBeGreaterThanOrEqual(1);
    const sweepSeconds = samples(text, 'duban_job_duration_seconds_sum').get(
      '{queue="scheduler",job="sweep-overdue",status="completed"}',
    );
    expect(sweepSeconds).toBeGreaterThan(0);
    expect(sweepSeconds).toBeLessThan(60);

    // Queue depth per queue and state, lateness per queue.
    const depth = samples(text, 'duban_queue_jobs');
    for (const queue of Object.values(QueueName)) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(depth.get(`{queue="${queue}",state="${state}"}`)).toBeGreaterThanOrEqual(0);
      }
      expect(samples(text, 'duban_queue_lateness_seconds').has(`{queue="${queue}"}`)).toBe(true);
    }

    // The database pool of this process, and the role's connections over every process.
    const pool = samples(text, 'duban_db_pool_connections');
    expect(pool.get('{state="total"}')).toBeGreaterThanOrEqual(1);
    expect(pool.get('{state="idle"}')).toBeLessThanOrEqual(pool.get('{state="total"}')!);
    expect(samples(text, 'duban_db_pool_max_connections').get('')).toBeGreaterThanOrEqual(1);
    expect(sum(samples(text, 'duban_db_role_connections'))).toBeGreaterThanOrEqual(1);

    // The process's default metrics.
    expect(samples(text, 'process_cpu_user_seconds_total').get('')).toBeGreaterThan(0);
    expect(samples(text, 'nodejs_heap_size_used_bytes').get('')).toBeGreaterThan(0);
    expect(samples(text, 'duban_metrics_source_errors_total').size).toBe(0);
  });

  it('counts a queued job in its state, and a reminder due but unsent with its age', async () => {
    const deliveries = t.app.get<Queue>(getQueueToken(QueueName.Deliveries));
    const job = await deliveries.add('deliver', { deliveryId: randomUUID() }, { delay: 3_600_000 });
    const fireAt = new Date(t.clock.now().getTime() - 90 * 60_000);
    await seedPendingReminders(t.prisma, {
      departments: 1,
      tasksEach: 2,
      dueOn: '2026-11-26',
      fireAt,
    });
    try {
      const text = await scrape();
      expect(samples(text, 'duban_queue_jobs').get('{queue="deliveries",state="delayed"}')).toBe(1);
      // Not yet due: not late.
      expect(samples(text, 'duban_queue_lateness_seconds').get('{queue="deliveries"}')).toBe(0);
      expect(samples(text, 'duban_reminders_unsent').get('')).toBe(2);
      expect(samples(text, 'duban_reminders_unsent_oldest_seconds').get('')).toBe(90 * 60);
      expect(samples(text, 'duban_reminders_due').get('{status="PENDING"}')).toBe(2);
    } finally {
      await job.remove();
    }
  });
});

describe('queue lateness (real Redis, a queue nobody works)', () => {
  let queue: Queue;
  beforeAll(() => {
    queue = new Queue(`metrics-lateness-${randomUUID().slice(0, 8)}`, {
      connection: redisConnectionOptions(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
      prefix: `${process.env.QUEUE_PREFIX ?? 'duban-test'}-lateness`,
    });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('is the age of the oldest waiting job, or of a delayed job past its time, else 0', async () => {
    const now = Date.now();
    expect(await queueLateness(queue, now)).toBe(0);
    // Added 60 s ago, waiting: the next job the worker would take.
    await queue.add('a', {}, { timestamp: now - 60_000 });
    await queue.add('b', {}, { timestamp: now - 10_000 });
    expect(await queueLateness(queue, now)).toBeCloseTo(60, 0);
    // Delayed until 120 s ago and never promoted (no worker): later than the waiting one.
    await queue.add('c', {}, { timestamp: now - 125_000, delay: 5_000 });
    expect(await queueLateness(queue, now)).toBeCloseTo(120, 0);
    // A job delayed into the future is not late.
    await queue.obliterate({ force: true });
    await queue.add('d', {}, { delay: 60_000 });
    expect(await queueLateness(queue, Date.now())).toBe(0);
  });
});
