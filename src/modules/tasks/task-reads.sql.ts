import { Prisma } from '../../generated/prisma/client';
import type {
  AckState,
  AssignmentRole,
  DueSource,
  TaskStatus,
  WorkSource,
} from '../../generated/prisma/enums';
import type { LocalDate } from '../../common/time/local-date';

/** One of a department's tasks, with its own assignment's progress and every assigned department. */
export interface MyTaskRow {
  id: string;
  plan_id: string;
  source: WorkSource;
  plan_title: string;
  plan_document_number: string | null;
  no: number;
  text: string;
  role: AssignmentRole;
  due_on: Date | null;
  due_source: DueSource;
  status: TaskStatus;
  percent: number;
  report_version: number;
  last_report_at: Date | null;
  lead_departments: string[];
  support_departments: string[];
  ack_state: AckState;
  ack_due_on: Date | null;
  return_reason: string | null;
}

/**
 * The department's live assignments and their tasks (with their container's title and number),
 * optionally of one role, task status or some sources:
 * overdue open tasks first (due before `today`, in one of `openStatuses`), then by due date
 * (ongoing last), number and plan.
 */
export function selectMyTasks(
  departmentId: string,
  filter: { role?: AssignmentRole; status?: TaskStatus; source?: WorkSource[] },
  today: LocalDate,
  openStatuses: readonly TaskStatus[],
): Prisma.Sql {
  return Prisma.sql`
    SELECT t.id, t.plan_id, t.source, p.title AS plan_title, p.document_number AS plan_document_number,
           t.no, t.text, a.role, t.due_on, t.due_source, t.status,
           a.percent, a.report_version, a.last_report_at,
           a.ack_state::text AS ack_state, a.ack_due_on, a.return_reason,
           COALESCE(deps.lead, '{}') AS lead_departments,
           COALESCE(deps.support, '{}') AS support_departments
    FROM assignment a
    JOIN task t ON t.id = a.task_id
    JOIN plan p ON p.id = t.plan_id
    CROSS JOIN LATERAL (
      SELECT array_agg(d.name ORDER BY x.ordinal, d.name) FILTER (WHERE x.role = 'LEAD') AS lead,
             array_agg(d.name ORDER BY x.ordinal, d.name) FILTER (WHERE x.role = 'SUPPORT') AS support
      FROM assignment x
      JOIN department d ON d.id = x.department_id
      WHERE x.task_id = t.id AND x.removed_at IS NULL
    ) deps
    WHERE a.department_id = ${departmentId}::uuid AND a.removed_at IS NULL
      ${filter.role ? Prisma.sql`AND a.role = ${filter.role}::"AssignmentRole"` : Prisma.empty}
      ${filter.status ? Prisma.sql`AND t.status = ${filter.status}::"TaskStatus"` : Prisma.empty}
      ${filter.source?.length ? Prisma.sql`AND t.source = ANY(${filter.source}::"WorkSource"[])` : Prisma.empty}
    ORDER BY (t.due_on IS NOT NULL AND t.due_on < ${today}::date
              AND t.status::text = ANY(${openStatuses as TaskStatus[]}::text[])) DESC,
             t.due_on ASC NULLS LAST, t.no ASC, t.plan_id ASC`;
}
