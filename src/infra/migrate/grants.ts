import { Client } from 'pg';

/**
 * Least privilege in PostgreSQL. Migrations run as the database's owner; the service connects as
 * an application role that may read and write rows (SELECT, INSERT, UPDATE, DELETE on the tables,
 * the sequences' nextval) and nothing else: it owns no object, so it cannot ALTER, DROP, disable or
 * drop a trigger; it cannot CREATE in the schema or make temporary tables; it may only SELECT the
 * migrations' bookkeeping; and on an append-only table (one with a trigger whose function is named
 * `…_append_only`, like audit_event) it may only INSERT and SELECT: no UPDATE, DELETE or TRUNCATE,
 * so the trail stands even if the trigger were gone.
 *
 * Granted table by table after every migration run (`duban db migrate`, the kit), so a table a
 * later migration adds is covered, and an append-only one is never granted more by default.
 */

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function quoteRole(name: string): string {
  if (!ROLE_NAME.test(name)) throw new Error(`Unsafe role name: ${name}`);
  return `"${name}"`;
}

/** The user a connection string names (the role a process connects as). */
export function roleOfUrl(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).username);
}

export interface GrantResult {
  role: string;
  tables: number;
  appendOnly: string[];
}

const APPEND_ONLY_TABLES = `
  SELECT DISTINCT c.relname AS name
  FROM pg_trigger t
  JOIN pg_class c ON c.oid = t.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_proc p ON p.oid = t.tgfoid
  WHERE n.nspname = 'public' AND NOT t.tgisinternal AND p.proname LIKE '%\\_append\\_only'
  ORDER BY 1`;

/**
 * Grants `role` what the service needs on the database `client` is connected to (as its owner or
 * a superuser), and revokes what it must not have. Idempotent; run inside one transaction.
 */
export async function grantAppRole(client: Client, role: string): Promise<GrantResult> {
  const r = quoteRole(role);
  const {
    rows: [me],
  } = await client.query<{ db: string; user: string }>(
    'SELECT current_database() AS db, current_user AS user',
  );
  if (me!.user === role) {
    throw new Error(`Grants for ${role} must be made by the owner, not by ${role} itself`);
  }
  const db = `"${me!.db.replace(/"/g, '""')}"`;
  const { rows: appendOnly } = await client.query<{ name: string }>(APPEND_ONLY_TABLES);
  const { rows: tables } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
     WHERE ns.nspname = 'public' AND c.relkind IN ('r', 'v', 'p')`,
  );
  await client.query('BEGIN');
  try {
    for (const sql of [
      // Nobody else may connect or make temporary tables; the role may connect.
      `REVOKE ALL ON DATABASE ${db} FROM PUBLIC`,
      `GRANT CONNECT ON DATABASE ${db} TO ${r}`,
      // PostgreSQL 15 no longer lets PUBLIC create in schema public; older versions did.
      'REVOKE CREATE ON SCHEMA public FROM PUBLIC',
      `GRANT USAGE ON SCHEMA public TO ${r}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
      `REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${r}`,
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
      `REVOKE INSERT, UPDATE, DELETE ON "_prisma_migrations" FROM ${r}`,
      ...appendOnly.map((t) => `REVOKE UPDATE, DELETE ON "${t.name}" FROM ${r}`),
    ]) {
      await client.query(sql);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return { role, tables: tables[0]!.n, appendOnly: appendOnly.map((t) => t.name) };
}

/** Connects to `ownerUrl` and grants `role` (see grantAppRole). */
export async function grantAppRoleAt(ownerUrl: string, role: string): Promise<GrantResult> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    return await grantAppRole(client, role);
  } finally {
    await client.end();
  }
}
