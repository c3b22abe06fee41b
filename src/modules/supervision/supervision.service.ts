import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import type { EscalationLevel } from '../../generated/prisma/enums';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { fromDbDate, localDateOf } from '../calendar/local-date';
import { CalendarService } from '../calendar/calendar.service';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import {
  ByDepartmentQuery,
  OverdueByDepartmentDto,
  OverdueQuery,
  OverdueTaskDto,
} from './dto/overdue.dto';

interface OverdueRow {
  task_id: string;
  plan_id: string;
  no: number;
  text: string;
  due_on: Date;
  lead_departments: string[] | null;
  report_percent: number | null;
  report_narrative: string | null;
  report_at: Date | null;
  report_department: string | null;
  escalation_level: EscalationLevel | null;
  notice_no: string | null;
}

interface ByDepartmentRow {
  department_id: string;
  department_name: string;
  overdue_lead: number;
  overdue_support: number;
  total: number;
}

/** Open = still under supervision; must match OPEN_STATUSES in tasks/task-deadline.ts. */
const OPEN = Prisma.sql`('ASSIGNED', 'IN_PROGRESS', 'CLOSURE_REQUESTED')`;

/** Which office is reading: its region (null = the top office) and the regions it oversees. */
export interface OfficeView {
  regionId: string | null;
  regionIds: string[] | null;
}
const TOP_OFFICE: OfficeView = { regionId: null, regionIds: null };

/**
 * An office's board: its own level's tasks and, from the levels below, only those overdue long
 * enough for a red card — unless it asks for every level. A region office never sees outside its
 * subtree.
 */
function levelFilter(office: OfficeView, levels: 'own' | 'all' | undefined): Prisma.Sql {
  const subtree = office.regionIds
    ? Prisma.sql`AND EXISTS (SELECT 1 FROM plan lp WHERE lp.id = t.plan_id AND lp.region_id = ANY(${office.regionIds}::uuid[]))`
    : Prisma.empty;
  if (levels === 'all') return subtree;
  return Prisma.sql`${subtree}
    AND (EXISTS (SELECT 1 FROM plan op WHERE op.id = t.plan_id
                 AND op.region_id IS NOT DISTINCT FROM ${office.regionId}::uuid)
         OR EXISTS (SELECT 1 FROM escalation rc WHERE rc.task_id = t.id AND rc.due_on = t.due_on
                    AND rc.level = 'RED_CARD'))`;
}

/** Read-only views for the supervision office. Every list is one set-based query. */
@Injectable()
export class SupervisionService {
  // Weekends only until the holiday calendar lands; then injected.

  constructor(
    private readonly calendars: CalendarService,
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
  ) {}

  /** Open tasks whose deadline has passed, most overdue first. */
  async overdue(query: OverdueQuery, office: OfficeView = TOP_OFFICE): Promise<OverdueTaskDto[]> {
    const today = localDateOf(this.clock.now());
    const rows = await this.prisma.$queryRaw<OverdueRow[]>`
      SELECT t.id AS task_id, t.plan_id, t.no, t.text, t.due_on,
             leads.names AS lead_departments,
             lr.percent AS report_percent, lr.narrative AS report_narrative,
             lr.created_at AS report_at, lr.department AS report_department,
             esc.level AS escalation_level, notice.notice_no
      FROM task t
      LEFT JOIN LATERAL (
        SELECT array_agg(d.name ORDER BY a.ordinal, d.name) AS names
        FROM assignment a JOIN department d ON d.id = a.department_id
        WHERE a.task_id = t.id AND a.role = 'LEAD' AND a.removed_at IS NULL
      ) leads ON TRUE
      LEFT JOIN LATERAL (
        SELECT r.percent, r.narrative, r.created_at, d.name AS department
        FROM progress_report r
        JOIN assignment a ON a.id = r.assignment_id
        JOIN department d ON d.id = r.department_id
        WHERE r.task_id = t.id AND a.role = 'LEAD'
        ORDER BY r.created_at DESC, r.version DESC
        LIMIT 1
      ) lr ON TRUE
      LEFT JOIN LATERAL (
        SELECT e.level FROM escalation e
        -- The ladder's highest step; a lagging warning is not a step of the overdue ladder.
        WHERE e.task_id = t.id AND e.due_on = t.due_on AND e.level <> 'LAGGING'
        ORDER BY e.level DESC LIMIT 1
      ) esc ON TRUE
      LEFT JOIN LATERAL (
        SELECT e.notice_no FROM escalation e
        WHERE e.task_id = t.id AND e.due_on = t.due_on AND e.notice_no IS NOT NULL
        ORDER BY e.level DESC, e.triggered_at DESC LIMIT 1
      ) notice ON TRUE
      WHERE t.due_on < ${today}::date
        AND t.status IN ${OPEN}
        ${levelFilter(office, query.levels)}
        ${query.planId ? Prisma.sql`AND t.plan_id = ${query.planId}::uuid` : Prisma.empty}
        ${
          query.departmentId
            ? Prisma.sql`AND EXISTS (SELECT 1 FROM assignment f
                 WHERE f.task_id = t.id AND f.department_id = ${query.departmentId}::uuid
                   AND f.removed_at IS NULL)`
            : Prisma.empty
        }
      ORDER BY t.due_on ASC, t.no ASC, t.plan_id ASC`;

    return rows
      .map((r) => {
        const dueOn = fromDbDate(r.due_on);
        return {
          taskId: r.task_id,
          planId: r.plan_id,
          no: r.no,
          text: r.text,
          dueOn,
          workingDaysOverdue: this.calendar.workingDaysAfter(dueOn, today),
          leadDepartments: r.lead_departments ?? [],
          lastReport:
            r.report_at === null
              ? null
              : {
                  percent: r.report_percent ?? 0,
                  narrative: r.report_narrative ?? '',
                  at: r.report_at,
                  department: r.report_department ?? '',
                },
          escalationLevel: r.escalation_level,
          card:
            r.escalation_level === 'RED_CARD'
              ? ('RED' as const)
              : r.escalation_level === 'SUPERVISION'
                ? ('YELLOW' as const)
                : null,
          noticeNo: r.notice_no,
        };
      })
      .sort((a, b) => b.workingDaysOverdue - a.workingDaysOverdue); // stable: due date, then number
  }
  /** The working-day calendar as currently published (holidays and make-up days). */
  private get calendar(): WorkingDayCalendar {
    return this.calendars.current();
  }

  /** Overdue open tasks per assigned department, split by lead and supporting role. */
  async overdueByDepartment(
    query: ByDepartmentQuery,
    office: OfficeView = TOP_OFFICE,
  ): Promise<OverdueByDepartmentDto[]> {
    const today = localDateOf(this.clock.now());
    const rows = await this.prisma.$queryRaw<ByDepartmentRow[]>`
      SELECT d.id AS department_id, d.name AS department_name,
             (count(*) FILTER (WHERE a.role = 'LEAD'))::int AS overdue_lead,
             (count(*) FILTER (WHERE a.role = 'SUPPORT'))::int AS overdue_support,
             count(*)::int AS total
      FROM task t
      JOIN assignment a ON a.task_id = t.id AND a.removed_at IS NULL
      JOIN department d ON d.id = a.department_id
      WHERE t.due_on < ${today}::date
        AND t.status IN ${OPEN}
        ${levelFilter(office, query.levels)}
        ${query.planId ? Prisma.sql`AND t.plan_id = ${query.planId}::uuid` : Prisma.empty}
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
