import { migrate } from '../../src/infra/migrate/migrator';
import { createDatabase, ensureServices, MIGRATIONS_DIR } from '../../scripts/kit/services';

/**
 * Integration and e2e tests run against real PostgreSQL and Redis. `npm test` passes DATABASE_URL and
 * QUEUE_PREFIX of its own; a direct `jest` run gets a database and prefix of its own here, dropped by
 * the global teardown, so that concurrent runs never see each other's rows or jobs.
 */
export default async function globalSetup(): Promise<void> {
  await ensureServices(() => undefined);
  if (!process.env.DATABASE_URL) {
    const name = `duban_test_jest_${process.pid}`;
    process.env.DATABASE_URL = await createDatabase(name, { fresh: true });
    process.env.DUBAN_TEST_OWN_DATABASE = name;
    if (!process.env.QUEUE_PREFIX) {
      process.env.QUEUE_PREFIX = `duban-test-jest-${process.pid}`;
      process.env.DUBAN_TEST_OWN_PREFIX = process.env.QUEUE_PREFIX;
    }
  }
  process.env.QUEUE_PREFIX ??= 'duban-test';
  process.env.DUBAN_MODE ??= 'test';
  process.env.LOG_LEVEL ??= 'silent';
  await migrate(process.env.DATABASE_URL, MIGRATIONS_DIR);
}
