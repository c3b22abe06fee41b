/**
 * The work the load rows report on, written straight into the bench's database (the app role for
 * rows, the owner for the baseline's table), before the service starts.
 */
import { hashPassword } from '../../../src/modules/auth/password';
import { APP_ROLE, withClient } from '../../kit/services';

/** The liaisons' password (every one the same: each signs in once, before the load). */
const PASSWORD = 'Bench-password-1';
const username = (i: number) => `bench.liaison.${i + 1}`;

/** The report version every seeded liaison task holds: one report made before the bench. */
const SEEDED_VERSION = 1;

/** A task of the seed: the liaison (index) whose department leads it. */
export interface SeededTask {
  id: string;
  liaison: number;
  version: number;
}

/** The bare insert's table, created by the owner; the app role may insert into it, as the service. */
export function createBareTable(migrationUrl: string): Promise<void> {
  return withClient(migrationUrl, async (c) => {
    await c.query(
      `CREATE TABLE bench_bare (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n int NOT NULL,
         text text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    await c.query(`GRANT SELECT, INSERT ON bench_bare TO ${APP_ROLE}`);
  });
}

/**
 * `liaisons` liaisons, each of a department of their own, whose departments lead `closed + open`
 * tasks in turn among `tableTasks` (the rest led by another department), in the state of a
 * deadline day: each of the liaisons' tasks in progress, its assignment acknowledged and reported
 * on once (version 1). Returns the tasks for the closed loop (shared by its connections) and one
 * task per request of the open loop, each at version 1, so that every report of the open loop is
 * answered 201 whatever order the answers come in. Consecutive tasks belong to different liaisons.
 */
export async function seedReportWork(
  databaseUrl: string,
  counts: { liaisons: number; tableTasks: number; closed: number; open: number },
): Promise<{ usernames: string[]; closedTasks: SeededTask[]; openTasks: SeededTask[] }> {
  const passwordHash = await hashPassword(PASSWORD);
  const mine = counts.closed + counts.open;
  const usernames = Array.from({ length: counts.liaisons }, (_, i) => username(i));
  return withClient(databaseUrl, async (c) => {
    const departments = (
      await c.query<{ id: string }>(
        `INSERT INTO department (name)
         SELECT '压测单位' || i FROM generate_series(1, $1::int) i ORDER BY i RETURNING id`,
        [counts.liaisons],
      )
    ).rows.map((r) => r.id);
    const others = (
      await c.query<{ id: string }>(
        `INSERT INTO department (name) VALUES ('压测其他单位') RETURNING id`,
      )
    ).rows[0]!.id;
    await c.query(
      `INSERT INTO person (username, display_name, role, department_id, email, password_hash)
       SELECT u.name, '压测联络员' || u.i, 'LIAISON', d.id, u.name || '@example.test', $3
       FROM unnest($1::text[]) WITH ORDINALITY u(name, i)
       JOIN unnest($2::uuid[]) WITH ORDINALITY d(id, i) ON d.i = u.i`,
      [usernames, departments, passwordHash],
    );
    const plan = (
      await c.query<{ id: string }>(
        `INSERT INTO plan (title, content_hash, source_name)
         VALUES ('压测方案', gen_random_uuid()::text, 'bench') RETURNING id`,
      )
    ).rows[0]!.id;
    // The liaisons' tasks among a national cascade's number of others, so that a plan that scans
    // a table instead of using its index shows here, as it would in production.
    await c.query(
      `INSERT INTO task (plan_id, no, text, due_on, due_source, status, percent, last_report_at)
       SELECT $1::uuid, n, '压测任务' || n, '2027-06-30', 'STATED',
              CASE WHEN n <= $3::int THEN 'IN_PROGRESS' ELSE 'ASSIGNED' END::"TaskStatus",
              CASE WHEN n <= $3::int THEN 30 ELSE 0 END,
              CASE WHEN n <= $3::int THEN now() - interval '7 days' END
       FROM generate_series(1, $2::int) n`,
      [plan, counts.tableTasks, mine],
    );
    // Task n (1-based) of the liaisons' goes to department (n − 1) mod liaisons.
    await c.query(
      `INSERT INTO assignment (task_id, department_id, role, ordinal, report_version, percent,
                               last_report_at, ack_state, acked_at, acked_by_id)
       SELECT t.id, COALESCE(d.id, $3::uuid), 'LEAD', 0,
              CASE WHEN mine THEN $5::int ELSE 0 END, t.percent, t.last_report_at,
              CASE WHEN mine THEN 'ACKNOWLEDGED' ELSE 'PENDING' END::"AckState",
              CASE WHEN mine THEN now() - interval '10 days' END,
              p.id
       FROM task t
       CROSS JOIN LATERAL (SELECT t.no <= $4::int AS mine) m
       LEFT JOIN LATERAL (
         SELECT ($2::uuid[])[(t.no - 1) % cardinality($2::uuid[]) + 1] AS id WHERE m.mine
       ) d ON true
       LEFT JOIN person p ON p.department_id = d.id
       WHERE t.plan_id = $1::uuid`,
      [plan, departments, others, mine, SEEDED_VERSION],
    );
    const tasks = (
      await c.query<{ id: string; no: number }>(
        `SELECT id, no FROM task WHERE plan_id = $1::uuid AND no <= $2::int ORDER BY no`,
        [plan, mine],
      )
    ).rows.map((r) => ({
      id: r.id,
      liaison: (r.no - 1) % counts.liaisons,
      version: SEEDED_VERSION,
    }));
    return {
      usernames,
      closedTasks: tasks.slice(0, counts.closed),
      openTasks: tasks.slice(counts.closed),
    };
  });
}

/**
 * Signs a liaison in through the service's own API, as the web interface does. The service trusts
 * the loopback proxy (TRUST_PROXY), as behind the reverse proxy of the deployment guide; each
 * liaison signs in from an address of its own, so that the sign-in limit per address (10 a minute)
 * is not the bench's.
 */
export async function signIn(url: string, liaison: number): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': `10.17.${Math.floor(liaison / 250)}.${(liaison % 250) + 1}`,
    },
    body: JSON.stringify({ username: username(liaison), password: PASSWORD }),
  });
  const body = (await res.json()) as {
    accessToken?: string;
    passwordChangeRequired?: boolean;
    totpEnrolmentRequired?: boolean;
  };
  if (!res.ok || !body.accessToken || body.passwordChangeRequired || body.totpEnrolmentRequired) {
    throw new Error(
      `bench liaison ${liaison} could not sign in: ${res.status} ${JSON.stringify(body)}`,
    );
  }
  return body.accessToken;
}
