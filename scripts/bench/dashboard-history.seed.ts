/**
 * The dashboard bench's history (dashboard.bench.ts): 2,000 departments, 10 plans of 7 chapters,
 * tasks due from 2024 to 2027 (today is 2026-12-08); 95% of the tasks past their deadline are closed
 * (80% of those on time), the rest overdue; every task has a lead and 0–2 supporting departments
 * (~2,000,000 assignments); a fifth of the tasks have a lead report, half the overdue ones a
 * supervision notice. The rows go in with one INSERT … SELECT over generate_series per table,
 * before the tables' indexes and foreign keys, which are then built from the migrations' own
 * definitions (dropIndexes). `BENCH_DASHBOARD_TASKS` changes the size (for a quick run while
 * developing).
 */
import { Client } from 'pg';
import { log } from './measure';

export const TASKS = Number(process.env.BENCH_DASHBOARD_TASKS ?? 1_000_000);
const DEPARTMENTS = 2_000;
const PLANS = 10;
/** The history's "today": tasks due before it and still open are overdue. */
export const TODAY = '2026-12-08';
/** The open task statuses, as an SQL list. */
export const OPEN = `('ASSIGNED', 'IN_PROGRESS', 'CLOSURE_REQUESTED')`;

/** The tables filled in bulk: their indexes and foreign keys are built once the rows are in. */
const BULK_TABLES = ['task', 'assignment', 'progress_report', 'escalation'];

/**
 * Set-based seed: every table filled by one INSERT … SELECT over generate_series, on a connection of
 * its own, before the tables' indexes and foreign keys exist (see dropIndexes).
 */
