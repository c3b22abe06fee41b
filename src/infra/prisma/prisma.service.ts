import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { createHash } from 'node:crypto';
import { Pool } from 'pg';
import { PrismaClient } from '../../generated/prisma/client';
import { AppConfig } from '../../config/app-config.service';

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Put first in the constant text of a hot raw statement (`$queryRawUnsafe(`${PREPARED_TEXT} WITH …`, …)`)
 * to have PostgreSQL parse and plan it once per connection instead of on every call. Only for
 * statements whose text does not vary with their arguments: each distinct text stays prepared on
 * every pooled connection.
 */
export const PREPARED_TEXT = '/* prepared */';

/** Names of the marked statements seen, by text (hashed once, not on every call). */
const preparedNames = new Map<string, string>();

/** A stable name for a marked statement (the same text always gets the same name); '' otherwise. */
export function preparedStatementName(sql: string): string {
  if (!sql.startsWith(PREPARED_TEXT)) return '';
  let name = preparedNames.get(sql);
  if (name === undefined) {
    name = `duban_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    preparedNames.set(sql, name);
  }
  return name;
}

@Injectable()
export class PrismaService extends PrismaClient implements OnApplicationShutdown {
  /**
   * The connection pool under the adapter, created here so that its counts (total, idle, waiting)
   * can be read for /metrics; $disconnect() ends it.
   */
  readonly pool: Pool;

  constructor(config: AppConfig) {
    // A fixed-size pool (min = max): a connection opened stays open, so a burst after a quiet
    // spell does not wait for new backends (1 s at the head of the load bench's open loop, which
    // followed 20 s without reports, when idle connections closed after pg's 10 s).
    const size = config.get('DATABASE_POOL_SIZE');
    const pool = new Pool({ connectionString: config.get('DATABASE_URL'), max: size, min: size });
    super({
      adapter: new PrismaPg(pool, {
        // '' leaves a statement unnamed (parsed on every call), as for every unmarked one.
        statementNameGenerator: (query) => preparedStatementName(query.sql),
        // $disconnect() ends the pool, as it did when the adapter created it.
        disposeExternalPool: true,
      }),
    });
    this.pool = pool;
    // An idle connection dropped by the server (an outage) must not crash the process; the
    // adapter's own listener is attached only while the client is connected.
    pool.on('error', () => undefined);
  }

  /** After the drain (infra/lifecycle): no request or job uses the pool any more. */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
    // A client that never connected has not handed the pool to the adapter.
    if (!this.pool.ending) await this.pool.end();
  }
}
