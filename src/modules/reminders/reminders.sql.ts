import { Prisma } from '../../generated/prisma/client';
import type { LocalDate } from '../../common/time/local-date';
import type { TaskStatus } from '../../generated/prisma/enums';
import { FIRST_REPORT_JOB_PREFIX, JobIdPieces, PlannedReminder } from './reminder-policy';

/** A planned deadline reminder of one assignment, with the job id the reminder policy gives. */
export interface AssignmentReminder extends PlannedReminder {
  assignmentId: string;
  dueOn: LocalDate;
  jobId: string;
}

/** Inserts deadline reminders (one unnest, however many); existing rows are kept. */
export function insertDeadlineReminders(rows: readonly AssignmentReminder[]): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO reminder (id, assignment_id, kind, offset_working_days, due_on, fire_at, status, job_id, skipped_reason)
    SELECT gen_random_uuid(), a, 'DEADLINE_APPROACHING', o, d::date, f, s::"ReminderStatus", j, r
    FROM unnest(
      ${rows.map((r) => r.assignmentId)}::uuid[], ${rows.map((r) => r.offsetWorkingDays)}::int[],
      ${rows.map((r) => r.dueOn)}::text[], ${rows.map((r) => r.fireAt)}::timestamptz[],
      ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.jobId)}::text[],
      ${rows.map((r) => r.skippedReason ?? null)}::text[]
    ) AS x(a, o, d, f, s, j, r)
    ON CONFLICT DO NOTHING`;
}

/** The distinct deadlines of the tasks of these plans whose status is one of `statuses`. */
export function selectTaskDeadlines(
  planIds: readonly string[],
  statuses: readonly TaskStatus[],
): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT t.due_on FROM task t
    WHERE t.plan_id = ANY(${planIds}::uuid[]) AND t.due_on IS NOT NULL
      AND t.status::text = ANY(${statuses}::text[])`;
}

/** One planned reminder of a deadline, for every assignment due then; its job id's pieces. */
export interface DeadlineSchedule extends PlannedReminder {
  dueOn: LocalDate;
  jobId: JobIdPieces;
}

/**
 * Inserts, for every current assignment of the tasks of these plans whose status is one of
 * `statuses`, the schedule rows of its task's deadline; the job id is `prefix || assignment || suffix`
 * of each row's pieces. Existing rows are kept. Returns the count inserted per status.
 */
export function insertPlanDeadlineReminders(
  planIds: readonly string[],
  statuses: readonly TaskStatus[],
  schedule: readonly DeadlineSchedule[],
): Prisma.Sql {
  return Prisma.sql`
    WITH ins AS (
      INSERT INTO reminder (id, assignment_id, kind, offset_working_days, due_on, fire_at, status, job_id, skipped_reason)
      SELECT gen_random_uuid(), a.id, 'DEADLINE_APPROACHING', s.o, t.due_on, s.f, s.st::"ReminderStatus",
             s.jp || a.id || s.js, s.r
      FROM task t
      JOIN assignment a ON a.task_id = t.id AND a.removed_at IS NULL
      JOIN unnest(${schedule.map((r) => r.dueOn)}::date[], ${schedule.map((r) => r.offsetWorkingDays)}::int[],
                  ${schedule.map((r) => r.fireAt)}::timestamptz[], ${schedule.map((r) => r.status)}::text[],
                  ${schedule.map((r) => r.skippedReason ?? null)}::text[],
                  ${schedule.map((r) => r.jobId.prefix)}::text[], ${schedule.map((r) => r.jobId.suffix)}::text[])
        AS s(d, o, f, st, r, jp, js)
        ON s.d = t.due_on
      WHERE t.plan_id = ANY(${planIds}::uuid[])
        AND t.status::text = ANY(${statuses}::text[])
      ON CONFLICT DO NOTHING
      RETURNING status
    )
    SELECT status::text AS status, count(*)::int AS n FROM ins GROUP BY status`;
}

/** One of the two reminders of a reporting period: before the report is due, or after it was missed. */
export interface ReportStep {
  kind: 'REPORT_DUE' | 'REPORT_MISSED';
  offsetWorkingDays: number;
  fireAt: Date;
  jobId: JobIdPieces;
}

/**
 * Inserts the report reminders of one period for the lead assignments of the tasks of these plans
 * whose status is one of `statuses`, except tasks whose deadline came before the period began and
 * assignments whose first report (`reporting.firstWithin`) is due on or after this period's due date
 * (the cadence takes over after it). Existing rows are kept. Returns the count inserted.
 */
