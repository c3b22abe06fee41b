import { Prisma } from '../../generated/prisma/client';
import { toDbDate, type LocalDate } from '../../common/time/local-date';
import { ONGOING_DUE_ON } from '../plan-policy/plan-policy';
import { OPEN_STATUSES } from '../tasks/task-deadline';

/** A lagging warning just recorded (RETURNING of both inserts below). */
export interface LaggingRow {
  id: string;
  task_id: string;
  reason: 'behind-schedule' | 'no-report';
  percent: number;
  expected: number | null;
  last_seen: Date;
}

/** A distinct (assigned on, due on) pair of open tasks not yet due. */
export interface AssignedDuePairRow {
  start: Date;
  due_on: Date;
}

/** (assigned on, due on) → expected percent, computed in code from the working-day calendar. */
export interface ExpectedProgress {
  start: LocalDate[];
  dueOn: LocalDate[];
  expected: number[];
}

const openStatus = () => Prisma.sql`t.status::text = ANY(${OPEN_STATUSES as string[]}::text[])`;

/**
 * The distinct (assigned on, due on) pairs of the open tasks of `planIds` due after `today`:
 * expected progress depends on these only, so it is computed once per pair, not per task.
 */
export function selectAssignedDuePairs(planIds: string[], today: LocalDate): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT (t.created_at AT TIME ZONE 'Asia/Shanghai')::date AS start, t.due_on
    FROM task t
    WHERE t.plan_id = ANY(${planIds}::uuid[]) AND t.due_on > ${toDbDate(today)}::date
      AND ${openStatus()}`;
}

/**
 * Behind schedule: a LAGGING step for each open task of `planIds` whose reported percent is at
 * least `gapPercent` below the expected progress of its (assigned on, due on) pair; once per
 * task and deadline.
 */
export function insertBehindSchedule(s: {
  planIds: string[];
  now: Date;
  progress: ExpectedProgress;
  gapPercent: number;
}): Prisma.Sql {
  const { start, dueOn, expected } = s.progress;
  return Prisma.sql`
    INSERT INTO escalation (id, task_id, level, due_on, triggered_at)
    SELECT gen_random_uuid(), t.id, 'LAGGING', t.due_on, ${s.now}
    FROM task t
    JOIN unnest(${start}::date[], ${dueOn}::date[], ${expected}::int[]) AS x(start, due_on, expected)
      ON x.start = (t.created_at AT TIME ZONE 'Asia/Shanghai')::date AND x.due_on = t.due_on
    WHERE t.plan_id = ANY(${s.planIds}::uuid[])
      AND ${openStatus()}
      AND t.percent <= x.expected - ${s.gapPercent}
    ON CONFLICT (task_id, level, due_on) DO NOTHING
    RETURNING id, task_id, 'behind-schedule' AS reason,
              (SELECT percent FROM task WHERE id = task_id) AS percent,
              (SELECT x2.expected FROM unnest(${dueOn}::date[], ${expected}::int[]) AS x2(due_on, expected)
               WHERE x2.due_on = escalation.due_on LIMIT 1) AS expected,
              triggered_at AS last_seen`;
}

/**
 * Silent: a LAGGING step for each open task of `planIds`, not yet overdue (or ongoing, recorded
 * under ONGOING_DUE_ON), with no report (or none since assignment) before `silentSince`.
 */
export function insertNoReport(s: {
  planIds: string[];
  now: Date;
  today: LocalDate;
  silentSince: Date;
}): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO escalation (id, task_id, level, due_on, triggered_at)
    SELECT gen_random_uuid(), t.id, 'LAGGING', coalesce(t.due_on, ${ONGOING_DUE_ON}::date), ${s.now}
    FROM task t
    WHERE t.plan_id = ANY(${s.planIds}::uuid[])
      AND ${openStatus()}
      AND (t.due_on IS NULL OR t.due_on >= ${toDbDate(s.today)}::date)
      AND coalesce(t.last_report_at, t.created_at) < ${s.silentSince}
    ON CONFLICT (task_id, level, due_on) DO NOTHING
    RETURNING id, task_id, 'no-report' AS reason,
              (SELECT percent FROM task WHERE id = task_id) AS percent, NULL::int AS expected,
              (SELECT coalesce(last_report_at, created_at) FROM task WHERE id = task_id) AS last_seen`;
}
