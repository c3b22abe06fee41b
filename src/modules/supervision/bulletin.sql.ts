import { Prisma } from '../../generated/prisma/client';
import type { WorkSource } from '../../generated/prisma/enums';
import { BUSINESS_ZONE, LocalDate, toDbDate } from '../../common/time/local-date';
import {
  CLOSED_ON_SQL,
  inPlanSql,
  inSourcesSql,
  OPEN_SQL,
  visibleDepartmentSql,
  visibleTaskSql,
} from './supervision.sql';

export interface BulletinTotalsRow {
  tasks: number;
  closed: number;
  overdue: number;
  closed_in_period: number;
  red_cards: number;
}

/** The totals of one source of work (tasks, closed and overdue as of the bulletin's day). */
export interface BulletinSourceRow {
  source: WorkSource;
  tasks: number;
  closed: number;
  overdue: number;
  closed_in_period: number;
}

export interface BulletinTaskRow {
  task_id: string;
  plan_title: string;
  source: WorkSource;
  document_number: string | null;
  no: number;
  text: string;
  lead_departments: string[] | null;
  due_on: Date | null;
  closed_on: Date | null;
  level: string | null;
}

export interface BulletinLaggardRow {
  department_id: string;
  department_name: string;
  overdue_lead: number;
  overdue_support: number;
  red_cards: number;
}

/** The bulletin's days: its period (`from` to `to`) and the day it speaks as of (`asOf`). */
export interface BulletinDays {
  from: LocalDate;
  to: LocalDate;
  asOf: LocalDate;
}

/**
 * The draft bulletin's statements over the tasks of `filter.planId` (all plans when undefined) and
 * of `filter.source` (every source when undefined) that the caller sees (`scope`), not withdrawn:
 * - `totals`: tasks, closed and overdue as of `asOf`, closed in the period, red cards in the period;
 * - `bySource`: the same counts (red cards aside) per source of work;
 * - `closed`: the tasks closed in the period, in closing order;
 * - `overdue`: the tasks overdue at the end of `asOf` (past the deadline and open then);
 * - `laggards`: per department, its overdue assignments (lead, supporting) and red cards as lead.
 */
export function bulletinStatements(
  filter: { planId?: string; source?: WorkSource[] },
  scope: string[] | null,
  days: BulletinDays,
): {
  totals: Prisma.Sql;
  bySource: Prisma.Sql;
  closed: Prisma.Sql;
  overdue: Prisma.Sql;
  laggards: Prisma.Sql;
} {
  const [f, t, a] = [toDbDate(days.from), toDbDate(days.to), toDbDate(days.asOf)];
  const where = Prisma.sql`t.status <> 'WITHDRAWN'
      ${inPlanSql(filter.planId)}
      ${inSourcesSql(filter.source)}
      ${visibleTaskSql(scope)}`;
  const closedBy = (day: Prisma.Sql) =>
    Prisma.sql`(t.status = 'CLOSED' AND ${CLOSED_ON_SQL} <= ${day})`;
  // Overdue at the end of `asOf`: past the deadline, and open then (closed later, or still open).
  const overdueAt = Prisma.sql`t.due_on < ${a}::date
      AND (t.status IN ${OPEN_SQL} OR (t.status = 'CLOSED' AND ${CLOSED_ON_SQL} > ${a}::date))`;
  const select = Prisma.sql`
      SELECT t.id AS task_id, p.title AS plan_title, t.source, p.document_number, t.no, t.text, t.due_on,
             CASE WHEN t.status = 'CLOSED' THEN ${CLOSED_ON_SQL} END AS closed_on,
             leads.names AS lead_departments,
             (SELECT e.level::text FROM escalation e
              WHERE e.task_id = t.id AND e.due_on = t.due_on AND e.level IN ('SUPERVISION', 'RED_CARD')
                AND (e.triggered_at AT TIME ZONE ${BUSINESS_ZONE})::date <= ${a}::date
              ORDER BY e.level DESC LIMIT 1) AS level
      FROM task t
      JOIN plan p ON p.id = t.plan_id
      LEFT JOIN LATERAL (
        SELECT array_agg(d.name ORDER BY a.ordinal, d.name) AS names
        FROM assignment a JOIN department d ON d.id = a.department_id
        WHERE a.task_id = t.id AND a.role = 'LEAD' AND a.removed_at IS NULL
      ) leads ON TRUE`;
  return {
    totals: Prisma.sql`
      SELECT count(*)::int AS tasks,
             (count(*) FILTER (WHERE ${closedBy(Prisma.sql`${a}::date`)}))::int AS closed,
             (count(*) FILTER (WHERE ${overdueAt}))::int AS overdue,
             (count(*) FILTER (WHERE t.status = 'CLOSED' AND ${CLOSED_ON_SQL} >= ${f}::date
                                 AND ${CLOSED_ON_SQL} <= ${t}::date))::int AS closed_in_period,
             (SELECT count(*)::int FROM escalation e JOIN task t ON t.id = e.task_id
              WHERE e.level = 'RED_CARD' AND ${where}
                AND (e.triggered_at AT TIME ZONE ${BUSINESS_ZONE})::date BETWEEN ${f}::date AND ${t}::date
             ) AS red_cards
      FROM task t WHERE ${where}`,
    bySource: Prisma.sql`
      SELECT t.source, count(*)::int AS tasks,
             (count(*) FILTER (WHERE ${closedBy(Prisma.sql`${a}::date`)}))::int AS closed,
             (count(*) FILTER (WHERE ${overdueAt}))::int AS overdue,
             (count(*) FILTER (WHERE t.status = 'CLOSED' AND ${CLOSED_ON_SQL} >= ${f}::date
                                 AND ${CLOSED_ON_SQL} <= ${t}::date))::int AS closed_in_period
      FROM task t WHERE ${where}
      GROUP BY t.source ORDER BY t.source`,
    closed: Prisma.sql`${select}
      WHERE ${where} AND t.status = 'CLOSED' AND ${CLOSED_ON_SQL} >= ${f}::date AND ${CLOSED_ON_SQL} <= ${t}::date
      ORDER BY closed_on, p.title, t.no`,
    overdue: Prisma.sql`${select}
      WHERE ${where} AND ${overdueAt}
      ORDER BY t.due_on, p.title, t.no`,
    laggards: Prisma.sql`
      SELECT d.id AS department_id, d.name AS department_name,
             (count(*) FILTER (WHERE a.role = 'LEAD'))::int AS overdue_lead,
             (count(*) FILTER (WHERE a.role = 'SUPPORT'))::int AS overdue_support,
             (SELECT count(*)::int FROM escalation e
                JOIN assignment la ON la.task_id = e.task_id AND la.role = 'LEAD' AND la.removed_at IS NULL
                JOIN task t ON t.id = e.task_id
              WHERE la.department_id = d.id AND e.level = 'RED_CARD' AND ${where}
                AND (e.triggered_at AT TIME ZONE ${BUSINESS_ZONE})::date BETWEEN ${f}::date AND ${t}::date
             ) AS red_cards
      FROM task t
      JOIN assignment a ON a.task_id = t.id AND a.removed_at IS NULL
      JOIN department d ON d.id = a.department_id
      WHERE ${where} AND ${overdueAt}
        ${visibleDepartmentSql(scope, 'a.department_id')}
      GROUP BY d.id, d.name
      ORDER BY overdue_lead DESC, overdue_support DESC, d.name`,
  };
}
