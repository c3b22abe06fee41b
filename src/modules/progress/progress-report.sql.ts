import type { LocalDate } from '../../common/time/local-date';
import type { AssignmentRole, OnBehalfChannel, TaskStatus } from '../../generated/prisma/enums';
import { PREPARED_TEXT } from '../../infra/prisma/prisma.service';
import type { FirstReportMove } from '../tasks/tasks.service';

/** A progress report to write (ProgressService.report). */
export interface ReportWrite {
  taskId: string;
  /** The reporting department: its live assignment on the task is the one reported on. */
  departmentId: string;
  authorId: string;
  /** The assignment's report version the author read. */
  version: number;
  percent: number;
  narrative: string;
  at: Date;
  /** 代报: the office person who entered it, how and when it was received. */
  onBehalf?: { enteredById: string; channel: OnBehalfChannel; receivedOn: LocalDate } | null;
  /** A deputy's report (委托): the person they acted for (the author is the deputy). */
  actingForId?: string | null;
}

/** The rules and texts the statement applies, passed as parameters (none is spelled in the SQL). */
export interface ReportRules {
  /** The move of a lead's first report, from the tasks module (the writer of task status). */
  firstReport: FirstReportMove;
  /** The audit action of the report itself. */
  reportedAction: string;
  /** The audit action of a report the office entered on the department's behalf (代报). */
  onBehalfAction: string;
  /** The status in which a task takes no more reports. */
  closedStatus: TaskStatus;
}

/** What the statement answers: null columns name what refused the report. */
export interface ReportRow {
  /** The caller's department's role on the task; null when it is not assigned. */
  role: AssignmentRole | null;
  /** The task's status; null when there is no such task. */
  status: TaskStatus | null;
  /** The report written; null when nothing was (closed task, or a stale version). */
  report_id: string | null;
  version: number | null;
  created_at: Date | null;
}

/**
 * The progress report's one statement, a constant text with numbered parameters so that it is
 * prepared once per connection and each value is sent once (build them with `recordReportArgs`):
 *
 *   $1 task, $2 department, $3 author, $4 version read, $5 percent, $6 narrative, $7 report time,
 *   $8–$10 the audit stamp (time, request id, source IP), $11/$12 the first report's moves (from
 *   and to states, text[] of the same length), $13/$14 the status change's audit action and
 *   reason, $15 the report's audit action, $16 the closed status, $17–$19 a report entered on the
 *   department's behalf (the office person, the channel, the date received; null otherwise), $20
 *   the person a deputy acted for (null otherwise).
 *
 * 1. the caller's department's live assignment on the task;
 * 2. the task row, locked until commit and refused when closed. A lead's report will write the
 *    task (NO KEY UPDATE, taken up front so that two leads never deadlock upgrading a share
 *    lock); a supporting department's only needs the task to stay open until it commits (SHARE).
 *    A closure decided meanwhile waits for this report, and sees it;
 * 3. the assignment's version check and bump, as one UPDATE: of two reports on the same version,
 *    the second waits on the row lock, re-reads the bumped version and matches nothing. A report on
 *    work still pending acknowledgement (签收) acknowledges it: reporting is taking it on (the
 *    report's audit record says `acknowledged: true`);
 * 4. the report row;
 * 5. for a lead, the task's percent and last report, and the first report's move when the task
 *    is in one of its `from` states (the `to` at the same position; no move otherwise);
 * 6. the audit records (the status change, then the report), stamped like AuditService.record.
 */
