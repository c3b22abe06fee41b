import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Clock } from '../../infra/clock/clock';
import { JobName, JobPayloads, QueueName } from '../../infra/queue/job-catalogue';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { LocalDate } from '../calendar/local-date';
import { CalendarService } from '../calendar/calendar.service';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { DEFAULT_REMINDER_POLICY, planReminders, reminderJobId } from './reminder-policy';

/** How far ahead reminders are placed in Redis; the rest waits in PostgreSQL for reconciliation. */
export const ENQUEUE_HORIZON_MS = 36 * 3600 * 1000;
/** A reminder job only fails on infrastructure errors; reconciliation retries it after these. */
export const REMINDER_ATTEMPTS = 3;

/**
 * The reminder schedule: rows in PostgreSQL are the truth, BullMQ delayed jobs with the same
 * deterministic ids are the near future. Losing Redis loses nothing: `enqueueDue` rebuilds it.
 */
@Injectable()
export class RemindersService {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    private readonly calendars: CalendarService,
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    @InjectQueue(QueueName.Reminders)
    private readonly queue: Queue<JobPayloads[JobName.SendReminder]>,
  ) {}

  /** Inserts the reminder rows of these assignments (set-based; existing rows are kept). */
  async planForAssignments(
    tx: Tx,
    assignments: { assignmentId: string; dueOn: LocalDate }[],
    now: Date,
  ): Promise<{ pending: number; skipped: number }> {
    const rows = assignments.flatMap(({ assignmentId, dueOn }) =>
      planReminders(dueOn, now, this.calendar, DEFAULT_REMINDER_POLICY).map((r) => ({
        assignmentId,
        dueOn,
        ...r,
        jobId: reminderJobId(assignmentId, r.offsetWorkingDays, dueOn),
      })),
    );
    if (rows.length === 0) return { pending: 0, skipped: 0 };
    await tx.$executeRaw`
      INSERT INTO reminder (id, assignment_id, kind, offset_working_days, due_on, fire_at, status, job_id, skipped_reason)
      SELECT gen_random_uuid(), a, 'DEADLINE_APPROACHING', o, d::date, f, s::"ReminderStatus", j, r
      FROM unnest(
        ${rows.map((r) => r.assignmentId)}::uuid[], ${rows.map((r) => r.offsetWorkingDays)}::int[],
        ${rows.map((r) => r.dueOn)}::text[], ${rows.map((r) => r.fireAt)}::timestamptz[],
        ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.jobId)}::text[],
        ${rows.map((r) => r.skippedReason ?? null)}::text[]
      ) AS x(a, o, d, f, s, j, r)
      ON CONFLICT DO NOTHING`;
    const pending = rows.filter((r) => r.status === 'PENDING').length;
    return { pending, skipped: rows.length - pending };
  }
  /** The working-day calendar as currently published (holidays and make-up days). */
  private get calendar(): WorkingDayCalendar {
    return this.calendars.current();
  }

  /**
   * Puts every pending reminder due within the horizon into the queue. Idempotent: job ids are the
   * reminder's, so a second call (another instance, a restart) adds nothing; a reminder whose
   * moment has come but whose job is still delayed (clock moved, Redis restored) is promoted.
   */
  async enqueueDue(): Promise<{ enqueued: number; promoted: number }> {
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + ENQUEUE_HORIZON_MS);
    const due = await this.prisma.reminder.findMany({
      where: { status: 'PENDING', fireAt: { lte: horizon } },
      select: { id: true, jobId: true, fireAt: true },
      orderBy: { fireAt: 'asc' },
    });
    let promoted = 0;
    const toAdd: typeof due = [];
    for (const r of due) {
      const job = await this.queue.getJob(r.jobId);
      if (!job) {
        toAdd.push(r);
      } else if (r.fireAt <= now && (await job.isDelayed())) {
        await job.promote();
        promoted += 1;
      } else if (await job.isFailed()) {
        // Its attempts ran out (e.g. PostgreSQL was down) but the row is still pending: run it again.
        await job.retry('failed', { resetAttemptsMade: true });
        promoted += 1;
      }
    }
    if (toAdd.length > 0) {
      await this.queue.addBulk(
        toAdd.map((r) => ({
          name: JobName.SendReminder,
          data: { reminderId: r.id },
          opts: {
            jobId: r.jobId,
            delay: this.clock.realDelayUntil(r.fireAt),
            attempts: REMINDER_ATTEMPTS,
            backoff: { type: 'exponential', delay: 5_000 },
          },
        })),
      );
    }
    if (toAdd.length + promoted > 0) {
      this.logger.log({ enqueued: toAdd.length, promoted }, 'reminders enqueued');
    }
    return { enqueued: toAdd.length, promoted };
  }

  /** Stops the pending reminders of these tasks (closed, withdrawn, or their deadline moved). */
  async cancelForTasks(tx: Tx, taskIds: string[], reason: string): Promise<number> {
    if (taskIds.length === 0) return 0;
    return tx.$executeRaw`
      UPDATE reminder SET status = 'CANCELLED', skipped_reason = ${reason}
      WHERE status = 'PENDING'
        AND assignment_id IN (SELECT id FROM assignment WHERE task_id = ANY(${taskIds}::uuid[]))`;
  }

  /** Stops the pending reminders of these assignments (a department no longer assigned). */
  async cancelForAssignments(tx: Tx, assignmentIds: string[], reason: string): Promise<number> {
    if (assignmentIds.length === 0) return 0;
    return tx.$executeRaw`
      UPDATE reminder SET status = 'CANCELLED', skipped_reason = ${reason}
      WHERE status = 'PENDING' AND assignment_id = ANY(${assignmentIds}::uuid[])`;
  }
}
