import { Injectable } from '@nestjs/common';
import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { Prisma } from '../../generated/prisma/client';
import { AssignmentRole, DueSource, TaskStatus } from '../../generated/prisma/enums';
import { Clock } from '../../infra/clock/clock';
import { PREPARED_TEXT, PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditService } from '../audit/audit.service';
import { AccessPolicyService } from '../auth/access-policy.service';
import type { AuthUser } from '../auth/auth-user';
import { fromDbDate, localDateOf } from '../../common/time/local-date';
import { CalendarService } from '../calendar/calendar.service';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { MyTaskDto } from './dto/my-task.dto';
import { MyTasksQuery } from './dto/my-tasks.query';
import { TaskDetailDto } from './dto/task-detail.dto';
import { deadlineStanding } from './task-deadline';
import {
  allowedEvents,
  invalidTransitionMessage,
  TaskEvent,
  statesAccepting,
  transition,
  TransitionContext,
} from './domain/task-state-machine';

/** Messages shown on the task page, newest first. */
const RECENT_MESSAGES = 30;
const RECENT_REPORTS = 20;

interface MyTaskRow {
  id: string;
  plan_id: string;
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
}

/** A progress report to write (see TasksService.recordReport). */
export interface ReportWrite {
  taskId: string;
  /** The reporting department: its live assignment on the task is the one reported on. */
  departmentId: string;
  authorId: string;
  /** The assignment's report version the author read. */
  version: number;
  percent: number;
  narrative: string;
  at: Date;
}

/** What became of a report: written, or why not (nothing is written then). */
export type ReportOutcome =
  | { kind: 'reported'; id: string; version: number; createdAt: Date }
  | { kind: 'not-assigned' }
  | { kind: 'not-found' }
  | { kind: 'closed' }
  | { kind: 'stale'; currentVersion: number };

interface ReportRow {
  role: AssignmentRole | null;
  status: TaskStatus | null;
  report_id: string | null;
  version: number | null;
  created_at: Date | null;
}

/**
 * The progress report's one statement (TasksService.recordReport), a constant text with numbered
 * parameters ($1 task, $2 department, $3 author, $4 version read, $5 percent, $6 narrative,
 * $7 report time, $8–$10 the audit stamp: time, request id, source IP), so that it is prepared once
 * per connection and each value is sent once.
 */
const RECORD_REPORT_SQL = `${PREPARED_TEXT}
WITH a AS (
  SELECT id, role, department_id FROM assignment
  WHERE task_id = $1::uuid AND department_id = $2::uuid AND removed_at IS NULL
),
lead_lock AS (
  SELECT id, status FROM task
  WHERE id = $1::uuid AND EXISTS (SELECT 1 FROM a WHERE a.role = 'LEAD')
  FOR NO KEY UPDATE
),
support_lock AS (
  SELECT id, status FROM task
  WHERE id = $1::uuid AND EXISTS (SELECT 1 FROM a WHERE a.role = 'SUPPORT')
  FOR SHARE
),
t AS (SELECT * FROM lead_lock UNION ALL SELECT * FROM support_lock),
bump AS (
  UPDATE assignment
  SET report_version = report_version + 1, percent = $5::int, last_report_at = $7::timestamptz
  FROM a, t
  WHERE assignment.id = a.id AND assignment.report_version = $4::int AND t.status <> 'CLOSED'
  RETURNING assignment.id, assignment.role, assignment.department_id, assignment.report_version
),
report AS (
  INSERT INTO progress_report
    (assignment_id, task_id, department_id, author_id, version, percent, narrative, created_at)
  SELECT bump.id, $1::uuid, bump.department_id, $3::uuid, bump.report_version, $5::int, $6::text,
         $7::timestamptz
  FROM bump
  RETURNING id, version, created_at
),
moved AS (
  UPDATE task
  SET percent = $5::int, last_report_at = $7::timestamptz, updated_at = $7::timestamptz,
      status = CASE WHEN task.status = 'ASSIGNED' THEN 'IN_PROGRESS'::"TaskStatus" ELSE task.status END
  FROM bump, t
  WHERE task.id = $1::uuid AND bump.role = 'LEAD'
  RETURNING t.status AS from_status
),
audit AS (
  INSERT INTO audit_event
    (at, actor_id, action, entity_type, entity_id, data, before, after, request_id, source_ip)
  SELECT $8::timestamptz, $3::uuid, e.action, 'task', $1::uuid::text, e.data, e.before, e.after,
         $9::text, $10::text
  FROM (
    SELECT 1 AS n, 'task.status_changed' AS action,
           jsonb_build_object('taskId', $1::uuid::text, 'from', 'ASSIGNED', 'to', 'IN_PROGRESS',
                              'reason', 'first_lead_report') AS data,
           '{"status":"ASSIGNED"}'::jsonb AS before, '{"status":"IN_PROGRESS"}'::jsonb AS after
    FROM moved WHERE moved.from_status = 'ASSIGNED'
    UNION ALL
    SELECT 2, 'progress.reported',
           jsonb_build_object('reportId', report.id, 'assignmentId', bump.id,
                              'departmentId', bump.department_id, 'role', bump.role,
                              'version', bump.report_version, 'percent', $5::int),
           NULL, NULL
    FROM report, bump
    ORDER BY n
  ) e
)
SELECT a.role, t.status, report.id AS report_id, report.version, report.created_at
FROM (SELECT 1) one
LEFT JOIN a ON true
LEFT JOIN t ON true
LEFT JOIN report ON true`;

