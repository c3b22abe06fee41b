import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Client } from 'pg';
import { AppConfig } from '../../src/config/app-config.service';
import { ManualClock } from '../../src/infra/clock/clock';
import { PrismaService } from '../../src/infra/prisma/prisma.service';
import { archiveAuditTrail, keepFrom } from '../../src/modules/audit/audit-archive';
import { AuditService } from '../../src/modules/audit/audit.service';
import { ADMIN_DATABASE_URL } from '../../scripts/kit/services';
import { ownerUrl } from '../support/owner-db';
import { resetDatabase } from '../support/test-app';

/**
 * Retention and archiving: months of the trail older than the retention leave the table only
 * after they are in a gzip file whose SHA-256 is recorded; nothing else can delete a row.
 */
describe('audit trail archive (PostgreSQL, gzip files)', () => {
  let prisma: PrismaService;
  let clock: ManualClock;
  let audit: AuditService;
  let dir: string;
  // The archive runs as the table owner (MIGRATION_DATABASE_URL), as an operator runs it.
  const url = ownerUrl();
  /** The cluster's superuser on the test database: only it creates the probe role below. */
  const superuser = async (sql: string) => {
    const u = new URL(url);
    const admin = new URL(ADMIN_DATABASE_URL);
    u.username = admin.username;
    u.password = admin.password;
    const client = new Client({ connectionString: u.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  const errorOf = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
    } catch (e) {
      return String((e as Error).message);
    }
    throw new Error('expected the statement to fail, but it succeeded');
  };

  /** Events at these instants (UTC), one each. */
  const at = async (instants: string[], action: string) => {
    for (const [i, instant] of instants.entries()) {
      clock.set(instant);
      await audit.record(prisma, {
        actorId: null,
        action,
        entityType: 'probe',
        entityId: `${action}-${i}`,
        data: { n: i, text: '原样 "保存"' },
        sourceIp: '10.0.0.1',
      });
    }
  };

  beforeAll(async () => {
    prisma = new PrismaService(
      new AppConfig({ ...process.env, DATABASE_URL: url, DUBAN_MODE: 'test' }),
    );
    clock = new ManualClock('2026-01-01T00:00:00Z');
    audit = new AuditService(clock);
    await resetDatabase(prisma);
    dir = mkdtempSync(join(tmpdir(), 'duban-archive-'));
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await prisma?.$disconnect();
  });

  it('keeps at least the retention: the first month kept starts on or before now − retention', () => {
    const now = new Date('2026-11-23T01:00:00Z');
    expect(keepFrom(now, 180).toISOString()).toBe('2026-04-30T16:00:00.000Z'); // 2026-05-01 Shanghai
    expect(keepFrom(new Date('2026-11-01T00:00:00Z'), 180).toISOString()).toBe(
      '2026-04-30T16:00:00.000Z',
    );
  });

  it('archives each old month to a gzip file with its hash, and only then removes those rows', async () => {
    // March and April 2026 (Shanghai) are older than 180 days on 2026-11-23; May is not (whole months).
    await at(['2026-03-02T01:00:00Z', '2026-03-31T15:59:59.999Z'], 'old.march');
    await at(
      ['2026-03-31T16:00:00Z', '2026-04-15T08:00:00Z', '2026-04-30T15:59:59.999Z'],
      'old.april',
    );
    await at(['2026-04-30T16:00:00Z', '2026-11-20T02:00:00Z'], 'kept');
    const before = await prisma.auditEvent.findMany({ orderBy: { id: 'asc' } });

    const archived = await archiveAuditTrail({
      ownerUrl: url,
      dir,
      retentionDays: 180,
      now: new Date('2026-11-23T01:00:00Z'),
      batch: 2,
    });
    expect(archived.map((a) => [a.month, a.rows])).toEqual([
      ['2026-03', 2],
      ['2026-04', 3],
    ]);

    for (const a of archived) {
      const file = readFileSync(join(dir, a.fileName));
      expect(createHash('sha256').update(file).digest('hex')).toBe(a.sha256);
      expect(file.length).toBe(a.bytes);
      const lines = gunzipSync(file).toString('utf8').trimEnd().split('\n');
      const events = lines.map((l) => JSON.parse(l) as { id: string; action: string });
      expect(events).toHaveLength(a.rows);
      expect(events[0]!.id).toBe(a.firstId);
      expect(events[events.length - 1]!.id).toBe(a.lastId);
      // Every column, as stored.
      const original = before.find((e) => e.id.toString() === events[0]!.id)!;
      expect(events[0]).toEqual({
        id: original.id.toString(),
        at: original.at.toISOString(),
        actorId: null,
        action: original.action,
        entityType: 'probe',
        entityId: original.entityId,
        data: { n: 0, text: '原样 "保存"' },
        before: null,
        after: null,
        requestId: null,
        sourceIp: '10.0.0.1',
      });
      const row = await prisma.auditArchive.findUniqueOrThrow({ where: { fileName: a.fileName } });
      expect(row).toMatchObject({
        month: a.month,
        rowCount: a.rows,
        firstId: BigInt(a.firstId),
        lastId: BigInt(a.lastId),
        sha256: a.sha256,
      });
    }
    expect(readdirSync(dir).sort()).toEqual(archived.map((a) => a.fileName).sort());

    // The old rows are gone; the rest are untouched; the archive left its trace in the trail.
    const after = await prisma.auditEvent.findMany({ orderBy: { id: 'asc' } });
    expect(after.filter((e) => e.action.startsWith('old.'))).toEqual([]);
    expect(after.filter((e) => e.action === 'kept')).toEqual(
      before.filter((e) => e.action === 'kept'),
    );
    expect(after.filter((e) => e.action === 'audit.archived').map((e) => e.data)).toEqual(
      archived.map((a) => expect.objectContaining({ month: a.month, sha256: a.sha256 })),
    );

    // Nothing more to do on a second run.
    expect(
      await archiveAuditTrail({
        ownerUrl: url,
        dir,
        retentionDays: 180,
        now: new Date('2026-11-23'),
      }),
    ).toEqual([]);
  });

  it('refuses a retention under 180 days', async () => {
    await expect(
      archiveAuditTrail({ ownerUrl: url, dir, retentionDays: 179, now: new Date() }),
    ).rejects.toThrow('at least 180 days');
  });

  describe('the trail stays append-only', () => {
    let archivedId: bigint;

    beforeAll(async () => {
      // A row put back into an archived range (id and month): the only kind the trigger could let go.
      const archive = await prisma.auditArchive.findFirstOrThrow({ orderBy: { id: 'asc' } });
      archivedId = archive.firstId;
      await prisma.$executeRaw`
        INSERT INTO audit_event (id, at, action, entity_type, entity_id)
        VALUES (${archivedId}, ${archive.periodStart}, 'probe.back', 'probe', 'back')`;
    });

    it('a plain DELETE fails, even as the owner, even of a row in an archived range', async () => {
      expect(
        await errorOf(prisma.$executeRaw`DELETE FROM audit_event WHERE id = ${archivedId}`),
      ).toContain('audit_event is append-only: DELETE is not allowed');
      const kept = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'kept' } });
      const owner = new Client({ connectionString: url });
      await owner.connect();
      try {
        // The archiver's switch does not open the door to a row no archive accounts for.
        await owner.query('BEGIN');
        await owner.query(`SELECT set_config('duban.audit_archive', 'on', true)`);
        expect(
          await errorOf(owner.query('DELETE FROM audit_event WHERE id = $1', [kept.id.toString()])),
        ).toContain('append-only');
        await owner.query('ROLLBACK');
        // With the switch, the owner may delete an archived row (shown, then rolled back).
        await owner.query('BEGIN');
        await owner.query(`SELECT set_config('duban.audit_archive', 'on', true)`);
        const r = await owner.query('DELETE FROM audit_event WHERE id = $1', [
          archivedId.toString(),
        ]);
        expect(r.rowCount).toBe(1);
        await owner.query('ROLLBACK');
      } finally {
        await owner.end();
      }
      expect(await prisma.auditEvent.count({ where: { id: archivedId } })).toBe(1);
    });

    it('a role that is not the owner cannot, even granted DELETE and with the switch on', async () => {
      const role = `duban_archive_probe_${randomBytes(4).toString('hex')}`;
      await superuser(`CREATE ROLE ${role} LOGIN NOSUPERUSER`);
      await superuser(
        `GRANT CONNECT ON DATABASE "${new URL(url).pathname.slice(1)}" TO ${role};
         GRANT USAGE ON SCHEMA public TO ${role};
         GRANT SELECT, DELETE ON audit_event, audit_archive TO ${role}`,
      );
      const u = new URL(url);
      u.username = role;
      u.password = '';
      const probe = new Client({ connectionString: u.toString() });
      await probe.connect();
      try {
        await probe.query('BEGIN');
        await probe.query(`SELECT set_config('duban.audit_archive', 'on', true)`);
        expect(
          await errorOf(
            probe.query('DELETE FROM audit_event WHERE id = $1', [archivedId.toString()]),
          ),
        ).toContain('audit_event is append-only: DELETE is not allowed');
        await probe.query('ROLLBACK');
      } finally {
        await probe.end();
        await superuser(`DROP OWNED BY ${role}`);
        await superuser(`DROP ROLE ${role}`);
      }
      expect(await prisma.auditEvent.count({ where: { id: archivedId } })).toBe(1);
    });

    it('the archive records themselves cannot be changed or removed', async () => {
      expect(
        await errorOf(prisma.$executeRaw`UPDATE audit_archive SET sha256 = 'forged'`),
      ).toContain('audit_archive is append-only: UPDATE is not allowed');
      expect(await errorOf(prisma.$executeRaw`DELETE FROM audit_archive`)).toContain(
        'audit_archive is append-only: DELETE is not allowed',
      );
    });
  });
});
