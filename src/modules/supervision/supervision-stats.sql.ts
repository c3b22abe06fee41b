import { Prisma } from '../../generated/prisma/client';
import { LocalDate, toDbDate } from '../../common/time/local-date';
import type { ByDepartmentQuery, StatsQuery, TrendQuery } from './dto/stats.dto';
import type { Period } from '../../common/time/period';
import {
  boardLevelSql,
  CLOSED_ON_SQL,
  inPlanSql,
  inRegionSql,
  inSourcesSql,
  OPEN_SQL,
  visibleDepartmentSql,
  visibleTaskSql,
} from './supervision.sql';

export interface StatsCountRow {
  id: string;
  name: string;
  total: number;
  open: number;
  closed: number;
  overdue: number;
  closed_on_time: number;
  closed_late: number;
  /** Only grouped by department. */
  overdue_lead?: number;
  overdue_support?: number;
}

/**
 * Open, closed, overdue and closed on time or late, grouped by department (with overdue lead and
 * supporting assignments), chapter or plan; `scope` = readable departments, null for all.
 */
export function selectStats(
  q: Pick<StatsQuery, 'groupBy' | 'planId' | 'source' | 'regionId'>,
  todayLocal: LocalDate,
  scope: string[] | null,
): Prisma.Sql {
  const today = toDbDate(todayLocal);
  const counts = Prisma.sql`
      count(*)::int AS total,
      (count(*) FILTER (WHERE t.status IN ${OPEN_SQL}))::int AS open,
      (count(*) FILTER (WHERE t.status = 'CLOSED'))::int AS closed,
      (count(*) FILTER (WHERE t.status IN ${OPEN_SQL} AND t.due_on < ${today}::date))::int AS overdue,
      (count(*) FILTER (WHERE t.status = 'CLOSED' AND ${CLOSED_ON_SQL} <= t.due_on))::int AS closed_on_time,
      (count(*) FILTER (WHERE t.status = 'CLOSED' AND ${CLOSED_ON_SQL} > t.due_on))::int AS closed_late`;
  const plan = Prisma.sql`${inPlanSql(q.planId)} ${inSourcesSql(q.source)} ${inRegionSql(q.regionId)}`;
  if (q.groupBy === 'department') {
    return Prisma.sql`
        SELECT d.id, d.name, ${counts},
          (count(*) FILTER (WHERE a.role = 'LEAD' AND t.status IN ${OPEN_SQL} AND t.due_on < ${today}::date))::int AS overdue_lead,
          (count(*) FILTER (WHERE a.role = 'SUPPORT' AND t.status IN ${OPEN_SQL} AND t.due_on < ${today}::date))::int AS overdue_support
        FROM assignment a
        JOIN task t ON t.id = a.task_id
        JOIN department d ON d.id = a.department_id
        WHERE a.removed_at IS NULL AND t.status <> 'WITHDRAWN' ${plan}
          ${visibleDepartmentSql(scope, 'a.department_id')}
        GROUP BY d.id, d.name
        ORDER BY d.name`;
  }
  if (q.groupBy === 'chapter') {
    return Prisma.sql`
        SELECT ch.id, ch.title AS name, ${counts}
        FROM task t JOIN chapter ch ON ch.id = t.chapter_id JOIN plan p ON p.id = t.plan_id
        WHERE t.status <> 'WITHDRAWN' ${plan} ${visibleTaskSql(scope)}
        GROUP BY ch.id, ch.title, p.title, ch.ordinal
        ORDER BY p.title, ch.ordinal`;
  }
  if (q.groupBy === 'source') {
    // The source's label is the web's and the service's to give; here the source itself.
    return Prisma.sql`
        SELECT t.source::text AS id, t.source::text AS name, ${counts}
        FROM task t
        WHERE t.status <> 'WITHDRAWN' ${plan} ${visibleTaskSql(scope)}
        GROUP BY t.source
        ORDER BY t.source`;
  }
  return Prisma.sql`
        SELECT p.id, p.title AS name, ${counts}
        FROM task t JOIN plan p ON p.id = t.plan_id
        WHERE t.status <> 'WITHDRAWN' ${plan} ${visibleTaskSql(scope)}
        GROUP BY p.id, p.title
        ORDER BY p.title`;
}

