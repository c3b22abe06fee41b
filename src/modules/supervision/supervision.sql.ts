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

/**
 * `AND` the task belongs to the office's own level (its region's plans; the top office's plans have
 * none), or has reached a red card below it: a child overdue for long is on the board above. Only
 * the office's board is narrowed so; a department or a leader sees its tasks at whatever level.
 */
export function officeLevelSql(
  office: { regionId: string | null } | null,
  levels: BoardLevels | undefined,
  alias = 't',
): Prisma.Sql {
  if (office === null || levels === 'all') return Prisma.empty;
  const t = Prisma.raw(alias);
  return Prisma.sql`AND (EXISTS (SELECT 1 FROM plan op WHERE op.id = ${t}.plan_id
                             AND op.region_id IS NOT DISTINCT FROM ${office.regionId}::uuid)
         OR EXISTS (SELECT 1 FROM escalation rc WHERE rc.task_id = ${t}.id AND rc.due_on = ${t}.due_on
                    AND rc.level = 'RED_CARD'))`;
}
