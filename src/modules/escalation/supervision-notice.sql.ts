import { Prisma } from '../../generated/prisma/client';
import { insertLadderSteps } from './escalation.sql';

/** The task a notice is issued on, locked: its status and current deadline. */
export interface NoticeTaskRow {
  status: string;
  due_on: Date | null;
}

/** Locks the task (`FOR UPDATE`) so that its status and deadline hold until the notice is written. */
export function lockTaskForNotice(taskId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT status::text AS status, due_on FROM task WHERE id = ${taskId}::uuid FOR UPDATE`;
}

/** The SUPERVISION step of one task's current deadline, issued by hand (none if already there). */
export function insertManualSupervisionStep(taskId: string, now: Date): Prisma.Sql {
  return insertLadderSteps({
    level: 'SUPERVISION',
    now,
    superseded: Prisma.sql`false`,
    where: Prisma.sql`t.id = ${taskId}::uuid`,
  });
}

/**
 * Reserves `count` numbers of the year's supervision-notice sequence in one statement; returns the
 * last one reserved (`{ last }`), so the block is `last - count + 1 … last`.
 */
export function reserveNoticeNumbers(year: number, count: number): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO notice_sequence (year, last) VALUES (${year}, ${count})
    ON CONFLICT (year) DO UPDATE SET last = notice_sequence.last + EXCLUDED.last
    RETURNING last`;
}

/** The escalations `ids` in numbering order: by plan, then task number. */
export function selectInNoticeOrder(ids: string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT e.id FROM escalation e JOIN task t ON t.id = e.task_id
    WHERE e.id = ANY(${ids}::uuid[]) ORDER BY t.plan_id, t.no`;
}

/** Writes each escalation's notice number (`ids[i]` gets `numbers[i]`). */
export function setNoticeNumbers(ids: string[], numbers: string[]): Prisma.Sql {
  return Prisma.sql`
    UPDATE escalation e SET notice_no = x.n
    FROM unnest(${ids}::uuid[], ${numbers}::text[]) AS x(id, n)
    WHERE e.id = x.id`;
}
