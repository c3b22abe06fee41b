import { Prisma } from '../../generated/prisma/client';
import type { LocalDate } from '../../common/time/local-date';
import { toDbDate } from '../../common/time/local-date';

/**
 * Refreshes the planner's statistics after a large cascade (constant text, no parameters): a
 * national cascade multiplies the task table at once.
 */
export const ANALYZE_CASCADED_TABLES = 'ANALYZE task, assignment, reminder';

/** `AND t.no = ANY(items)` over `task t`, or nothing when every item is cascaded. */
function itemFilter(items: number[] | null): Prisma.Sql {
  return items ? Prisma.sql`AND t.no = ANY(${items}::int[])` : Prisma.empty;
}

/** The open (not withdrawn or closed) tasks of the plan being cascaded, as `task t`. */
function openParentTasks(planId: string, items: number[] | null): Prisma.Sql {
  return Prisma.sql`t.plan_id = ${planId}::uuid AND t.status NOT IN ('WITHDRAWN', 'CLOSED') ${itemFilter(items)}`;
}

/** Per region: its existing child plan of `planId`, if any, and how many tasks a cascade would add. */
export interface CascadePreviewRow {
  region_id: string;
  plan_id: string;
  new_tasks: number;
}

/** For each of `regionIds`: its child plan of `planId` and the chosen open items it lacks. */
export function selectCascadePreview(
  planId: string,
  regionIds: string[],
  items: number[] | null,
): Prisma.Sql {
  return Prisma.sql`
    SELECT r.id AS region_id, cp.id AS plan_id,
           (SELECT count(*)::int FROM task t
            WHERE ${openParentTasks(planId, items)}
              AND NOT EXISTS (SELECT 1 FROM task x WHERE x.plan_id = cp.id AND x.parent_task_id = t.id)) AS new_tasks
    FROM region r
    LEFT JOIN plan cp ON cp.parent_plan_id = ${planId}::uuid AND cp.region_id = r.id
    WHERE r.id = ANY(${regionIds}::uuid[])`;
}

/** A department of the plan (in a role, on these items) without a counterpart in a region. */
export interface UnmappedRow {
  region_id: string;
  department_id: string;
  name: string;
  role: 'LEAD' | 'SUPPORT';
  items: number[];
}

/**
 * Per region of `regionIds`: the departments assigned to the chosen open items of `planId` that
 * have no counterpart (department_counterpart) there, by role, with the items they hold.
 */
export function selectUnmappedDepartments(
  planId: string,
  regionIds: string[],
  items: number[] | null,
): Prisma.Sql {
  return Prisma.sql`
    SELECT r.id AS region_id, d.id AS department_id, d.name, a.role::text AS role,
           array_agg(t.no ORDER BY t.no) AS items
    FROM task t
    JOIN assignment a ON a.task_id = t.id AND a.removed_at IS NULL
    JOIN department d ON d.id = a.department_id
    CROSS JOIN unnest(${regionIds}::uuid[]) AS r(id)
    WHERE ${openParentTasks(planId, items)}
      AND NOT EXISTS (SELECT 1 FROM department_counterpart c
                      WHERE c.department_id = a.department_id AND c.region_id = r.id)
    GROUP BY r.id, d.id, d.name, a.role
    ORDER BY r.id, a.role, d.name`;
}

/**
 * One child plan of `planId` per region that has none yet (a copy of its title, prefixed with
 * the region's name, and of its policy), published at `publishedAt` or a draft (null).
 */
export function insertChildPlans(
  planId: string,
  regionIds: string[],
  now: Date,
  publishedAt: Date | null,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO plan (id, title, content_hash, version, source_name, default_due_on, policy, warnings,
                      imported_at, published_at, region_id, parent_plan_id)
    SELECT gen_random_uuid(), r.name || ':' || p.title, 'cascade-' || p.id || '-' || r.id, 1, p.source_name,
           p.default_due_on, p.policy, '[]'::jsonb, ${now}::timestamptz,
           ${publishedAt}::timestamptz, r.id, p.id
    FROM plan p CROSS JOIN region r
    WHERE p.id = ${planId}::uuid AND r.id = ANY(${regionIds}::uuid[])
    ON CONFLICT (parent_plan_id, region_id) DO NOTHING`;
}

/** `(id, region_id)` of the child plans of `planId` in `regionIds`: a sub-select for the rest. */
export function childPlansOf(planId: string, regionIds: string[]): Prisma.Sql {
  return Prisma.sql`SELECT id, region_id FROM plan
    WHERE parent_plan_id = ${planId}::uuid AND region_id = ANY(${regionIds}::uuid[])`;
}

/** Copies the chapters of `planId` into each child plan (`childPlans`, from `childPlansOf`). */
export function insertChildChapters(planId: string, childPlans: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO chapter (id, plan_id, ordinal, title)
    SELECT gen_random_uuid(), cp.id, c.ordinal, c.title
    FROM chapter c CROSS JOIN (${childPlans}) cp
    WHERE c.plan_id = ${planId}::uuid
    ON CONFLICT (plan_id, ordinal) DO NOTHING`;
}

