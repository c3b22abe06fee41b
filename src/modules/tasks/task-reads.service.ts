import { Injectable } from '@nestjs/common';
import { fromDbDate, localDateOf } from '../../common/time/local-date';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AccessPolicyService } from '../auth/access-policy.service';
import type { AuthUser } from '../auth/auth-user';
import type { Scope } from '../auth/scope';
import { deliveryWhere } from '../auth/scope-where';
import { CalendarService } from '../calendar/calendar.service';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { MyTaskDto } from './dto/my-task.dto';
import { MyTasksQuery } from './dto/my-tasks.query';
import {
  PROGRESS_REPORT_INCLUDE,
  PROGRESS_REPORT_ORDER,
  toProgressReportDto,
} from './dto/progress-report.dto';
import { TaskDetailDto } from './dto/task-detail.dto';
import { deadlineStanding, OPEN_STATUSES } from './task-deadline';
import { MyTaskRow, selectMyTasks } from './task-reads.sql';
import { taskGone } from './tasks.errors';

/** Messages shown on the task page, newest first. */
const RECENT_MESSAGES = 30;
const RECENT_REPORTS = 20;

/** Tasks as departments and the office read them: a department's list and a task's page. */
@Injectable()
export class TaskReadsService {
  constructor(
    private readonly calendars: CalendarService,
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly policy: AccessPolicyService,
  ) {}

  /** The caller's department's tasks: overdue first, then by due date (ongoing last), then number. */
  async listMine(user: AuthUser, query: MyTasksQuery): Promise<MyTaskDto[]> {
    if (!user.departmentId) return [];
    const today = localDateOf(this.clock.now());
    const rows = await this.prisma.$queryRaw<MyTaskRow[]>(
      selectMyTasks(user.departmentId, query, today, OPEN_STATUSES),
    );
    return rows.map((r) => {
      const dueOn = r.due_on ? fromDbDate(r.due_on) : null;
      const standing = deadlineStanding(dueOn, r.status, today, this.calendar);
      return {
        id: r.id,
        planId: r.plan_id,
        source: r.source,
        planTitle: r.plan_title,
        planDocumentNumber: r.plan_document_number,
        no: r.no,
        text: r.text,
        role: r.role,
        dueOn,
        dueSource: r.due_source,
        ongoing: standing.ongoing,
        status: r.status,
        percent: r.percent,
        reportVersion: r.report_version,
        lastReportAt: r.last_report_at,
        workingDaysLeft: standing.workingDaysLeft,
        workingDaysOverdue: standing.workingDaysOverdue,
        leadDepartments: r.lead_departments,
        supportDepartments: r.support_departments,
        ackState: r.ack_state,
        ackDueOn: r.ack_due_on ? fromDbDate(r.ack_due_on) : null,
        returnReason: r.return_reason,
      };
    });
  }

  /** The working-day calendar as currently published (holidays and make-up days). */
  private get calendar(): WorkingDayCalendar {
    return this.calendars.current();
  }

  /** A task's page: its assignments, recent reports, escalations and messages. */
  async detail(scope: Scope, taskId: string): Promise<TaskDetailDto> {
    await this.policy.assertTaskInScope(scope, taskId);
    const task = await this.prisma.task.findUnique({
      where: { id: taskId },
      include: {
        plan: { select: { id: true, title: true, documentNumber: true, source: true } },
        chapter: { select: { title: true } },
        section: { select: { title: true } },
        assignments: {
          where: { removedAt: null },
          orderBy: [{ role: 'asc' }, { ordinal: 'asc' }],
          include: { department: { select: { name: true } } },
        },
        reports: {
          orderBy: PROGRESS_REPORT_ORDER,
          take: RECENT_REPORTS,
          include: PROGRESS_REPORT_INCLUDE,
        },
        escalations: { orderBy: [{ triggeredAt: 'asc' }, { level: 'asc' }] },
      },
    });
    // Deleted between the policy check and this read.
    if (!task) throw taskGone();
    // Only the messages in the caller's scope (not, say, a red card sent to the office above).
    const messages = await this.prisma.delivery.findMany({
      where: { taskIds: { has: taskId }, ...deliveryWhere(scope) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: RECENT_MESSAGES,
      include: { recipient: { select: { displayName: true } } },
    });
    const today = localDateOf(this.clock.now());
    const dueOn = task.dueOn ? fromDbDate(task.dueOn) : null;
    const standing = deadlineStanding(dueOn, task.status, today, this.calendar);
    return {
      id: task.id,
      planId: task.planId,
      plan: task.plan,
      chapter: task.chapter?.title ?? null,
      section: task.section?.title ?? null,
      no: task.no,
      text: task.text,
      status: task.status,
      version: task.version,
      percent: task.percent,
      dueOn,
      dueSource: task.dueSource,
      ongoing: standing.ongoing,
      workingDaysLeft: standing.workingDaysLeft,
      workingDaysOverdue: standing.workingDaysOverdue,
      deadlines: task.deadlines,
      targets: task.targets,
      leaders: task.leaders,
      lastReportAt: task.lastReportAt,
      closedAt: task.closedAt,
      assignments: task.assignments.map((a) => ({
        id: a.id,
        departmentId: a.departmentId,
        department: a.department.name,
        role: a.role,
        percent: a.percent,
        reportVersion: a.reportVersion,
        lastReportAt: a.lastReportAt,
        ackState: a.ackState,
        ackDueOn: a.ackDueOn ? fromDbDate(a.ackDueOn) : null,
        ackedAt: a.ackedAt,
        returnReason: a.returnReason,
      })),
      reports: task.reports.map(toProgressReportDto),
      escalations: task.escalations.map((e) => ({
        level: e.level,
        noticeNo: e.noticeNo,
        triggeredAt: e.triggeredAt,
        dueOn: fromDbDate(e.dueOn),
      })),
      messages: messages.map((m) => ({
        id: m.id,
        channel: m.channel,
        template: m.template,
        subject: m.subject,
        status: m.status,
        recipientName: m.recipient?.displayName ?? null,
        attempts: m.attempts,
        lastError: m.lastError,
        createdAt: m.createdAt,
        sentAt: m.sentAt,
      })),
    };
  }
}
