import { Prisma } from '../../generated/prisma/client';
import type { TaskStatus } from '../../generated/prisma/enums';

export interface LockedTaskRow {
  status: TaskStatus;
  version: number;
  due_on: Date | null;
}

/**
 * The task's status, version and deadline, locked until commit (NO KEY UPDATE): a decision on the
 * task waits for the request being written, and a second request waits to see this one.
 */
export function lockTaskForRequest(taskId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT status, version, due_on FROM task WHERE id = ${taskId}::uuid FOR NO KEY UPDATE`;
}
