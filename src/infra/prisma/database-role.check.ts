import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.service';
import { PrismaService } from './prisma.service';

interface RoleFacts {
  user: string;
  superuser: boolean;
  ownedTables: number;
}

/**
 * The service must connect as the application role (rows only), never as a superuser or as the
 * owner of the tables: either could drop the audit trail's append-only trigger. In production the
 * service refuses to start on such a connection; in the demo and tests it only warns. The CLI is
 * not checked: operators run migrations and installation commands as the owner.
 */
@Injectable()
export class DatabaseRoleCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger(DatabaseRoleCheck.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const [facts] = await this.prisma.$queryRaw<RoleFacts[]>`
      SELECT current_user AS user, r.rolsuper AS superuser,
             (SELECT count(*)::int FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND c.relowner = r.oid) AS "ownedTables"
      FROM pg_roles r WHERE r.rolname = current_user`;
    if (!facts || (!facts.superuser && facts.ownedTables === 0)) return;
    const problem =
      `DATABASE_URL connects as ${facts.user}, ` +
      (facts.superuser ? 'a superuser' : `the owner of ${facts.ownedTables} tables`) +
      ': connect as the application role (rows only) and run migrations with MIGRATION_DATABASE_URL (`duban db migrate`)';
    if (this.config.get('DUBAN_MODE') === 'production') throw new Error(problem);
    this.logger.warn(problem);
  }
}