/** A status decision: who, on which version they read (optional for office decisions), and why. */
export interface TaskDecision {
  actorId: string;
  /** The task version the caller read; a newer one on the server is a 409 STALE_VERSION. */
  expectedVersion?: number;
  reason?: string | null;
  /** Extra facts for the audit record (the request id, …). */
  data?: Record<string, unknown>;
}

/** The task after a decision: its new status and version (clients send the version back next time). */
export interface TaskMoved {
  taskId: string;
  from: TaskStatus;
  to: TaskStatus;
  version: number;
}

export const invalidTransition = (from: TaskStatus, event: TaskEvent) =>
  new DomainException(ErrorCode.INVALID_TRANSITION, invalidTransitionMessage(from, event), {
    status: from,
    event,
    allowedEvents: allowedEvents(from),
  });

export const staleTask = (expected: number, current: number) =>
  new DomainException(ErrorCode.STALE_VERSION, '该任务已被他人处理或修改,请刷新后重试', {
    expectedVersion: expected,
    currentVersion: current,
  });

export const taskClosed = () =>
  new DomainException(ErrorCode.TASK_CLOSED, '该任务已办结销号,不能再提交进展');

/**
 * Tasks as departments see them, and the only writer of a task's status and progress fields:
 * other modules (progress, closure, escalation) call the intent-named methods below.
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly calendars: CalendarService,
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly policy: AccessPolicyService,
    private readonly audit: AuditService,
  ) {}

  /** The caller's department's tasks: overdue first, then by due date (ongoing last), then number. */
  async listMine(user: AuthUser, query: MyTasksQuery): Promise<MyTaskDto[]> {
    if (!user.departmentId) return [];
    const today = localDateOf(this.clock.now());
    const rows = await this.prisma.$queryRaw<MyTaskRow[]>`
      SELECT t.id, t.plan_id, t.no, t.text, a.role, t.due_on, t.due_source, t.status,
             a.percent, a.report_version, a.last_report_at,
             COALESCE(deps.lead, '{}') AS lead_departments,
             COALESCE(deps.support, '{}') AS support_departments
      FROM assignment a
      JOIN task t ON t.id = a.task_id
      CROSS JOIN LATERAL (
        SELECT array_agg(d.name ORDER BY x.ordinal, d.name) FILTER (WHERE x.role = 'LEAD') AS lead,
               array_agg(d.name ORDER BY x.ordinal, d.name) FILTER (WHERE x.role = 'SUPPORT') AS support
        FROM assignment x
        JOIN department d ON d.id = x.department_id
        WHERE x.task_id = t.id AND x.removed_at IS NULL
      ) deps
      WHERE a.department_id = ${user.departmentId}::uuid AND a.removed_at IS NULL
        ${query.role ? Prisma.sql`AND a.role = ${query.role}::"AssignmentRole"` : Prisma.empty}
        ${query.status ? Prisma.sql`AND t.status = ${query.status}::"TaskStatus"` : Prisma.empty}
      ORDER BY (t.due_on IS NOT NULL AND t.due_on < ${today}::date
                AND t.status IN ('ASSIGNED', 'IN_PROGRESS', 'CLOSURE_REQUESTED')) DESC,
               t.due_on ASC NULLS LAST, t.no ASC, t.plan_id ASC`;
    return rows.map((r) => {
      const dueOn = r.due_on ? fromDbDate(r.due_on) : null;
      const standing = deadlineStanding(dueOn, r.status, today, this.calendar);
      return {
        id: r.id,
        planId: r.plan_id,
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
      };
    });
  }
  /** The working-day calendar as currently published (holidays and make-up days). */
  private get calendar(): WorkingDayCalendar {
    return this.calendars.current();
  }

  async detail(user: AuthUser, taskId: string): Promise<TaskDetailDto> {
    await this.policy.assertCanReadTask(user, taskId);
    const task = await this.prisma.task.findUnique({
      where: { id: taskId },
      include: {
        plan: { select: { id: true, title: true, documentNumber: true } },
        chapter: { select: { title: true } },
        section: { select: { title: true } },
        assignments: {
          where: { removedAt: null },
          orderBy: [{ role: 'asc' }, { ordinal: 'asc' }],
          include: { department: { select: { name: true } } },
        },
        reports: {
          orderBy: [{ createdAt: 'desc' }, { version: 'desc' }],
          take: RECENT_REPORTS,
          include: {
            department: { select: { name: true } },
            author: { select: { displayName: true } },
            assignment: { select: { role: true } },
          },
        },
        escalations: { orderBy: [{ triggeredAt: 'asc' }, { level: 'asc' }] },
      },
    });
    // Deleted between the policy check and this read.
    if (!task) throw new DomainException(ErrorCode.NOT_FOUND, '该任务不存在');
    const messages = await this.prisma.delivery.findMany({
      where: { taskIds: { has: taskId } },
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
      })),
      reports: task.reports.map((r) => ({
        id: r.id,
        departmentId: r.departmentId,
        department: r.department.name,
        role: r.assignment.role,
        author: r.author.displayName,
        version: r.version,
        percent: r.percent,
        narrative: r.narrative,
        createdAt: r.createdAt,
      })),
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

  /**
   * Writes a department's progress report in one statement (one round trip, atomic on its own):
   *
   * 1. the caller's department's live assignment on the task;
   * 2. the task row, locked until commit and refused when closed. A lead's report will write the
   *    task (NO KEY UPDATE, taken up front so that two leads never deadlock upgrading a share
   *    lock); a supporting department's only needs the task to stay open until it commits (SHARE).
   *    A closure decided meanwhile waits for this report, and sees it;
   * 3. the assignment's version check and bump, as one UPDATE: of two reports on the same version,
   *    the second waits on the row lock, re-reads the bumped version and matches nothing;
   * 4. the report row;
   * 5. for a lead, the task's percent and last report, and ASSIGNED → IN_PROGRESS on the first;
   * 6. the audit records (the status change, then the report), stamped like AuditService.record.
   *
   * The outcome names what refused the report; nothing is written unless it is `reported`.
   */
  async recordReport(r: ReportWrite): Promise<ReportOutcome> {
    const stamp = this.audit.stamp();
    const [row] = await this.prisma.$queryRawUnsafe<ReportRow[]>(
      RECORD_REPORT_SQL,
      r.taskId,
      r.departmentId,
      r.authorId,
      r.version,
      r.percent,
      r.narrative,
      r.at,
      stamp.at,
      stamp.requestId,
      stamp.sourceIp,
    );
    if (!row?.role) return { kind: 'not-assigned' };
    if (!row.status) return { kind: 'not-found' };
    if (row.status === TaskStatus.CLOSED) return { kind: 'closed' };
    if (!row.report_id) {
      // The winner may have committed after this statement's snapshot: read it afresh.
      const current = await this.prisma.assignment.findFirst({
        where: { taskId: r.taskId, departmentId: r.departmentId, removedAt: null },
        select: { reportVersion: true },
      });
      return { kind: 'stale', currentVersion: current?.reportVersion ?? 0 };
    }
    return {
      kind: 'reported',
      id: row.report_id,
      version: row.version!,
      createdAt: row.created_at!,
    };
  }

  // ---- Status decisions (the only writes of task.status besides the first lead report) ----

  /** The lead asks to close the task (办结销号). */
  requestClosure(tx: Tx, taskId: string, d: TaskDecision): Promise<TaskMoved> {
    return this.move(tx, taskId, 'REQUEST_CLOSURE', d);
  }

  /** The office closes the task: status CLOSED, closedAt now. */
  approveClosure(tx: Tx, taskId: string, d: TaskDecision): Promise<TaskMoved> {
    return this.move(tx, taskId, 'APPROVE_CLOSURE', d, { closedAt: this.clock.now() });
  }

  /** The office returns a closure request: the task is in progress again. */
  returnClosure(tx: Tx, taskId: string, d: TaskDecision): Promise<TaskMoved> {
    return this.move(tx, taskId, 'RETURN_CLOSURE', d);
  }

  /** An assigned department contests its assignment. */
  dispute(tx: Tx, taskId: string, d: TaskDecision): Promise<TaskMoved> {
    return this.move(tx, taskId, 'DISPUTE', d);
  }

  /** The office keeps the assignment: back to in progress if the lead ever reported, else assigned. */
  upholdAssignment(tx: Tx, taskId: string, d: TaskDecision): Promise<TaskMoved> {
    return this.move(tx, taskId, 'UPHOLD', d);
  }

  /** The office changed the departments (the caller rewrote the assignments): the task starts afresh. */
  reassign(tx: Tx, taskId: string, d: TaskDecision): Promise<TaskMoved> {
    return this.move(tx, taskId, 'REASSIGN', d);
  }

  suspend(tx: Tx, taskId: string, d: TaskDecision): Promise<TaskMoved> {
    return this.move(tx, taskId, 'SUSPEND', d);
  }

  resume(tx: Tx, taskId: string, d: TaskDecision): Promise<TaskMoved> {
    return this.move(tx, taskId, 'RESUME', d);
  }

  /** An approved extension: same status, the new deadline (stated), a new version. */
  async extendDeadline(
    tx: Tx,
    taskId: string,
    newDueOn: string,
    d: TaskDecision,
  ): Promise<TaskMoved & { previousDueOn: string | null }> {
    await this.assertWithinParentDeadline(tx, taskId, newDueOn);
    return this.move(tx, taskId, 'EXTEND_DEADLINE', d, { dueOn: newDueOn });
  }

  /**
   * A region's task may end earlier than the task above it, never later: an extension past the
   * parent's deadline has to be asked of the level above (422).
   */
  async assertWithinParentDeadline(
    db: Tx | PrismaService,
    taskId: string,
    dueOn: string,
  ): Promise<void> {
    const [row] = await db.$queryRaw<{ parent_due_on: Date | null }[]>`
      SELECT p.due_on AS parent_due_on FROM task t JOIN task p ON p.id = t.parent_task_id
      WHERE t.id = ${taskId}::uuid`;
    if (!row?.parent_due_on) return;
    const parentDueOn = fromDbDate(row.parent_due_on);
    if (dueOn > parentDueOn) {
      throw new DomainException(
        ErrorCode.CHILD_DEADLINE_AFTER_PARENT,
        `新的时限 ${dueOn} 晚于上级任务的时限 ${parentDueOn}。下级任务的时限不能晚于上级,如需更长时间,请向上级申请延期。`,
        [{ field: 'proposedDueOn', reason: `不能晚于上级时限 ${parentDueOn}` }],
      );
    }
  }

  /**
   * Reads the task, asks the state machine, and writes with a conditional update on the status and
   * version it read: a concurrent decision makes this one affect no row, which is a 409, never a
   * lost update. Audited in the same transaction.
   */
  /**
   * Set-based moves of many tasks by one event (a plan revision withdraws or reinstates items):
   * the same machine, one conditional update for all tasks in an accepting state, one audit
   * event each. Returns the ids moved.
   */
  async moveMany(
    tx: Tx,
    taskIds: string[],
    event: 'WITHDRAW' | 'REINSTATE',
    d: { actorId: string | null; reason: string },
  ): Promise<string[]> {
    if (taskIds.length === 0) return [];
    const from = statesAccepting(event);
    const to = event === 'WITHDRAW' ? 'WITHDRAWN' : 'ASSIGNED';
    const now = this.clock.now();
    const moved = await tx.$queryRaw<{ id: string; from_status: string }[]>`
      UPDATE task t SET status = ${to}::"TaskStatus", version = t.version + 1, updated_at = ${now}
      FROM (SELECT id, status FROM task WHERE id = ANY(${taskIds}::uuid[]) FOR UPDATE) old
      WHERE t.id = old.id AND old.status::text = ANY(${from as string[]}::text[])
      RETURNING t.id, old.status::text AS from_status`;
    await this.audit.recordMany(
      tx,
      moved.map((m) => ({
        actorId: d.actorId,
        action: 'task.status_changed',
        entityType: 'task',
        entityId: m.id,
        data: { taskId: m.id, event, from: m.from_status, to, reason: d.reason },
        before: { status: m.from_status },
        after: { status: to },
      })),
    );
    return moved.map((m) => m.id);
  }

  private async move(
    tx: Tx,
    taskId: string,
    event: TaskEvent,
    d: TaskDecision,
    set: { closedAt?: Date; dueOn?: string } = {},
  ): Promise<TaskMoved & { previousDueOn: string | null }> {
    const rows = await tx.$queryRaw<
      { status: TaskStatus; version: number; due_on: Date | null; reported: boolean }[]
    >`
      SELECT t.status, t.version, t.due_on,
             (t.last_report_at IS NOT NULL OR EXISTS (
                SELECT 1 FROM progress_report r WHERE r.task_id = t.id)) AS reported
      FROM task t WHERE t.id = ${taskId}::uuid`;
    const task = rows[0];
    if (!task) throw new DomainException(ErrorCode.NOT_FOUND, '该任务不存在');
    const ctx: TransitionContext = { hasReports: task.reported };
    const result = transition(task.status, event, ctx);
    if (!result.ok) throw invalidTransition(task.status, event);
    if (d.expectedVersion !== undefined && d.expectedVersion !== task.version) {
      throw staleTask(d.expectedVersion, task.version);
    }
    const now = this.clock.now();
    const updated = await tx.$executeRaw`
      UPDATE task SET status = ${result.to}::"TaskStatus", version = version + 1, updated_at = ${now}
        ${set.closedAt ? Prisma.sql`, closed_at = ${set.closedAt}` : Prisma.empty}
        ${set.dueOn ? Prisma.sql`, due_on = ${set.dueOn}::date, due_source = 'STATED'` : Prisma.empty}
      WHERE id = ${taskId}::uuid AND status = ${task.status}::"TaskStatus" AND version = ${task.version}`;
    if (updated === 0) throw staleTask(d.expectedVersion ?? task.version, task.version + 1);
    const previousDueOn = task.due_on ? fromDbDate(task.due_on) : null;
    await this.audit.record(tx, {
      actorId: d.actorId,
      action: event === 'EXTEND_DEADLINE' ? 'task.deadline_extended' : 'task.status_changed',
      entityType: 'task',
      entityId: taskId,
      data: {
        taskId,
        event,
        from: task.status,
        to: result.to,
        ...(d.reason ? { reason: d.reason } : {}),
        ...(set.dueOn ? { fromDueOn: previousDueOn, toDueOn: set.dueOn } : {}),
        ...d.data,
      },
      before: {
        status: task.status,
        version: task.version,
        ...(set.dueOn ? { dueOn: previousDueOn } : {}),
      },
      after: {
        status: result.to,
        version: task.version + 1,
        ...(set.dueOn ? { dueOn: set.dueOn } : {}),
      },
    });
    return { taskId, from: task.status, to: result.to, version: task.version + 1, previousDueOn };
  }
}
