import { Prisma } from '../../generated/prisma/client';
import type { Scope } from './scope';

/** What the scope of person `personId` rests on (one row; see ScopeFacts). */
export interface ScopeFactsRow {
  region_ids: string[];
  region_department_ids: string[];
  leader_department_ids: string[];
  /** Deputyships (委托) active today: `personId:departmentId:role` of each person acted for. */
  acting_for: string[];
}

/**
 * The facts a caller's scope is resolved from, in one statement: the region of their office (a
 * department's people: their department's region) and every region below it, root first; the
 * departments of those regions; the departments linked to them as a leader; the liaisons and
 * heads who named them deputy (委托) for a period that includes `today` (not revoked, still active).
 */
export function selectScopeFacts(personId: string, today: string): Prisma.Sql {
  return Prisma.sql`
    WITH RECURSIVE me AS (
      SELECT CASE WHEN p.role IN ('HEAD', 'LIAISON') THEN d.region_id ELSE p.region_id END AS region_id
      FROM person p LEFT JOIN department d ON d.id = p.department_id
      WHERE p.id = ${personId}::uuid
    ), sub(id, depth) AS (
      SELECT region_id, 0 FROM me WHERE region_id IS NOT NULL
      UNION ALL
      SELECT r.id, sub.depth + 1 FROM region r JOIN sub ON r.parent_id = sub.id
    )
    SELECT
      coalesce((SELECT array_agg(id::text ORDER BY depth, id) FROM sub), '{}') AS region_ids,
      coalesce((SELECT array_agg(d.id::text) FROM department d
                WHERE d.region_id IN (SELECT id FROM sub)), '{}') AS region_department_ids,
      coalesce((SELECT array_agg(ld.department_id::text) FROM leader_department ld
                WHERE ld.leader_id = ${personId}::uuid), '{}') AS leader_department_ids,
      coalesce((SELECT array_agg(o.id::text || ':' || o.department_id::text || ':' || o.role::text
                                 ORDER BY dp.starts_on, o.id)
                FROM deputy dp JOIN person o ON o.id = dp.person_id
                WHERE dp.deputy_id = ${personId}::uuid AND dp.revoked_at IS NULL
                  AND dp.starts_on <= ${today}::date AND dp.ends_on >= ${today}::date
                  AND o.active AND o.department_id IS NOT NULL
                  AND o.role IN ('LIAISON', 'HEAD')), '{}') AS acting_for`;
}

/**
 * `AND` the task `alias` has a current assignment of a department in scope; nothing when the scope
 * admits every department.
 */
export function taskInScopeSql(scope: Scope, alias = 't'): Prisma.Sql {
  if (scope.departmentIds === null) return Prisma.empty;
  // A leader also reads the items that carry their own instruction (see taskWhere).
  const instructed =
    scope.user.role === 'LEADER'
      ? Prisma.sql`OR EXISTS (SELECT 1 FROM plan sp
          WHERE sp.id = ${Prisma.raw(`${alias}.plan_id`)} AND sp.leader_id = ${scope.user.id}::uuid)`
      : Prisma.empty;
  return Prisma.sql`AND (EXISTS (SELECT 1 FROM assignment sc
    WHERE sc.task_id = ${Prisma.raw(`${alias}.id`)} AND sc.removed_at IS NULL
      AND sc.department_id = ANY(${scope.departmentIds}::uuid[])) ${instructed})`;
}

/**
 * `AND` the region column `column` (null = the top level) is in the scope's region subtree; nothing
 * when the scope admits every region.
 */
export function regionInScopeSql(scope: Scope, column: string): Prisma.Sql {
  if (scope.regionIds === null) return Prisma.empty;
  return Prisma.sql`AND ${Prisma.raw(column)} = ANY(${scope.regionIds}::uuid[])`;
}
