import { Prisma } from '../../generated/prisma/client';

export interface CounterpartRow {
  id: string;
  name: string;
  counterpart_id: string | null;
  counterpart_name: string | null;
}

/** The departments of the level above `regionId` (its parent, `parentId`), each with its counterpart there. */
export function selectCounterparts(regionId: string, parentId: string | null): Prisma.Sql {
  return Prisma.sql`
      SELECT d.id, d.name, c.counterpart_id, cd.name AS counterpart_name
      FROM department d
      LEFT JOIN department_counterpart c ON c.department_id = d.id AND c.region_id = ${regionId}::uuid
      LEFT JOIN department cd ON cd.id = c.counterpart_id
      WHERE d.region_id IS NOT DISTINCT FROM ${parentId}::uuid
      ORDER BY d.name`;
}

/** A department the rules name in a region, for the department `upperId` of the level above. */
export interface CounterpartCandidate {
  regionId: string;
  upperId: string;
  name: string;
  isCollective: boolean;
}

/** Creates the candidates' departments; a name that exists already is left alone. */
export function insertCounterpartDepartments(
  candidates: readonly CounterpartCandidate[],
): Prisma.Sql {
  return Prisma.sql`
          INSERT INTO department (id, name, is_collective, region_id)
          SELECT gen_random_uuid(), n, c, r
          FROM unnest(${candidates.map((c) => c.name)}::text[], ${candidates.map((c) => c.isCollective)}::boolean[],
                      ${candidates.map((c) => c.regionId)}::uuid[]) AS x(n, c, r)
          ON CONFLICT (name) DO NOTHING`;
}

/**
 * Links each upper department to the candidate's department of that very region (existing links,
 * which an administrator may have set, are kept).
 */
export function insertCounterpartLinks(candidates: readonly CounterpartCandidate[]): Prisma.Sql {
  return Prisma.sql`
          INSERT INTO department_counterpart (department_id, region_id, counterpart_id)
          SELECT x.u, x.r, d.id
          FROM unnest(${candidates.map((c) => c.upperId)}::uuid[], ${candidates.map((c) => c.regionId)}::uuid[],
                      ${candidates.map((c) => c.name)}::text[]) AS x(u, r, n)
          -- Only a department of that very region: a name taken elsewhere stays unmapped.
          JOIN department d ON d.name = x.n AND d.region_id = x.r
          ON CONFLICT (department_id, region_id) DO NOTHING`;
}

/** Collective units of `regionIds` stand for the counterparts of the upper unit's members. */
export function insertCounterpartGroupMembers(regionIds: string[]): Prisma.Sql {
  return Prisma.sql`
          INSERT INTO department_group_member (group_id, member_id)
          SELECT cg.counterpart_id, cm.counterpart_id
          FROM department_group_member m
          JOIN department_counterpart cg ON cg.department_id = m.group_id
          JOIN department_counterpart cm ON cm.department_id = m.member_id AND cm.region_id = cg.region_id
          WHERE cg.region_id = ANY(${regionIds}::uuid[])
          ON CONFLICT DO NOTHING`;
}
