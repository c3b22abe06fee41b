import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Clock } from '../../infra/clock/clock';
import { jobIds, JobName, JobPayloads, QueueName } from '../../infra/queue/job-catalogue';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { CalendarChangeListeners } from '../calendar/calendar-change';
import { CalendarService } from '../calendar/calendar.service';
import { fromDbDate, instantAt, LocalDate, localDateOf } from '../../common/time/local-date';
import { OPEN_STATUSES } from '../tasks/task-deadline';
import { DEFAULT_PLAN_POLICY, PlanPolicy } from '../plan-policy/plan-policy';
import { reportingPeriod } from '../plan-policy/reporting-period';
import { policyOf, resolvePolicy } from '../plan-policy/resolve-policy';
import {
  CANCEL_SUB_DEADLINE_MOVED,
  deadlineJobIdPieces,
  planReminders,
  planReportSteps,
  reminderJobId,
  reportJobIdPieces,
  SUB_DEADLINE_JOB_PREFIX,
  subDeadlineJobId,
} from './reminder-policy';
import {
  AssignmentReminder,
  cancelAssignmentReminders,
  cancelAssignmentRemindersByJobPrefix,
  cancelTaskReminders,
  DeadlineSchedule,
  insertAssignmentReportReminders,
  insertDeadlineReminders,
  insertPlanDeadlineReminders,
  insertReportReminders,
  moveDeadlineReminders,
  PendingDeadlineCombo,
  ReportStep,
  selectPendingDeadlineCombos,
  selectPendingInstants,
  selectTaskDeadlines,
} from './reminders.sql';

/** How far ahead waves are placed in Redis; the rest waits in PostgreSQL for reconciliation. */
export const ENQUEUE_HORIZON_MS = 36 * 3600 * 1000;
/** A wave only fails on infrastructure errors; reconciliation retries it after these. */
export const WAVE_ATTEMPTS = 3;

/**
 * The reminder schedule. Rows in PostgreSQL are the truth (one per assignment, kind, offset and
 * deadline, with a unique key); Redis holds one delayed "wave" job per instant at which reminders fall
 * due, with a deterministic id. Losing Redis loses nothing: `enqueueDue` rebuilds the waves.
 */
