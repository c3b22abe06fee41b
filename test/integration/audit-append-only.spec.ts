import { Client } from 'pg';
import { AppConfig } from '../../src/config/app-config.service';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { ownerUrl } from '../support/owner-db';

/**
 * The audit trail is append-only in PostgreSQL itself, not only in code:
 * - the service connects as the application role (DATABASE_URL), granted only INSERT and SELECT on
 *   audit_event (src/infra/migrate/grants.ts): it can neither change, delete nor truncate rows, nor
 *   disable or drop the trigger (it owns no table);
 * - a trigger refuses UPDATE and DELETE of audit_event rows for every role, the owner and
 *   superusers included.
 * The owner may still TRUNCATE (triggers do not fire on TRUNCATE; test resets rely on it) and could
 * drop the trigger: that is why the service does not connect as the owner.
 */
describe('audit_event is append-only (PostgreSQL)', () => {
  let prisma: PrismaService;
  let app: Client;
  let owner: Client;
  let seededId: bigint;

  const codeOf = async (p: Promise<unknown>): Promise<{ code?: string; message: string }> => {
    try {
      await p;
    } catch (e) {
      const err = e as { code?: string; message: string; cause?: { originalCode?: string } };
      // Prisma wraps driver errors; the SQLSTATE is in the message or the cause.
      const code = err.code && /^[0-9A-Z]{5}$/.test(err.code) ? err.code : err.cause?.originalCode;
      return { code, message: String(err.message) };
    }
    throw new Error('expected the statement to fail, but it succeeded');
  };

  beforeAll(async () => {
    prisma = new PrismaService(new AppConfig({ ...process.env, DUBAN_MODE: 'test' }));
    const [{ id }] = await prisma.$queryRaw<{ id: bigint }[]>`
      INSERT INTO audit_event (action, entity_type, entity_id, data)
      VALUES ('probe.seeded', 'probe', 'p-1', '{"note":"原样"}') RETURNING id`;
    seededId = id;
    app = new Client({ connectionString: process.env.DATABASE_URL });
    owner = new Client({ connectionString: ownerUrl() });
    await app.connect();
    await owner.connect();
  });

  afterAll(async () => {
    await app?.end();
    await owner?.end();
    await prisma?.$disconnect();
  });

  describe("the service's own connection (the application role)", () => {
    it('is not a superuser and owns no table', async () => {
      const { rows } = await app.query<{ rolsuper: boolean; owned: number }>(
        `SELECT rolsuper, (SELECT count(*)::int FROM pg_class WHERE relowner = r.oid) AS owned
         FROM pg_roles r WHERE rolname = current_user`,
      );
      expect(rows).toEqual([{ rolsuper: false, owned: 0 }]);
    });

    it('may INSERT and read back what it wrote, unchanged', async () => {
      const row = await prisma.auditEvent.findUniqueOrThrow({ where: { id: seededId } });
      expect(row).toMatchObject({ action: 'probe.seeded', data: { note: '原样' } });
    });

    it('cannot UPDATE a row (permission denied), through raw SQL or the client', async () => {
      const raw = await codeOf(
        prisma.$executeRaw`UPDATE audit_event SET action = 'forged' WHERE id = ${seededId}`,
      );
      expect(raw.message).toMatch(/permission denied for table audit_event/);
      const viaClient = await codeOf(
        prisma.auditEvent.update({ where: { id: seededId }, data: { action: 'forged' } }),
      );
      expect(viaClient.message).toMatch(/permission denied|denied access/);
      const row = await prisma.auditEvent.findUniqueOrThrow({ where: { id: seededId } });
      expect(row.action).toBe('probe.seeded');
    });

    it.each([
      ['UPDATE', `UPDATE audit_event SET action = 'forged'`],
      ['DELETE', 'DELETE FROM audit_event'],
      ['TRUNCATE', 'TRUNCATE audit_event'],
    ])('cannot %s (permission denied, 42501)', async (_, sql) => {
      const err = await codeOf(app.query(sql));
      expect(err.code).toBe('42501');
      expect(err.message).toMatch(/permission denied/);
      expect(await prisma.auditEvent.count({ where: { id: seededId } })).toBe(1);
    });

    it('cannot disable or drop the trigger', async () => {
      for (const sql of [
        'ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only',
        'DROP TRIGGER audit_event_append_only ON audit_event',
        'DROP FUNCTION audit_event_append_only() CASCADE',
        'SET session_replication_role = replica',
      ]) {
        const err = await codeOf(app.query(sql));
        expect([sql, err.code]).toEqual([sql, '42501']);
      }
      const { rows } = await app.query<{ tgenabled: string }>(
        `SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_event_append_only'`,
      );
      expect(rows).toEqual([{ tgenabled: 'O' }]);
    });
  });

  describe('the owner (migrations)', () => {
    it('is stopped by the trigger on UPDATE and DELETE', async () => {
      for (const op of ['UPDATE', 'DELETE'] as const) {
        const sql =
          op === 'UPDATE'
            ? `UPDATE audit_event SET action = 'forged' WHERE id = ${seededId}`
            : `DELETE FROM audit_event WHERE id = ${seededId}`;
        const err = await codeOf(owner.query(sql));
        expect(err.message).toContain(`audit_event is append-only: ${op} is not allowed`);
      }
    });

    it('may TRUNCATE, by design (test resets); shown inside a rolled-back transaction', async () => {
      await owner.query('BEGIN');
      await owner.query('TRUNCATE audit_event');
      const { rows } = await owner.query<{ n: string }>('SELECT count(*) AS n FROM audit_event');
      expect(rows[0]!.n).toBe('0');
      await owner.query('ROLLBACK');
      expect(await prisma.auditEvent.count({ where: { id: seededId } })).toBe(1);
    });
  });
});
