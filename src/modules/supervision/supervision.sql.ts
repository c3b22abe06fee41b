import { Prisma } from '../../generated/prisma/client';
import type { WorkSource } from '../../generated/prisma/enums';
import { OPEN_STATUSES } from '../tasks/task-deadline';
import type { BoardLevels } from './supervision-scope';

// Fragments every supervision view composes its statements from (the task is `t` unless said).

/** Open = still under supervision (OPEN_STATUSES), as SQL: `t.status IN (…)`. */
export const OPEN_SQL = Prisma.raw(`(${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`);

/** The Shanghai day a closed task was closed (tasks closed before closedAt was kept: its last update). */
export const CLOSED_ON_SQL = Prisma.sql`(coalesce(t.closed_at, t.updated_at) AT TIME ZONE 'Asia/Shanghai')::date`;

/** `AND` the task is of plan `planId`; nothing without a plan filter. */
export function inPlanSql(planId: string | undefined): Prisma.Sql {
  return planId ? Prisma.sql`AND t.plan_id = ${planId}::uuid` : Prisma.empty;
}

/**
 * `AND` the task is of one of `sources` (task.source, a copy of its container's); nothing without
 * a source filter. Plain equality on the column, so that task_source_idx serves a rare source.
 */
export function inSourcesSql(sources: WorkSource[] | undefined, alias = 't'): Prisma.Sql {
  if (!sources || sources.length === 0) return Prisma.empty;
  return Prisma.sql`AND ${Prisma.raw(alias)}.source = ANY(${sources}::"WorkSource"[])`;
}

/**
 * `AND` the task's container is of region `regionId` or a region below it (the region filter of
 * the office's lists); nothing without one. The caller checks that the region is in scope.
 */
export function inRegionSql(regionId: string | undefined, alias = 't'): Prisma.Sql {
  if (!regionId) return Prisma.empty;
  return Prisma.sql`AND EXISTS (SELECT 1 FROM plan rp WHERE rp.id = ${Prisma.raw(alias)}.plan_id
      AND rp.region_id IN (WITH RECURSIVE sub AS (
          SELECT r.id FROM region r WHERE r.id = ${regionId}::uuid
          UNION ALL SELECT c.id FROM region c JOIN sub ON c.parent_id = sub.id)
        SELECT id FROM sub))`;
}

/**
 * `AND` the task `alias` has a current assignment of one of `departmentIds` (the caller's scope from
 * Scope.departmentIds); nothing when the caller sees every department.
 */
export function visibleTaskSql(departmentIds: string[] | null, alias = 't'): Prisma.Sql {
  if (departmentIds === null) return Prisma.empty;
  return Prisma.sql`AND EXISTS (SELECT 1 FROM assignment vis
    WHERE vis.task_id = ${Prisma.raw(`${alias}.id`)} AND vis.removed_at IS NULL
      AND vis.department_id = ANY(${departmentIds}::uuid[]))`;
}

/** `AND` the department column `column` is in the caller's scope; nothing when unscoped. */
export function visibleDepartmentSql(departmentIds: string[] | null, column: string): Prisma.Sql {
  if (departmentIds === null) return Prisma.empty;
  return Prisma.sql`AND ${Prisma.raw(column)} = ANY(${departmentIds}::uuid[])`;
}

/** A filter that needs a join: `join` goes after the task in FROM, `where` among the conditions. */
export interface JoinedFilter {
  join: Prisma.Sql;
  where: Prisma.Sql;
}

/**
 * The task belongs to the office's own level (its region's plans; the top office's plans have
 * none), or has reached a red card below it: a child overdue for long is on the board above. Only
 * the office's board is narrowed so; a department or a leader sees its tasks at whatever level.
 *
 * Written as joins (the plan; the task's red card on its current deadline, at most one by the
 * escalation's unique key) and a condition on them, not as EXISTS under an OR: a correlated
 * subquery made the whole statement parallel-restricted and was costed per task, so over 1,000,000
 * tasks the overdue counts ran serially at 18× their estimated cost without the filter, past the
 * JIT's inlining and optimization thresholds (~450 ms of compiling per call). Uncorrelated IN
 * lists fixed the counts but not a department's list: the planner charges building their hash to
 * every task looked up, and so read all overdue tasks instead of the department's. Joins are
 * planned well in both shapes (see test/integration/dashboard-plans.spec.ts).
 */
export function officeLevelSql(
  office: { regionId: string | null } | null,
  levels: BoardLevels | undefined,
  alias = 't',
): JoinedFilter {
  if (office === null || levels === 'all') return { join: Prisma.empty, where: Prisma.empty };
  const t = Prisma.raw(alias);
  // `IS NULL` or `=` rather than IS NOT DISTINCT FROM: the planner estimates these from statistics.
  const ownLevel =
    office.regionId === null
      ? Prisma.sql`op.region_id IS NULL`
      : Prisma.sql`op.region_id = ${office.regionId}::uuid`;
  return {
    join: Prisma.sql`JOIN plan op ON op.id = ${t}.plan_id
        LEFT JOIN escalation rc ON rc.task_id = ${t}.id AND rc.due_on = ${t}.due_on
          AND rc.level = 'RED_CARD'`,
    where: Prisma.sql`AND (${ownLevel} OR rc.id IS NOT NULL)`,
  };
}

/**
 * The board's level filter: the region filter (`regionId`, a subtree the caller checked is in
 * scope) when given, else the office's own level (officeLevelSql).
 */
export function boardLevelSql(
  regionId: string | undefined,
  office: { regionId: string | null } | null,
  levels: BoardLevels | undefined,
): JoinedFilter {
  return regionId
    ? { join: Prisma.empty, where: inRegionSql(regionId) }
    : officeLevelSql(office, levels);
}
