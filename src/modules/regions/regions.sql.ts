import { Prisma } from '../../generated/prisma/client';

/** The regions `rootIds` and every region below them (rows `{ id }`). */
export function selectRegionSubtree(rootIds: string[]): Prisma.Sql {
  return Prisma.sql`
      WITH RECURSIVE sub(id) AS (
        SELECT id FROM region WHERE id = ANY(${rootIds}::uuid[])
        UNION
        SELECT r.id FROM region r JOIN sub ON r.parent_id = sub.id
      )
      SELECT id FROM sub`;
}
