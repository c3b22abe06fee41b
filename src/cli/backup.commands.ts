import type { Command } from 'commander';
import { AppConfig } from '../config/app-config.service';
import { roleOfUrl } from '../infra/migrate/grants';
import { backupDatabase } from './backup/backup';
import { describeUrl } from './backup/backup-files';
import { restoreDatabase } from './backup/restore';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const sum = (entries: { bytes: number }[]) => entries.reduce((a, e) => a + e.bytes, 0);

/**
 * `db backup` and `db restore` (src/cli/backup/): pg_dump and pg_restore as the database's owner
 * (MIGRATION_DATABASE_URL, else DATABASE_URL), with the files kept outside the database
 * (EVIDENCE_DIR, AUDIT_ARCHIVE_DIR). Redis holds nothing to back up: its jobs are rebuilt from
 * PostgreSQL by the reconcile on start.
 */
export function registerBackupCommands(db: Command): void {
  const ownerUrl = () => process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL!;

  db.command('backup')
    .description(
      'write a new directory: database.dump (pg_dump --format=custom, as MIGRATION_DATABASE_URL, else DATABASE_URL), evidence/ (EVIDENCE_DIR), audit-archive/ (AUDIT_ARCHIVE_DIR) and manifest.json (row counts of the dump, SHA-256 of every file)',
    )
    .requiredOption('--out <dir>', 'the backup directory to create (must not exist or be empty)')
    .action(async (opts: { out: string }) => {
      const config = new AppConfig();
      const m = await backupDatabase({
        ownerUrl: ownerUrl(),
        out: opts.out,
        evidenceDir: config.get('EVIDENCE_DIR'),
        auditArchiveDir: config.get('AUDIT_ARCHIVE_DIR'),
      });
      const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
      console.log(
        `backup of ${m.database} written to ${opts.out} in ${m.seconds.toFixed(1)} s: ` +
          `database.dump ${mb(m.dump.bytes)} (${Object.keys(m.tables).length} tables, ${rows} rows, ` +
          `last migration ${m.lastMigration ?? 'none'}; ${m.pgDump.path} ${m.pgDump.version}), ` +
          `${m.evidence.length} evidence files ${mb(sum(m.evidence))}, ` +
          `${m.auditArchive.length} audit archive files ${mb(sum(m.auditArchive))}`,
      );
      if (m.missingEvidence.length > 0) {
        console.log(
          `warning: ${m.missingEvidence.length} evidence rows have no file in EVIDENCE_DIR (listed in manifest.json: missingEvidence)`,
        );
      }
    });

  db.command('restore')
    .description(
      "restore a backup directory into an empty database (created when missing), as MIGRATION_DATABASE_URL's user; then grant the service's role (DATABASE_URL's user) rows only and copy the evidence and audit archive files back",
    )
    .requiredOption('--from <dir>', 'the backup directory (written by db backup)')
    .requiredOption(
      '--database <name|url>',
      "the target: a database name on MIGRATION_DATABASE_URL's server, or a connection URL",
    )
    .option('--evidence-dir <dir>', 'where to put the evidence files (default: EVIDENCE_DIR)')
    .option(
      '--audit-archive-dir <dir>',
      'where to put the audit archive files (default: AUDIT_ARCHIVE_DIR)',
    )
    .option('--app-role <role>', "the service's role to grant (default: DATABASE_URL's user)")
    .option('--force', 'replace a database that is not empty, and files whose content differs')
    .action(
      async (opts: {
        from: string;
        database: string;
        evidenceDir?: string;
        auditArchiveDir?: string;
        appRole?: string;
        force?: boolean;
      }) => {
        const config = new AppConfig();
        const r = await restoreDatabase({
          from: opts.from,
          database: opts.database,
          ownerUrl: ownerUrl(),
          appRole: opts.appRole ?? roleOfUrl(process.env.DATABASE_URL!),
          evidenceDir: opts.evidenceDir ?? config.get('EVIDENCE_DIR'),
          auditArchiveDir: opts.auditArchiveDir ?? config.get('AUDIT_ARCHIVE_DIR'),
          force: opts.force === true,
        });
        console.log(
          `restored ${opts.from} into ${describeUrl(r.databaseUrl)}${r.created ? ' (created)' : ''} ` +
            `in ${r.seconds.toFixed(1)} s: ${r.tables} tables, ${r.rows} rows (every count equal to the manifest), ` +
            `${r.evidence} evidence files, ${r.auditArchive} audit archive files`,
        );
      },
    );
}
