import { Prisma } from '../../generated/prisma/client';

/** One issuer of assignment notices at a time (a pass is short; a second caller waits, then finds the rest). */
const ISSUE_LOCK_KEY = 0x6475_6e74;

export function lockNoticeIssuing(): Prisma.Sql {
  return Prisma.sql`SELECT pg_advisory_xact_lock(${ISSUE_LOCK_KEY})`;
}

/** An assignment whose notice is not yet issued, with what its notice says about its task. */
export interface PendingAssignmentRow {
  assignment_id: string;
  task_id: string;
  department_id: string;
  department_name: string;
  role: 'LEAD' | 'SUPPORT';
  no: number;
  text: string;
  due_on: Date | null;
  ack_due_on: Date | null;
  plan_id: string;
  plan_title: string;
  plan_policy: unknown;
  region_id: string | null;
}

/**
 * The assignments of published plans that no notice covers yet (not removed), of at most
 * `maxGroups` (plan, department) pairs, whole pairs only, so that one batch of work reaching a
 * department is one notice. In numbering order: office, plan (oldest first), department name,
 * task number. The pending rows are carried as ids only until the pairs are chosen: with each
 * task's text they spilled their sorts to disk (a national cascade's 286,000).
 */
export function selectPendingAssignments(maxGroups: number): Prisma.Sql {
  return Prisma.sql`
    WITH pending AS (
      SELECT a.id, a.department_id, t.plan_id
      FROM assignment a
      JOIN task t ON t.id = a.task_id
      JOIN plan p ON p.id = t.plan_id
      WHERE a.noticed_at IS NULL AND a.removed_at IS NULL AND p.published_at IS NOT NULL
    ), groups AS (
      SELECT DISTINCT plan_id, department_id FROM pending
      ORDER BY plan_id, department_id LIMIT ${maxGroups}
    )
    SELECT a.id AS assignment_id, a.task_id, a.department_id, d.name AS department_name,
           a.role::text AS role, t.no, t.text, t.due_on, a.ack_due_on,
           p.id AS plan_id, p.title AS plan_title, p.policy AS plan_policy, p.region_id
    FROM pending x
    JOIN groups g ON g.plan_id = x.plan_id AND g.department_id = x.department_id
    JOIN assignment a ON a.id = x.id
    JOIN task t ON t.id = a.task_id
    JOIN plan p ON p.id = x.plan_id
    JOIN department d ON d.id = x.department_id
    ORDER BY p.region_id NULLS FIRST, p.imported_at, p.id, d.name, x.department_id, t.no`;
}

export interface NewNotice {
  id: string;
  regionId: string | null;
  year: number;
  seq: number;
  number: string;
  planId: string;
  departmentId: string;
}

export function insertNotices(notices: readonly NewNotice[], issuedAt: Date): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO assignment_notice (id, region_id, year, seq, number, plan_id, department_id, issued_at)
    SELECT id, r, y, s, n, p, d, ${issuedAt}::timestamptz
    FROM unnest(${notices.map((n) => n.id)}::uuid[], ${notices.map((n) => n.regionId)}::uuid[],
                ${notices.map((n) => n.year)}::int[], ${notices.map((n) => n.seq)}::int[],
                ${notices.map((n) => n.number)}::text[], ${notices.map((n) => n.planId)}::uuid[],
                ${notices.map((n) => n.departmentId)}::uuid[]) AS x(id, r, y, s, n, p, d)`;
}

export interface NewNoticeItem {
  noticeId: string;
  assignmentId: string;
  taskId: string;
  role: 'LEAD' | 'SUPPORT';
}

export function insertNoticeItems(items: readonly NewNoticeItem[]): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO assignment_notice_item (notice_id, assignment_id, task_id, role)
    SELECT n, a, t, r::"AssignmentRole"
    FROM unnest(${items.map((i) => i.noticeId)}::uuid[], ${items.map((i) => i.assignmentId)}::uuid[],
                ${items.map((i) => i.taskId)}::uuid[], ${items.map((i) => i.role)}::text[]) AS x(n, a, t, r)`;
}

/** Marks the assignments noticed; only those still unnoticed (the caller checks the count). */
export function markNoticed(assignmentIds: readonly string[], at: Date): Prisma.Sql {
  return Prisma.sql`
    UPDATE assignment SET noticed_at = ${at}::timestamptz
    WHERE id = ANY(${assignmentIds}::uuid[]) AND noticed_at IS NULL`;
}

/** A notice × an active liaison or head of its department (or of the members of a collective unit). */
export interface NoticeRecipientRow {
  notice_id: string;
  person_id: string | null;
  person_name: string | null;
}

/**
 * The recipients of notices `noticeIds`: the liaisons and heads of the department, or of the
 * members of a department group, as the ladder's notices reach them (ladder-messages.sql.ts); one
 * row with a null person when there is none (a visible failed delivery).
 */
export function selectNoticeRecipients(noticeIds: readonly string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT n.id AS notice_id, pe.id AS person_id, pe.display_name AS person_name
    FROM assignment_notice n
    LEFT JOIN LATERAL (
      SELECT x.id, x.display_name FROM person x
      WHERE x.department_id = n.department_id AND x.active AND x.role IN ('LIAISON', 'HEAD')
      UNION
      SELECT x.id, x.display_name FROM department_group_member m
      JOIN person x ON x.department_id = m.member_id AND x.active AND x.role IN ('LIAISON', 'HEAD')
      WHERE m.group_id = n.department_id
    ) pe ON true
    WHERE n.id = ANY(${noticeIds}::uuid[])
    ORDER BY n.seq, pe.display_name`;
}
