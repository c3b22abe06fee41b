import { Injectable } from '@nestjs/common';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { boardOfficeOf, regionInScope, type Scope } from '../auth/scope';
import { CalendarService } from '../calendar/calendar.service';
import { fromDbDate, instantAt, LocalDate, localDateOf } from '../../common/time/local-date';
import { expectedPercent } from '../escalation/escalation-policy';
import { policyOf } from '../plan-policy/resolve-policy';
import {
  DueSoonQuery,
  ListSort,
  StalledQuery,
  SupervisionTaskDto,
  TaskListQuery,
} from './dto/task-list.dto';
import {
  disputedView,
  dueSoonView,
  laggingView,
  overdueView,
  selectStartDuePairs,
  selectTaskList,
  stalledView,
  StartDueRow,
  TaskListRow,
  TaskListView,
} from './task-lists.sql';

/** A list: which tasks (`view`), and its natural order when the caller asks for none. */
interface ListSpec {
  view: TaskListView;
  sort: ListSort;
  order: 'asc' | 'desc';
}

export const DEFAULT_LIST_LIMIT = 1000;
export const DEFAULT_DUE_SOON_DAYS = 5;

/**
 * The office's (and the departments' own) supervision lists: overdue, due soon, lagging behind
 * expected progress, stalled (no report for too long) and disputed. Each is one set-based query with
 * the same filters, sort and row shape, scoped by the caller's Scope.
 */
@Injectable()
export class TaskListsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly calendars: CalendarService,
  ) {}

  /** Open tasks whose deadline has passed, most overdue first. */
  overdue(scope: Scope, q: TaskListQuery): Promise<SupervisionTaskDto[]> {
    const today = this.today();
    return this.list(scope, q, today, {
      view: overdueView(today),
      sort: 'workingDaysOverdue',
      order: 'desc',
    });
  }

  /** Open tasks due within `days` working days (today included), soonest first. */
  dueSoon(scope: Scope, q: DueSoonQuery): Promise<SupervisionTaskDto[]> {
    const today = this.today();
    const until = this.calendars.current().addWorkingDays(today, q.days ?? DEFAULT_DUE_SOON_DAYS);
    return this.list(scope, q, today, {
      view: dueSoonView(today, until),
      sort: 'dueOn',
      order: 'asc',
    });
  }

  /**
   * Open tasks not yet due whose reported progress is the plan's `lagging.gapPercent` points or more
   * below expected progress (序时进度), as the lagging sweep judges it; furthest behind first.
   */
  async lagging(scope: Scope, q: TaskListQuery): Promise<SupervisionTaskDto[]> {
    const today = this.today();
    const calendar = this.calendars.current();
    const pairs = await this.prisma.$queryRaw<StartDueRow[]>(
      selectStartDuePairs(today, q.planId, q.source),
    );
    const starts = pairs.map((p) => fromDbDate(p.start));
    const dues = pairs.map((p) => fromDbDate(p.due_on));
    const expected = pairs.map((_, i) => expectedPercent(calendar, starts[i]!, dues[i]!, today));
    const plans = await this.planPolicies();
    return this.list(scope, q, today, {
      view: laggingView(
        today,
        { starts, dues, expected },
        {
          planIds: plans.map((p) => p.id),
          gapPercents: plans.map((p) => p.policy.lagging.gapPercent),
        },
      ),
      sort: 'percent',
      order: 'asc',
    });
  }

  /**
   * Open tasks (overdue, not yet due or ongoing) without a report for `days` working days, or the
   * plan's `lagging.noReportWorkingDays`; the longest silent first.
   */
  async stalled(scope: Scope, q: StalledQuery): Promise<SupervisionTaskDto[]> {
    const today = this.today();
    const calendar = this.calendars.current();
    const plans = await this.planPolicies();
    const cutoffs = plans.map((p) =>
      instantAt(
        calendar.addWorkingDays(today, -(q.days ?? p.policy.lagging.noReportWorkingDays)),
        0,
      ),
    );
    return this.list(scope, q, today, {
      view: stalledView({ planIds: plans.map((p) => p.id), cutoffs }),
      sort: 'lastReportAt',
      order: 'asc',
    });
  }

  /** Tasks a department contests (职责异议) and the office has not yet decided, oldest first. */
  disputed(scope: Scope, q: TaskListQuery): Promise<SupervisionTaskDto[]> {
    return this.list(scope, q, this.today(), {
      view: disputedView(),
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
    scope: Scope,
    q: TaskListQuery,
    today: LocalDate,
    spec: ListSpec,
  ): Promise<SupervisionTaskDto[]> {
    // A region out of scope lists nothing, as if it had no work (its existence is not revealed).
    if (q.regionId && !regionInScope(scope, q.regionId)) return [];
    const sort = q.sort ?? spec.sort;
    const order = q.sort ? (q.order ?? 'asc') : spec.order;
    const rows = await this.prisma.$queryRaw<TaskListRow[]>(
      selectTaskList(spec.view, q, {
        scope: scope.departmentIds,
        office: boardOfficeOf(scope),
        today,
        sort,
        order,
        limit: q.limit ?? DEFAULT_LIST_LIMIT,
        offset: q.offset ?? 0,
      }),
    );
    const calendar = this.calendars.current();
    return rows.map((r: TaskListRow): SupervisionTaskDto => {
      const dueOn = r.due_on ? fromDbDate(r.due_on) : null;
      const overdue = dueOn !== null && dueOn < today;
      const seen = fromDbDate(r.seen_on);
      return {
        taskId: r.task_id,
        planId: r.plan_id,
        planTitle: r.plan_title,
        source: r.source,
        planDocumentNumber: r.plan_document_number,
        regionId: r.region_id,
        regionName: r.region_name,
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
}
