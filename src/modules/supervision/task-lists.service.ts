import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import type { EscalationLevel, TaskStatus } from '../../generated/prisma/enums';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AccessPolicyService } from '../auth/access-policy.service';
import type { AuthUser } from '../auth/auth-user';
import { CalendarService } from '../calendar/calendar.service';
import {
  fromDbDate,
  instantAt,
  LocalDate,
  localDateOf,
  toDbDate,
} from '../../common/time/local-date';
import { expectedPercent } from '../escalation/escalation-policy';
import { ONGOING_DUE_ON } from '../plan-policy/plan-policy';
import { policyOf } from '../plan-policy/resolve-policy';
import {
  DueSoonQuery,
  ListSort,
  StalledQuery,
  SupervisionTaskDto,
  TaskListQuery,
} from './dto/task-list.dto';
import { officeLevelSql, OPEN_SQL, visibleTaskSql } from './supervision-scope';

interface ListRow {
  task_id: string;
  plan_id: string;
  plan_title: string;
  chapter_id: string | null;
  chapter_title: string | null;
  no: number;
  text: string;
  status: TaskStatus;
  due_on: Date | null;
  percent: number;
  created_at: Date;
  last_report_at: Date | null;
  expected_percent: number | null;
  lead_departments: string[] | null;
  support_departments: string[] | null;
  /** JSON: instants arrive as ISO strings. */
  last_report: { percent: number; narrative: string; at: string; department: string } | null;
  escalation_level: EscalationLevel | null;
  notice_no: string | null;
  dispute: {
    requestId: string;
    departmentName: string;
    reason: string;
    requestedAt: string;
  } | null;
  card: 'YELLOW' | 'RED' | null;
}

/** What makes a task part of one list. */
interface View {
  where: Prisma.Sql;
  /** Extra joins the predicate needs (per-plan thresholds, expected progress). */
  join?: Prisma.Sql;
  /** `expected_percent` of the lagging list. */
  expected?: Prisma.Sql;
  sort: ListSort;
  order: 'asc' | 'desc';
}

export const DEFAULT_LIST_LIMIT = 1000;
export const DEFAULT_DUE_SOON_DAYS = 5;

/**
 * The office's (and the departments' own) supervision lists: overdue, due soon, lagging behind
 * expected progress, stalled (no report for too long) and disputed. Each is one set-based query with
 * the same filters, sort and row shape, scoped by AccessPolicyService.
 */
