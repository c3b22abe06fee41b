import { validateEnv } from './env.validation';

const base = { DATABASE_URL: 'postgresql://root@127.0.0.1:5432/duban' };
const strongSecret = 'x'.repeat(16) + 'k3J9q2LmZp0vR7sT';

describe('validateEnv (config is checked once, at boot)', () => {
  it('refuses to serve in production without a JWT secret, or with a known default one', () => {
    expect(() => validateEnv({ ...base })).toThrow(/JWT_SECRET/);
    expect(() => validateEnv({ ...base, JWT_SECRET: 'change-me' })).toThrow(/JWT_SECRET/);
    expect(() => validateEnv({ ...base, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    expect(validateEnv({ ...base, JWT_SECRET: strongSecret }).JWT_SECRET).toBe(strongSecret);
  });

  it('gives the demo and tests a random secret of their own run, never a constant', () => {
    for (const mode of ['demo', 'test']) {
      const first = validateEnv({ ...base, DUBAN_MODE: mode }).JWT_SECRET;
      const second = validateEnv({ ...base, DUBAN_MODE: mode }).JWT_SECRET;
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(second).not.toBe(first);
      expect(first).not.toBe('duban-demo-secret-not-for-production');
    }
    // A configured secret is kept (several processes of one demo must share it).
    expect(validateEnv({ ...base, DUBAN_MODE: 'demo', JWT_SECRET: strongSecret }).JWT_SECRET).toBe(
      strongSecret,
    );
  });

  it('serves the API docs in the demo and tests, not in production unless asked', () => {
    const production = { ...base, JWT_SECRET: strongSecret };
    expect(validateEnv(production).API_DOCS_ENABLED).toBe(false);
    expect(validateEnv({ ...production, API_DOCS_ENABLED: 'true' }).API_DOCS_ENABLED).toBe(true);
    expect(validateEnv({ ...base, DUBAN_MODE: 'demo' }).API_DOCS_ENABLED).toBe(true);
    expect(
      validateEnv({ ...base, DUBAN_MODE: 'test', API_DOCS_ENABLED: 'false' }).API_DOCS_ENABLED,
    ).toBe(false);
  });

  it('has a general rate limit by default, settable, 0 = off', () => {
    const env = validateEnv({ ...base, DUBAN_MODE: 'test' });
    expect([env.RATE_LIMIT_PER_PERSON, env.RATE_LIMIT_PER_IP]).toEqual([600, 300]);
    expect(env.RATE_LIMIT_WINDOW_SECONDS).toBe(60);
    expect(
      validateEnv({ ...base, DUBAN_MODE: 'test', RATE_LIMIT_PER_IP: '0' }).RATE_LIMIT_PER_IP,
    ).toBe(0);
    expect(() =>
      validateEnv({ ...base, DUBAN_MODE: 'test', RATE_LIMIT_PER_PERSON: '-1' }),
    ).toThrow();
  });

  it('lets the CLI, which signs no tokens, run without a secret', () => {
    expect(() => validateEnv({ ...base, DUBAN_CLI: '1' })).not.toThrow();
  });

  it('keeps the accelerated clock out of production', () => {
    expect(() =>
      validateEnv({
        ...base,
        JWT_SECRET: strongSecret,
        CLOCK_VIRTUAL_START: '2026-01-01T00:00:00Z',
      }),
    ).toThrow(/CLOCK_VIRTUAL_START/);
  });

  it('keeps robot webhooks to local addresses out of production (off unless set)', () => {
    expect(validateEnv({ ...base, JWT_SECRET: strongSecret }).ROBOT_ALLOW_PRIVATE_TARGETS).toBe(
      false,
    );
    expect(() =>
      validateEnv({ ...base, JWT_SECRET: strongSecret, ROBOT_ALLOW_PRIVATE_TARGETS: 'true' }),
    ).toThrow(/ROBOT_ALLOW_PRIVATE_TARGETS is for the demo and tests only/);
    expect(
      validateEnv({ ...base, DUBAN_MODE: 'test', ROBOT_ALLOW_PRIVATE_TARGETS: 'true' })
        .ROBOT_ALLOW_PRIVATE_TARGETS,
    ).toBe(true);
  });

  it('names every problem: a missing database URL and a bad port', () => {
    expect(() => validateEnv({ DUBAN_MODE: 'demo', PORT: '99999' })).toThrow(
      /DATABASE_URL[\s\S]*PORT|PORT[\s\S]*DATABASE_URL/,
    );
  });

  it('converts numbers and booleans and fills defaults', () => {
    const env = validateEnv({ ...base, DUBAN_MODE: 'test', PORT: '8080', SMTP_SECURE: 'true' });
    expect(env.PORT).toBe(8080);
    expect(env.SMTP_SECURE).toBe(true);
    expect(env.QUEUE_PREFIX).toBe('duban');
    expect(env.PUBLIC_URL).toBe('http://localhost:8080');
  });
});
