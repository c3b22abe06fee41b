import { Prisma } from '../../generated/prisma/client';
import type { TaskStatus } from '../../generated/prisma/enums';
import type { TaskMove } from './domain/task-state-machine';

/** The task as a status decision reads it (TasksService.move). */
export interface TaskForMoveRow {
  status: TaskStatus;
  version: number;
  due_on: Date | null;
  /** Whether the lead ever reported (the machine's `hasReports`). */
  reported: boolean;
}

/** The task's status, version and deadline, and whether anything was reported on it. */
export function selectTaskForMove(taskId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT t.status, t.version, t.due_on,
           (t.last_report_at IS NOT NULL OR EXISTS (
              SELECT 1 FROM progress_report r WHERE r.task_id = t.id)) AS reported
    FROM task t WHERE t.id = ${taskId}::uuid`;
}

/** What a status decision writes besides status and version. */
export interface MoveSet {
  closedAt?: Date;
  /** A new stated deadline (an approved extension). */
  dueOn?: string;
}

/**
 * The conditional update of one task: only if it still has the status and version that were read,
 * so that of two concurrent decisions the second affects no row (a 409, never a lost update).
 */
export function updateTaskStatus(
  taskId: string,
  read: { status: TaskStatus; version: number },
  to: TaskStatus,
  now: Date,
  set: MoveSet,
): Prisma.Sql {
  return Prisma.sql`
    UPDATE task SET status = ${to}::"TaskStatus", version = version + 1, updated_at = ${now}
      ${set.closedAt ? Prisma.sql`, closed_at = ${set.closedAt}` : Prisma.empty}
      ${set.dueOn ? Prisma.sql`, due_on = ${set.dueOn}::date, due_source = 'STATED'` : Prisma.empty}
    WHERE id = ${taskId}::uuid AND status = ${read.status}::"TaskStatus" AND version = ${read.version}`;
}

/** A task moved by a set-based move. */
export interface MovedTaskRow {
  id: string;
  from_status: TaskStatus;
  to_status: TaskStatus;
}

/**
 * Moves many tasks at once: each task whose status is the `from` of one of `moves` takes that
 * move's `to`; the others are left alone. The rows are locked first, so a concurrent decision
 * on one of them waits and then sees the new status.
 */
export function moveTasks(taskIds: string[], moves: readonly TaskMove[], now: Date): Prisma.Sql {
  const from = moves.map((m) => m.from);
  const to = moves.map((m) => m.to);
  return Prisma.sql`
    UPDATE task t
    SET status = m.to_status::"TaskStatus", version = t.version + 1, updated_at = ${now}
    FROM (SELECT id, status FROM task WHERE id = ANY(${taskIds}::uuid[]) FOR UPDATE) old
    JOIN unnest(${from}::text[], ${to}::text[]) AS m(from_status, to_status)
      ON m.from_status = old.status::text
    WHERE t.id = old.id
    RETURNING t.id, old.status AS from_status, t.status AS to_status`;
}

/** The deadline of the task above this one (a cascaded region's task), if any. */
export function selectParentDueOn(taskId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT p.due_on AS parent_due_on FROM task t JOIN task p ON p.id = t.parent_task_id
    WHERE t.id = ${taskId}::uuid`;
}
