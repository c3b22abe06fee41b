import { Prisma } from '../../generated/prisma/client';

/** An assignment notice with what its document prints about the office, container and department. */
export interface NoticeHeadRow {
  id: string;
  number: string;
  region_id: string | null;
  region_name: string | null;
  department_id: string;
  department_name: string;
  issued_at: Date;
  plan_title: string;
  plan_document_number: string | null;
  plan_source: string;
  plan_policy: unknown;
}

export function selectNoticeHead(noticeId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT n.id, n.number, n.region_id, r.name AS region_name, n.department_id,
           d.name AS department_name, n.issued_at, p.title AS plan_title,
           p.document_number AS plan_document_number, p.source::text AS plan_source,
           p.policy AS plan_policy
    FROM assignment_notice n
    JOIN department d ON d.id = n.department_id
    JOIN plan p ON p.id = n.plan_id
    LEFT JOIN region r ON r.id = n.region_id
    WHERE n.id = ${noticeId}::uuid`;
}

/** A task of a notice, with its current lead and supporting departments. */
export interface NoticeTaskRow {
  task_id: string;
  no: number;
  text: string;
  due_on: Date | null;
  role: 'LEAD' | 'SUPPORT';
  ack_due_on: Date | null;
  leads: string[];
  supports: string[];
}

export function selectNoticeTasks(noticeId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT t.id AS task_id, t.no, t.text, t.due_on, i.role::text AS role, a.ack_due_on,
           COALESCE(array_agg(d.name ORDER BY o.ordinal) FILTER (WHERE o.role = 'LEAD'), '{}') AS leads,
           COALESCE(array_agg(d.name ORDER BY o.ordinal) FILTER (WHERE o.role = 'SUPPORT'), '{}') AS supports
    FROM assignment_notice_item i
    JOIN task t ON t.id = i.task_id
    JOIN assignment a ON a.id = i.assignment_id
    LEFT JOIN assignment o ON o.task_id = t.id AND o.removed_at IS NULL
    LEFT JOIN department d ON d.id = o.department_id
    WHERE i.notice_id = ${noticeId}::uuid
    GROUP BY t.id, t.no, t.text, t.due_on, i.role, a.ack_due_on
    ORDER BY t.no`;
}

/** The office's contact people: the active supervision staff of a region (null = the top office). */
export function selectOfficeContacts(regionId: string | null): Prisma.Sql {
  return Prisma.sql`
    SELECT display_name, phone FROM person
    WHERE role = 'SUPERVISOR' AND active
      AND region_id IS NOT DISTINCT FROM ${regionId}::uuid
    ORDER BY display_name LIMIT 3`;
}

/** A supervision step (督办单) with its task and plan. */
export interface SupervisionNoticeRow {
  escalation_id: string;
  notice_no: string;
  due_on: Date;
  triggered_at: Date;
  task_id: string;
  no: number;
  text: string;
  plan_title: string;
  region_id: string | null;
  region_name: string | null;
  leads: string[];
}

const SUPERVISION_NOTICE = Prisma.sql`
    SELECT e.id AS escalation_id, e.notice_no, e.due_on, e.triggered_at, t.id AS task_id, t.no, t.text,
           p.title AS plan_title, p.region_id, r.name AS region_name,
           COALESCE((SELECT array_agg(d.name ORDER BY a.ordinal) FROM assignment a
                     JOIN department d ON d.id = a.department_id
                     WHERE a.task_id = t.id AND a.role = 'LEAD' AND a.removed_at IS NULL), '{}') AS leads
    FROM escalation e
    JOIN task t ON t.id = e.task_id
    JOIN plan p ON p.id = t.plan_id
    LEFT JOIN region r ON r.id = p.region_id`;

/** The 督办单 of one supervision step. */
export function selectSupervisionNotice(escalationId: string): Prisma.Sql {
  return Prisma.sql`${SUPERVISION_NOTICE}
    WHERE e.id = ${escalationId}::uuid AND e.level = 'SUPERVISION' AND e.notice_no IS NOT NULL`;
}

/** A task's 督办单, newest first. */
export function selectTaskSupervisionNotices(taskId: string): Prisma.Sql {
  return Prisma.sql`${SUPERVISION_NOTICE}
    WHERE e.task_id = ${taskId}::uuid AND e.level = 'SUPERVISION' AND e.notice_no IS NOT NULL
    ORDER BY e.triggered_at DESC, e.due_on DESC`;
}

/** A task's assignment notices covering departments in scope (null = every department). */
export interface TaskNoticeRow {
  id: string;
  number: string;
  department_id: string;
  department_name: string;
  role: 'LEAD' | 'SUPPORT';
  issued_at: Date;
}

export function selectTaskNotices(taskId: string, departmentIds: string[] | null): Prisma.Sql {
  const scope =
    departmentIds === null
      ? Prisma.empty
      : Prisma.sql`AND n.department_id = ANY(${departmentIds}::uuid[])`;
  return Prisma.sql`
    SELECT n.id, n.number, n.department_id, d.name AS department_name, i.role::text AS role, n.issued_at
    FROM assignment_notice_item i
    JOIN assignment_notice n ON n.id = i.notice_id
    JOIN department d ON d.id = n.department_id
    WHERE i.task_id = ${taskId}::uuid ${scope}
    ORDER BY n.issued_at, n.seq`;
}
