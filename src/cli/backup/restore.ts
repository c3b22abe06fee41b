import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { grantAppRole } from '../../infra/migrate/grants';
import {
  appRoleMissing,
  backupCorrupt,
  createDatabaseDenied,
  notABackup,
  restoredCountsDiffer,
  restoreFileConflict,
  restoreTargetNotEmpty,
} from './backup.errors';
import { connect, FileEntry, sha256File, tableRowCounts } from './backup-files';
import {
  AUDIT_ARCHIVE_SUBDIR,
  BackupManifest,
  DUMP_FILE,
  EVIDENCE_SUBDIR,
  MANIFEST_FILE,
} from './backup';
import { findPgTool, libpqConnection, runPgTool } from './pg-tools';

export interface RestoreOptions {
  from: string;
  /** A database name (on the server of `ownerUrl`, as its user) or a full connection URL. */
  database: string;
  /** The owner's connection (MIGRATION_DATABASE_URL): its server and user serve a bare name. */
  ownerUrl: string;
  /** The service's role, granted rows only; none when the service connects as the owner. */
  appRole: string | null;
  evidenceDir: string;
  auditArchiveDir: string;
  /** Replace a non-empty database, and files whose content differs. */
  force: boolean;
  now?: () => Date;
}

export interface RestoreResult {
  databaseUrl: string;
  created: boolean;
  tables: number;
  rows: number;
  evidence: number;
  auditArchive: number;
  seconds: number;
}

/** The target's connection: a URL as given, or the owner's URL with the database replaced. */
export function targetUrl(database: string, ownerUrl: string): string {
  if (/^postgres(ql)?:\/\//.test(database)) return database;
  const url = new URL(ownerUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Objects of the target outside PostgreSQL's own schemas (tables, types, functions…). */
const USER_OBJECTS = `
  SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%')
       + (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%')
       + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%')
       AS n`;

function readManifest(from: string): BackupManifest {
  const dir = resolve(from);
  for (const file of [MANIFEST_FILE, DUMP_FILE]) {
    if (!existsSync(join(dir, file))) throw notABackup(from, file);
  }
  return JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as BackupManifest;
}

/** Every file of the backup against its recorded SHA-256, before anything is touched. */
async function verify(dir: string, manifest: BackupManifest): Promise<void> {
  const files: [string, FileEntry][] = [
    [DUMP_FILE, manifest.dump],
    ...manifest.evidence.map((e): [string, FileEntry] => [join(EVIDENCE_SUBDIR, e.name), e]),
    ...manifest.auditArchive.map((e): [string, FileEntry] => [
      join(AUDIT_ARCHIVE_SUBDIR, e.name),
      e,
    ]),
  ];
  for (const [path, entry] of files) {
    const full = join(dir, path);
    if (!existsSync(full)) throw notABackup(dir, path);
    if ((await sha256File(full)) !== entry.sha256) throw backupCorrupt(path);
  }
}

/** Connects to the target, creating the database when it does not exist. */
async function openTarget(url: string): Promise<{ client: Client; created: boolean }> {
  try {
    return { client: await connect(url), created: false };
  } catch (err) {
    if ((err as { pgCode?: string }).pgCode !== '3D000') throw err;
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = await connect(maintenance.toString());
  try {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8'`);
  } catch (err) {
    throw createDatabaseDenied(name, decodeURIComponent(target.username), (err as Error).message);
  } finally {
    await admin.end();
  }
  return { client: await connect(url), created: true };
}

/** Copies the backup's files into `to`; a file there already is kept when its content is equal. */
async function restoreFiles(
  from: string,
  to: string,
  entries: FileEntry[],
  force: boolean,
): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const e of entries) {
    const target = join(to, e.name);
    if (existsSync(target)) {
      if ((await sha256File(target)) === e.sha256) continue;
      if (!force) throw restoreFileConflict(target);
    }
    await copyFile(join(from, e.name), target);
  }
}

/**
 * `duban db restore`: verifies the backup, restores the dump into an empty database (created when
 * missing; a non-empty one only with `force`, which empties schema public first) as the
 * connecting user (`--no-owner`), analyzes it, checks every table's row count against the
 * manifest, grants the service's role rows only, then puts the evidence and archive files back.
 */
export async function restoreDatabase(opts: RestoreOptions): Promise<RestoreResult> {
  const now = opts.now ?? (() => new Date());
  const started = now();
  const dir = resolve(opts.from);
  const manifest = readManifest(opts.from);
  await verify(dir, manifest);

  const url = targetUrl(opts.database, opts.ownerUrl);
  const { client, created } = await openTarget(url);
  let rows: number;
  try {
    const user = (await client.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u;
    const appRole = opts.appRole && opts.appRole !== user ? opts.appRole : null;
    if (appRole) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [
        appRole,
      ]);
      if (!rowCount) throw appRoleMissing(appRole);
    }
    const objects = Number((await client.query<{ n: string }>(USER_OBJECTS)).rows[0]!.n);
    if (objects > 0) {
      if (!opts.force)
        throw restoreTargetNotEmpty(decodeURIComponent(new URL(url).pathname.slice(1)), objects);
      // Schema public as a new database has it: owned by pg_database_owner, usable by all.
      await client.query(
        'DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION pg_database_owner; ' +
          'GRANT USAGE ON SCHEMA public TO PUBLIC',
      );
    }
    const num = (
      await client.query<{ n: string }>("SELECT current_setting('server_version_num') AS n")
    ).rows[0]!.n;
    const tool = findPgTool('pg_restore', Math.floor(Number(num) / 10_000));
    const connection = libpqConnection(url);
    await runPgTool(
      tool,
      [
        '--no-owner',
        '--no-privileges',
        '--single-transaction',
        '--exit-on-error',
        `--dbname=${connection.url}`,
        join(dir, DUMP_FILE),
      ],
      connection.env,
    );
    // pg_restore brings no planner statistics: without them the first dashboards plan blind.
    await client.query('ANALYZE');
    const counts = await tableRowCounts(client);
    const differ = Object.entries(manifest.tables)
      .filter(([table, n]) => counts[table] !== n)
      .map(([table, n]) => `${table}(备份 ${n},恢复后 ${counts[table] ?? '无此表'})`);
    if (differ.length > 0) throw restoredCountsDiffer(differ);
    rows = Object.values(counts).reduce((a, b) => a + b, 0);
    if (appRole) await grantAppRole(client, appRole);
  } finally {
    await client.end();
  }

  await restoreFiles(join(dir, EVIDENCE_SUBDIR), opts.evidenceDir, manifest.evidence, opts.force);
  await restoreFiles(
    join(dir, AUDIT_ARCHIVE_SUBDIR),
    opts.auditArchiveDir,
    manifest.auditArchive,
    opts.force,
  );
  return {
    databaseUrl: url,
    created,
    tables: Object.keys(manifest.tables).length,
    rows,
    evidence: manifest.evidence.length,
    auditArchive: manifest.auditArchive.length,
    seconds: (now().getTime() - started.getTime()) / 1000,
  };
}
