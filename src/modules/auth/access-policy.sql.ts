import { Prisma } from '../../generated/prisma/client';

/**
 * The region of supervisor `personId` (`root`) and every region below it (rows `{ id, root }`);
 * no row when the person has no region (the top office).
 */
export function selectOfficeRegions(personId: string): Prisma.Sql {
  return Prisma.sql`
      WITH RECURSIVE sub(id, root) AS (
        SELECT region_id, true FROM person WHERE id = ${personId}::uuid AND region_id IS NOT NULL
        UNION
        SELECT r.id, false FROM region r JOIN sub ON r.parent_id = sub.id
      )
      SELECT id, root FROM sub`;
}