/** Copies the sections of `planId` into each child plan, under the copies of their chapters. */
export function insertChildSections(planId: string, childPlans: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO section (id, plan_id, chapter_id, ordinal, title)
    SELECT gen_random_uuid(), cp.id, cc.id, s.ordinal, s.title
    FROM section s
    JOIN chapter pc ON pc.id = s.chapter_id
    CROSS JOIN (${childPlans}) cp
    JOIN chapter cc ON cc.plan_id = cp.id AND cc.ordinal = pc.ordinal
    WHERE s.plan_id = ${planId}::uuid
    ON CONFLICT (plan_id, ordinal) DO NOTHING`;
}

/**
 * Copies the chosen open items of `planId` as tasks of each child plan that lacks them, linked to
 * their parent task, with the earlier deadline of `overrides` (then stated) or the parent's own.
 */
export function insertChildTasks(s: {
  planId: string;
  childPlans: Prisma.Sql;
  items: number[] | null;
  overrides: { no: number; dueOn: LocalDate }[];
  now: Date;
}): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO task (id, plan_id, chapter_id, section_id, no, text, due_on, due_source, deadlines, targets,
                      leaders, parent_task_id, created_at, updated_at)
    SELECT gen_random_uuid(), cp.id, cc.id, cs.id, t.no, t.text, coalesce(o.due, t.due_on),
           CASE WHEN o.due IS NULL THEN t.due_source ELSE 'STATED'::"DueSource" END,
           t.deadlines, t.targets, '{}', t.id, ${s.now}::timestamptz, ${s.now}::timestamptz
    FROM task t
    CROSS JOIN (${s.childPlans}) cp
    LEFT JOIN chapter pc ON pc.id = t.chapter_id
    LEFT JOIN chapter cc ON cc.plan_id = cp.id AND cc.ordinal = pc.ordinal
    LEFT JOIN section ps ON ps.id = t.section_id
    LEFT JOIN section cs ON cs.plan_id = cp.id AND cs.ordinal = ps.ordinal
    LEFT JOIN unnest(${s.overrides.map((o) => o.no)}::int[], ${s.overrides.map((o) => toDbDate(o.dueOn))}::date[])
      AS o(no, due) ON o.no = t.no
    WHERE ${openParentTasks(s.planId, s.items)}
      AND NOT EXISTS (SELECT 1 FROM task x WHERE x.plan_id = cp.id AND x.parent_task_id = t.id)
    ON CONFLICT (plan_id, no) DO NOTHING`;
}

/**
 * Assigns each child task to the counterparts, in its region, of its parent task's departments.
 * Two departments above with one counterpart below are one assignment, led if either leads.
 */
export function insertChildAssignments(
  planId: string,
  childPlans: Prisma.Sql,
  items: number[] | null,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO assignment (id, task_id, department_id, role, ordinal)
    SELECT gen_random_uuid(), ct.id, c.counterpart_id, a.role, a.ordinal
    FROM (${childPlans}) cp
    JOIN task ct ON ct.plan_id = cp.id
    JOIN task t ON t.id = ct.parent_task_id
    JOIN assignment a ON a.task_id = t.id AND a.removed_at IS NULL
    JOIN department_counterpart c ON c.department_id = a.department_id AND c.region_id = cp.region_id
    WHERE t.plan_id = ${planId}::uuid ${itemFilter(items)}
    ORDER BY a.role, a.ordinal
    ON CONFLICT (task_id, department_id) DO NOTHING`;
}

/** How many child plans `childPlans` holds (`{ n }`). */
export function countChildPlans(childPlans: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS n FROM (${childPlans}) cp`;
}
