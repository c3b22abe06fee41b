import { Prisma } from '../../generated/prisma/client';
import type { TaskColumns } from './plan-tasks.sql';

/** Set-based updates of a revision: changed tasks, assignments taken up again or let go. */

/** Rewrites changed tasks in place (their reports and status stay). */
export function updateTasks(rows: (TaskColumns & { id: string })[], now: Date): Prisma.Sql {
  return Prisma.sql`
    UPDATE task t SET text = x.txt, due_on = x.due::date, due_source = x.src::"DueSource",
           deadlines = x.dl::jsonb, targets = x.tg::jsonb,
           leaders = ARRAY(SELECT jsonb_array_elements_text(x.ld::jsonb)),
           chapter_id = x.c, section_id = x.s,
           updated_at = ${now}
    FROM unnest(
      ${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.text)}::text[], ${rows.map((r) => r.dueOn)}::text[],
      ${rows.map((r) => r.dueSource)}::text[], ${rows.map((r) => r.deadlines)}::text[], ${rows.map((r) => r.targets)}::text[],
      ${rows.map((r) => r.leaders)}::text[], ${rows.map((r) => r.chapterId)}::uuid[], ${rows.map((r) => r.sectionId)}::uuid[]
    ) AS x(id, txt, due, src, dl, tg, ld, c, s)
    WHERE t.id = x.id`;
}

export interface ReactivatedAssignment {
  id: string;
  role: 'LEAD' | 'SUPPORT';
  ordinal: number;
}

/** Assignments a revision names again (or in another role or place): live, with that role and place. */
export function reactivateAssignments(rows: ReactivatedAssignment[]): Prisma.Sql {
  return Prisma.sql`
    UPDATE assignment a SET removed_at = NULL, role = x.r::"AssignmentRole", ordinal = x.o
    FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.role)}::text[], ${rows.map((r) => r.ordinal)}::int[]) AS x(id, r, o)
    WHERE a.id = x.id`;
}

/** Assignments a revision no longer names: marked removed at `now`, not deleted (their reports stay). */
export function removeAssignments(ids: string[], now: Date): Prisma.Sql {
  return Prisma.sql`
    UPDATE assignment SET removed_at = ${now} WHERE id = ANY(${ids}::uuid[])`;
}
