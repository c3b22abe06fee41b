import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Command } from 'commander';
import { AppConfigModule } from '../config/config.module';
import { AppConfig } from '../config/app-config.service';
import { ClockModule } from '../infra/clock/clock.module';
import { Clock } from '../infra/clock/clock';
import { PrismaModule } from '../infra/prisma/prisma.module';
import { Role } from '../generated/prisma/enums';
import { archiveAuditTrail } from '../modules/audit/audit-archive';
import { AuditService } from '../modules/audit/audit.service';
import { FirstAccountsService } from '../modules/departments/first-accounts.service';

/** Just what the first accounts need (PostgreSQL; no Redis, no HTTP). */
@Module({
  imports: [AppConfigModule, ClockModule, PrismaModule],
  providers: [AuditService, FirstAccountsService],
})
class AccountsCliModule {}

/** The archive runs on its own owner connection: only the configuration and the clock. */
@Module({ imports: [AppConfigModule, ClockModule] })
class ArchiveCliModule {}

/**
 * `accounts:init`: the first system administrator, security administrator and auditor (三员分立),
 * and `audit:archive`: the audit trail's months older than the retention, to files.
 */
export function registerSecurityCommands(program: Command): void {
  program
    .command('accounts:init')
    .description(
      'at installation: create the first ADMIN, SECURITY_ADMIN and AUDITOR (three different people) with one-time passwords; refused once any of them exists',
    )
    .requiredOption('--admin <username>', 'the system administrator (系统管理员)')
    .requiredOption('--security-admin <username>', 'the security administrator (安全管理员)')
    .requiredOption('--auditor <username>', 'the auditor (安全审计员)')
    .action(async (opts: { admin: string; securityAdmin: string; auditor: string }) => {
      const ctx = await NestFactory.createApplicationContext(AccountsCliModule, {
        logger: ['error', 'warn'],
      });
      try {
        const created = await ctx.get(FirstAccountsService).create([
          { role: Role.ADMIN, username: opts.admin, displayName: '系统管理员' },
          { role: Role.SECURITY_ADMIN, username: opts.securityAdmin, displayName: '安全管理员' },
          { role: Role.AUDITOR, username: opts.auditor, displayName: '安全审计员' },
        ]);
        console.log('已创建首批特权账号(三员分立)。一次性密码只显示这一次,请分别交给本人:');
        for (const a of created) {
          console.log(`  ${a.role.padEnd(15)} ${a.username.padEnd(20)} ${a.password}`);
        }
        console.log(
          '请在首次登录后立即修改密码(安全策略要求首次登录改密时,系统会强制修改)。之后的特权角色由安全管理员授予。',
        );
      } finally {
        await ctx.close();
      }
    });

  program
    .command('audit:archive')
    .description(
      'move each month of the audit trail older than AUDIT_RETENTION_DAYS (>= 180) to a gzip JSON-lines file in AUDIT_ARCHIVE_DIR, recording its SHA-256 in audit_archive; runs as the table owner (MIGRATION_DATABASE_URL, else DATABASE_URL)',
    )
    .action(async () => {
      const ctx = await NestFactory.createApplicationContext(ArchiveCliModule, {
        logger: ['error', 'warn'],
      });
      try {
        const config = ctx.get(AppConfig);
        const archived = await archiveAuditTrail({
          // The trigger lets only the table's owner delete archived rows: the migration role.
          ownerUrl: process.env.MIGRATION_DATABASE_URL || config.get('DATABASE_URL'),
          dir: config.get('AUDIT_ARCHIVE_DIR'),
          retentionDays: config.get('AUDIT_RETENTION_DAYS'),
          now: ctx.get(Clock).now(),
        });
        process.stdout.write(`${JSON.stringify({ archived }, null, 2)}\n`);
      } finally {
        await ctx.close();
      }
    });
}
