import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../src/infra/migrate/migrator';

/**
 * Starts the local PostgreSQL and Redis when they are installed but not running, and creates and
 * drops databases (migrated ones for the demo and the bench). Used by `npm run demo`, `npm test`,
 * `npm run bench` and the tests' global setup, so a fresh machine needs nothing else.
 */
export const ADMIN_DATABASE_URL =
  process.env.DUBAN_ADMIN_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const MIGRATIONS_DIR = join(__dirname, '..', '..', 'prisma', 'migrations');

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function waitFor(host: string, port: number, what: string, seconds = 30): Promise<void> {
  for (let i = 0; i < seconds * 4; i++) {
    if (await portOpen(host, port)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not come up on ${host}:${port} within ${seconds}s`);
}

function run(cmd: string): void {
  execSync(cmd, { stdio: ['ignore', 'inherit', 'inherit'] });
}

export async function ensurePostgres(log: (m: string) => void = console.log): Promise<void> {
  const url = new URL(ADMIN_DATABASE_URL);
  const host = url.hostname;
  const port = Number(url.port || 5432);
  if (await portOpen(host, port)) return;
  if (!existsSync('/etc/postgresql')) {
    throw new Error(`PostgreSQL is not running on ${host}:${port} and is not installed here`);
  }
  const version = readdirSync('/etc/postgresql')[0];
  log(`Starting PostgreSQL ${version} …`);
  run(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`);
  await waitFor(host, port, 'PostgreSQL');
}

export async function ensureRedis(log: (m: string) => void = console.log): Promise<void> {
  const url = new URL(REDIS_URL);
  const host = url.hostname;
  const port = Number(url.port || 6379);
  if (await portOpen(host, port)) return;
  log('Starting Redis …');
  run(
    `redis-server --daemonize yes --bind 127.0.0.1 -::1 --port ${port} --save "" --appendonly no ` +
      '--dir /var/lib/redis --logfile /var/log/redis/ci.log',
  );
  await waitFor(host, port, 'Redis');
}

export async function ensureServices(log?: (m: string) => void): Promise<void> {
  await ensurePostgres(log);
  await ensureRedis(log);
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe database name: ${name}`);
  return `"${name}"`;
}

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(
  name: string,
  opts: { fresh?: boolean } = {},
): Promise<string> {
  await withAdmin(async (c) => {
    if (opts.fresh) await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await c.query(`CREATE DATABASE ${quoteIdent(name)}`);
  });
  return databaseUrl(name);
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

/** A fresh database `name` (dropped first if it exists) with every migration applied; returns its URL. */
export async function createMigratedDatabase(name: string): Promise<string> {
  const url = await createDatabase(name, { fresh: true });
  await migrate(url, MIGRATIONS_DIR);
  return url;
}
