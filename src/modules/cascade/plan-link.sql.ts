import { Prisma } from '../../generated/prisma/client';

/** Sets the parent task of each task `childIds[i]` to `parentIds[i]`, in one statement. */
export function setParentTasks(childIds: string[], parentIds: string[]): Prisma.Sql {
  return Prisma.sql`
    UPDATE task t SET parent_task_id = x.p
    FROM unnest(${childIds}::uuid[], ${parentIds}::uuid[]) AS x(c, p)
    WHERE t.id = x.c`;
}
