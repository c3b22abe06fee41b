import { Prisma } from '../../generated/prisma/client';
import { OPEN_STATUSES } from '../tasks/task-deadline';

/** Open = still under supervision (OPEN_STATUSES), as SQL: `t.status IN (…)`. */
export const OPEN_SQL = Prisma.raw(`(${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`);

/**
 * `AND` the task `alias` has a current assignment of one of `departmentIds` (the caller's scope from
 * AccessPolicyService.readableDepartmentIds); nothing when the caller sees every department.
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

/** The card a row shows: red after the red card, yellow with the supervision notice or a lagging warning. */
export type Card = 'YELLOW' | 'RED';
