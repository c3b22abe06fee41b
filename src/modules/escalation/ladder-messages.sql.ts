import { Prisma } from '../../generated/prisma/client';

/** What every ladder notice says about its task (one row per lead department). */
export interface LadderTaskRow {
  escalation_id: string;
  task_id: string;
  no: number;
  text: string;
  plan_title: string;
  plan_region_id: string | null;
  due_on: Date;
  department_id: string;
  department_name: string;
  notice_no: string | null;
}

/** An urging or supervision step × a liaison or head of its lead department (null: none). */
export interface LeadRecipientRow extends LadderTaskRow {
  level: 'URGING' | 'SUPERVISION';
  plan_id: string;
  plan_policy: unknown;
  person_id: string | null;
  person_name: string | null;
}

/**
 * Urging and supervision steps `escalationIds` × the active liaisons and heads of each lead
 * department, or of the members of a lead department group (one row with a null person when the
 * department has none), by task number and lead order.
 */
export function selectLeadRecipients(escalationIds: string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT e.id AS escalation_id, e.level::text AS level, e.notice_no, t.id AS task_id, t.no, t.text,
           p.id AS plan_id, p.title AS plan_title, p.policy AS plan_policy, p.region_id AS plan_region_id,
           e.due_on, d.id AS department_id,
           d.name AS department_name,
           pe.id AS person_id, pe.display_name AS person_name
    FROM escalation e
    JOIN task t ON t.id = e.task_id
    JOIN plan p ON p.id = t.plan_id
    JOIN assignment a ON a.task_id = t.id AND a.role = 'LEAD' AND a.removed_at IS NULL
    JOIN department d ON d.id = a.department_id
    -- A UNION of two index lookups, as in the reminder wave: an OR here made the planner compare
    -- every escalation with every liaison and head (about 2 ms per escalation with 2,000 of them).
    LEFT JOIN LATERAL (
      SELECT x.id, x.display_name FROM person x
      WHERE x.department_id = d.id AND x.active AND x.role IN ('LIAISON', 'HEAD')
      UNION
      SELECT x.id, x.display_name FROM department_group_member m
      JOIN person x ON x.department_id = m.member_id AND x.active AND x.role IN ('LIAISON', 'HEAD')
      WHERE m.group_id = d.id
    ) pe ON true
    WHERE e.id = ANY(${escalationIds}::uuid[])
    ORDER BY t.no, a.ordinal`;
}

/** A red card × the responsible leader of its lead department (null: none set). */
export interface RedCardRecipientRow extends LadderTaskRow {
  leader_id: string | null;
  leader_name: string | null;
}

/**
 * Red-card steps `escalationIds` × the active responsible leaders (分管领导) of each lead
 * department, with the number of the supervision notice of the same deadline.
 */
export function selectRedCardRecipients(escalationIds: string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT e.id AS escalation_id, t.id AS task_id, t.no, t.text, p.title AS plan_title, e.due_on,
           p.region_id AS plan_region_id,
           d.id AS department_id, d.name AS department_name,
           (SELECT s.notice_no FROM escalation s
            WHERE s.task_id = t.id AND s.level = 'SUPERVISION' AND s.due_on = e.due_on) AS notice_no,
           pe.id AS leader_id, pe.display_name AS leader_name
    FROM escalation e
    JOIN task t ON t.id = e.task_id
    JOIN plan p ON p.id = t.plan_id
    JOIN assignment a ON a.task_id = t.id AND a.role = 'LEAD' AND a.removed_at IS NULL
    JOIN department d ON d.id = a.department_id
    LEFT JOIN leader_department ld ON ld.department_id = d.id
    LEFT JOIN person pe ON pe.id = ld.leader_id AND pe.active
    WHERE e.id = ANY(${escalationIds}::uuid[])
    ORDER BY t.no, a.ordinal`;
}

/** A lagging warning × a liaison or head of its task's lead department (null: none). */
export interface LaggingRecipientRow {
  escalation_id: string;
  task_id: string;
  no: number;
  text: string;
  plan_title: string;
  plan_policy: unknown;
  due_on: Date | null;
  department_id: string;
  department_name: string;
  person_id: string | null;
  person_name: string | null;
}

/**
 * Lagging warnings `escalationIds` × the active liaisons and heads of each lead department (one
 * row with a null person when it has none), by task number and lead order.
 */
export function selectLaggingRecipients(escalationIds: string[]): Prisma.Sql {
  return Prisma.sql`
    SELECT e.id AS escalation_id, t.id AS task_id, t.no, t.text, p.title AS plan_title, p.policy AS plan_policy,
           t.due_on, d.id AS department_id, d.name AS department_name, pe.id AS person_id,
           pe.display_name AS person_name
    FROM escalation e
    JOIN task t ON t.id = e.task_id
    JOIN plan p ON p.id = t.plan_id
    JOIN assignment a ON a.task_id = t.id AND a.role = 'LEAD' AND a.removed_at IS NULL
    JOIN department d ON d.id = a.department_id
    LEFT JOIN person pe ON pe.department_id = d.id AND pe.active AND pe.role IN ('LIAISON', 'HEAD')
    WHERE e.id = ANY(${escalationIds}::uuid[])
    ORDER BY t.no, a.ordinal`;
}