@Injectable()
export class TaskListsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
    private readonly access: AccessPolicyService,
  ) {}

  /** Open tasks whose deadline has passed, most overdue first. */
  overdue(user: AuthUser, q: TaskListQuery): Promise<SupervisionTaskDto[]> {
    const today = this.today();
    return this.list(user, q, today, {
      where: Prisma.sql`t.due_on < ${toDbDate(today)}::date AND t.status IN ${OPEN_SQL}`,
      sort: 'workingDaysOverdue',
      order: 'desc',
    });
  }

  /** Open tasks due within `days` working days (today included), soonest first. */
  dueSoon(user: AuthUser, q: DueSoonQuery): Promise<SupervisionTaskDto[]> {
    const today = this.today();
    const until = this.calendars.current().addWorkingDays(today, q.days ?? DEFAULT_DUE_SOON_DAYS);
    return this.list(user, q, today, {
      where: Prisma.sql`t.due_on >= ${toDbDate(today)}::date AND t.due_on <= ${toDbDate(until)}::date
        AND t.status IN ${OPEN_SQL}`,
      sort: 'dueOn',
      order: 'asc',
    });
  }

  /**
   * Open tasks not yet due whose reported progress is the plan's `lagging.gapPercent` points or more
   * below expected progress (序时进度), as the lagging sweep judges it; furthest behind first.
   */
  async lagging(user: AuthUser, q: TaskListQuery): Promise<SupervisionTaskDto[]> {
    const today = this.today();
    const calendar = this.calendars.current();
    const pairs = await this.prisma.$queryRaw<{ start: Date; due_on: Date }[]>`
      SELECT DISTINCT (t.created_at AT TIME ZONE 'Asia/Shanghai')::date AS start, t.due_on
      FROM task t
      WHERE t.due_on > ${toDbDate(today)}::date AND t.status IN ${OPEN_SQL}
        ${q.planId ? Prisma.sql`AND t.plan_id = ${q.planId}::uuid` : Prisma.empty}`;
    const starts = pairs.map((p) => fromDbDate(p.start));
    const dues = pairs.map((p) => fromDbDate(p.due_on));
    const expected = pairs.map((_, i) => expectedPercent(calendar, starts[i]!, dues[i]!, today));
    const plans = await this.planPolicies();
    return this.list(user, q, today, {
      join: Prisma.sql`
        JOIN unnest(${starts}::date[], ${dues}::date[], ${expected}::int[]) AS x(start, due_on, expected)
          ON x.start = (t.created_at AT TIME ZONE 'Asia/Shanghai')::date AND x.due_on = t.due_on
        JOIN unnest(${plans.map((p) => p.id)}::uuid[], ${plans.map((p) => p.policy.lagging.gapPercent)}::int[])
          AS g(plan_id, gap) ON g.plan_id = t.plan_id`,
      where: Prisma.sql`t.due_on > ${toDbDate(today)}::date AND t.status IN ${OPEN_SQL}
        AND t.percent <= x.expected - g.gap`,
      expected: Prisma.sql`x.expected`,
      sort: 'percent',
      order: 'asc',
    });
  }

  /**
   * Open tasks (overdue, not yet due or ongoing) without a report for `days` working days, or the
   * plan's `lagging.noReportWorkingDays`; the longest silent first.
   */
  async stalled(user: AuthUser, q: StalledQuery): Promise<SupervisionTaskDto[]> {
    const today = this.today();
    const calendar = this.calendars.current();
    const plans = await this.planPolicies();
    const cutoffs = plans.map((p) =>
      instantAt(
        calendar.addWorkingDays(today, -(q.days ?? p.policy.lagging.noReportWorkingDays)),
        0,
      ),
    );
    return this.list(user, q, today, {
      join: Prisma.sql`
        JOIN unnest(${plans.map((p) => p.id)}::uuid[], ${cutoffs}::timestamptz[]) AS s(plan_id, cutoff)
          ON s.plan_id = t.plan_id`,
      where: Prisma.sql`t.status IN ${OPEN_SQL} AND coalesce(t.last_report_at, t.created_at) < s.cutoff`,
      sort: 'lastReportAt',
      order: 'asc',
    });
  }

  /** Tasks a department contests (职责异议) and the office has not yet decided, oldest first. */
  disputed(user: AuthUser, q: TaskListQuery): Promise<SupervisionTaskDto[]> {
    return this.list(user, q, this.today(), {
      where: Prisma.sql`t.status = 'DISPUTED'`,
      sort: 'dueOn',
      order: 'asc',
    });
  }

  private today(): LocalDate {
    return localDateOf(this.clock.now());
  }

  private async planPolicies() {
    const plans = await this.prisma.plan.findMany({ select: { id: true, policy: true } });
    return plans.map((p) => ({ id: p.id, policy: policyOf(p.policy) }));
  }

  private async list(
    user: AuthUser,
    q: TaskListQuery,
    today: LocalDate,
    view: View,
  ): Promise<SupervisionTaskDto[]> {
    const [scope, office] = await Promise.all([
      this.access.readableDepartmentIds(user),
      this.access.boardOffice(user),
    ]);
    const sort = q.sort ?? view.sort;
    const order = orderBy(sort, q.sort ? (q.order ?? 'asc') : view.order);
    // Three stages, so that per-row work follows the filters: the matching tasks (materialized, so
    // that the planner cannot defer a filter behind the lateral joins), then their page (with what
    // the card filter and the sort need), then the page's details.
    const rows = await this.prisma.$queryRaw<ListRow[]>`
      WITH base AS MATERIALIZED (
        SELECT t.id, t.plan_id, t.chapter_id, t.no, t.text, t.status, t.due_on, t.percent,
               t.created_at, t.last_report_at,
               ${view.expected ?? Prisma.sql`NULL::int`} AS expected_percent
        FROM task t
        ${view.join ?? Prisma.empty}
        WHERE ${view.where}
          ${q.planId ? Prisma.sql`AND t.plan_id = ${q.planId}::uuid` : Prisma.empty}
          ${q.chapterId ? Prisma.sql`AND t.chapter_id = ${q.chapterId}::uuid` : Prisma.empty}
          ${this.assignedSql(q, scope)}
          ${visibleTaskSql(scope)}
          ${officeLevelSql(office, q.levels)}
      ), page AS (
        SELECT x.*, CASE
                 WHEN x.escalation_level = 'RED_CARD' THEN 'RED'
                 WHEN x.escalation_level = 'SUPERVISION' THEN 'YELLOW'
                 -- A lagging warning is yellow until the deadline; then the overdue ladder speaks.
                 WHEN x.lagging_warned THEN 'YELLOW'
               END AS card
        FROM (
          SELECT b.*, p.title AS plan_title,
                 -- The ladder's highest step; a lagging warning is not a step of the overdue ladder.
                 (SELECT e.level FROM escalation e
                  WHERE e.task_id = b.id AND e.due_on = b.due_on AND e.level <> 'LAGGING'
                  ORDER BY e.level DESC LIMIT 1) AS escalation_level,
                 (b.due_on IS NULL OR b.due_on >= ${toDbDate(today)}::date) AND EXISTS (
                   SELECT 1 FROM escalation l WHERE l.task_id = b.id AND l.level = 'LAGGING'
                     AND l.due_on = coalesce(b.due_on, ${ONGOING_DUE_ON}::date)) AS lagging_warned,
                 ${
                   sort === 'department'
                     ? Prisma.sql`(SELECT d.name FROM assignment a JOIN department d ON d.id = a.department_id
                        WHERE a.task_id = b.id AND a.role = 'LEAD' AND a.removed_at IS NULL
                        ORDER BY a.ordinal, d.name LIMIT 1)`
                     : Prisma.sql`NULL::text`
                 } AS lead_first
          FROM base b JOIN plan p ON p.id = b.plan_id
        ) x
        WHERE TRUE
          ${q.level === 'red' ? Prisma.sql`AND x.escalation_level = 'RED_CARD'` : Prisma.empty}
          ${
            q.level === 'yellow'
              ? Prisma.sql`AND (x.escalation_level = 'SUPERVISION'
                  OR (x.escalation_level IS DISTINCT FROM 'RED_CARD' AND x.lagging_warned))`
              : Prisma.empty
          }
        ORDER BY ${order}
        LIMIT ${q.limit ?? DEFAULT_LIST_LIMIT} OFFSET ${q.offset ?? 0}
      )
      -- Scalar subqueries rather than lateral joins: each is planned on its own, which keeps the
      -- planning of this query (most of a short list's time) small.
      SELECT x.id AS task_id, x.plan_id, x.plan_title, x.chapter_id,
             (SELECT ch.title FROM chapter ch WHERE ch.id = x.chapter_id) AS chapter_title,
             x.no, x.text, x.status, x.due_on, x.percent, x.created_at, x.last_report_at,
             x.expected_percent, x.escalation_level, x.card,
             (SELECT array_agg(d.name ORDER BY a.ordinal, d.name)
              FROM assignment a JOIN department d ON d.id = a.department_id
              WHERE a.task_id = x.id AND a.role = 'LEAD' AND a.removed_at IS NULL) AS lead_departments,
             (SELECT array_agg(d.name ORDER BY a.ordinal, d.name)
              FROM assignment a JOIN department d ON d.id = a.department_id
              WHERE a.task_id = x.id AND a.role = 'SUPPORT' AND a.removed_at IS NULL) AS support_departments,
             (SELECT json_build_object('percent', r.percent, 'narrative', r.narrative,
                                       'at', r.created_at, 'department', d.name)
              FROM progress_report r
              JOIN assignment a ON a.id = r.assignment_id
              JOIN department d ON d.id = r.department_id
              WHERE r.task_id = x.id AND a.role = 'LEAD'
              ORDER BY r.created_at DESC, r.version DESC
              LIMIT 1) AS last_report,
             (SELECT e.notice_no FROM escalation e
              WHERE e.task_id = x.id AND e.due_on = x.due_on AND e.notice_no IS NOT NULL
              ORDER BY e.level DESC, e.triggered_at DESC LIMIT 1) AS notice_no,
             (SELECT json_build_object('requestId', r.id, 'departmentName', d.name,
                                       'reason', r.reason, 'requestedAt', r.requested_at)
              FROM task_request r JOIN department d ON d.id = r.department_id
              WHERE r.task_id = x.id AND r.kind = 'DISPUTE' AND r.status = 'PENDING'
              ORDER BY r.requested_at LIMIT 1) AS dispute
      FROM page x
      ORDER BY ${order}`;
    const calendar = this.calendars.current();
    return rows.map((r): SupervisionTaskDto => {
      const dueOn = r.due_on ? fromDbDate(r.due_on) : null;
      const overdue = dueOn !== null && dueOn < today;
      const seen = localDateOf(r.last_report_at ?? r.created_at);
      return {
        taskId: r.task_id,
        planId: r.plan_id,
        planTitle: r.plan_title,
        chapterId: r.chapter_id,
        chapterTitle: r.chapter_title,
        no: r.no,
        text: r.text,
        status: r.status,
        dueOn,
        workingDaysOverdue: overdue ? calendar.workingDaysAfter(dueOn, today) : 0,
        workingDaysLeft:
          dueOn !== null && !overdue ? calendar.workingDaysAfter(today, dueOn) : null,
        percent: r.percent,
        expectedPercent: r.expected_percent,
        workingDaysSinceReport: seen < today ? calendar.workingDaysAfter(seen, today) : 0,
        leadDepartments: r.lead_departments ?? [],
        supportDepartments: r.support_departments ?? [],
        lastReport: r.last_report && { ...r.last_report, at: new Date(r.last_report.at) },
        escalationLevel: r.escalation_level,
        card: r.card,
        noticeNo: r.notice_no,
        dispute: r.dispute && { ...r.dispute, requestedAt: new Date(r.dispute.requestedAt) },
      };
    });
  }

  /**
   * The department and role filters: tasks `departmentId` is assigned to in `role`; a role alone
   * means the caller's own departments in that role (any department for the office).
   */
  private assignedSql(q: TaskListQuery, scope: string[] | null): Prisma.Sql {
    if (!q.departmentId && !q.role) return Prisma.empty;
    const departments = q.departmentId ? [q.departmentId] : scope;
    return Prisma.sql`AND EXISTS (SELECT 1 FROM assignment f
      WHERE f.task_id = t.id AND f.removed_at IS NULL
        ${departments === null ? Prisma.empty : Prisma.sql`AND f.department_id = ANY(${departments}::uuid[])`}
        ${q.role ? Prisma.sql`AND f.role = ${q.role}::"AssignmentRole"` : Prisma.empty})`;
  }
}

/** A whitelisted ORDER BY over the list's columns, with a stable tie-break. */
function orderBy(sort: ListSort, order: 'asc' | 'desc'): Prisma.Sql {
  // Most overdue = earliest deadline: working days overdue fall as the due date rises.
  const flip = order === 'asc' ? 'DESC' : 'ASC';
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  const column: Record<ListSort, string> = {
    dueOn: `x.due_on ${dir} NULLS LAST`,
    workingDaysOverdue: `x.due_on ${flip} NULLS LAST`,
    no: `x.plan_title ${dir}, x.no ${dir}`,
    percent: `x.percent ${dir}`,
    lastReportAt: `coalesce(x.last_report_at, x.created_at) ${dir}`,
    department: `x.lead_first ${dir} NULLS LAST`,
  };
  return Prisma.raw(`${column[sort]}, x.due_on ASC NULLS LAST, x.no ASC, x.plan_id ASC`);
}
