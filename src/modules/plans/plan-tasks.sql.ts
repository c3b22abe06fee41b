import { Prisma } from '../../generated/prisma/client';

/**
 * Set-based inserts of a plan's outline, tasks and assignments: one statement per table, the rows
 * passed as parallel arrays and spread with `unnest`.
 */

export interface OutlineRow {
  id: string;
  ordinal: number;
  title: string;
}

export interface SectionRow extends OutlineRow {
  chapterId: string;
}

/** The columns of a task that an import writes (JSON columns already serialised). */
export interface TaskColumns {
  text: string;
  dueOn: string | null;
  dueSource: string;
  deadlines: string;
  targets: string;
  /** A JSON array of strings, stored as text[]. */
  leaders: string;
  chapterId: string | null;
  sectionId: string | null;
}

export interface TaskRow extends TaskColumns {
  id: string;
  no: number;
}

export interface AssignmentRow {
  id: string;
  taskId: string;
  departmentId: string;
  role: 'LEAD' | 'SUPPORT';
  ordinal: number;
}

export function insertChapters(planId: string, rows: OutlineRow[]): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO chapter (id, plan_id, ordinal, title)
    SELECT id, ${planId}::uuid, o, t FROM unnest(${rows.map((c) => c.id)}::uuid[], ${rows.map((c) => c.ordinal)}::int[], ${rows.map((c) => c.title)}::text[]) AS x(id, o, t)`;
}

export function insertSections(planId: string, rows: SectionRow[]): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO section (id, plan_id, chapter_id, ordinal, title)
    SELECT id, ${planId}::uuid, c, o, t FROM unnest(${rows.map((s) => s.id)}::uuid[], ${rows.map((s) => s.chapterId)}::uuid[], ${rows.map((s) => s.ordinal)}::int[], ${rows.map((s) => s.title)}::text[]) AS x(id, c, o, t)`;
}

/** New tasks of `planId`, created and updated at `now`. */
export function insertTasks(planId: string, rows: TaskRow[], now: Date): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO task (id, plan_id, chapter_id, section_id, no, text, due_on, due_source, deadlines, targets, leaders,
                      created_at, updated_at)
    SELECT id, ${planId}::uuid, c, s, no, txt, due::date, src::"DueSource", dl::jsonb, tg::jsonb,
           ARRAY(SELECT jsonb_array_elements_text(ld::jsonb)), ${now}::timestamptz, ${now}::timestamptz
    FROM unnest(
      ${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.chapterId)}::uuid[], ${rows.map((r) => r.sectionId)}::uuid[],
      ${rows.map((r) => r.no)}::int[], ${rows.map((r) => r.text)}::text[],
      ${rows.map((r) => r.dueOn)}::text[], ${rows.map((r) => r.dueSource)}::text[],
      ${rows.map((r) => r.deadlines)}::text[], ${rows.map((r) => r.targets)}::text[],
      ${rows.map((r) => r.leaders)}::text[]
    ) AS x(id, c, s, no, txt, due, src, dl, tg, ld)`;
}

export function insertAssignments(rows: AssignmentRow[]): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO assignment (id, task_id, department_id, role, ordinal)
    SELECT id, t, d, r::"AssignmentRole", o FROM unnest(
      ${rows.map((x) => x.id)}::uuid[], ${rows.map((x) => x.taskId)}::uuid[],
      ${rows.map((x) => x.departmentId)}::uuid[], ${rows.map((x) => x.role)}::text[],
      ${rows.map((x) => x.ordinal)}::int[]
    ) AS x(id, t, d, r, o)`;
}
