import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AccessPolicyService } from '../auth/access-policy.service';
import type { AuthUser } from '../auth/auth-user';
import { localDateOf, toDbDate } from '../../common/time/local-date';
import {
  ByDepartmentQuery,
  OverdueByDepartmentDto,
  StatsQuery,
  StatsRowDto,
  TrendMonthDto,
  TrendQuery,
} from './dto/stats.dto';
import { resolvePeriod } from './period';
import {
  officeLevelSql,
  OPEN_SQL,
  visibleDepartmentSql,
  visibleTaskSql,
} from './supervision-scope';

/** The Shanghai day a closed task was closed (tasks closed before closedAt was kept: its last update). */
export const CLOSED_ON_SQL = Prisma.sql`(coalesce(t.closed_at, t.updated_at) AT TIME ZONE 'Asia/Shanghai')::date`;

interface CountRow {
  id: string;
  name: string;
  total: number;
  open: number;
  closed: number;
  overdue: number;
  closed_on_time: number;
  closed_late: number;
  overdue_lead?: number;
  overdue_support?: number;
}

/** Of the deadlines already decided (met, missed, or passed while open), the share met. */
export function onTimeRate(onTime: number, late: number, overdue: number): number | null {
  const decided = onTime + late + overdue;
  return decided === 0 ? null : onTime / decided;
}

/**
 * Dashboard counts: open, closed, overdue and on-time rate by department, chapter and plan, the
 * monthly trend, and overdue counts by department. One grouped query each; scoped by
 * AccessPolicyService (a department's caller sees its own rows, a leader those of their departments).
 */
@Injectable()
export class SupervisionStatsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly access: AccessPolicyService,
  ) {}

  async stats(user: AuthUser, q: StatsQuery): Promise<StatsRowDto[]> {
    const scope = await this.access.readableDepartmentIds(user);
    const today = toDbDate(localDateOf(this.clock.now()));
    const counts = Prisma.sql`
      count(*)::int AS total,
      (count(*) FILTER (WHERE t.status IN ${OPEN_SQL}))::int AS open,
      (count(*) FILTER (WHERE t.status = 'CLOSED'))::int AS closed,
      (count(*) FILTER (WHERE t.status IN ${OPEN_SQL} AND t.due_on < ${today}::date))::int AS overdue,
      (count(*) FILTER (WHERE t.status = 'CLOSED' AND ${CLOSED_ON_SQL} <= t.due_on))::int AS closed_on_time,
      (count(*) FILTER (WHERE t.status = 'CLOSED' AND ${CLOSED_ON_SQL} > t.due_on))::int AS closed_late`;
    const plan = q.planId ? Prisma.sql`AND t.plan_id = ${q.planId}::uuid` : Prisma.empty;
    let rows: CountRow[];
    if (q.groupBy === 'department') {
      rows = await this.prisma.$queryRaw<CountRow[]>`
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
    } else if (q.groupBy === 'chapter') {
      rows = await this.prisma.$queryRaw<CountRow[]>`
        SELECT ch.id, ch.title AS name, ${counts}
        FROM task t JOIN chapter ch ON ch.id = t.chapter_id JOIN plan p ON p.id = t.plan_id
        WHERE t.status <> 'WITHDRAWN' ${plan} ${visibleTaskSql(scope)}
        GROUP BY ch.id, ch.title, p.title, ch.ordinal
        ORDER BY p.title, ch.ordinal`;
    } else {
      rows = await this.prisma.$queryRaw<CountRow[]>`
        SELECT p.id, p.title AS name, ${counts}
        FROM task t JOIN plan p ON p.id = t.plan_id
        WHERE t.status <> 'WITHDRAWN' ${plan} ${visibleTaskSql(scope)}
        GROUP BY p.id, p.title
        ORDER BY p.title`;
    }
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      total: r.total,
      open: r.open,
      closed: r.closed,
      overdue: r.overdue,
      closedOnTime: r.closed_on_time,
      closedLate: r.closed_late,
      onTimeRate: onTimeRate(r.closed_on_time, r.closed_late, r.overdue),
      ...(r.overdue_lead === undefined
        ? {}
        : { overdueLead: r.overdue_lead, overdueSupport: r.overdue_support }),
    }));
  }

  /** Month by month: deadlines falling due, met and missed; closures. */
  async trend(user: AuthUser, q: TrendQuery): Promise<TrendMonthDto[]> {
    const scope = await this.access.readableDepartmentIds(user);
    const todayLocal = localDateOf(this.clock.now());
    const today = toDbDate(todayLocal);
    const { from, to } = resolvePeriod(q.from, q.to, todayLocal);
    const filters = Prisma.sql`t.status <> 'WITHDRAWN'
      ${q.planId ? Prisma.sql`AND t.plan_id = ${q.planId}::uuid` : Prisma.empty}
      ${
        q.departmentId
          ? Prisma.sql`AND EXISTS (SELECT 1 FROM assignment f WHERE f.task_id = t.id
              AND f.removed_at IS NULL AND f.department_id = ${q.departmentId}::uuid)`
          : Prisma.empty
      }
      ${visibleTaskSql(scope)}`;
    const rows = await this.prisma.$queryRaw<
      { month: string; due: number; closed_on_time: number; missed: number; closed: number }[]
    >`
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
    return rows.map((r) => ({
      month: r.month,
      due: r.due,
      closedOnTime: r.closed_on_time,
      missed: r.missed,
      closed: r.closed,
      onTimeRate: onTimeRate(r.closed_on_time, r.missed, 0),
    }));
  }

  /** Overdue open tasks per assigned department, split by lead and supporting role. */
  async overdueByDepartment(
    user: AuthUser,
    q: ByDepartmentQuery,
  ): Promise<OverdueByDepartmentDto[]> {
    const [scope, office] = await Promise.all([
      this.access.readableDepartmentIds(user),
      this.access.boardOffice(user),
    ]);
    const today = toDbDate(localDateOf(this.clock.now()));
    const rows = await this.prisma.$queryRaw<
      {
        department_id: string;
        department_name: string;
        overdue_lead: number;
        overdue_support: number;
        total: number;
      }[]
    >`
      SELECT d.id AS department_id, d.name AS department_name,
             (count(*) FILTER (WHERE a.role = 'LEAD'))::int AS overdue_lead,
             (count(*) FILTER (WHERE a.role = 'SUPPORT'))::int AS overdue_support,
             count(*)::int AS total
      FROM task t
      JOIN assignment a ON a.task_id = t.id AND a.removed_at IS NULL
      JOIN department d ON d.id = a.department_id
      WHERE t.due_on < ${today}::date
        AND t.status IN ${OPEN_SQL}
        ${q.planId ? Prisma.sql`AND t.plan_id = ${q.planId}::uuid` : Prisma.empty}
        ${visibleDepartmentSql(scope, 'a.department_id')}
        ${officeLevelSql(office, q.levels)}
      GROUP BY d.id, d.name
      ORDER BY total DESC, overdue_lead DESC, d.name ASC`;
    return rows.map((r) => ({
      departmentId: r.department_id,
      departmentName: r.department_name,
      overdueLead: r.overdue_lead,
      overdueSupport: r.overdue_support,
      total: r.total,
    }));
  }
}
