import { Prisma } from '../../generated/prisma/client';
import type { EscalationLevel, TaskStatus } from '../../generated/prisma/enums';
import type { WorkSource } from '../../generated/prisma/enums';
import { LocalDate, toDbDate } from '../../common/time/local-date';
import { ONGOING_DUE_ON } from '../plan-policy/plan-policy';
import type { ListSort, TaskListQuery } from './dto/task-list.dto';
import {
  boardLevelSql,
  inPlanSql,
  inSourcesSql,
  OPEN_SQL,
  visibleTaskSql,
} from './supervision.sql';

/** What makes a task part of one list: its predicate on `t`, and what that predicate needs. */
export interface TaskListView {
  where: Prisma.Sql;
  /** Extra joins the predicate needs (per-plan thresholds, expected progress). */
  join?: Prisma.Sql;
  /** `expected_percent` of the lagging list. */
  expected?: Prisma.Sql;
}

/** Open tasks whose deadline has passed. */
export function overdueView(today: LocalDate): TaskListView {
  return { where: Prisma.sql`t.due_on < ${toDbDate(today)}::date AND t.status IN ${OPEN_SQL}` };
}

/** Open tasks due from `today` to `until`, both included. */
export function dueSoonView(today: LocalDate, until: LocalDate): TaskListView {
  return {
    where: Prisma.sql`t.due_on >= ${toDbDate(today)}::date AND t.due_on <= ${toDbDate(until)}::date
        AND t.status IN ${OPEN_SQL}`,
  };
}

/** A (start, deadline) pair of open tasks not yet due, whose expected progress the lagging list needs. */
export interface StartDueRow {
  start: Date;
  due_on: Date;
}

/** The distinct (Shanghai start day, deadline) pairs of the open tasks not yet due. */
export function selectStartDuePairs(
  today: LocalDate,
  planId: string | undefined,
  sources?: WorkSource[],
): Prisma.Sql {
  return Prisma.sql`
      SELECT DISTINCT (t.created_at AT TIME ZONE 'Asia/Shanghai')::date AS start, t.due_on
      FROM task t
      WHERE t.due_on > ${toDbDate(today)}::date AND t.status IN ${OPEN_SQL}
        ${inPlanSql(planId)} ${inSourcesSql(sources)}`;
}

/**
 * Open tasks not yet due whose percent is `gap` points or more below `expected`: the expected
 * progress of each (start, deadline) pair, and each plan's gap, joined as arrays.
 */
export function laggingView(
  today: LocalDate,
  pairs: { starts: LocalDate[]; dues: LocalDate[]; expected: number[] },
  gaps: { planIds: string[]; gapPercents: number[] },
): TaskListView {
  const { starts, dues, expected } = pairs;
  return {
    join: Prisma.sql`
        JOIN unnest(${starts}::date[], ${dues}::date[], ${expected}::int[]) AS x(start, due_on, expected)
          ON x.start = (t.created_at AT TIME ZONE 'Asia/Shanghai')::date AND x.due_on = t.due_on
        JOIN unnest(${gaps.planIds}::uuid[], ${gaps.gapPercents}::int[])
          AS g(plan_id, gap) ON g.plan_id = t.plan_id`,
    where: Prisma.sql`t.due_on > ${toDbDate(today)}::date AND t.status IN ${OPEN_SQL}
        AND t.percent <= x.expected - g.gap`,
    expected: Prisma.sql`x.expected`,
  };
}

/** Open tasks whose last report (or creation) is older than their plan's cutoff. */
export function stalledView(cutoffs: { planIds: string[]; cutoffs: Date[] }): TaskListView {
  return {
    join: Prisma.sql`
        JOIN unnest(${cutoffs.planIds}::uuid[], ${cutoffs.cutoffs}::timestamptz[]) AS s(plan_id, cutoff)
          ON s.plan_id = t.plan_id`,
    where: Prisma.sql`t.status IN ${OPEN_SQL} AND coalesce(t.last_report_at, t.created_at) < s.cutoff`,
  };
}

/** Tasks a department contests and the office has not yet decided. */
export function disputedView(): TaskListView {
  return { where: Prisma.sql`t.status = 'DISPUTED'` };
}

export interface TaskListRow {
  task_id: string;
  plan_id: string;
  plan_title: string;
  source: WorkSource;
  plan_document_number: string | null;
  region_id: string | null;
  region_name: string | null;
  chapter_id: string | null;
  chapter_title: string | null;
  no: number;
  text: string;
  status: TaskStatus;
  due_on: Date | null;
  percent: number;
  created_at: Date;
  last_report_at: Date | null;
  /** The Shanghai day of the last report (or of the creation): per row in SQL, not in luxon. */
  seen_on: Date;
  expected_percent: number | null;
  lead_departments: string[] | null;
  support_departments: string[] | null;
  /** JSON: instants arrive as ISO strings. */
  last_report: { percent: number; narrative: string; at: string; department: string } | null;
  escalation_level: EscalationLevel | null;
  notice_no: string | null;
  dispute: {
    requestId: string;
    departmentName: string;
    reason: string;
    requestedAt: string;
  } | null;
  card: 'YELLOW' | 'RED' | null;
}

