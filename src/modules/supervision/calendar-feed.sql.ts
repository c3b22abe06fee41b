import { Prisma } from '../../generated/prisma/client';
import type { TaskStatus } from '../../generated/prisma/enums';
import { OPEN_STATUSES } from '../tasks/task-deadline';

export interface FeedAssignmentRow {
  assignment_id: string;
  task_id: string;
  plan_title: string;
  no: number;
  text: string;
  status: TaskStatus;
  due_on: Date | null;
  role: 'LEAD' | 'SUPPORT';
  sub_due_on: Date | null;
}

/** The department's current assignments of open tasks that have a deadline or a date to report to the lead. */
export function selectFeedAssignments(departmentId: string): Prisma.Sql {
  return Prisma.sql`
      SELECT a.id AS assignment_id, t.id AS task_id, p.title AS plan_title, t.no, t.text, t.status,
             t.due_on, a.role, a.sub_due_on
      FROM assignment a
      JOIN task t ON t.id = a.task_id
      JOIN plan p ON p.id = t.plan_id
      WHERE a.department_id = ${departmentId}::uuid AND a.removed_at IS NULL
        AND t.status::text = ANY(${OPEN_STATUSES as string[]}::text[])
        AND (t.due_on IS NOT NULL OR a.sub_due_on IS NOT NULL)
      ORDER BY t.due_on, p.title, t.no`;
}
