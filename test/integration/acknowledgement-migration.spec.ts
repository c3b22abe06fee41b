import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { migrate } from '../../src/infra/migrate/migrator';
import { createDatabase, dropDatabase } from '../../scripts/kit/services';

/**
 * The acknowledgement columns' migration on existing data (20261208000000): work that reached
 * departments before notices existed counts as noticed, and work already under way (the task moved
 * on, the department reported, or it is no longer assigned) counts as acknowledged; the rest stays
 * pending with no deadline, for the service to plan. Data is written with the schema just before it.
 */
const MIGRATIONS = join(__dirname, '../../prisma/migrations');
const FOUNDATION = '20261208000000_work_sources_and_acknowledgement';

describe('acknowledgement migration on existing data', () => {
  const db = `duban_ack_migration_${process.pid}`;
  let url: string;
  let client: Client;
  let before: string;

  beforeAll(async () => {
    url = (await createDatabase(db, { fresh: true })).migrationUrl;
    client = new Client({ connectionString: url });
    await client.connect();
    before = mkdtempSync(join(tmpdir(), 'duban-migrations-'));
    for (const name of readdirSync(MIGRATIONS).filter((n) => n < FOUNDATION)) {
      cpSync(join(MIGRATIONS, name), join(before, name), { recursive: true });
    }
  });

  afterAll(async () => {
    await client.end();
    await dropDatabase(db);
    rmSync(before, { recursive: true, force: true });
  });

  it('counts work under way as acknowledged and leaves new work pending, unplanned', async () => {
    await migrate(url, before);
    await client.query(`
      INSERT INTO department (id, name) VALUES
        ('00000000-0000-0000-0000-00000000000a', '甲'), ('00000000-0000-0000-0000-00000000000b', '乙');
      INSERT INTO plan (id, title, content_hash, source_name)
        VALUES ('00000000-0000-0000-0000-000000000001', '方案', 'h', 's');
      INSERT INTO task (id, plan_id, no, text, due_source, status) VALUES
        ('00000000-0000-0000-0000-000000000101', '00000000-0000-0000-0000-000000000001', 1, '新交办', 'ONGOING', 'ASSIGNED'),
        ('00000000-0000-0000-0000-000000000102', '00000000-0000-0000-0000-000000000001', 2, '办理中', 'ONGOING', 'IN_PROGRESS'),
        ('00000000-0000-0000-0000-000000000103', '00000000-0000-0000-0000-000000000001', 3, '配合已报', 'ONGOING', 'ASSIGNED');
      INSERT INTO assignment (task_id, department_id, role, ordinal, last_report_at, removed_at) VALUES
        ('00000000-0000-0000-0000-000000000101', '00000000-0000-0000-0000-00000000000a', 'LEAD', 0, NULL, NULL),
        ('00000000-0000-0000-0000-000000000101', '00000000-0000-0000-0000-00000000000b', 'SUPPORT', 1, NULL, '2026-11-01T00:00:00Z'),
        ('00000000-0000-0000-0000-000000000102', '00000000-0000-0000-0000-00000000000a', 'LEAD', 0, NULL, NULL),
        ('00000000-0000-0000-0000-000000000103', '00000000-0000-0000-0000-00000000000a', 'LEAD', 0, NULL, NULL),
        ('00000000-0000-0000-0000-000000000103', '00000000-0000-0000-0000-00000000000b', 'SUPPORT', 1, '2026-11-10T02:00:00Z', NULL);`);

    const result = await migrate(url, MIGRATIONS);
    expect(result.applied[0]).toBe(FOUNDATION);
    const { rows } = await client.query<{
      no: number;
      role: string;
      ack_state: string;
      ack_due_on: Date | null;
      acked_at: Date | null;
      noticed: boolean;
    }>(`
      SELECT t.no, a.role::text AS role, a.ack_state::text AS ack_state, a.ack_due_on, a.acked_at,
             a.noticed_at IS NOT NULL AS noticed
      FROM assignment a JOIN task t ON t.id = a.task_id ORDER BY t.no, a.ordinal`);
    expect(rows.map((r) => [r.no, r.role, r.ack_state, r.ack_due_on, r.noticed])).toEqual([
      [1, 'LEAD', 'PENDING', null, true],
      [1, 'SUPPORT', 'ACKNOWLEDGED', null, true],
      [2, 'LEAD', 'ACKNOWLEDGED', null, true],
      [3, 'LEAD', 'PENDING', null, true],
      [3, 'SUPPORT', 'ACKNOWLEDGED', null, true],
    ]);
    // A department that reported was acknowledged when it first reported (as far as is known).
    expect(rows[4]!.acked_at!.toISOString()).toBe('2026-11-10T02:00:00.000Z');
    expect(rows[0]!.acked_at).toBeNull();
    // The new reminder kinds exist.
    const { rows: kinds } = await client.query<{ k: string }>(
      `SELECT unnest(enum_range(NULL::"ReminderKind"))::text AS k`,
    );
    expect(kinds.map((k) => k.k)).toEqual(expect.arrayContaining(['ACK_DUE', 'ACK_OVERDUE']));
  });
});
