import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pgToolFailed, pgToolMissing } from './backup.errors';

/** PostgreSQL's client programs that the backup runs. */
export type PgToolName = 'pg_dump' | 'pg_restore';

export interface PgTool {
  path: string;
  /** `15.20`, as the program prints it. */
  version: string;
  major: number;
}

/** The version a PostgreSQL program prints: `pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)`. */
export function parseToolVersion(output: string): { version: string; major: number } | null {
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(output);
  return m ? { version: m[2] ? `${m[1]}.${m[2]}` : m[1]!, major: Number(m[1]) } : null;
}

/**
 * Where to look: each PATH directory, then Debian's versioned `/usr/lib/postgresql/<major>/bin`
 * (newest first), which holds the matching program when PATH's is older than the server.
 */
export function toolCandidates(name: PgToolName, path = process.env.PATH ?? ''): string[] {
  const fromPath = path
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name));
  const base = '/usr/lib/postgresql';
  const versioned = existsSync(base)
    ? readdirSync(base)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join(base, v, 'bin', name))
    : [];
  return [...fromPath, ...versioned];
}

/**
 * The first program found whose major version is at least the server's: pg_dump refuses a newer
 * server, and pg_restore reads what an equal or older pg_dump wrote.
 */
export function pickTool(name: PgToolName, serverMajor: number, found: (PgTool | null)[]): PgTool {
  const usable = found.filter((t): t is PgTool => t !== null);
  const fit = usable.find((t) => t.major >= serverMajor);
  if (!fit) throw pgToolMissing(name, serverMajor, usable);
  return fit;
}

function probe(path: string): PgTool | null {
  if (!existsSync(path)) return null;
  const r = spawnSync(path, ['--version'], { encoding: 'utf8' });
  const parsed = r.status === 0 ? parseToolVersion(r.stdout) : null;
  return parsed ? { path, ...parsed } : null;
}

/** `name` from PATH or /usr/lib/postgresql, at least the server's major version. */
export function findPgTool(name: PgToolName, serverMajor: number): PgTool {
  return pickTool(name, serverMajor, [...new Set(toolCandidates(name))].map(probe));
}

/** Query parameters of a Prisma connection string that libpq does not know (it refuses them). */
const PRISMA_ONLY_PARAMS = [
  'schema',
  'connection_limit',
  'pool_timeout',
  'pgbouncer',
  'statement_cache_size',
  'socket_timeout',
];

/**
 * A connection for a PostgreSQL program: the URL without its password (which `ps` would show)
 * nor Prisma's own parameters, and the password in PGPASSWORD.
 */
export function libpqConnection(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  for (const p of PRISMA_ONLY_PARAMS) url.searchParams.delete(p);
  return { url: url.toString(), env: password ? { PGPASSWORD: password } : {} };
}

/** Runs a PostgreSQL program; its error output becomes the refusal's detail when it fails. */
export function runPgTool(tool: PgTool, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool.path, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.once('error', (err) => reject(pgToolFailed(tool, err.message)));
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(pgToolFailed(tool, stderr.trim() || `exit code ${code}`)),
    );
  });
}
