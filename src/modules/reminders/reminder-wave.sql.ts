import { Prisma } from '../../generated/prisma/client';
import type { ReminderKind } from '../../generated/prisma/enums';
import type { WaveOutcome, WaveRules } from './reminder-policy';

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
 * Claims the pending reminders due at or before `upTo` (`FOR UPDATE SKIP LOCKED`: a concurrent wave
 * takes the rest), writes each one's outcome as the reminder policy's `rules` decide it (status,
 * `sent_at` when sent, the reason otherwise), and returns the settled reminders with their task,
 * plan and department; a sent one once per liaison who receives it: the department's, and for a
 * collective unit its members' too (and their heads for the kinds that urge the head). Ordered by task number, then assignment ordinal. One statement,
 * however many reminders are due.
 */
export function settleDueReminders(upTo: Date, now: Date, rules: WaveRules): Prisma.Sql {
  const { reasons } = rules;
  return Prisma.sql`
    WITH due AS (
      SELECT r.id FROM reminder r
      WHERE r.status = 'PENDING' AND r.fire_at <= ${upTo}
      ORDER BY r.fire_at, r.id
      FOR UPDATE SKIP LOCKED
    ),
    decided AS (
      SELECT r.id,
             CASE
               WHEN t.status::text <> ALL(${rules.openStatuses as string[]}::text[]) OR a.removed_at IS NOT NULL
                 THEN 'CANCELLED'
               WHEN r.kind = 'DEADLINE_APPROACHING' AND r.due_on < ${rules.today}::date
                 THEN 'DEADLINE_PASSED'
               WHEN r.kind::text = ANY(${rules.ackKinds as string[]}::text[])
                    AND (a.ack_state <> 'PENDING' OR a.ack_due_on IS DISTINCT FROM r.due_on)
                 THEN 'ACKNOWLEDGED'
               WHEN r.kind::text = ANY(${rules.ackKinds as string[]}::text[])
                    AND EXISTS (SELECT 1 FROM reminder o
                                WHERE o.assignment_id = r.assignment_id AND o.due_on = r.due_on
                                  AND o.kind::text = ANY(${rules.ackKinds as string[]}::text[])
                                  AND o.fire_at > r.fire_at AND o.fire_at <= ${upTo})
                 THEN 'SUPERSEDED'
               WHEN r.kind::text <> ALL(${rules.ackKinds as string[]}::text[])
                    AND r.kind <> 'DEADLINE_APPROACHING' AND r.period_start IS NOT NULL
                    AND a.last_report_at >= (r.period_start::timestamp AT TIME ZONE ${rules.zone})
                 THEN 'REPORTED'
               ELSE 'SENT'
             END AS decision
      FROM reminder r
      JOIN due ON due.id = r.id
      JOIN assignment a ON a.id = r.assignment_id
      JOIN task t ON t.id = a.task_id
    ),
    claimed AS (
      UPDATE reminder r
      SET status = (CASE d.decision WHEN 'SENT' THEN 'SENT' WHEN 'CANCELLED' THEN 'CANCELLED'
                    ELSE 'SKIPPED' END)::"ReminderStatus",
          sent_at = CASE WHEN d.decision = 'SENT' THEN ${now}::timestamptz ELSE NULL END,
          skipped_reason = CASE d.decision
            WHEN 'CANCELLED' THEN ${reasons.cancelled}
            WHEN 'DEADLINE_PASSED' THEN ${reasons.deadlinePassed}
            WHEN 'REPORTED' THEN ${reasons.reported}
            WHEN 'ACKNOWLEDGED' THEN ${reasons.acknowledged}
            WHEN 'SUPERSEDED' THEN ${reasons.superseded}
            ELSE NULL END
      FROM decided d
      WHERE r.id = d.id
      RETURNING r.id, r.assignment_id, r.kind, r.fire_at, r.due_on, r.status::text AS outcome
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
    -- The liaisons; for an urging of the head (headUrged kinds), the heads too.
    CROSS JOIN LATERAL (
      SELECT CASE WHEN c.kind::text = ANY(${rules.headUrged as string[]}::text[])
                  THEN ARRAY['LIAISON', 'HEAD'] ELSE ARRAY['LIAISON'] END::"Role"[] AS roles
    ) rr
    LEFT JOIN LATERAL (
      SELECT x.id, x.display_name FROM person x
      WHERE x.department_id = dep.id AND x.active AND x.role = ANY(rr.roles)
      UNION
      SELECT x.id, x.display_name FROM department_group_member m
      JOIN person x ON x.department_id = m.member_id AND x.active AND x.role = ANY(rr.roles)
      WHERE m.group_id = dep.id
    ) pe ON c.outcome = 'SENT'
    ORDER BY t.no, a.ordinal`;
}
