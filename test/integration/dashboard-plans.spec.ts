import { Prisma } from '../../src/generated/prisma/client';
import { fromDbDate } from '../../src/common/time/local-date';
import type { AuthUser } from '../../src/modules/auth/auth-user';
import { wholeScope, type Scope } from '../../src/modules/auth/scope';
import { SupervisionStatsService } from '../../src/modules/supervision/supervision-stats.service';
import { selectOverdueByDepartment } from '../../src/modules/supervision/supervision-stats.sql';
import { TaskListsService } from '../../src/modules/supervision/task-lists.service';
import { overdueView, selectTaskList } from '../../src/modules/supervision/task-lists.sql';
import type { TaskListQuery } from '../../src/modules/supervision/dto/task-list.dto';
import { asOwner } from '../support/owner-db';
import { createTestApp, resetDatabase, TestApp } from '../support/test-app';

/**
 * How PostgreSQL plans the office's board (issue 17, part 8): the top office's overdue counts and
 * a department's overdue list, on a history of 20,000 tasks seeded set-based (as the dashboard
 * bench seeds 1,000,000) and analyzed. The board's level filter (own level, or a red card below)
 * must cost about what the same statement costs without it (levels=all): when it was a correlated
 * EXISTS under an OR, the counts were planned serially at 18× that cost, past the JIT's inlining
 * thresholds, and 2.7× slower than the hand-written query in the bench; as uncorrelated IN lists,
 * a department's list read every overdue task instead of the department's. And the answers are
 * those of a hand-written query with the same rule.
 */
const TODAY = '2026-12-08';
const TASKS = 50_000;
const DEPARTMENTS = 2_000;
const OPEN = `('ASSIGNED', 'IN_PROGRESS', 'CLOSURE_REQUESTED')`;

/** Four plans of the top office and four of a city, tasks due 2024–2027, 5% of the past ones open. */
const SEED = `
  INSERT INTO region (id, code, name, level) VALUES (gen_random_uuid(), '320100', '南京市', 'CITY');
  INSERT INTO department (id, name)
    SELECT gen_random_uuid(), '测试单位' || lpad(g::text, 4, '0') FROM generate_series(1, ${DEPARTMENTS}) g;
  INSERT INTO plan (id, title, content_hash, source_name, region_id)
    SELECT gen_random_uuid(), '方案' || g, 'plans-' || g, 'test',
           CASE WHEN g > 4 THEN (SELECT id FROM region) END
    FROM generate_series(1, 8) g;
  WITH p AS (SELECT (row_number() OVER (ORDER BY title) - 1)::int AS k, id FROM plan)
  INSERT INTO task (id, plan_id, no, text, due_on, due_source, status, closed_at)
    SELECT gen_random_uuid(), p.id, g, '任务' || g, d.due_on, 'STATED',
           (CASE WHEN d.due_on < DATE '${TODAY}'
                 THEN CASE WHEN g % 20 = 0 THEN 'IN_PROGRESS' ELSE 'CLOSED' END
                 ELSE 'ASSIGNED' END)::"TaskStatus",
           CASE WHEN d.due_on < DATE '${TODAY}' AND g % 20 <> 0 THEN d.due_on::timestamptz END
    FROM generate_series(1, ${TASKS}) g
    JOIN p ON p.k = g % 8
    CROSS JOIN LATERAL (SELECT DATE '2024-01-01' + ((g::bigint * 7919) % 1461)::int AS due_on) d;
  WITH dep AS (SELECT (row_number() OVER (ORDER BY name) - 1)::int AS n, id FROM department)
  INSERT INTO assignment (id, task_id, department_id, role, ordinal)
    SELECT gen_random_uuid(), t.id, dep.id,
           (CASE WHEN k = 0 THEN 'LEAD' ELSE 'SUPPORT' END)::"AssignmentRole", k
    FROM task t CROSS JOIN LATERAL generate_series(0, t.no % 3) k
    JOIN dep ON dep.n = (abs(hashint4(t.no)) % ${DEPARTMENTS} + k * 131) % ${DEPARTMENTS};
  -- Red cards on a third of the city's overdue tasks (on their deadline), and one on an old
  -- deadline (which does not count), supervision notices on half the overdue tasks.
  INSERT INTO escalation (id, task_id, level, due_on)
    SELECT gen_random_uuid(), t.id, 'RED_CARD', t.due_on FROM task t JOIN plan p ON p.id = t.plan_id
    WHERE p.region_id IS NOT NULL AND t.status IN ${OPEN} AND t.due_on < DATE '${TODAY}' AND t.no % 3 = 0;
  INSERT INTO escalation (id, task_id, level, due_on)
    SELECT gen_random_uuid(), t.id, 'RED_CARD', t.due_on - 30 FROM task t JOIN plan p ON p.id = t.plan_id
    WHERE p.region_id IS NOT NULL AND t.status IN ${OPEN} AND t.due_on < DATE '${TODAY}' AND t.no % 3 = 1;
  INSERT INTO escalation (id, task_id, level, due_on)
    SELECT gen_random_uuid(), t.id, 'SUPERVISION', t.due_on FROM task t
    WHERE t.status IN ${OPEN} AND t.due_on < DATE '${TODAY}' AND t.no % 2 = 0;
  ANALYZE region, department, plan, task, assignment, escalation;
`;

