import { Prisma } from '../../generated/prisma/client';
import type {
  AssignmentRole,
  OnBehalfChannel,
  TaskStatus,
  WorkSource,
} from '../../generated/prisma/enums';
import type { LedgerQuery } from './dto/export.dto';
import { inPlanSql, inSourcesSql, visibleDepartmentSql } from './supervision.sql';

export interface LedgerDbRow {
  plan_id: string;
  plan_title: string;
  source: WorkSource;
  document_number: string | null;
  region_name: string | null;
  chapter_title: string | null;
  task_id: string;
  no: number;
  text: string;
  status: TaskStatus;
  due_on: Date | null;
  closed_at: Date | null;
  ordinal: number;
  department_id: string;
  department_name: string;
  role: AssignmentRole;
  percent: number;
  report_at: Date | null;
  report_percent: number | null;
  report_narrative: string | null;
  /** 代报: how the office received the last report (null = the department filed it). */
  report_on_behalf: OnBehalfChannel | null;
  notices: { level: string; notice_no: string | null; at: Date }[] | null;
}

/** Where the previous batch ended: the ledger's order key of its last row. */
export interface LedgerCursor {
  planId: string;
  no: number;
  ordinal: number;
  departmentId: string;
}

/**
 * One batch of the ledger: current assignments of tasks not withdrawn, in order (plan, item number,
 * lead before supporting) after `after`, each with the department's last report and the notices
 * of the task's current deadline.
 */
export function selectLedgerBatch(
  q: LedgerQuery,
  scope: string[] | null,
  after: LedgerCursor | null,
  batch: number,
): Prisma.Sql {
  const cursor = after
    ? Prisma.sql`AND (t.plan_id, t.no, a.ordinal, a.department_id) >
            (${after.planId}::uuid, ${after.no}::int, ${after.ordinal}::int, ${after.departmentId}::uuid)`
    : Prisma.empty;
  return Prisma.sql`
        SELECT t.plan_id, p.title AS plan_title, t.source, p.document_number,
               (SELECT rg.name FROM region rg WHERE rg.id = p.region_id) AS region_name,
               ch.title AS chapter_title, t.id AS task_id, t.no,
               t.text, t.status, t.due_on, t.closed_at, a.ordinal, a.department_id,
               d.name AS department_name, a.role, a.percent,
               lr.created_at AS report_at, lr.percent AS report_percent, lr.narrative AS report_narrative,
               lr.on_behalf_channel AS report_on_behalf, notices.list AS notices
        FROM assignment a
        JOIN task t ON t.id = a.task_id
        JOIN plan p ON p.id = t.plan_id
        LEFT JOIN chapter ch ON ch.id = t.chapter_id
        JOIN department d ON d.id = a.department_id
        LEFT JOIN LATERAL (
          SELECT r.created_at, r.percent, r.narrative, r.on_behalf_channel FROM progress_report r
          WHERE r.assignment_id = a.id ORDER BY r.created_at DESC, r.version DESC LIMIT 1
        ) lr ON TRUE
        LEFT JOIN LATERAL (
          SELECT json_agg(json_build_object('level', e.level, 'notice_no', e.notice_no, 'at', e.triggered_at)
                          ORDER BY e.triggered_at, e.level) AS list
          FROM escalation e
          WHERE e.task_id = t.id AND e.due_on = coalesce(t.due_on, '9999-12-31'::date) AND NOT e.superseded
        ) notices ON TRUE
        WHERE a.removed_at IS NULL AND t.status <> 'WITHDRAWN'
          ${inPlanSql(q.planId)}
          ${inSourcesSql(q.source)}
          ${q.departmentId ? Prisma.sql`AND a.department_id = ${q.departmentId}::uuid` : Prisma.empty}
          ${visibleDepartmentSql(scope, 'a.department_id')}
          ${cursor}
        ORDER BY t.plan_id, t.no, a.ordinal, a.department_id
        LIMIT ${batch}`;
}
