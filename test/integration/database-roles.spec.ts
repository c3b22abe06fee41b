import { Client } from 'pg';
import { createDatabase, databaseUrl, dropDatabase } from '../../scripts/kit/services';
import { AppConfig } from '../../src/config/app-config.service';
import { DatabaseRoleCheck } from '../../src/infra/prisma/database-role.check';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { grantAppRole, roleOfUrl } from '../../src/infra/migrate/grants';
import { runDubanSync } from '../support/cli-process';
import { ownerUrl } from '../support/owner-db';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Least privilege in the database (issue 15, item 8): the running service connects as the
 * application role, which reads and writes rows and nothing more. Migrations ran as the owner
 * (global-setup.ts, as `duban db migrate` does), which then granted the role table by table.
 */
/** Tables whose trigger function is `*_append_only`: the audit trail and its archive records. */
const APPEND_ONLY = ['audit_archive', 'audit_event'];

describe('the application role (PostgreSQL least privilege)', () => {
  let t: TestApp;
  let app: Client;

  const failure = async (sql: string): Promise<{ code?: string; message: string }> => {
    try {
      await app.query(sql);
    } catch (e) {
      return e as { code?: string; message: string };
    }
    throw new Error(`expected "${sql}" to fail, but it succeeded`);
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { WORKERS_ENABLED: 'false' } });
    app = new Client({ connectionString: process.env.DATABASE_URL });
    await app.connect();
  });

  afterAll(async () => {
    await app?.end();
    await t?.close();
  });

  it('is what the running service connects as: not the owner, not a superuser', async () => {
    const [me] = await t.app.get(PrismaService).$queryRaw<
      { user: string; owner: string; rolsuper: boolean; createrole: boolean; createdb: boolean }[]
    >`
      SELECT current_user AS user, pg_get_userbyid(d.datdba) AS owner, r.rolsuper,
             r.rolcreaterole AS createrole, r.rolcreatedb AS createdb
      FROM pg_roles r, pg_database d
      WHERE r.rolname = current_user AND d.datname = current_database()`;
    expect(me).toEqual({
      user: roleOfUrl(process.env.DATABASE_URL!),
      owner: roleOfUrl(ownerUrl()),
      rolsuper: false,
      createrole: false,
      createdb: false,
    });
    expect(me!.user).not.toBe(me!.owner);
  });

  it.each([
    ['ALTER TABLE', 'ALTER TABLE task ADD COLUMN forged int', /must be owner of table task/],
    ['CREATE TABLE', 'CREATE TABLE forged (id int)', /permission denied for schema public/],
    [
      'CREATE TEMP TABLE',
      'CREATE TEMP TABLE forged (id int)',
      /permission denied to create temporary tables/,
    ],
    [
      'CREATE FUNCTION',
      'CREATE FUNCTION forged() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql',
      /permission denied for schema public/,
    ],
    ['DROP TABLE', 'DROP TABLE task', /must be owner of table task/],
    ['DROP TRIGGER', 'DROP TRIGGER audit_event_append_only ON audit_event', /must be owner/],
    ['DISABLE TRIGGER', 'ALTER TABLE audit_event DISABLE TRIGGER ALL', /must be owner/],
    ['UPDATE audit_event', `UPDATE audit_event SET action = 'forged'`, /permission denied/],
    ['DELETE audit_event', 'DELETE FROM audit_event', /permission denied/],
    ['TRUNCATE audit_event', 'TRUNCATE audit_event', /permission denied/],
    ['TRUNCATE task', 'TRUNCATE task CASCADE', /permission denied/],
    [
      'write the migrations log',
      `DELETE FROM "_prisma_migrations"`,
      /permission denied for table _prisma_migrations/,
    ],
    ['CREATE ROLE', 'CREATE ROLE forged', /permission denied to create role/],
  ])('cannot %s (42501)', async (_, sql, message) => {
    const err = await failure(sql);
    expect(err.code).toBe('42501');
    expect(err.message).toMatch(message);
  });

  it('reads and writes rows of business tables', async () => {
    await app.query('BEGIN');
    try {
      const { rows } = await app.query<{ id: string }>(
        `INSERT INTO department (id, name) VALUES (gen_random_uuid(), '权限测试局') RETURNING id`,
      );
      await app.query(`UPDATE department SET name = '权限测试局二' WHERE id = $1`, [rows[0]!.id]);
      const { rowCount } = await app.query('DELETE FROM department WHERE id = $1', [rows[0]!.id]);
      expect(rowCount).toBe(1);
    } finally {
      await app.query('ROLLBACK');
    }
  });

  it('is granted exactly rows on every table: INSERT and SELECT only where append-only', async () => {
    const role = roleOfUrl(process.env.DATABASE_URL!);
    const { rows } = await app.query<{ name: string; privileges: string }>(
      `SELECT c.relname AS name,
              concat_ws(',',
                CASE WHEN has_table_privilege($1, c.oid, 'SELECT') THEN 'SELECT' END,
                CASE WHEN has_table_privilege($1, c.oid, 'INSERT') THEN 'INSERT' END,
                CASE WHEN has_table_privilege($1, c.oid, 'UPDATE') THEN 'UPDATE' END,
                CASE WHEN has_table_privilege($1, c.oid, 'DELETE') THEN 'DELETE' END,
                CASE WHEN has_table_privilege($1, c.oid, 'TRUNCATE') THEN 'TRUNCATE' END,
                CASE WHEN has_table_privilege($1, c.oid, 'TRIGGER') THEN 'TRIGGER' END,
                CASE WHEN has_table_privilege($1, c.oid, 'REFERENCES') THEN 'REFERENCES' END
              ) AS privileges
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`,
      [role],
    );
    const expected = (name: string) =>
      name === '_prisma_migrations'
        ? 'SELECT'
        : APPEND_ONLY.includes(name)
          ? 'SELECT,INSERT'
          : 'SELECT,INSERT,UPDATE,DELETE';
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) expect(row).toEqual({ name: row.name, privileges: expected(row.name) });
  });

  it('the grant is idempotent and refuses to be made by the role for itself', async () => {
    const owner = new Client({ connectionString: ownerUrl() });
    await owner.connect();
    try {
      const role = roleOfUrl(process.env.DATABASE_URL!);
      const first = await grantAppRole(owner, role);
      expect(first.appendOnly).toEqual(APPEND_ONLY);
      expect(await grantAppRole(owner, role)).toEqual(first);
    } finally {
      await owner.end();
    }
    await expect(grantAppRole(app, roleOfUrl(process.env.DATABASE_URL!))).rejects.toThrow(
      /must be made by the owner/,
    );
  });

  it('`duban db migrate` migrates a fresh database as the owner, then grants the role rows only', async () => {
    const name = `duban_roles_cli_${process.pid}`;
    const urls = await createDatabase(name, { fresh: true });
    try {
      const r = runDubanSync(['db', 'migrate'], {
        DATABASE_URL: urls.url,
        MIGRATION_DATABASE_URL: urls.migrationUrl,
      });
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^applied: \d{14}_init/);
      expect(r.stdout).toContain(`granted ${roleOfUrl(urls.url)}: rows of`);
      expect(r.stdout).toContain(`append-only (INSERT, SELECT): ${APPEND_ONLY.join(', ')}`);
      const fresh = new Client({ connectionString: urls.url });
      await fresh.connect();
      try {
        expect((await fresh.query('SELECT count(*)::int AS n FROM task')).rows).toEqual([{ n: 0 }]);
        await expect(fresh.query('TRUNCATE audit_event')).rejects.toMatchObject({ code: '42501' });
      } finally {
        await fresh.end();
      }
    } finally {
      await dropDatabase(name);
    }
  });

  it('in production, the service refuses to start as a superuser or as the owner', async () => {
    const check = async (url: string) => {
      const config = new AppConfig({
        DATABASE_URL: url,
        DUBAN_MODE: 'production',
        JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
      });
      const prisma = new PrismaService(config);
      try {
        await new DatabaseRoleCheck(prisma, config).onApplicationBootstrap();
      } finally {
        await prisma.$disconnect();
      }
    };
    const name = new URL(process.env.DATABASE_URL!).pathname.slice(1);
    await expect(check(databaseUrl(name))).rejects.toThrow(/a superuser/);
    await expect(check(ownerUrl())).rejects.toThrow(/the owner of \d+ tables/);
    await expect(check(process.env.DATABASE_URL!)).resolves.toBeUndefined();
  });
});
