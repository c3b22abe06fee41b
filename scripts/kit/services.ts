import { execSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { grantAppRoleAt, quoteRole } from '../../src/infra/migrate/grants';
import { migrate } from '../../src/infra/migrate/migrator';

/**
 * Starts the local PostgreSQL and Redis when they are installed but not running, and creates and
 * drops databases (migrated ones for the demo and the bench). Used by `npm run demo`, `npm test`,
 * `npm run bench` and the tests' global setup, so a fresh machine needs nothing else.
 *
 * Roles (least privilege): the machine's superuser (ADMIN_DATABASE_URL) only creates roles and
 * databases; each database is owned by OWNER_ROLE, which runs the migrations; the service
 * connects as APP_ROLE, granted row access only (src/infra/migrate/grants.ts).
 */
export const ADMIN_DATABASE_URL =
  process.env.DUBAN_ADMIN_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres';
/** Owns the databases the kit creates and runs their migrations; not a superuser. */
export const OWNER_ROLE = 'duban_owner';
/** What the service connects as: rows only, no schema changes, the audit trail append-only. */
export const APP_ROLE = 'duban_app';
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

/** The URL of database `name` as `role` (default: the administrator of ADMIN_DATABASE_URL). */
export function databaseUrl(name: string, role?: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  if (role) {
    url.username = role;
    url.password = '';
  }
  return url.toString();
}

/** Where the service (`url`, APP_ROLE) and the migrations (`migrationUrl`, OWNER_ROLE) connect. */
export interface DatabaseUrls {
  url: string;
  migrationUrl: string;
}

export const databaseUrls = (name: string): DatabaseUrls => ({
  url: databaseUrl(name, APP_ROLE),
  migrationUrl: databaseUrl(name, OWNER_ROLE),
});

/**
 * Creates OWNER_ROLE and APP_ROLE when missing: login roles without superuser, CREATEDB or
 * CREATEROLE (passwordless: the local cluster trusts 127.0.0.1; production creates its own roles,
 * see the README). Concurrent runs may race to create them: the loser finds them made.
 */
export async function ensureRoles(): Promise<void> {
  await withAdmin(async (c) => {
    // The owner inherits (schema public belongs to pg_database_owner, which it is a member of);
    // the service's role inherits nothing.
    for (const [role, inherit] of [
      [OWNER_ROLE, 'INHERIT'],
      [APP_ROLE, 'NOINHERIT'],
    ] as const) {
      const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS ${inherit}`;
      const { rows } = await c.query<{ right: boolean }>(
        `SELECT rolcanlogin AND NOT rolsuper AND NOT rolcreatedb AND NOT rolcreaterole
                AND NOT rolbypassrls AND rolinherit = $2 AS right
         FROM pg_roles WHERE rolname = $1`,
        [role, inherit === 'INHERIT'],
      );
      if (rows[0]?.right) continue;
      try {
        await c.query(`${rows[0] ? 'ALTER' : 'CREATE'} ROLE ${quoteRole(role)} ${attributes}`);
      } catch (err) {
        // Another run created or altered it meanwhile (duplicate, or "tuple concurrently updated").
        const code = (err as { code?: string }).code;
        if (code !== '42710' && code !== '23505' && code !== 'XX000') throw err;
      }
    }
  });
}

export function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  return withClient(ADMIN_DATABASE_URL, fn);
}

/** One connection as `url` for the length of `fn`, closed however `fn` ends. */
export async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates database `name` owned by OWNER_ROLE (the roles made first if missing); returns its URLs:
 * `migrationUrl` (the owner) for migrations and test resets, `url` (APP_ROLE) for the service,
 * usable once the migrations ran and the role was granted (migrateAndGrant).
 */
export async function createDatabase(
  name: string,
  opts: { fresh?: boolean } = {},
): Promise<DatabaseUrls> {
  await ensureRoles();
  await withAdmin(async (c) => {
    if (opts.fresh) await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await c.query(`CREATE DATABASE ${quoteIdent(name)} OWNER ${quoteRole(OWNER_ROLE)}`);
    }
  });
  return databaseUrls(name);
}

/** Applies the migrations as the owner, then grants the service's role (see grants.ts). */
export async function migrateAndGrant(urls: DatabaseUrls): Promise<void> {
  await migrate(urls.migrationUrl, MIGRATIONS_DIR);
  await grantAppRoleAt(urls.migrationUrl, decodeURIComponent(new URL(urls.url).username));
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}

/**
 * A fresh database `name` (dropped first if it exists) with every migration applied and the
 * service's role granted; returns its URLs.
 */
export async function createMigratedDatabase(name: string): Promise<DatabaseUrls> {
  const urls = await createDatabase(name, { fresh: true });
  await migrateAndGrant(urls);
  return urls;
}

/**
 * Database `name` as a copy of `template` (dropped first if it exists; the template must have no
 * open connection), migrated to the current migrations and the service's role granted: a seeded
 * database kept between bench runs (BENCH_DASHBOARD_REUSE). A file-level copy takes seconds where
 * reseeding takes a minute.
 */
export async function createDatabaseFromTemplate(
  name: string,
  template: string,
): Promise<DatabaseUrls> {
  await ensureRoles();
  await withAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    await c.query(
      `CREATE DATABASE ${quoteIdent(name)} OWNER ${quoteRole(OWNER_ROLE)} TEMPLATE ${quoteIdent(template)}`,
    );
  });
  const urls = databaseUrls(name);
  await migrateAndGrant(urls);
  return urls;
}

/** The comment on database `name` (COMMENT ON DATABASE), or null when it has none or is missing. */
export async function databaseComment(name: string): Promise<string | null> {
  return withAdmin(async (c) => {
    const { rows } = await c.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    );
    return rows[0]?.comment ?? null;
  });
}

/** Sets the comment on database `name`: what a kept database holds (a seed's stamp). */
export async function setDatabaseComment(name: string, comment: string): Promise<void> {
  await withAdmin((c) =>
    c.query(`COMMENT ON DATABASE ${quoteIdent(name)} IS ${c.escapeLiteral(comment)}`),
  );
}