export async function seedHistory(databaseUrl: string): Promise<void> {
  const steps: [string, string][] = [
    [
      'departments',
      `INSERT INTO department (id, name)
       SELECT gen_random_uuid(), '测试单位' || lpad(g::text, 4, '0') FROM generate_series(1, ${DEPARTMENTS}) g`,
    ],
    [
      'plans',
      `INSERT INTO plan (id, title, content_hash, source_name)
       SELECT gen_random_uuid(), '基准方案' || g, 'bench-dashboard-' || g, 'bench' FROM generate_series(1, ${PLANS}) g`,
    ],
    [
      'chapters',
      `INSERT INTO chapter (id, plan_id, ordinal, title)
       SELECT gen_random_uuid(), p.id, c, '第' || c || '章' FROM plan p, generate_series(1, 7) c`,
    ],
    [
      'person',
      `INSERT INTO person (id, username, display_name, role, password_hash)
       VALUES (gen_random_uuid(), 'bench', '基准', 'LIAISON', 'x')`,
    ],
    [
      'tasks',
      `WITH p AS (SELECT (row_number() OVER (ORDER BY id) - 1)::int AS k, id FROM plan)
       INSERT INTO task (id, plan_id, chapter_id, no, text, due_on, due_source, status, percent,
                         closed_at, created_at, last_report_at)
       SELECT gen_random_uuid(), p.id, ch.id, g, '基准任务' || g, d.due_on, 'STATED',
              (CASE WHEN d.due_on < DATE '${TODAY}'
                    THEN CASE WHEN g % 20 = 0 THEN 'IN_PROGRESS' ELSE 'CLOSED' END
                    ELSE CASE WHEN g % 3 = 0 THEN 'IN_PROGRESS' ELSE 'ASSIGNED' END
               END)::"TaskStatus",
              g % 101,
              CASE WHEN d.due_on < DATE '${TODAY}' AND g % 20 <> 0
                   THEN (d.due_on + (g % 10 - 7))::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '10 hours'
              END,
              (d.due_on - 180)::timestamp AT TIME ZONE 'Asia/Shanghai',
              -- The lead's report below (a fifth of the tasks), 30 days after creation.
              CASE WHEN g % 5 = 0
                   THEN (d.due_on - 180)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '30 days'
              END
       FROM generate_series(1, ${TASKS}) g
       JOIN p ON p.k = g % ${PLANS}
       JOIN chapter ch ON ch.plan_id = p.id AND ch.ordinal = 1 + (g / ${PLANS}) % 7
       CROSS JOIN LATERAL (SELECT DATE '2024-01-01' + ((g::bigint * 7919) % 1461)::int AS due_on) d`,
    ],
    [
      'assignments',
      `WITH dep AS (SELECT (row_number() OVER (ORDER BY name) - 1)::int AS n, id FROM department)
       INSERT INTO assignment (id, task_id, department_id, role, ordinal)
       SELECT gen_random_uuid(), t.id, dep.id,
              (CASE WHEN k = 0 THEN 'LEAD' ELSE 'SUPPORT' END)::"AssignmentRole", k
       FROM task t
       CROSS JOIN LATERAL generate_series(0, t.no % 3) k
       -- A hash spreads tasks over departments evenly (and k * 131 keeps a task's departments apart).
       JOIN dep ON dep.n = (abs(hashint4(t.no)) % ${DEPARTMENTS} + k * 131) % ${DEPARTMENTS}`,
    ],
    [
      'reports',
      `INSERT INTO progress_report (id, assignment_id, task_id, department_id, author_id, version,
                                    percent, narrative, created_at)
       SELECT gen_random_uuid(), a.id, a.task_id, a.department_id, (SELECT id FROM person LIMIT 1), 1,
              t.percent, '按计划推进', t.created_at + interval '30 days'
       FROM assignment a JOIN task t ON t.id = a.task_id
       WHERE a.role = 'LEAD' AND t.no % 5 = 0`,
    ],
    [
      'notices',
      `INSERT INTO escalation (id, task_id, level, due_on, notice_no, triggered_at)
       SELECT gen_random_uuid(), t.id, 'SUPERVISION', t.due_on, '督〔2026〕' || t.no || '号',
              (t.due_on + 7)::timestamp AT TIME ZONE 'Asia/Shanghai'
       FROM task t
       WHERE t.status IN ${OPEN} AND t.due_on < DATE '${TODAY}' AND t.no % 2 = 0`,
    ],
  ];
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    // This session only: the index builds below sort millions of keys.
    await db.query(`SET maintenance_work_mem = '512MB'`);
    const rebuild = await dropIndexes(db, BULK_TABLES);
    for (const [what, sql] of steps) {
      const started = performance.now();
      const { rowCount } = await db.query(sql);
      log(`seeded ${what}: ${rowCount} rows in ${(performance.now() - started).toFixed(0)} ms`);
    }
    let started = performance.now();
    await rebuild();
    log(`indexes and foreign keys rebuilt in ${(performance.now() - started).toFixed(0)} ms`);
    started = performance.now();
    await db.query('VACUUM ANALYZE');
    log(`VACUUM ANALYZE in ${(performance.now() - started).toFixed(0)} ms`);
  } finally {
    await db.end();
  }
}

/**
 * Drops the primary keys, unique constraints, foreign keys and indexes of `tables` (and the foreign
 * keys pointing at them), and returns a function that recreates exactly the same ones, from their
 * definitions in the catalogue. One index build over a million rows costs a fraction of maintaining
 * the index row by row, and one validating join per foreign key a fraction of a trigger per row.
 * The queries are measured afterwards, on the very indexes the migrations create.
 */
async function dropIndexes(db: Client, tables: string[]): Promise<() => Promise<void>> {
  const { rows } = await db.query<{ drop: string; create: string; kind: string }>(
    `SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname) AS drop,
            format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
                   pg_get_constraintdef(c.oid)) AS create,
            CASE c.contype WHEN 'f' THEN 'foreign key' ELSE 'key' END AS kind
     FROM pg_constraint c
     WHERE (c.contype IN ('p', 'u') AND c.conrelid = ANY($1::regclass[]))
        OR (c.contype = 'f' AND (c.conrelid = ANY($1::regclass[]) OR c.confrelid = ANY($1::regclass[])))
     UNION ALL
     SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid), 'index'
     FROM pg_index i
     WHERE i.indrelid = ANY($1::regclass[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                       WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid
                         AND c.contype IN ('p', 'u', 'x'))`,
    [tables],
  );
  const order = ['foreign key', 'key', 'index'];
  const sorted = [...rows].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  for (const r of sorted) await db.query(r.drop);
  return async () => {
    for (const r of [...sorted].reverse()) await db.query(r.create);
  };
}
