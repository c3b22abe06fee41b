import { randomBytes } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { addressListProblems } from '../common/http/address-list';
import { OperationsEnv } from './env/operations.env';

export { PROCESS_ROLES, RUN_MODES, type ProcessRole, type RunMode } from './env/env-values';

/** Secrets that ship in examples and must never reach production. */
const KNOWN_WEAK_SECRETS = new Set([
  'change-me',
  'changeme',
  'secret',
  'duban-demo-secret-not-for-production',
]);

/**
 * Every environment variable the service reads, validated once at boot. The keys are declared in
 * parts under `env/` (service, messaging, security, operations), each extending the one before;
 * `npm run gen:config-docs` follows that chain to write docs/configuration.md.
 */
export class EnvironmentVariables extends OperationsEnv {}

export function validateEnv(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
  // The CLI signs no tokens, so it needs no secret; the HTTP service refuses to start without one.
  const servesHttp = raw.DUBAN_CLI !== '1' && env.PROCESS_ROLE !== 'worker';
  if (env.PROCESS_ROLE === 'api') {
    env.WORKERS_ENABLED = false;
    env.SCHEDULER_ENABLED = false;
  }
  problems.push(...addressListProblems('METRICS_ALLOW', env.METRICS_ALLOW));
  if (env.DUBAN_MODE === 'production') {
    if (servesHttp && (env.JWT_SECRET.length < 32 || KNOWN_WEAK_SECRETS.has(env.JWT_SECRET))) {
      problems.push('JWT_SECRET must be set to a random string of at least 32 characters');
    }
    if (env.CLOCK_VIRTUAL_START || env.CLOCK_SPEED !== 1) {
      problems.push('CLOCK_VIRTUAL_START and CLOCK_SPEED are for the demo and tests only');
    }
    if (env.ROBOT_ALLOW_PRIVATE_TARGETS) {
      problems.push('ROBOT_ALLOW_PRIVATE_TARGETS is for the demo and tests only');
    }
  } else if (!env.JWT_SECRET) {
    // The demo and the tests sign with a secret of their own run: no constant that someone could
    // copy to forge tokens for a demo left running. A restart signs everyone out.
    env.JWT_SECRET = randomBytes(32).toString('base64url');
  }
  env.API_DOCS_ENABLED ??= env.DUBAN_MODE !== 'production';
  env.LOG_FORMAT ??= env.DUBAN_MODE === 'production' ? 'json' : 'pretty';
  const testing = env.DUBAN_MODE === 'test';
  if (raw.WATCHDOG_INTERVAL_SECONDS === undefined && testing) env.WATCHDOG_INTERVAL_SECONDS = 0;
  if (problems.length > 0) {
    throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  if (!env.PUBLIC_URL) env.PUBLIC_URL = `http://localhost:${env.PORT}`;
  return env;
}