/** Who asks and how the page is cut: the caller's scope and board, and the resolved sort. */
export interface TaskListPage {
  /** Departments in the caller's scope (Scope.departmentIds); null = all. */
  scope: string[] | null;
  /** The board the caller reads (boardOfficeOf). */
  office: { regionId: string | null } | null;
  today: LocalDate;
  sort: ListSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/**
 * One page of a supervision list, in three stages so that per-row work follows the filters: the
 * matching tasks (materialized, so that the planner cannot defer a filter behind the details),
 * then their page (with what the card filter and the sort need), then the page's details.
 * Every list shares the query's filters (plan, chapter, department and role, scope, board level,
 * card), sort and row shape; only `view` differs.
 */
export function selectTaskList(
  view: TaskListView,
  q: TaskListQuery,
  { scope, office, today, sort, order: direction, limit, offset }: TaskListPage,
): Prisma.Sql {
  const order = orderBy(sort, direction);
  const level = boardLevelSql(q.regionId, office, q.levels);
  return Prisma.sql`
      WITH base AS MATERIALIZED (
        SELECT t.id, t.plan_id, t.chapter_id, t.no, t.text, t.status, t.due_on, t.percent,
               t.created_at, t.last_report_at, t.source,
               ${view.expected ?? Prisma.sql`NULL::int`} AS expected_percent
        FROM task t
        ${level.join}
        ${view.join ?? Prisma.empty}
        WHERE ${view.where}
          ${inPlanSql(q.planId)}
          ${q.chapterId ? Prisma.sql`AND t.chapter_id = ${q.chapterId}::uuid` : Prisma.empty}
          ${inSourcesSql(q.source)}
          ${assignedSql(q, scope)}
          ${visibleTaskSql(scope)}
          ${level.where}
      ), page AS (
        SELECT x.* FROM (
          SELECT b.*, p.title AS plan_title, p.document_number AS plan_document_number,
                 p.region_id,
                 ${
                   sort === 'department'
                     ? Prisma.sql`(SELECT d.name FROM assignment a JOIN department d ON d.id = a.department_id
                        WHERE a.task_id = b.id AND a.role = 'LEAD' AND a.removed_at IS NULL
                        ORDER BY a.ordinal, d.name LIMIT 1)`
                     : Prisma.sql`NULL::text`
                 } AS lead_first
          FROM base b JOIN plan p ON p.id = b.plan_id
        ) x
        WHERE TRUE ${cardSql(q.level, today)}
        ORDER BY ${order}
        LIMIT ${limit} OFFSET ${offset}
      )
      -- The page's details, each read once per row: the ladder (its highest step and notice) and
      -- the assigned departments each in one aggregate, the rest in scalar subqueries.
      SELECT x.id AS task_id, x.plan_id, x.plan_title, x.source, x.plan_document_number,
             x.region_id, rg.name AS region_name, x.chapter_id, ch.title AS chapter_title,
             x.no, x.text, x.status, x.due_on, x.percent, x.created_at, x.last_report_at,
             (coalesce(x.last_report_at, x.created_at) AT TIME ZONE 'Asia/Shanghai')::date AS seen_on,
             x.expected_percent, ladder.level AS escalation_level,
             CASE
               WHEN ladder.level = 'RED_CARD' THEN 'RED'
               WHEN ladder.level = 'SUPERVISION' THEN 'YELLOW'
               -- A lagging warning is yellow until the deadline; then the overdue ladder speaks.
               WHEN ${laggingWarnedSql(Prisma.raw('x'), today)} THEN 'YELLOW'
             END AS card,
             departments.leads AS lead_departments, departments.supports AS support_departments,
             (SELECT json_build_object('percent', r.percent, 'narrative', r.narrative,
                                       'at', r.created_at, 'department', d.name)
              FROM progress_report r
              JOIN department d ON d.id = r.department_id
              -- The lead's reports: its assignments are read by task (the index the departments
              -- above just read), not one by one by key.
              WHERE r.task_id = x.id
                AND r.assignment_id IN (SELECT a.id FROM assignment a
                                        WHERE a.task_id = x.id AND a.role = 'LEAD')
              ORDER BY r.created_at DESC, r.version DESC
              LIMIT 1) AS last_report,
             ladder.notice_no,
             (SELECT json_build_object('requestId', r.id, 'departmentName', d.name,
                                       'reason', r.reason, 'requestedAt', r.requested_at)
              FROM task_request r JOIN department d ON d.id = r.department_id
              WHERE r.task_id = x.id AND r.kind = 'DISPUTE' AND r.status = 'PENDING'
              ORDER BY r.requested_at LIMIT 1) AS dispute
      FROM page x
      LEFT JOIN region rg ON rg.id = x.region_id
      LEFT JOIN chapter ch ON ch.id = x.chapter_id
      LEFT JOIN LATERAL (
        -- The ladder's highest step (a lagging warning is not a step of the overdue ladder), and
        -- the notice of the highest step that has one.
        SELECT max(e.level) FILTER (WHERE e.level <> 'LAGGING') AS level,
               (array_agg(e.notice_no ORDER BY e.level DESC, e.triggered_at DESC)
                  FILTER (WHERE e.notice_no IS NOT NULL))[1] AS notice_no
        FROM escalation e WHERE e.task_id = x.id AND e.due_on = x.due_on
      ) ladder ON TRUE
      LEFT JOIN LATERAL (
        SELECT array_agg(d.name ORDER BY a.ordinal, d.name) FILTER (WHERE a.role = 'LEAD') AS leads,
               array_agg(d.name ORDER BY a.ordinal, d.name) FILTER (WHERE a.role = 'SUPPORT') AS supports
        FROM assignment a JOIN department d ON d.id = a.department_id
        WHERE a.task_id = x.id AND a.removed_at IS NULL
      ) departments ON TRUE
      ORDER BY ${order}`;
}

/** Whether task `t` has a lagging warning on its current deadline that is not yet due. */
function laggingWarnedSql(t: Prisma.Sql, today: LocalDate): Prisma.Sql {
  return Prisma.sql`(${t}.due_on IS NULL OR ${t}.due_on >= ${toDbDate(today)}::date) AND EXISTS (
      SELECT 1 FROM escalation l WHERE l.task_id = ${t}.id AND l.level = 'LAGGING'
        AND l.due_on = coalesce(${t}.due_on, ${ONGOING_DUE_ON}::date))`;
}

/**
 * The card filter on the page's tasks `x`: red = a red card on the current deadline; yellow = no
 * red card, and a supervision notice or a lagging warning (the card the row shows, see above).
 */
function cardSql(level: TaskListQuery['level'], today: LocalDate): Prisma.Sql {
  if (!level) return Prisma.empty;
  const step = (s: 'RED_CARD' | 'SUPERVISION') =>
    Prisma.sql`EXISTS (SELECT 1 FROM escalation e WHERE e.task_id = x.id AND e.due_on = x.due_on
      AND e.level = ${Prisma.raw(`'${s}'`)})`;
  return level === 'red'
    ? Prisma.sql`AND ${step('RED_CARD')}`
    : Prisma.sql`AND NOT ${step('RED_CARD')}
        AND (${step('SUPERVISION')} OR (${laggingWarnedSql(Prisma.raw('x'), today)}))`;
}

/**
 * The department and role filters: tasks `departmentId` is assigned to in `role`; a role alone
 * means the caller's own departments in that role (any department for the office).
 */
function assignedSql(q: TaskListQuery, scope: string[] | null): Prisma.Sql {
  if (!q.departmentId && !q.role) return Prisma.empty;
  const departments = q.departmentId ? [q.departmentId] : scope;
  return Prisma.sql`AND EXISTS (SELECT 1 FROM assignment f
      WHERE f.task_id = t.id AND f.removed_at IS NULL
        ${departments === null ? Prisma.empty : Prisma.sql`AND f.department_id = ANY(${departments}::uuid[])`}
        ${q.role ? Prisma.sql`AND f.role = ${q.role}::"AssignmentRole"` : Prisma.empty})`;
}

/** A whitelisted ORDER BY over the list's columns, with a stable tie-break. */
function orderBy(sort: ListSort, order: 'asc' | 'desc'): Prisma.Sql {
  // Most overdue = earliest deadline: working days overdue fall as the due date rises.
  const flip = order === 'asc' ? 'DESC' : 'ASC';
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  const column: Record<ListSort, string> = {
    dueOn: `x.due_on ${dir} NULLS LAST`,
    workingDaysOverdue: `x.due_on ${flip} NULLS LAST`,
    no: `x.plan_title ${dir}, x.no ${dir}`,
    percent: `x.percent ${dir}`,
    lastReportAt: `coalesce(x.last_report_at, x.created_at) ${dir}`,
    department: `x.lead_first ${dir} NULLS LAST`,
  };
  return Prisma.raw(`${column[sort]}, x.due_on ASC NULLS LAST, x.no ASC, x.plan_id ASC`);
}
