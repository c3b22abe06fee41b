import { Prisma } from '../../generated/prisma/client';
import type { LocalDate } from '../../common/time/local-date';
import type { AckState, AssignmentRole, TaskStatus } from '../../generated/prisma/enums';

/** What the board reads: the caller's departments (null = all) and the office's own level. */
export interface AckBoardFilter {
  departmentIds: string[] | null;
  /** The office's region (null = the top office); the board shows that level's work. */
  officeRegionId: string | null;
  today: LocalDate;
  zone: string;
  /** Rows per list. */
  limit: number;
  /** Task statuses still supervised: a pending assignment of another task does not count. */
  openStatuses: readonly TaskStatus[];
}

/**
 * The current assignments of the office's published work, in scope; a pending one only while its
 * task is supervised (a closed or withdrawn task's acknowledgement no longer matters).
 */
function currentAssignments(f: AckBoardFilter): Prisma.Sql {
  return Prisma.sql`
    SELECT a.*, t.no AS task_no, t.text AS task_text, p.title AS plan_title,
           d.name AS department_name,
           (a.ack_state = 'PENDING' AND a.ack_due_on < ${f.today}::date) AS overdue
    FROM assignment a
    JOIN task t ON t.id = a.task_id
    JOIN plan p ON p.id = t.plan_id
    JOIN department d ON d.id = a.department_id
    WHERE a.removed_at IS NULL AND p.published_at IS NOT NULL
      AND (a.ack_state <> 'PENDING' OR t.status::text = ANY(${f.openStatuses}::text[]))
      AND p.region_id IS NOT DISTINCT FROM ${f.officeRegionId}::uuid
      ${f.departmentIds === null ? Prisma.empty : Prisma.sql`AND a.department_id = ANY(${f.departmentIds}::uuid[])`}`;
}

export interface AckRateRow {
  department_id: string;
  department_name: string;
  total: number;
  on_time: number;
  late: number;
  pending: number;
  overdue: number;
  returned: number;
}

/**
 * Per department: its assignments acknowledged on time (on or before the deadline's Shanghai day;
 * work acknowledged by the migration, which has no deadline, counts as on time), acknowledged late,
 * pending (of which overdue) and returned. One statement; the worst on-time rate first.
 */
export function selectAckRates(f: AckBoardFilter): Prisma.Sql {
  return Prisma.sql`
    WITH cur AS (${currentAssignments(f)}),
    acked AS (
      SELECT *, (ack_due_on IS NULL OR (acked_at AT TIME ZONE ${f.zone})::date <= ack_due_on) AS in_time
      FROM cur
    )
    SELECT department_id, department_name, count(*)::int AS total,
           count(*) FILTER (WHERE ack_state = 'ACKNOWLEDGED' AND in_time)::int AS on_time,
           count(*) FILTER (WHERE ack_state = 'ACKNOWLEDGED' AND NOT in_time)::int AS late,
           count(*) FILTER (WHERE ack_state = 'PENDING')::int AS pending,
           count(*) FILTER (WHERE overdue)::int AS overdue,
           count(*) FILTER (WHERE ack_state = 'RETURNED')::int AS returned
    FROM acked
    GROUP BY department_id, department_name
    ORDER BY count(*) FILTER (WHERE ack_state = 'ACKNOWLEDGED' AND in_time)::float / count(*),
             department_name`;
}

export type AckList = 'pending' | 'overdue' | 'returned';

export interface AckItemRow {
  list: AckList;
  task_id: string;
  task_no: number;
  task_text: string;
  plan_title: string;
  department_id: string;
  department_name: string;
  role: AssignmentRole;
  ack_state: AckState;
  ack_due_on: Date | null;
  overdue: boolean;
  return_reason: string | null;
  returned_at: Date | null;
  created_at: Date;
}

/**
 * The pending (not yet overdue), overdue and returned assignments, at most `limit` of each: the
 * nearest deadline (the oldest return) first.
 */
export function selectAckItems(f: AckBoardFilter): Prisma.Sql {
  return Prisma.sql`
    WITH cur AS (${currentAssignments(f)}),
    listed AS (
      SELECT *, CASE WHEN ack_state = 'RETURNED' THEN 'returned'
                     WHEN overdue THEN 'overdue' ELSE 'pending' END AS list
      FROM cur WHERE ack_state <> 'ACKNOWLEDGED'
    ),
    ranked AS (
      SELECT *, row_number() OVER (PARTITION BY list
                                   ORDER BY returned_at NULLS LAST, ack_due_on NULLS LAST, task_no, department_name) AS n
      FROM listed
    )
    SELECT list, task_id, task_no, task_text, plan_title, department_id, department_name,
           role::text AS role, ack_state::text AS ack_state, ack_due_on, overdue, return_reason,
           returned_at, created_at
    FROM ranked WHERE n <= ${f.limit}
    ORDER BY list, n`;
}
