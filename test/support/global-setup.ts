import { grantAppRoleAt, roleOfUrl } from '../../src/infra/migrate/grants';
import { migrate } from '../../src/infra/migrate/migrator';
import { createDatabase, ensureServices, MIGRATIONS_DIR } from '../../scripts/kit/services';

/**
 * Integration and e2e tests run against real PostgreSQL and Redis. `npm test` passes DATABASE_URL and
 * QUEUE_PREFIX of its own; a direct `jest` run gets a database and prefix of its own here, dropped by
 * the global teardown, so that concurrent runs never see each other's rows or jobs.
 *
 * As in production, the tests' services connect as the application role (DATABASE_URL) and the
 * migrations run as the database's owner (MIGRATION_DATABASE_URL), which also empties tables
 * between specs (test-app.ts resetDatabase: the application role may not TRUNCATE).
 */
export default async function globalSetup(): Promise<void> {
  await ensureServices(() => undefined);
  if (!process.env.DATABASE_URL) {
    const name = `duban_test_jest_${process.pid}`;
    const urls = await createDatabase(name, { fresh: true });
    process.env.DATABASE_URL = urls.url;
    process.env.MIGRATION_DATABASE_URL = urls.migrationUrl;
    process.env.DUBAN_TEST_OWN_DATABASE = name;
    if (!process.env.QUEUE_PREFIX) {
      process.env.QUEUE_PREFIX = `duban-test-jest-${process.pid}`;
      process.env.DUBAN_TEST_OWN_PREFIX = process.env.QUEUE_PREFIX;
    }
  }
  process.env.QUEUE_PREFIX ??= 'duban-test';
  process.env.DUBAN_MODE ??= 'test';
  process.env.LOG_LEVEL ??= 'silent';
  const migrationUrl = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL!;
  await migrate(migrationUrl, MIGRATIONS_DIR);
  const appRole = roleOfUrl(process.env.DATABASE_URL!);
  if (appRole !== roleOfUrl(migrationUrl)) await grantAppRoleAt(migrationUrl, appRole);
}
