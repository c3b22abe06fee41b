import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AppConfig } from '../../src/config/app-config.service';
import { PrismaService } from '../../src/infra/prisma/prisma.service';

/**
 * The audit trail is append-only in PostgreSQL itself, not only in code:
 * - a trigger refuses UPDATE and DELETE of audit_event rows for every role, superusers included;
 * - a non-superuser application role granted only INSERT and SELECT can neither change, delete nor
 *   truncate rows, nor disable the trigger (it does not own the table).
 * A superuser may still TRUNCATE (triggers do not fire on TRUNCATE; test resets rely on it) and
 * could drop the trigger: that is why the service must not connect as one in production.
 */
describe('audit_event is append-only (PostgreSQL)', () => {
  let prisma: PrismaService;
  const role = `duban_audit_probe_${randomBytes(4).toString('hex')}`;
  let probe: Client;
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

    await prisma.$executeRawUnsafe(`CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    await prisma.$executeRawUnsafe(`GRANT INSERT, SELECT ON audit_event TO ${role}`);
    await prisma.$executeRawUnsafe(`GRANT USAGE ON SEQUENCE audit_event_id_seq TO ${role}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.username = role;
    url.password = '';
    probe = new Client({ connectionString: url.toString() });
    await probe.connect();
  });

  afterAll(async () => {
    await probe?.end();
    if (prisma) {
      await prisma.$executeRawUnsafe(`DROP OWNED BY ${role}`).catch(() => undefined);
      await prisma.$executeRawUnsafe(`DROP ROLE IF EXISTS ${role}`);
      await prisma.$disconnect();
    }
  });

  describe("the service's own connection (PrismaService)", () => {
    it('may INSERT and read back what it wrote, unchanged', async () => {
      const row = await prisma.auditEvent.findUniqueOrThrow({ where: { id: seededId } });
      expect(row).toMatchObject({ action: 'probe.seeded', data: { note: '原样' } });
    });

    it('cannot UPDATE a row: the trigger refuses with insufficient_privilege', async () => {
      const raw = await codeOf(
        prisma.$executeRaw`UPDATE audit_event SET action = 'forged' WHERE id = ${seededId}`,
      );
      expect(raw.message).toContain('audit_event is append-only: UPDATE is not allowed');
      const viaClient = await codeOf(
        prisma.auditEvent.update({ where: { id: seededId }, data: { action: 'forged' } }),
      );
      expect(viaClient.message).toContain('append-only');
      const row = await prisma.auditEvent.findUniqueOrThrow({ where: { id: seededId } });
      expect(row.action).toBe('probe.seeded');
    });

    it('cannot DELETE a row', async () => {
      const raw = await codeOf(prisma.$executeRaw`DELETE FROM audit_event WHERE id = ${seededId}`);
      expect(raw.message).toContain('audit_event is append-only: DELETE is not allowed');
      const many = await codeOf(prisma.auditEvent.deleteMany({}));
      expect(many.message).toContain('append-only');
      expect(await prisma.auditEvent.count({ where: { id: seededId } })).toBe(1);
    });
  });

  describe('a non-superuser role with only INSERT and SELECT', () => {
    it('is really not a superuser', async () => {
      const { rows } = await probe.query<{ rolsuper: boolean }>(
        'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
      );
      expect(rows).toEqual([{ rolsuper: false }]);
    });

    it('may INSERT and SELECT', async () => {
      const { rows } = await probe.query<{ id: string }>(
        `INSERT INTO audit_event (action, entity_type, entity_id) VALUES ('probe.inserted', 'probe', 'p-2') RETURNING id`,
      );
      expect(rows).toHaveLength(1);
      const read = await probe.query('SELECT action FROM audit_event WHERE id = $1', [rows[0]!.id]);
      expect(read.rows).toEqual([{ action: 'probe.inserted' }]);
    });

    it.each([
      ['UPDATE', `UPDATE audit_event SET action = 'forged'`],
      ['DELETE', 'DELETE FROM audit_event'],
      ['TRUNCATE', 'TRUNCATE audit_event'],
    ])('cannot %s (permission denied, 42501)', async (_, sql) => {
      const err = await codeOf(probe.query(sql));
      expect(err.code).toBe('42501');
      expect(err.message).toMatch(/permission denied/);
    });

    it('cannot disable or drop the trigger', async () => {
      for (const sql of [
        'ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only',
        'DROP TRIGGER audit_event_append_only ON audit_event',
      ]) {
        const err = await codeOf(probe.query(sql));
        expect(err.code).toBe('42501');
      }
      const { rows } = await probe.query<{ tgenabled: string }>(
        `SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_event_append_only'`,
      );
      expect(rows).toEqual([{ tgenabled: 'O' }]);
    });
  });

  describe('a superuser', () => {
    it('is stopped by the trigger on UPDATE and DELETE', async () => {
      const rows = await prisma.$queryRaw<{ rolsuper: boolean }[]>`
        SELECT rolsuper FROM pg_roles WHERE rolname = current_user`;
      // The test database is reached as the machine's superuser (see PLATFORM-NOTES).
      expect(rows).toEqual([{ rolsuper: true }]);
      for (const op of ['UPDATE', 'DELETE'] as const) {
        const sql =
          op === 'UPDATE'
            ? `UPDATE audit_event SET action = 'forged' WHERE id = ${seededId}`
            : `DELETE FROM audit_event WHERE id = ${seededId}`;
        const err = await codeOf(prisma.$executeRawUnsafe(sql));
        expect(err.message).toContain(`audit_event is append-only: ${op} is not allowed`);
      }
    });

    it('may TRUNCATE, by design (test resets); shown inside a rolled-back transaction', async () => {
      const admin = new Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      try {
        await admin.query('BEGIN');
        await admin.query('TRUNCATE audit_event');
        const { rows } = await admin.query<{ n: string }>('SELECT count(*) AS n FROM audit_event');
        expect(rows[0]!.n).toBe('0');
        await admin.query('ROLLBACK');
      } finally {
        await admin.end();
      }
      expect(await prisma.auditEvent.count({ where: { id: seededId } })).toBe(1);
    });
  });
});
