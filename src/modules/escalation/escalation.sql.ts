import { Prisma } from '../../generated/prisma/client';
import { toDbDate, type LocalDate } from '../../common/time/local-date';
import { OPEN_STATUSES } from '../tasks/task-deadline';

/** `(…)` of the open task statuses, for `t.status IN ${OPEN_STATUSES_SQL}`. */
export const OPEN_STATUSES_SQL = Prisma.sql`(${Prisma.join(
  OPEN_STATUSES.map((s) => Prisma.sql`${s}::"TaskStatus"`),
)})`;

/** A step of the overdue ladder (the lagging warning is not one: see lagging.sql.ts). */
export type EscalationLevel = 'URGING' | 'SUPERVISION' | 'RED_CARD';

/** An escalation row just inserted (RETURNING of `insertLadderSteps`). */
export interface LadderStepRow {
  id: string;
  task_id: string;
  level: EscalationLevel;
  due_on: Date;
  superseded: boolean;
}

/**
 * Inserts one ladder step for every task matched by `where` (over `task t`), for the task's current
 * deadline, once: the unique key (task, level, deadline) makes a second insert a no-op, so the
 * sweep, a second instance and the office's hand can never record the same step twice.
 */
export function insertLadderSteps(s: {
  level: EscalationLevel;
  now: Date;
  /** A boolean over `t` saying the step is recorded as superseded (never sent). */
  superseded: Prisma.Sql;
  where: Prisma.Sql;
}): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO escalation (id, task_id, level, due_on, triggered_at, superseded)
    SELECT gen_random_uuid(), t.id, ${s.level}::"EscalationLevel", t.due_on, ${s.now}, ${s.superseded}
    FROM task t
    WHERE ${s.where}
    ON CONFLICT (task_id, level, due_on) DO NOTHING
    RETURNING id, task_id, level::text AS level, due_on, superseded`;
}

/**
 * The sweep's step: every open task of `planIds` due on or before `dueOnOrBefore`; superseded when
 * also due on or before `supersededIfOnOrBefore` (a later step applies, no backlog storm).
 */
export function insertOverdueSteps(s: {
  level: EscalationLevel;
  dueOnOrBefore: LocalDate;
  supersededIfOnOrBefore?: LocalDate;
  planIds: string[];
  now: Date;
}): Prisma.Sql {
  return insertLadderSteps({
    level: s.level,
    now: s.now,
    superseded: s.supersededIfOnOrBefore
      ? Prisma.sql`t.due_on <= ${toDbDate(s.supersededIfOnOrBefore)}::date`
      : Prisma.sql`false`,
    where: Prisma.sql`t.due_on <= ${toDbDate(s.dueOnOrBefore)}::date
      AND t.plan_id = ANY(${s.planIds}::uuid[])
      AND t.status IN ${OPEN_STATUSES_SQL}`,
  });
}

/** Open tasks with a deadline counted by (deadline, plan policy), for `countOpenBeforeSupervision`. */
export interface DueOnPolicyCountRow {
  due_on: Date;
  policy: unknown;
  n: number;
}

/**
 * Open tasks with a deadline whose SUPERVISION step for it is not recorded yet, counted per
 * (deadline, plan policy): what a change of the holiday calendar can still move.
 */
export function countOpenBeforeSupervision(): Prisma.Sql {
  return Prisma.sql`
    SELECT t.due_on, p.policy, count(*)::int AS n
    FROM task t JOIN plan p ON p.id = t.plan_id
    WHERE t.due_on IS NOT NULL AND t.status IN ${OPEN_STATUSES_SQL}
      AND NOT EXISTS (SELECT 1 FROM escalation e
                      WHERE e.task_id = t.id AND e.level = 'SUPERVISION' AND e.due_on = t.due_on)
    GROUP BY t.due_on, p.policy`;
}
