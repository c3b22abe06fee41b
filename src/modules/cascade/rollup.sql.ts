import { Prisma } from '../../generated/prisma/client';
import { toDbDate, type LocalDate } from '../../common/time/local-date';
import { ONGOING_DUE_ON } from '../plan-policy/plan-policy';
import { CHILD_STATES, type ChildState } from './child-state';
import { taskInScopeSql } from '../auth/access-policy.sql';
import type { Scope } from '../auth/scope';

/**
 * Turns PostgreSQL's JIT off for the rest of the transaction (constant text). The children of a
 * national item are skewed (1,300 per parent), so the planner's estimate crosses the JIT threshold,
 * and compiling took ~500 ms of a query that runs in ~20 ms (EXPLAIN ANALYZE, 1,300 children).
 */
export const JIT_OFF = 'SET LOCAL jit = off';

/** A child task with its state (a row of `childTasks`). */
export interface ChildRow {
  task_id: string;
  plan_id: string;
  region_id: string | null;
  region_name: string | null;
  no: number;
  status: string;
  state: ChildState;
  due_on: Date | null;
  percent: number;
  last_report_at: Date | null;
  lead_departments: string[] | null;
  child_count: number;
}

/**
 * The child tasks matching `where` (over `task ct`), in `regionIds` unless null, with their state
 * on `today` computed from status, deadline and ladder: a red card or a supervision notice (yellow)
 * of the current deadline, overdue, a lagging warning, else on track.
 */
function childTasks(where: Prisma.Sql, regionIds: string[] | null, today: LocalDate): Prisma.Sql {
  return Prisma.sql`
    SELECT ct.id AS task_id, ct.parent_task_id, ct.plan_id, cp.region_id, r.name AS region_name, ct.no,
           ct.status::text AS status, ct.due_on, ct.percent, ct.last_report_at,
           (SELECT array_agg(d.name ORDER BY a.ordinal) FROM assignment a JOIN department d ON d.id = a.department_id
            WHERE a.task_id = ct.id AND a.role = 'LEAD' AND a.removed_at IS NULL) AS lead_departments,
           (SELECT count(*)::int FROM task g WHERE g.parent_task_id = ct.id) AS child_count,
           CASE
             WHEN ct.status = 'CLOSED' THEN 'closed'
             WHEN ct.status = 'WITHDRAWN' THEN 'withdrawn'
             WHEN EXISTS (SELECT 1 FROM escalation e WHERE e.task_id = ct.id AND e.due_on = ct.due_on
                          AND e.level = 'RED_CARD') THEN 'red'
             WHEN EXISTS (SELECT 1 FROM escalation e WHERE e.task_id = ct.id AND e.due_on = ct.due_on
                          AND e.level = 'SUPERVISION') THEN 'yellow'
             WHEN ct.due_on < ${toDbDate(today)}::date AND ct.status <> 'SUSPENDED' THEN 'overdue'
             WHEN EXISTS (SELECT 1 FROM escalation e WHERE e.task_id = ct.id AND e.level = 'LAGGING'
                          AND e.due_on = coalesce(ct.due_on, ${ONGOING_DUE_ON}::date)) THEN 'lagging'
             ELSE 'on_track'
           END AS state
    FROM task ct
    JOIN plan cp ON cp.id = ct.plan_id
    LEFT JOIN region r ON r.id = cp.region_id
    WHERE ${where}
      ${regionIds ? Prisma.sql`AND cp.region_id = ANY(${regionIds}::uuid[])` : Prisma.empty}`;
}

/** The tasks below `taskId` (its regions' tasks), worst state first, then by deadline and percent. */
export function selectChildrenOfTask(
  taskId: string,
  regionIds: string[] | null,
  today: LocalDate,
): Prisma.Sql {
  return Prisma.sql`
    SELECT c.* FROM (${childTasks(Prisma.sql`ct.parent_task_id = ${taskId}::uuid`, regionIds, today)}) c
    ORDER BY array_position(${[...CHILD_STATES]}::text[], c.state), c.due_on NULLS LAST, c.percent, c.region_name`;
}

/** Per item of a plan and state: how many of its regions' tasks are in that state. */
export interface ItemStateCountRow {
  parent_id: string;
  no: number;
  state: ChildState;
  n: number;
}

/** For each item of `planId` with tasks below it: the count of those tasks per state. */
export function countChildrenOfPlanItems(
  planId: string,
  scope: Scope,
  today: LocalDate,
): Prisma.Sql {
  const below = Prisma.sql`ct.parent_task_id IN (SELECT id FROM task WHERE plan_id = ${planId}::uuid)`;
  return Prisma.sql`
    SELECT p.id AS parent_id, p.no, c.state, count(*)::int AS n
    FROM task p
    JOIN (${childTasks(below, scope.regionIds, today)}) c
      ON c.parent_task_id = p.id
    WHERE p.plan_id = ${planId}::uuid ${taskInScopeSql(scope, 'p')}
    GROUP BY p.id, p.no, c.state
    ORDER BY p.no`;
}