export const RECORD_REPORT_SQL = `${PREPARED_TEXT}
WITH a AS (
  SELECT id, role, department_id, ack_state FROM assignment
  WHERE task_id = $1::uuid AND department_id = $2::uuid AND removed_at IS NULL
),
lead_lock AS (
  SELECT id, status FROM task
  WHERE id = $1::uuid AND EXISTS (SELECT 1 FROM a WHERE a.role = 'LEAD')
  FOR NO KEY UPDATE
),
support_lock AS (
  SELECT id, status FROM task
  WHERE id = $1::uuid AND EXISTS (SELECT 1 FROM a WHERE a.role = 'SUPPORT')
  FOR SHARE
),
t AS (SELECT * FROM lead_lock UNION ALL SELECT * FROM support_lock),
bump AS (
  UPDATE assignment
  SET report_version = report_version + 1, percent = $5::int, last_report_at = $7::timestamptz,
      ack_state = CASE WHEN assignment.ack_state = 'PENDING' THEN 'ACKNOWLEDGED'::"AckState" ELSE assignment.ack_state END,
      acked_at = CASE WHEN assignment.ack_state = 'PENDING' THEN $7::timestamptz ELSE assignment.acked_at END,
      acked_by_id = CASE WHEN assignment.ack_state = 'PENDING' THEN $3::uuid ELSE assignment.acked_by_id END,
      acked_acting_for_id = CASE WHEN assignment.ack_state = 'PENDING' THEN $20::uuid
                                 ELSE assignment.acked_acting_for_id END
  FROM a, t
  WHERE assignment.id = a.id AND assignment.report_version = $4::int
    AND t.status <> $16::"TaskStatus"
  RETURNING assignment.id, assignment.role, assignment.department_id, assignment.report_version
),
report AS (
  INSERT INTO progress_report
    (assignment_id, task_id, department_id, author_id, version, percent, narrative, created_at,
     entered_by_id, on_behalf_channel, received_on, acting_for_id)
  SELECT bump.id, $1::uuid, bump.department_id, $3::uuid, bump.report_version, $5::int, $6::text,
         $7::timestamptz, $17::uuid, $18::"OnBehalfChannel", $19::date, $20::uuid
  FROM bump
  RETURNING id, version, created_at
),
moved AS (
  UPDATE task
  SET percent = $5::int, last_report_at = $7::timestamptz, updated_at = $7::timestamptz,
      status = COALESCE(move.to_status::"TaskStatus", task.status)
  FROM bump, t,
       LATERAL (SELECT ($12::text[])[array_position($11::text[], t.status::text)] AS to_status) move
  WHERE task.id = $1::uuid AND bump.role = 'LEAD'
  RETURNING t.status::text AS from_status, move.to_status
),
audit AS (
  INSERT INTO audit_event
    (at, actor_id, action, entity_type, entity_id, data, before, after, request_id, source_ip)
  SELECT $8::timestamptz, $3::uuid, e.action, 'task', $1::uuid::text, e.data, e.before, e.after,
         $9::text, $10::text
  FROM (
    SELECT 1 AS n, $13::text AS action,
           jsonb_build_object('taskId', $1::uuid::text, 'from', moved.from_status,
                              'to', moved.to_status, 'reason', $14::text) AS data,
           jsonb_build_object('status', moved.from_status) AS before,
           jsonb_build_object('status', moved.to_status) AS after
    FROM moved WHERE moved.to_status IS NOT NULL
    UNION ALL
    SELECT 2, $15::text,
           jsonb_build_object('reportId', report.id, 'assignmentId', bump.id,
                              'departmentId', bump.department_id, 'role', bump.role,
                              'version', bump.report_version, 'percent', $5::int,
                              'acknowledged', a.ack_state = 'PENDING')
           || jsonb_strip_nulls(jsonb_build_object('onBehalfChannel', $18::text,
                                                   'receivedOn', $19::text,
                                                   'actingForId', $20::text,
                                                   'actingFor', (SELECT display_name FROM person
                                                                 WHERE id = $20::uuid))),
           NULL, NULL
    FROM report, bump, a
    ORDER BY n
  ) e
)
SELECT a.role, t.status, report.id AS report_id, report.version, report.created_at
FROM (SELECT 1) one
LEFT JOIN a ON true
LEFT JOIN t ON true
LEFT JOIN report ON true`;

/** RECORD_REPORT_SQL's parameters, in their order. */
export function recordReportArgs(
  r: ReportWrite,
  stamp: { at: Date; requestId: string | null; sourceIp: string | null },
  rules: ReportRules,
): unknown[] {
  const { moves, auditAction, auditReason } = rules.firstReport;
  return [
    r.taskId,
    r.departmentId,
    r.authorId,
    r.version,
    r.percent,
    r.narrative,
    r.at,
    stamp.at,
    stamp.requestId,
    stamp.sourceIp,
    moves.map((m) => m.from),
    moves.map((m) => m.to),
    auditAction,
    auditReason,
    r.onBehalf ? rules.onBehalfAction : rules.reportedAction,
    rules.closedStatus,
    r.onBehalf?.enteredById ?? null,
    r.onBehalf?.channel ?? null,
    r.onBehalf?.receivedOn ?? null,
    r.actingForId ?? null,
  ];
}
