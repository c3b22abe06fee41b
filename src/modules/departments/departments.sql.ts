import { Prisma } from '../../generated/prisma/client';

/**
 * Adds departments to a region's directory (`regionId` null: the top office's), set-based; a name
 * that exists already (in any region: names are unique) is left as it is.
 */
export function insertMissingDepartments(
  regionId: string | null,
  units: { name: string; isCollective: boolean }[],
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO department (id, name, is_collective, region_id)
    SELECT gen_random_uuid(), n, c, ${regionId}::uuid
    FROM unnest(${units.map((u) => u.name)}::text[], ${units.map((u) => u.isCollective)}::boolean[]) AS t(n, c)
    ON CONFLICT (name) DO NOTHING`;
}

/**
 * Saves printed names as aliases, set-based. An alias that is some department's name, or that is
 * taken already, is left out: a name or alias stands for one department only.
 */
export function insertMissingAliases(
  aliases: { alias: string; departmentId: string }[],
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO department_alias (alias, department_id)
    SELECT al, d FROM unnest(${aliases.map((a) => a.alias)}::text[], ${aliases.map((a) => a.departmentId)}::uuid[]) AS t(al, d)
    WHERE NOT EXISTS (SELECT 1 FROM department x WHERE x.name = al)
    ON CONFLICT (alias) DO NOTHING`;
}