export interface TrendRow {
  month: string;
  due: number;
  closed_on_time: number;
  missed: number;
  closed: number;
}

/** Month by month of `period`: deadlines falling due, met and missed; closures. */
export function selectTrend(
  q: Pick<TrendQuery, 'planId' | 'departmentId' | 'source'>,
  { from, to }: Period,
  todayLocal: LocalDate,
  scope: string[] | null,
): Prisma.Sql {
  const today = toDbDate(todayLocal);
  const filters = Prisma.sql`t.status <> 'WITHDRAWN'
      ${inPlanSql(q.planId)}
      ${inSourcesSql(q.source)}
      ${
        q.departmentId
          ? Prisma.sql`AND EXISTS (SELECT 1 FROM assignment f WHERE f.task_id = t.id
              AND f.removed_at IS NULL AND f.department_id = ${q.departmentId}::uuid)`
          : Prisma.empty
      }
      ${visibleTaskSql(scope)}`;
  return Prisma.sql`
      WITH months AS (
        SELECT to_char(m, 'YYYY-MM') AS month
        FROM generate_series(date_trunc('month', ${toDbDate(from)}::date),
                             date_trunc('month', ${toDbDate(to)}::date), interval '1 month') AS m
      ), due AS (
        SELECT to_char(t.due_on, 'YYYY-MM') AS month, count(*)::int AS due,
          (count(*) FILTER (WHERE t.status = 'CLOSED' AND ${CLOSED_ON_SQL} <= t.due_on))::int AS closed_on_time,
          (count(*) FILTER (WHERE t.due_on < ${today}::date
             AND NOT (t.status = 'CLOSED' AND ${CLOSED_ON_SQL} <= t.due_on)
             AND (t.status = 'CLOSED' OR t.status IN ${OPEN_SQL})))::int AS missed
        FROM task t
        WHERE t.due_on >= ${toDbDate(from)}::date AND t.due_on <= ${toDbDate(to)}::date AND ${filters}
        GROUP BY 1
      ), closed AS (
        SELECT to_char(${CLOSED_ON_SQL}, 'YYYY-MM') AS month, count(*)::int AS closed
        FROM task t
        WHERE t.status = 'CLOSED' AND ${CLOSED_ON_SQL} >= ${toDbDate(from)}::date
          AND ${CLOSED_ON_SQL} <= ${toDbDate(to)}::date AND ${filters}
        GROUP BY 1
      )
      SELECT months.month, coalesce(due.due, 0) AS due, coalesce(due.closed_on_time, 0) AS closed_on_time,
             coalesce(due.missed, 0) AS missed, coalesce(closed.closed, 0) AS closed
      FROM months LEFT JOIN due USING (month) LEFT JOIN closed USING (month)
      ORDER BY months.month`;
}

export interface OverdueByDepartmentRow {
  department_id: string;
  department_name: string;
  overdue_lead: number;
  overdue_support: number;
  total: number;
}

/** Overdue open tasks per assigned department, lead and supporting; the most first. */
export function selectOverdueByDepartment(
  q: Pick<ByDepartmentQuery, 'planId' | 'levels' | 'source' | 'regionId'>,
  todayLocal: LocalDate,
  scope: string[] | null,
  office: { regionId: string | null } | null,
): Prisma.Sql {
  const today = toDbDate(todayLocal);
  const level = boardLevelSql(q.regionId, office, q.levels);
  return Prisma.sql`
      SELECT d.id AS department_id, d.name AS department_name,
             (count(*) FILTER (WHERE a.role = 'LEAD'))::int AS overdue_lead,
             (count(*) FILTER (WHERE a.role = 'SUPPORT'))::int AS overdue_support,
             count(*)::int AS total
      FROM task t
      ${level.join}
      JOIN assignment a ON a.task_id = t.id AND a.removed_at IS NULL
      JOIN department d ON d.id = a.department_id
      WHERE t.due_on < ${today}::date
        AND t.status IN ${OPEN_SQL}
        ${inPlanSql(q.planId)}
        ${inSourcesSql(q.source)}
        ${visibleDepartmentSql(scope, 'a.department_id')}
        ${level.where}
      GROUP BY d.id, d.name
      ORDER BY total DESC, overdue_lead DESC, d.name ASC`;
}
