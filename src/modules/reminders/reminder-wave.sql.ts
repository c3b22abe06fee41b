import { Prisma } from '../../generated/prisma/client';
import type { ReminderKind, TaskStatus } from '../../generated/prisma/enums';
import { fromDbDate } from '../../common/time/local-date';
import type { DueReminder, WaveOutcome } from './reminder-policy';

/** Advisory lock key for reminder waves ("duban-wv"). */
const WAVE_LOCK_KEY = 0x6475_776e;

/**
 * One wave at a time (across instances), until the transaction ends: a wave that overlaps another
 * waits, then finds only what is left, so a person's reminders of one moment are never split over
 * two digests.
 */
export function lockWaves(): Prisma.Sql {
  return Prisma.sql`SELECT pg_advisory_xact_lock(${WAVE_LOCK_KEY})`;
}

export interface DueReminderRow {
  id: string;
  kind: ReminderKind;
  due_on: Date;
  period_start: Date | null;
  task_status: TaskStatus;
  assignment_removed: boolean;
  last_report_at: Date | null;
}

export function dueReminderOf(row: DueReminderRow): DueReminder {
  return {
    kind: row.kind,
    dueOn: fromDbDate(row.due_on),
    periodStart: row.period_start ? fromDbDate(row.period_start) : null,
    taskStatus: row.task_status,
    assignmentRemoved: row.assignment_removed,
    lastReportAt: row.last_report_at,
  };
}

/**
 * Locks the pending reminders due at or before `upTo` (`SKIP LOCKED`: a concurrent wave takes the
 * rest) with what the reminder policy decides their outcome from.
 */
export function selectDueReminders(upTo: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT r.id, r.kind::text AS kind, r.due_on, r.period_start, t.status::text AS task_status,
           a.removed_at IS NOT NULL AS assignment_removed, a.last_report_at
    FROM reminder r
    JOIN assignment a ON a.id = r.assignment_id
    JOIN task t ON t.id = a.task_id
    WHERE r.status = 'PENDING' AND r.fire_at <= ${upTo}
    ORDER BY r.fire_at, r.id
    FOR UPDATE OF r SKIP LOCKED`;
}

export interface SettledReminderRow {
  reminder_id: string;
  outcome: WaveOutcome;
  kind: ReminderKind;
  fire_at: Date;
  due_on: Date;
  task_id: string;
  task_no: number;
  task_text: string;
  plan_id: string;
  plan_title: string;
  department_id: string;
  department_name: string;
  role: 'LEAD' | 'SUPPORT';
  person_id: string | null;
  person_name: string | null;
}

/**
 * Writes each reminder's outcome (status, `sent_at` when sent, the reason otherwise) and returns the
 * settled reminders with their task, plan and department; a sent one once per liaison who receives
 * it: the department's, and for a collective unit its members' too. Ordered by task number, then
 * assignment ordinal.
 */
export function settleReminders(
  decided: readonly { id: string; outcome: WaveOutcome; reason: string | null }[],
  now: Date,
): Prisma.Sql {
  return Prisma.sql`
    WITH claimed AS (
      UPDATE reminder r
      SET status = d.outcome::"ReminderStatus",
          sent_at = CASE WHEN d.outcome = 'SENT' THEN ${now}::timestamptz ELSE NULL END,
          skipped_reason = d.reason
      FROM unnest(${decided.map((d) => d.id)}::uuid[], ${decided.map((d) => d.outcome)}::text[],
                  ${decided.map((d) => d.reason)}::text[]) AS d(id, outcome, reason)
      WHERE r.id = d.id
      RETURNING r.id, r.assignment_id, r.kind, r.fire_at, r.due_on, d.outcome
    )
    SELECT c.id AS reminder_id, c.outcome, c.kind::text AS kind, c.fire_at, c.due_on,
           t.id AS task_id, t.no AS task_no, t.text AS task_text,
           p.id AS plan_id, p.title AS plan_title,
           dep.id AS department_id, dep.name AS department_name, a.role::text AS role,
           pe.id AS person_id, pe.display_name AS person_name
    FROM claimed c
    JOIN assignment a ON a.id = c.assignment_id
    JOIN task t ON t.id = a.task_id
    JOIN plan p ON p.id = t.plan_id
    JOIN department dep ON dep.id = a.department_id
    -- (A UNION of two index lookups: an OR here made the planner compare every reminder with
    -- every liaison.)
    LEFT JOIN LATERAL (
      SELECT x.id, x.display_name FROM person x
      WHERE x.department_id = dep.id AND x.active AND x.role = 'LIAISON'
      UNION
      SELECT x.id, x.display_name FROM department_group_member m
      JOIN person x ON x.department_id = m.member_id AND x.active AND x.role = 'LIAISON'
      WHERE m.group_id = dep.id
    ) pe ON c.outcome = 'SENT'
    ORDER BY t.no, a.ordinal`;
}
