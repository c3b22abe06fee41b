import { Prisma } from '../../generated/prisma/client';
import type { LocalDate } from '../../common/time/local-date';
import type { TaskStatus } from '../../generated/prisma/enums';
import type { AckStep } from './ack-policy';

/**
 * The local day an assignment arrived: the later of its creation and its plan's publication, but
 * never after `now` (the planning moment; see ack-policy.ts).
 */
function arrivedOn(now: Date, zone: string): Prisma.Sql {
  return Prisma.sql`(LEAST(GREATEST(a.created_at, p.published_at), ${now}::timestamptz)
                      AT TIME ZONE ${zone})::date`;
}

/** Unplanned arrivals: pending, no deadline yet, of a published plan's open task, still assigned. */
function unplanned(statuses: readonly TaskStatus[]): Prisma.Sql {
  return Prisma.sql`a.ack_state = 'PENDING' AND a.ack_due_on IS NULL AND a.removed_at IS NULL
    AND p.published_at IS NOT NULL AND t.status::text = ANY(${statuses}::text[])`;
}

export interface ArrivalComboRow {
  plan_id: string;
  policy: unknown;
  arrived_on: Date;
}

/** Each (plan, arrival day) with unplanned arrivals, with the plan's stored policy. */
export function selectArrivalCombos(
  now: Date,
  zone: string,
  statuses: readonly TaskStatus[],
): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT t.plan_id, p.policy, ${arrivedOn(now, zone)} AS arrived_on
    FROM assignment a
    JOIN task t ON t.id = a.task_id
    JOIN plan p ON p.id = t.plan_id
    WHERE ${unplanned(statuses)}`;
}

/** The deadline and reminders of the arrivals of one plan on one day. */
export interface ArrivalPlan {
  planId: string;
  arrivedOn: LocalDate;
  ackDueOn: LocalDate;
  steps: readonly AckStep[];
}

/**
 * Plans every unplanned arrival of the given (plan, day) combinations in one statement: claims the
 * assignments (`FOR UPDATE SKIP LOCKED`, re-checking that the deadline is still unset, so two
 * concurrent passes plan each once and never wait on each other), sets `ack_due_on`, and inserts
 * their reminders (first-report ones for the lead only); the job id is `prefix || assignment ||
 * suffix`. Existing reminder rows are kept. Returns the counts.
 */
export function planArrivals(
  now: Date,
  zone: string,
  statuses: readonly TaskStatus[],
  plans: readonly ArrivalPlan[],
): Prisma.Sql {
  const steps = plans.flatMap((p) =>
    p.steps.map((s) => ({ ...s, planId: p.planId, arrivedOn: p.arrivedOn })),
  );
  return Prisma.sql`
    WITH deadlines AS (
      SELECT * FROM unnest(${plans.map((p) => p.planId)}::uuid[], ${plans.map((p) => p.arrivedOn)}::date[],
                           ${plans.map((p) => p.ackDueOn)}::date[]) AS d(plan_id, arrived_on, ack_due_on)
    ),
    claim AS (
      SELECT a.id, a.role, t.plan_id, ${arrivedOn(now, zone)} AS arrived_on
      FROM assignment a
      JOIN task t ON t.id = a.task_id
      JOIN plan p ON p.id = t.plan_id
      WHERE ${unplanned(statuses)}
      ORDER BY a.id
      FOR UPDATE OF a SKIP LOCKED
    ),
    planned AS (
      UPDATE assignment x SET ack_due_on = d.ack_due_on
      FROM claim c JOIN deadlines d ON d.plan_id = c.plan_id AND d.arrived_on = c.arrived_on
      WHERE x.id = c.id
      RETURNING x.id, c.role, c.plan_id, c.arrived_on
    ),
    ins AS (
      INSERT INTO reminder (id, assignment_id, kind, offset_working_days, due_on, period_start, fire_at,
                            status, job_id, skipped_reason)
      SELECT gen_random_uuid(), pl.id, s.kind::"ReminderKind", s.o, s.due, s.ps, s.f, s.st::"ReminderStatus",
             s.jp || pl.id || s.js, s.r
      FROM planned pl
      JOIN unnest(${steps.map((s) => s.planId)}::uuid[], ${steps.map((s) => s.arrivedOn)}::date[],
                  ${steps.map((s) => s.kind)}::text[], ${steps.map((s) => s.offsetWorkingDays)}::int[],
                  ${steps.map((s) => s.dueOn)}::date[], ${steps.map((s) => s.periodStart)}::date[],
                  ${steps.map((s) => s.fireAt)}::timestamptz[], ${steps.map((s) => s.status)}::text[],
                  ${steps.map((s) => s.jobId.prefix)}::text[], ${steps.map((s) => s.jobId.suffix)}::text[],
                  ${steps.map((s) => s.skippedReason ?? null)}::text[], ${steps.map((s) => s.leadOnly)}::boolean[])
        AS s(plan_id, arrived_on, kind, o, due, ps, f, st, jp, js, r, lead_only)
        ON s.plan_id = pl.plan_id AND s.arrived_on = pl.arrived_on
      WHERE NOT s.lead_only OR pl.role = 'LEAD'
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM planned)::int AS planned, (SELECT count(*) FROM ins)::int AS reminders`;
}

/**
 * Inserts the acknowledgement reminders of one assignment (an insisted return). A row of the same
 * deadline cancelled by the return is revived; one already sent or skipped is kept.
 */
export function insertAssignmentAckReminders(
  assignmentId: string,
  steps: readonly AckStep[],
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO reminder (id, assignment_id, kind, offset_working_days, due_on, fire_at, status, job_id, skipped_reason)
    SELECT gen_random_uuid(), ${assignmentId}::uuid, s.kind::"ReminderKind", s.o, s.due, s.f, s.st::"ReminderStatus",
           s.jp || ${assignmentId}::text || s.js, s.r
    FROM unnest(${steps.map((s) => s.kind)}::text[], ${steps.map((s) => s.offsetWorkingDays)}::int[],
                ${steps.map((s) => s.dueOn)}::date[], ${steps.map((s) => s.fireAt)}::timestamptz[],
                ${steps.map((s) => s.status)}::text[], ${steps.map((s) => s.jobId.prefix)}::text[],
                ${steps.map((s) => s.jobId.suffix)}::text[], ${steps.map((s) => s.skippedReason ?? null)}::text[])
      AS s(kind, o, due, f, st, jp, js, r)
    ON CONFLICT (assignment_id, kind, offset_working_days, due_on) DO UPDATE
      SET status = EXCLUDED.status, fire_at = EXCLUDED.fire_at, skipped_reason = EXCLUDED.skipped_reason
      WHERE reminder.status = 'CANCELLED'`;
}

/** Cancels the pending acknowledgement reminders of an assignment (acknowledged, returned, removed). */
export function cancelAckReminders(assignmentId: string, reason: string): Prisma.Sql {
  return Prisma.sql`
    UPDATE reminder SET status = 'CANCELLED', skipped_reason = ${reason}
    WHERE assignment_id = ${assignmentId}::uuid AND status = 'PENDING'
      AND kind IN ('ACK_DUE', 'ACK_OVERDUE')`;
}
