import { HealthIndicatorService } from '@nestjs/terminus';
import { AppConfig } from '../../src/config/app-config.service';
import { ManualClock } from '../../src/infra/clock/clock';
import { HeartbeatService } from '../../src/infra/heartbeat/heartbeat.service';
import { WATCHED } from '../../src/modules/watchdog/watchdog-rules';
import { WatchdogService } from '../../src/modules/watchdog/watchdog.service';
import { RedisHealthIndicator } from '../../src/modules/health/redis-health.indicator';
import { createTestApp, TestApp } from '../support/test-app';

describe('GET /api/v1/health', () => {
  const realClock = new ManualClock('2026-12-07T08:00:00Z');
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      heartbeatClock: realClock,
      env: { WATCHDOG_INTERVAL_SECONDS: '30', WATCHDOG_STALE_SECONDS: '120', TICK_SECONDS: '60' },
    });
    // The watchdog on, its timer stopped: the test moves the heartbeat clock, nothing else beats.
    await t.app.get(WatchdogService).beforeApplicationShutdown();
    await t.app.get(HeartbeatService).beat(WATCHED);
  });
  afterAll(() => t.close());

  const health = async () => {
    const res = await fetch(`${t.url}/api/v1/health`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('reports PostgreSQL and Redis up, without a login', async () => {
    const res = await fetch(`${t.url}/api/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      info: { postgresql: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('serves the OpenAPI UI at /api/docs', async () => {
    const res = await fetch(`${t.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('swagger');
  });

  it('is ok, with the watchdog ok, while every component beats', async () => {
    realClock.advance(60_000);
    expect(await health()).toMatchObject({
      status: 200,
      body: { status: 'ok', watchdog: { status: 'ok', stale: [] } },
    });
  });

  it('answers 200 degraded, naming each stale component, when they go silent', async () => {
    realClock.advance(200_000); // 260 s: workers (150 s) and tick and sweep (180 s) are stale
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'degraded',
      info: { postgresql: { status: 'up' }, redis: { status: 'up' } },
      watchdog: { status: 'degraded' },
    });
    const stale = (body.watchdog as { stale: { component: string; since: string }[] }).stale;
    expect(stale.map((s) => s.component)).toEqual(WATCHED);
    expect(stale[0]!.since).toBe('2026-12-07T08:00:00.000Z');
  });
});

describe('RedisHealthIndicator with Redis unreachable', () => {
  it('reports redis down quickly instead of hanging', async () => {
    // Nothing listens on port 1. (Whole-service outages are fault tests, issue 8.)
    const config = new AppConfig({
      DUBAN_MODE: 'test',
      DATABASE_URL: process.env.DATABASE_URL,
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    const indicator = new RedisHealthIndicator(config, new HealthIndicatorService());
    try {
      const started = Date.now();
      const result = await indicator.isHealthy('redis');
      expect(result).toMatchObject({ redis: { status: 'down' } });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      indicator.onApplicationShutdown();
    }
  });
});
