import { randomUUID } from 'node:crypto';
import { eventually } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { startPrivateRedis, PrivateRedis } from '../support/private-redis';
import { healthStatus, ServiceProcess, startServiceProcess } from '../support/service-process';
import { samples } from '../support/metrics-text';

const scrape = (url: string) =>
  fetch(url).then(
    async (r) => (r.status === 200 ? r.text() : null),
    () => null,
  );

/**
 * The production shape: an API process (PROCESS_ROLE=api) and a worker process
 * (PROCESS_ROLE=worker, no HTTP port but its METRICS_PORT). Each serves what it alone knows: the
 * worker the durations of the jobs it ran (the boot tick's sweep), the API the HTTP latency and the
 * shared counts (queues, deliveries, reminders), both their own pool and process metrics.
 */
describe('metrics of an API process and a worker process', () => {
  let redis: PrivateRedis;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis();
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await redis.stop();
  });

  it('scrapes job durations from the worker on METRICS_PORT, and the shared counts from the API', async () => {
    const env = { QUEUE_PREFIX: `duban-metrics-${randomUUID().slice(0, 8)}`, REDIS_URL: redis.url };
    const metricsPort = await freePort();
    const worker = await startServiceProcess(
      'worker',
      { ...env, PROCESS_ROLE: 'worker', METRICS_PORT: String(metricsPort) },
      { awaitHealthy: false, onStart: (s) => services.push(s) },
    );
    const api = await startServiceProcess(
      'api',
      { ...env, PROCESS_ROLE: 'api' },
      { awaitHealthy: false, onStart: (s) => services.push(s) },
    );
    // Two processes booting at once on a shared machine: more time than the helper's default.
    await eventually(async () => {
      if (api.child.exitCode !== null) throw new Error(api.logs.slice(-20).join('\n'));
      return (await healthStatus(api.url)) === 200;
    }, 90_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${api.logs.slice(-15).join('\n')}`);
    });

    // The worker's boot tick enqueued a sweep, which the worker ran.
    const fromWorker = await eventually(async () => {
      if (worker.child.exitCode !== null) throw new Error(worker.logs.slice(-20).join('\n'));
      const text = await scrape(`http://127.0.0.1:${metricsPort}/metrics`);
      const sweeps = text && samples(text, 'duban_job_duration_seconds_count');
      return sweeps && sweeps.get('{queue="scheduler",job="sweep-overdue",status="completed"}')
        ? text
        : null;
    }, 90_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${worker.logs.slice(-15).join('\n')}`);
    });
    expect(worker.logs.join('\n')).toContain('duban worker started (PROCESS_ROLE=worker)');
    expect(samples(fromWorker, 'duban_db_pool_connections').get('{state="total"}')).toBeGreaterThan(
      0,
    );
    expect(samples(fromWorker, 'process_cpu_user_seconds_total').get('')).toBeGreaterThan(0);
    // The shared counts come from the API only (not twice), and the worker serves no HTTP.
    expect(samples(fromWorker, 'duban_queue_jobs').size).toBe(0);
    expect(samples(fromWorker, 'duban_http_request_duration_seconds_count').size).toBe(0);
    expect(await fetch(`${api.url}/api/v1/health`).then((r) => r.status)).toBe(200);

    const fromApi = (await scrape(`${api.url}/metrics`))!;
    expect(fromApi).not.toBeNull();
    expect(samples(fromApi, 'duban_job_duration_seconds_count').size).toBe(0);
    expect(
      samples(fromApi, 'duban_queue_jobs').get('{queue="scheduler",state="waiting"}'),
    ).toBeGreaterThanOrEqual(0);
    expect(
      samples(fromApi, 'duban_http_request_duration_seconds_count').get(
        '{method="GET",route="/api/v1/health",status_class="2xx"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    // Both processes' connections, seen by PostgreSQL under the application role.
    const connections = [...samples(fromApi, 'duban_db_role_connections').values()];
    expect(connections.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2);
  }, 240_000);
});
