import { Client } from 'pg';

/**
 * The database's owner (MIGRATION_DATABASE_URL, set by global-setup and `npm test`). Tests connect
 * their services as the application role, which may not TRUNCATE, create triggers or touch the
 * audit trail's rows; what a test needs beyond that (emptying tables between specs, injecting a
 * failing trigger) it does as the owner, as an operator would.
 */
export function ownerUrl(): string {
  return process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL!;
}

/** Runs `sql` (one or more statements) on a connection of the owner's own. */
export async function asOwner(sql: string): Promise<void> {
  const client = new Client({ connectionString: ownerUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
