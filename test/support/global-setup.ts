import { join } from 'node:path';
import { migrate } from '../../src/infra/migrate/migrator';
import { createDatabase, ensureServices } from '../../scripts/services';

/**
 * Integration and e2e tests run against real PostgreSQL and Redis. `npm test` sets DATABASE_URL and
 * QUEUE_PREFIX to a database and prefix of its own; run directly, jest uses `duban_test_dev`.
 */
export default async function globalSetup(): Promise<void> {
  await ensureServices();
  if (!process.env.DATABASE_URL) {
    process.env.DATABASE_URL = await createDatabase('duban_test_dev', { fresh: true });
  }
  process.env.QUEUE_PREFIX ??= `duban-test-dev`;
  process.env.DUBAN_MODE ??= 'test';
  process.env.LOG_LEVEL ??= 'silent';
  await migrate(process.env.DATABASE_URL, join(__dirname, '../../prisma/migrations'));
}
