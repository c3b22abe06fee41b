import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { backupTargetExists } from './backup.errors';
import { connect, copyFiles, FileEntry, sha256File, tableRowCounts } from './backup-files';
import { findPgTool, libpqConnection, runPgTool } from './pg-tools';

export const MANIFEST_FILE = 'manifest.json';
export const DUMP_FILE = 'database.dump';
export const EVIDENCE_SUBDIR = 'evidence';
export const AUDIT_ARCHIVE_SUBDIR = 'audit-archive';
export const BACKUP_FORMAT = 'duban-backup/1';

/**
 * What a backup directory holds besides the dump and the files: written last, so a directory
 * without it is an unfinished backup. `tables` are the row counts in the dump's own snapshot.
 */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  database: string;
  serverVersion: string;
  pgDump: { path: string; version: string };
  dump: FileEntry;
  tables: Record<string, number>;
  lastMigration: string | null;
  evidence: FileEntry[];
  auditArchive: FileEntry[];
  /** Evidence rows whose file was not in EVIDENCE_DIR when the backup ran. */
  missingEvidence: string[];
  seconds: number;
}

export interface BackupOptions {
  /** The database's owner (MIGRATION_DATABASE_URL): it can read every table. */
  ownerUrl: string;
  out: string;
  evidenceDir: string;
  auditArchiveDir: string;
  now?: () => Date;
}

/**
 * `duban db backup`: one new directory with the database (`pg_dump --format=custom`), the evidence
 * files and the audit archive's files, and a manifest of both. The row counts and the list of
 * evidence rows are read in the snapshot that pg_dump dumps (exported, then `--snapshot`), so the
 * manifest describes exactly the dump. Files are copied after the dump: a file is stored before
 * its row commits, so every row in the dump finds its file (an upload meanwhile adds a spare one).
 */
export async function backupDatabase(opts: BackupOptions): Promise<BackupManifest> {
  const now = opts.now ?? (() => new Date());
  const started = now();
  const out = resolve(opts.out);
  if (existsSync(out) && (!statSync(out).isDirectory() || readdirSync(out).length > 0)) {
    throw backupTargetExists(opts.out);
  }

  const client = await connect(opts.ownerUrl);
  let facts: Pick<BackupManifest, 'database' | 'serverVersion' | 'tables' | 'lastMigration'>;
  let storedPaths: string[];
  let pgDump: { path: string; version: string };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const {
      rows: [snap],
    } = await client.query<{ id: string; db: string; version: string; num: string }>(
      `SELECT pg_export_snapshot() AS id, current_database() AS db,
              current_setting('server_version') AS version,
              current_setting('server_version_num') AS num`,
    );
    const tool = findPgTool('pg_dump', Math.floor(Number(snap!.num) / 10_000));
    pgDump = { path: tool.path, version: tool.version };
    // The backup holds every password hash and document: readable by its owner only.
    await mkdir(out, { recursive: true, mode: 0o700 });
    const connection = libpqConnection(opts.ownerUrl);
    // Runs while this transaction holds the snapshot open.
    await runPgTool(
      tool,
      [
        '--format=custom',
        `--snapshot=${snap!.id}`,
        `--file=${join(out, DUMP_FILE)}`,
        `--dbname=${connection.url}`,
      ],
      connection.env,
    );
    const tables = await tableRowCounts(client);
    storedPaths = tables.evidence
      ? (
          await client.query<{ p: string }>(
            'SELECT DISTINCT stored_path AS p FROM evidence WHERE stored_path IS NOT NULL',
          )
        ).rows.map((r) => r.p)
      : [];
    const lastMigration = tables._prisma_migrations
      ? ((
          await client.query<{ name: string }>(
            `SELECT migration_name AS name FROM _prisma_migrations
             WHERE finished_at IS NOT NULL ORDER BY migration_name DESC LIMIT 1`,
          )
        ).rows[0]?.name ?? null)
      : null;
    facts = { database: snap!.db, serverVersion: snap!.version, tables, lastMigration };
    await client.query('COMMIT');
  } finally {
    await client.end();
  }

  const evidence = await copyFiles(opts.evidenceDir, join(out, EVIDENCE_SUBDIR));
  const auditArchive = await copyFiles(opts.auditArchiveDir, join(out, AUDIT_ARCHIVE_SUBDIR));
  const copied = new Set(evidence.map((e) => e.name));
  const dumpPath = join(out, DUMP_FILE);
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: started.toISOString(),
    ...facts,
    pgDump,
    dump: { name: DUMP_FILE, bytes: statSync(dumpPath).size, sha256: await sha256File(dumpPath) },
    evidence,
    auditArchive,
    missingEvidence: storedPaths.filter((p) => !copied.has(p)).sort(),
    seconds: (now().getTime() - started.getTime()) / 1000,
  };
  const temp = join(out, `.${MANIFEST_FILE}.partial`);
  await writeFile(temp, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, join(out, MANIFEST_FILE));
  return manifest;
}
