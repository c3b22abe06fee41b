import { Prisma } from '../../generated/prisma/client';

/**
 * Cancels the plan's pending deadline reminders at offsets the policy no longer lists
 * (`offsets`: working days before the deadline), giving `reason` on each row.
 */
export function cancelUnwantedDeadlineReminders(
  planId: string,
  offsets: number[],
  reason: string,
): Prisma.Sql {
  return Prisma.sql`
    UPDATE reminder r SET status = 'CANCELLED', skipped_reason = ${reason}
    FROM assignment a, task t
    WHERE a.id = r.assignment_id AND t.id = a.task_id AND t.plan_id = ${planId}::uuid
      AND r.status = 'PENDING' AND r.kind = 'DEADLINE_APPROACHING'
      AND r.offset_working_days <> ALL(${offsets}::int[])`;
}
