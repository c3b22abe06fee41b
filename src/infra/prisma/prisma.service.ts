import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { createHash } from 'node:crypto';
import { Prisma, PrismaClient } from '../../generated/prisma/client';
import { AppConfig } from '../../config/app-config.service';

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Put first in a hot raw statement (`$queryRaw`\`${PREPARED} WITH …\``, or PREPARED_TEXT at the
 * start of a constant text for `$queryRawUnsafe`) to have PostgreSQL parse and plan it once per
 * connection instead of on every call. Only for statements whose text does not vary with their
 * arguments: each distinct text stays prepared on every pooled connection.
 */
export const PREPARED_TEXT = '/* prepared */';
export const PREPARED = Prisma.raw(PREPARED_TEXT);
const PREPARED_PREFIX = PREPARED_TEXT;

/** A stable name for a marked statement (the same text always gets the same name). */
export function preparedStatementName(sql: string): string {
  if (!sql.startsWith(PREPARED_PREFIX)) return '';
  return `duban_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
}

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(config: AppConfig) {
    super({
      adapter: new PrismaPg(
        { connectionString: config.get('DATABASE_URL') },
        // '' leaves a statement unnamed (parsed on every call), as for every unmarked one.
        { statementNameGenerator: (query) => preparedStatementName(query.sql) },
      ),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