@Injectable()
export class RemindersService implements OnModuleInit {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    private readonly calendars: CalendarService,
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    @InjectQueue(QueueName.Reminders)
    private readonly queue: Queue<JobPayloads[JobName.ReminderWave]>,
    private readonly calendarListeners: CalendarChangeListeners,
  ) {}

  onModuleInit(): void {
    // A published or corrected holiday year moves the moment of pending reminders.
    this.calendarListeners.register({
      onCalendarChanged: async () => ({
        kind: 'reminders',
        moved: (await this.replanPending()).moved,
      }),
    });
  }

  /**
   * The deadline reminders of departments added to a task (a reassignment): none for an ongoing
   * task (null deadline) or when nobody was added.
   */
  async planForAdded(
    tx: Tx,
    dueOn: Date | null,
    assignmentIds: string[],
    now: Date,
    policy: PlanPolicy,
  ): Promise<void> {
    if (!dueOn || assignmentIds.length === 0) return;
    const due = fromDbDate(dueOn);
    await this.planForAssignments(
      tx,
      assignmentIds.map((assignmentId) => ({ assignmentId, dueOn: due })),
      now,
      policy,
    );
  }

  /** Inserts the deadline reminders of these assignments (set-based; existing rows are kept). */
  async planForAssignments(
    tx: Tx,
    assignments: { assignmentId: string; dueOn: LocalDate }[],
    now: Date,
    policy: PlanPolicy = DEFAULT_PLAN_POLICY,
  ): Promise<{ pending: number; skipped: number }> {
    const calendar = this.calendars.current();
    const rows: AssignmentReminder[] = assignments.flatMap(({ assignmentId, dueOn }) =>
      planReminders(dueOn, now, calendar, policy).map((r) => ({
        assignmentId,
        dueOn,
        ...r,
        jobId: reminderJobId(assignmentId, r.offsetWorkingDays, dueOn),
      })),
    );
    if (rows.length === 0) return { pending: 0, skipped: 0 };
    await tx.$executeRaw(insertDeadlineReminders(rows));
    const pending = rows.filter((r) => r.status === 'PENDING').length;
    return { pending, skipped: rows.length - pending };
  }

  /**
   * Inserts the deadline reminders of every assignment of the open tasks of these plans, in one
   * statement however many there are (a cascade to 1,300 counties): the schedule depends only on the
   * deadline, so it is computed once per distinct deadline and joined to the assignments in SQL.
   * Existing rows are kept; the job id is the one `reminderJobId` gives.
   */
  async planForPlans(
    tx: Tx,
    planIds: string[],
    now: Date,
    policy: PlanPolicy = DEFAULT_PLAN_POLICY,
  ): Promise<{ pending: number; skipped: number }> {
    if (planIds.length === 0) return { pending: 0, skipped: 0 };
    const dues = await tx.$queryRaw<{ due_on: Date }[]>(
      selectTaskDeadlines(planIds, OPEN_STATUSES),
    );
    const calendar = this.calendars.current();
    const schedule = dues.flatMap(({ due_on }) => {
      const dueOn = fromDbDate(due_on);
      return planReminders(dueOn, now, calendar, policy).map((r): DeadlineSchedule => ({
        dueOn,
        ...r,
        jobId: deadlineJobIdPieces(r.offsetWorkingDays, dueOn),
      }));
    });
    if (schedule.length === 0) return { pending: 0, skipped: 0 };
    const counts = await tx.$queryRaw<{ status: string; n: number }[]>(
      insertPlanDeadlineReminders(planIds, OPEN_STATUSES, schedule),
    );
    const pending = counts.find((c) => c.status === 'PENDING')?.n ?? 0;
    return { pending, skipped: counts.reduce((n, c) => n + c.n, 0) - pending };
  }

  /**
   * Plans the progress-report reminders of the current reporting period of every plan with a cadence:
   * for each lead assignment of an open task, one reminder `remindBefore` working days before the
   * report is due and one urging `urgeAfter` working days after it (skipped by the wave if a report
   * arrived in the period). Runs on every reconcile; the unique key makes it idempotent, and only
   * the period ahead is planned, so a plan imported mid-period gets no backlog.
   */
  async planReportReminders(): Promise<number> {
    const now = this.clock.now();
    const today = localDateOf(now);
    const calendar = this.calendars.current();
    const plans = await this.prisma.plan.findMany({
      where: { publishedAt: { not: null } },
      select: { id: true, policy: true },
    });
    // One statement per distinct cadence, not per plan: a national cascade has 1,300 plans.
    const groups = new Map<string, { policy: PlanPolicy; planIds: string[] }>();
    for (const plan of plans) {
      const { policy } = resolvePolicy(plan.policy);
      const key = JSON.stringify([policy.reporting, policy.sendHour]);
      const g = groups.get(key) ?? { policy, planIds: [] };
      g.planIds.push(plan.id);
      groups.set(key, g);
    }
    let planned = 0;
    for (const { policy, planIds } of groups.values()) {
      const period = reportingPeriod(today, policy.reporting);
      if (!period) continue;
      const steps = planReportSteps(period.dueOn, calendar, policy).map((r): ReportStep => ({
        ...r,
        jobId: reportJobIdPieces(r.kind, period.dueOn),
      }));
      // A task whose deadline came before the period began needs no report (the statement skips it).
      planned += await this.prisma.$executeRaw(
        insertReportReminders(planIds, OPEN_STATUSES, period, steps),
      );
    }
    if (planned > 0) this.logger.log({ planned }, 'report reminders planned');
    return planned;
  }

  /**
   * A supporting department's deadline to report its part to the lead: a reminder `remindBefore`
   * working days before it and an urging `urgeAfter` working days after it, to that department's
   * liaisons, skipped by the wave once the department reports after `periodStart`. Replaces the
   * pending ones of an earlier sub-deadline.
   */
  async planSubDeadline(
    tx: Tx,
    s: { assignmentId: string; subDueOn: LocalDate; periodStart: LocalDate; policy: PlanPolicy },
  ): Promise<void> {
    const calendar = this.calendars.current();
    await tx.$executeRaw(
      cancelAssignmentRemindersByJobPrefix(
        s.assignmentId,
        SUB_DEADLINE_JOB_PREFIX,
        CANCEL_SUB_DEADLINE_MOVED,
      ),
    );
    await tx.$executeRaw(
      insertAssignmentReportReminders(
        s.assignmentId,
        { dueOn: s.subDueOn, periodStart: s.periodStart },
        planReportSteps(s.subDueOn, calendar, s.policy).map((r) => ({
          ...r,
          jobId: subDeadlineJobId(s.assignmentId, r.kind, s.subDueOn),
        })),
      ),
    );
  }

  /**
   * Puts a wave job in Redis for every instant within the horizon at which pending reminders fall
   * due. Idempotent: wave ids derive from the instant, so a second call (another instance, a restart)
   * adds nothing; a due wave whose job is still delayed (clock moved, Redis restored) is promoted, and
   * one that failed is retried.
   */
  async enqueueDue(): Promise<{ enqueued: number; promoted: number }> {
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + ENQUEUE_HORIZON_MS);
    const instants = await this.prisma.$queryRaw<{ fire_at: Date }[]>(
      selectPendingInstants(horizon),
    );
    // Everything already due goes in one wave "now"; later instants get a delayed wave each.
    const waves = new Map<number, Date>();
    for (const { fire_at } of instants) {
      const at = fire_at <= now ? now : fire_at;
      waves.set(at.getTime(), at);
    }
    let promoted = 0;
    const toAdd: Date[] = [];
    for (const at of waves.values()) {
      const job = await this.queue.getJob(jobIds.reminderWave(at));
      if (!job) {
        toAdd.push(at);
      } else if (at <= now && (await job.isDelayed())) {
        await job.promote();
        promoted += 1;
      } else if (await job.isFailed()) {
        await job.retry('failed', { resetAttemptsMade: true });
        promoted += 1;
      } else if (await job.isCompleted()) {
        // That wave ran, yet reminders of its instant are pending (added after it): run it again.
        await job.remove();
        toAdd.push(at);
      }
    }
    if (toAdd.length > 0) {
      await this.queue.addBulk(
        toAdd.map((at) => ({
          name: JobName.ReminderWave,
          data: { upTo: at.toISOString() },
          opts: {
            jobId: jobIds.reminderWave(at),
            delay: this.clock.realDelayUntil(at),
            attempts: WAVE_ATTEMPTS,
            backoff: { type: 'exponential', delay: 5_000 },
          },
        })),
      );
    }
    if (toAdd.length + promoted > 0) {
      this.logger.log({ enqueued: toAdd.length, promoted }, 'reminder waves enqueued');
    }
    return { enqueued: toAdd.length, promoted };
  }

  /**
   * Recomputes the moment of every pending deadline reminder from the current calendar and each
   * plan's policy (after a calendar year or a policy changed). Returns how many moved.
   */
  async replanPending(planId?: string): Promise<{ moved: number }> {
    const calendar = this.calendars.current();
    const combos = await this.prisma.$queryRaw<PendingDeadlineCombo[]>(
      selectPendingDeadlineCombos(planId),
    );
    if (combos.length === 0) return { moved: 0 };
    const moves = combos.map((c) => {
      const dueOn = fromDbDate(c.due_on);
      const { sendHour } = policyOf(c.policy);
      const fireAt = instantAt(calendar.addWorkingDays(dueOn, -c.offset_working_days), sendHour);
      return { planId: c.plan_id, dueOn, offsetWorkingDays: c.offset_working_days, fireAt };
    });
    const moved = await this.prisma.$executeRaw(moveDeadlineReminders(moves));
    if (moved > 0) {
      this.logger.log({ moved, planId }, 'pending reminders re-planned');
      await this.enqueueDue();
    }
    return { moved };
  }

  /**
   * Stops the pending reminders of these tasks: all of them (closed, withdrawn), or only the
   * deadline reminders (`deadlineOnly`: the deadline moved, periodic reports go on).
   */
  async cancelForTasks(
    tx: Tx,
    taskIds: string[],
    reason: string,
    opts: { deadlineOnly?: boolean } = {},
  ): Promise<number> {
    if (taskIds.length === 0) return 0;
    return tx.$executeRaw(cancelTaskReminders(taskIds, reason, opts.deadlineOnly === true));
  }

  /** Stops the pending reminders of these assignments (a department no longer assigned). */
  async cancelForAssignments(tx: Tx, assignmentIds: string[], reason: string): Promise<number> {
    if (assignmentIds.length === 0) return 0;
    return tx.$executeRaw(cancelAssignmentReminders(assignmentIds, reason));
  }
}
