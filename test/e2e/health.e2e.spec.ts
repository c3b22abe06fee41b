import { HealthIndicatorService } from '@nestjs/terminus';
import { AppConfig } from '../../src/config/app-config.service';
import { RedisHealthIndicator } from '../../src/modules/health/redis-health.indicator';
import { createTestApp, TestApp } from '../support/test-app';

describe('GET /api/v1/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

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
