import { Prisma } from '../../generated/prisma/client';
import { BUSINESS_ZONE, LocalDate, toDbDate } from '../../common/time/local-date';
import type { Period } from '../../common/time/period';
import type { WorkSource } from '../../generated/prisma/enums';
import {
  CLOSED_ON_SQL,
  inPlanSql,
  inSourcesSql,
  OPEN_SQL,
  visibleDepartmentSql,
} from './supervision.sql';

export interface AssessmentCountRow {
  department_id: string;
  department_name: string;
  plan_id: string;
  lead_missed: number;
  support_missed: number;
  unanswered: number;
}

/**
 * Per assigned department and plan (the container of any source), in `period`: deadlines missed as lead and as supporting
 * department (passed with the task open, or closed after it), and notices of the overdue ladder
 * (urging, supervision, red card) the lead left unanswered (no report or request since).
 */
export function selectAssessmentCounts(
  { planId, source }: { planId?: string; source?: WorkSource[] },
  { from, to }: Period,
  todayLocal: LocalDate,
  scope: string[] | null,
): Prisma.Sql {
  const today = toDbDate(todayLocal);
  // Every source counts (a plan, an instruction, a meeting…: each container has its rules) unless
  // the caller asks for some.
  const plan = Prisma.sql`${inPlanSql(planId)} ${inSourcesSql(source)}`;
  return Prisma.sql`
      WITH assigned AS (
        SELECT DISTINCT a.department_id, t.plan_id
        FROM assignment a JOIN task t ON t.id = a.task_id
        WHERE a.removed_at IS NULL AND t.status <> 'WITHDRAWN' ${plan}
          ${visibleDepartmentSql(scope, 'a.department_id')}
      ), missed AS (
        SELECT a.department_id, t.plan_id,
               (count(*) FILTER (WHERE a.role = 'LEAD'))::int AS lead_missed,
               (count(*) FILTER (WHERE a.role = 'SUPPORT'))::int AS support_missed
        FROM assignment a JOIN task t ON t.id = a.task_id
        WHERE a.removed_at IS NULL ${plan}
          AND t.due_on >= ${toDbDate(from)}::date AND t.due_on <= ${toDbDate(to)}::date
          AND t.due_on < ${today}::date
          AND ((t.status IN ${OPEN_SQL}) OR (t.status = 'CLOSED' AND ${CLOSED_ON_SQL} > t.due_on))
        GROUP BY 1, 2
      ), unanswered AS (
        SELECT a.department_id, t.plan_id, count(*)::int AS unanswered
        FROM escalation e
        JOIN task t ON t.id = e.task_id
        JOIN assignment a ON a.task_id = t.id AND a.role = 'LEAD' AND a.removed_at IS NULL
        WHERE e.level IN ('URGING', 'SUPERVISION', 'RED_CARD') AND NOT e.superseded ${plan}
          AND (e.triggered_at AT TIME ZONE ${BUSINESS_ZONE})::date >= ${toDbDate(from)}::date
          AND (e.triggered_at AT TIME ZONE ${BUSINESS_ZONE})::date <= ${toDbDate(to)}::date
          AND NOT EXISTS (SELECT 1 FROM progress_report r WHERE r.task_id = t.id
                            AND r.department_id = a.department_id AND r.created_at > e.triggered_at)
          AND NOT EXISTS (SELECT 1 FROM task_request q WHERE q.task_id = t.id
                            AND q.department_id = a.department_id AND q.requested_at > e.triggered_at)
        GROUP BY 1, 2
      )
      SELECT s.department_id, d.name AS department_name, s.plan_id,
             coalesce(m.lead_missed, 0) AS lead_missed, coalesce(m.support_missed, 0) AS support_missed,
             coalesce(u.unanswered, 0) AS unanswered
      FROM assigned s
      JOIN department d ON d.id = s.department_id
      LEFT JOIN missed m ON m.department_id = s.department_id AND m.plan_id = s.plan_id
      LEFT JOIN unanswered u ON u.department_id = s.department_id AND u.plan_id = s.plan_id`;
}
