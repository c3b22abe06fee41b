import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AccessPolicyService } from '../auth/access-policy.service';
import type { AuthUser } from '../auth/auth-user';
import { CalendarService } from '../calendar/calendar.service';
import { BUSINESS_ZONE, fromDbDate, localDateOf, toDbDate } from '../../common/time/local-date';
import { BulletinQuery } from './dto/export.dto';
import { BulletinDto, BulletinTaskDto } from './dto/bulletin.dto';
import { resolvePeriod } from './period';
import { CLOSED_ON_SQL } from './supervision-stats.service';
import { OPEN_SQL, visibleTaskSql } from './supervision-scope';

interface TaskRow {
  task_id: string;
  plan_title: string;
  no: number;
  text: string;
  lead_departments: string[] | null;
  due_on: Date | null;
  closed_on: Date | null;
  level: string | null;
}

/**
 * The draft bulletin (通报) for a period: totals, what was closed in it, what stands overdue at its
 * end (or today, if it has not ended), and the departments lagging behind.
 */
@Injectable()
export class BulletinService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly access: AccessPolicyService,
  ) {}

  async draft(user: AuthUser, q: BulletinQuery): Promise<BulletinDto> {
    const scope = await this.access.readableDepartmentIds(user);
    const today = localDateOf(this.clock.now());
    const { from, to } = resolvePeriod(q.from, q.to, today);
    const asOf = to < today ? to : today;
    const [f, t, a] = [toDbDate(from), toDbDate(to), toDbDate(asOf)];
    const where = Prisma.sql`t.status <> 'WITHDRAWN'
      ${q.planId ? Prisma.sql`AND t.plan_id = ${q.planId}::uuid` : Prisma.empty}
      ${visibleTaskSql(scope)}`;
    const closedBy = (day: Prisma.Sql) =>
      Prisma.sql`(t.status = 'CLOSED' AND ${CLOSED_ON_SQL} <= ${day})`;
    // Overdue at the end of `asOf`: past the deadline, and open then (closed later, or still open).
    const overdueAt = Prisma.sql`t.due_on < ${a}::date
      AND (t.status IN ${OPEN_SQL} OR (t.status = 'CLOSED' AND ${CLOSED_ON_SQL} > ${a}::date))`;

    const [totals] = await this.prisma.$queryRaw<
      {
        tasks: number;
        closed: number;
        overdue: number;
        closed_in_period: number;
        red_cards: number;
      }[]
    >`
      SELECT count(*)::int AS tasks,
             (count(*) FILTER (WHERE ${closedBy(Prisma.sql`${a}::date`)}))::int AS closed,
             (count(*) FILTER (WHERE ${overdueAt}))::int AS overdue,
             (count(*) FILTER (WHERE t.status = 'CLOSED' AND ${CLOSED_ON_SQL} >= ${f}::date
                                 AND ${CLOSED_ON_SQL} <= ${t}::date))::int AS closed_in_period,
             (SELECT count(*)::int FROM escalation e JOIN task t ON t.id = e.task_id
              WHERE e.level = 'RED_CARD' AND ${where}
                AND (e.triggered_at AT TIME ZONE ${BUSINESS_ZONE})::date BETWEEN ${f}::date AND ${t}::date
             ) AS red_cards
      FROM task t WHERE ${where}`;

    const select = Prisma.sql`
      SELECT t.id AS task_id, p.title AS plan_title, t.no, t.text, t.due_on,
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
    const closed = await this.prisma.$queryRaw<TaskRow[]>`${select}
      WHERE ${where} AND t.status = 'CLOSED' AND ${CLOSED_ON_SQL} >= ${f}::date AND ${CLOSED_ON_SQL} <= ${t}::date
      ORDER BY closed_on, p.title, t.no`;
    const overdue = await this.prisma.$queryRaw<TaskRow[]>`${select}
      WHERE ${where} AND ${overdueAt}
      ORDER BY t.due_on, p.title, t.no`;

    const laggards = await this.prisma.$queryRaw<
      {
        department_id: string;
        department_name: string;
        overdue_lead: number;
        overdue_support: number;
        red_cards: number;
      }[]
    >`
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
        ${scope === null ? Prisma.empty : Prisma.sql`AND a.department_id = ANY(${scope}::uuid[])`}
      GROUP BY d.id, d.name
      ORDER BY overdue_lead DESC, overdue_support DESC, d.name`;

    const plan = q.planId
      ? await this.prisma.plan.findUnique({ where: { id: q.planId }, select: { title: true } })
      : null;
    const calendar = this.calendars.current();
    const toTask = (r: TaskRow): BulletinTaskDto => {
      const dueOn = r.due_on ? fromDbDate(r.due_on) : null;
      return {
        taskId: r.task_id,
        planTitle: r.plan_title,
        no: r.no,
        text: r.text,
        leadDepartments: r.lead_departments ?? [],
        dueOn,
        closedOn: r.closed_on ? fromDbDate(r.closed_on) : null,
        workingDaysOverdue: dueOn && dueOn < asOf ? calendar.workingDaysAfter(dueOn, asOf) : 0,
        card: r.level === 'RED_CARD' ? 'RED' : r.level === 'SUPERVISION' ? 'YELLOW' : null,
      };
    };
    return {
      from,
      to,
      asOf,
      planTitle: plan?.title ?? null,
      totals: {
        tasks: totals!.tasks,
        closed: totals!.closed,
        open: totals!.tasks - totals!.closed,
        overdue: totals!.overdue,
        closedInPeriod: totals!.closed_in_period,
        redCardsInPeriod: totals!.red_cards,
      },
      closed: closed.map(toTask),
      overdue: overdue.map(toTask),
      laggards: laggards.map((l) => ({
        departmentId: l.department_id,
        departmentName: l.department_name,
        overdueLead: l.overdue_lead,
        overdueSupport: l.overdue_support,
        redCards: l.red_cards,
      })),
    };
  }
}