export function insertReportReminders(
  planIds: readonly string[],
  statuses: readonly TaskStatus[],
  period: { dueOn: LocalDate; periodStart: LocalDate },
  steps: readonly ReportStep[],
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO reminder (id, assignment_id, kind, offset_working_days, due_on, period_start, fire_at, status, job_id)
    SELECT gen_random_uuid(), a.id, k.kind::"ReminderKind", k.o, ${period.dueOn}::date,
           ${period.periodStart}::date, k.f, 'PENDING', k.jp || a.id || k.js
    FROM assignment a
    JOIN task t ON t.id = a.task_id
    CROSS JOIN unnest(${steps.map((s) => s.kind)}::text[], ${steps.map((s) => s.offsetWorkingDays)}::int[],
                      ${steps.map((s) => s.fireAt)}::timestamptz[], ${steps.map((s) => s.jobId.prefix)}::text[],
                      ${steps.map((s) => s.jobId.suffix)}::text[]) AS k(kind, o, f, jp, js)
    WHERE t.plan_id = ANY(${planIds}::uuid[]) AND a.role = 'LEAD' AND a.removed_at IS NULL
      AND t.status::text = ANY(${statuses}::text[])
      AND (t.due_on IS NULL OR t.due_on >= ${period.periodStart}::date)
      AND NOT EXISTS (
        SELECT 1 FROM reminder f
        WHERE f.assignment_id = a.id AND starts_with(f.job_id, ${FIRST_REPORT_JOB_PREFIX})
          AND f.due_on >= ${period.dueOn}::date)
    ON CONFLICT DO NOTHING`;
}

/** Cancels the pending reminders of an assignment whose job id starts with `jobIdPrefix`. */
export function cancelAssignmentRemindersByJobPrefix(
  assignmentId: string,
  jobIdPrefix: string,
  reason: string,
): Prisma.Sql {
  return Prisma.sql`
    UPDATE reminder SET status = 'CANCELLED', skipped_reason = ${reason}
    WHERE assignment_id = ${assignmentId}::uuid AND status = 'PENDING'
      AND starts_with(job_id, ${jobIdPrefix})`;
}

/** Inserts pending report-kind reminders of one assignment; existing rows are kept. */
export function insertAssignmentReportReminders(
  assignmentId: string,
  period: { dueOn: LocalDate; periodStart: LocalDate },
  steps: readonly (Omit<ReportStep, 'jobId'> & { jobId: string })[],
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO reminder (id, assignment_id, kind, offset_working_days, due_on, period_start, fire_at, status, job_id)
    SELECT gen_random_uuid(), ${assignmentId}::uuid, k.kind::"ReminderKind", k.o, ${period.dueOn}::date,
           ${period.periodStart}::date, k.f, 'PENDING', k.j
    FROM unnest(${steps.map((s) => s.kind)}::text[], ${steps.map((s) => s.offsetWorkingDays)}::int[],
                ${steps.map((s) => s.fireAt)}::timestamptz[], ${steps.map((s) => s.jobId)}::text[])
      AS k(kind, o, f, j)
    ON CONFLICT DO NOTHING`;
}

/** The distinct instants at which pending reminders fall due, up to `horizon`, earliest first. */
export function selectPendingInstants(horizon: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT fire_at FROM reminder WHERE status = 'PENDING' AND fire_at <= ${horizon}
    ORDER BY fire_at`;
}

export interface PendingDeadlineCombo {
  plan_id: string;
  policy: unknown;
  due_on: Date;
  offset_working_days: number;
}

/** Each (plan, deadline, offset) with pending deadline reminders, with the plan's stored policy. */
export function selectPendingDeadlineCombos(planId?: string): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT t.plan_id, p.policy, r.due_on, r.offset_working_days
    FROM reminder r
    JOIN assignment a ON a.id = r.assignment_id
    JOIN task t ON t.id = a.task_id
    JOIN plan p ON p.id = t.plan_id
    WHERE r.status = 'PENDING' AND r.kind = 'DEADLINE_APPROACHING'
      ${planId ? Prisma.sql`AND t.plan_id = ${planId}::uuid` : Prisma.empty}`;
}

/** Moves the pending deadline reminders of each (plan, deadline, offset) to its new `fireAt`. */
export function moveDeadlineReminders(
  moves: readonly { planId: string; dueOn: LocalDate; offsetWorkingDays: number; fireAt: Date }[],
): Prisma.Sql {
  return Prisma.sql`
    UPDATE reminder r SET fire_at = x.f
    FROM unnest(${moves.map((m) => m.planId)}::uuid[], ${moves.map((m) => m.dueOn)}::date[],
                ${moves.map((m) => m.offsetWorkingDays)}::int[], ${moves.map((m) => m.fireAt)}::timestamptz[])
           AS x(plan_id, due_on, o, f),
         assignment a, task t
    WHERE a.id = r.assignment_id AND t.id = a.task_id AND t.plan_id = x.plan_id
      AND r.status = 'PENDING' AND r.kind = 'DEADLINE_APPROACHING'
      AND r.due_on = x.due_on AND r.offset_working_days = x.o AND r.fire_at <> x.f`;
}

/** Cancels the pending reminders (or only the deadline ones) of every assignment of these tasks. */
export function cancelTaskReminders(
  taskIds: readonly string[],
  reason: string,
  deadlineOnly: boolean,
): Prisma.Sql {
  return Prisma.sql`
    UPDATE reminder SET status = 'CANCELLED', skipped_reason = ${reason}
    WHERE status = 'PENDING'
      ${deadlineOnly ? Prisma.sql`AND kind = 'DEADLINE_APPROACHING'` : Prisma.empty}
      AND assignment_id IN (SELECT id FROM assignment WHERE task_id = ANY(${taskIds}::uuid[]))`;
}

/** Cancels the pending reminders of these assignments. */
export function cancelAssignmentReminders(
  assignmentIds: readonly string[],
  reason: string,
): Prisma.Sql {
  return Prisma.sql`
    UPDATE reminder SET status = 'CANCELLED', skipped_reason = ${reason}
    WHERE status = 'PENDING' AND assignment_id = ANY(${assignmentIds}::uuid[])`;
}