/** The counts the office's board must show, by hand: own level (the top: no region) or a red card. */
const HAND_WRITTEN_COUNTS = `
  SELECT a.department_id, count(*)::int AS total,
         (count(*) FILTER (WHERE a.role = 'LEAD'))::int AS lead
  FROM task t
  JOIN plan p ON p.id = t.plan_id
  JOIN assignment a ON a.task_id = t.id AND a.removed_at IS NULL
  WHERE t.status IN ${OPEN} AND t.due_on < DATE '${TODAY}'
    AND (p.region_id IS NULL OR EXISTS (SELECT 1 FROM escalation e WHERE e.task_id = t.id
                                        AND e.due_on = t.due_on AND e.level = 'RED_CARD'))
  GROUP BY a.department_id`;

describe('the dashboard statements are planned as well as their hand-written queries (PostgreSQL)', () => {
  let t: TestApp;
  let office: Scope;
  let department: string;
  const today = fromDbDate(new Date(`${TODAY}T00:00:00Z`));
  const topBoard = { regionId: null };

  /** The planner's estimated total cost of `statement`. */
  const cost = async (statement: Prisma.Sql): Promise<number> => {
    const [row] = await t.prisma.$queryRaw<
      { 'QUERY PLAN': [{ Plan: { 'Total Cost': number } }] }[]
    >(Prisma.sql`EXPLAIN (FORMAT JSON) ${statement}`);
    return row!['QUERY PLAN'][0].Plan['Total Cost'];
  };
  const list = (q: TaskListQuery) =>
    selectTaskList(overdueView(today), q, {
      scope: null,
      office: topBoard,
      today,
      sort: 'workingDaysOverdue',
      order: 'desc',
      limit: 1000,
      offset: 0,
    });

  beforeAll(async () => {
    t = await createTestApp({ start: `${TODAY}T01:00:00Z` });
    await resetDatabase();
    await asOwner(SEED);
    const user: AuthUser = {
      id: 'office',
      username: 'office',
      role: 'SUPERVISOR',
      departmentId: null,
    };
    office = wholeScope(user);
    // The department with the most overdue assignments, as in the bench.
    [{ department_id: department }] = await t.prisma.$queryRawUnsafe<{ department_id: string }[]>(
      `${HAND_WRITTEN_COUNTS} ORDER BY total DESC, lead DESC, a.department_id LIMIT 1`,
    );
  });

  afterAll(async () => {
    await t.close();
  });

  it("costs the top office's overdue counts as the same counts without the level filter", async () => {
    const board = await cost(selectOverdueByDepartment({}, today, null, topBoard));
    const all = await cost(selectOverdueByDepartment({ levels: 'all' }, today, null, topBoard));
    expect(board / all).toBeLessThan(1.15);
  });

  it("costs a department's overdue list as the same list without the level filter", async () => {
    const board = await cost(list({ departmentId: department }));
    const all = await cost(list({ departmentId: department, levels: 'all' }));
    expect(board / all).toBeLessThan(1.15);
  });

  it('counts and lists what the hand-written query with the same rule finds', async () => {
    const expected =
      await t.prisma.$queryRawUnsafe<{ department_id: string; total: number; lead: number }[]>(
        HAND_WRITTEN_COUNTS,
      );
    // The seed has both sides of the rule: city tasks with a red card on their deadline count,
    // those without one (or with one on an older deadline) do not.
    const cityOverdue = await t.prisma.task.count({
      where: {
        plan: { regionId: { not: null } },
        dueOn: { lt: new Date(TODAY) },
        status: { in: ['ASSIGNED', 'IN_PROGRESS', 'CLOSURE_REQUESTED'] },
      },
    });
    expect(cityOverdue).toBeGreaterThan(100);
    const counts = await t.app.get(SupervisionStatsService).overdueByDepartment(office, {});
    expect(counts.map((c) => [c.departmentId, c.total, c.overdueLead]).sort()).toEqual(
      expected.map((r) => [r.department_id, r.total, r.lead]).sort(),
    );

    const rows = await t.app.get(TaskListsService).overdue(office, { departmentId: department });
    expect(rows).toHaveLength(expected.find((r) => r.department_id === department)!.total);
    const all = await t.app
      .get(TaskListsService)
      .overdue(office, { departmentId: department, levels: 'all' });
    expect(all.length).toBeGreaterThan(rows.length);
  });
});
