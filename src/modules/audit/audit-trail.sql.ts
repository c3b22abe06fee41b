import { Prisma } from '../../generated/prisma/client';
import { taskInScopeSql } from '../auth/access-policy.sql';
import { isUnscoped, type Scope } from '../auth/scope';

export interface AuditEventRow {
  id: bigint;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  actor_username: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  data: unknown;
  before: unknown;
  after: unknown;
  request_id: string | null;
  source_ip: string | null;
}

/** Audit events with their actor's name and username. */
const SELECT = Prisma.sql`
  SELECT e.id, e.at, e.actor_id, p.display_name AS actor_name, p.username AS actor_username,
         e.action, e.entity_type, e.entity_id, e.data, e.before, e.after, e.request_id, e.source_ip
  FROM audit_event e LEFT JOIN person p ON p.id = e.actor_id`;

/**
 * Everything recorded about a task, oldest first: events on the task itself, and events on anything
 * else that names the task in `data.taskId`.
 */
export function selectTaskHistory(taskId: string): Prisma.Sql {
  return Prisma.sql`${SELECT}
      WHERE (e.entity_type = 'task' AND e.entity_id = ${taskId}) OR e.data->>'taskId' = ${taskId}
      ORDER BY e.at, e.id`;
}

/** The task, when it exists (no row otherwise), and whether it is in the caller's scope. */
export function selectTaskInScope(scope: Scope, taskId: string): Prisma.Sql {
  return Prisma.sql`SELECT EXISTS (SELECT 1 FROM task t WHERE t.id = ${taskId}::uuid
                                  ${taskInScopeSql(scope)}) AS in_scope
    FROM task WHERE id = ${taskId}::uuid`;
}

/**
 * `AND` the event `e` is within the caller's scope: for a scoped caller (a region's office), the
 * events about its tasks (on the task, or naming it in data.taskId: requests, reports, notices)
 * and about its region subtree's plans; nothing for an unscoped one.
 */
function eventInScopeSql(scope: Scope): Prisma.Sql {
  if (isUnscoped(scope)) return Prisma.empty;
  const plans =
    scope.regionIds === null
      ? Prisma.sql`SELECT id::text FROM plan`
      : Prisma.sql`SELECT id::text FROM plan WHERE region_id = ANY(${scope.regionIds}::uuid[])`;
  return Prisma.sql`AND (
      coalesce(CASE WHEN e.entity_type = 'task' THEN e.entity_id END, e.data->>'taskId') IN (
        SELECT t.id::text FROM task t WHERE true ${taskInScopeSql(scope)})
      OR (e.entity_type = 'plan' AND e.entity_id IN (${plans})))`;
}

/**
 * One batch of the events in [start, end) within the caller's scope, in order (at, id), after the
 * keyset `after`.
 */
export function selectAuditBatch(
  scope: Scope,
  start: Date,
  end: Date,
  after: { at: Date; id: bigint } | null,
  batch: number,
): Prisma.Sql {
  const cursor: Prisma.Sql = after
    ? Prisma.sql`AND (e.at, e.id) > (${after.at}::timestamptz, ${after.id}::bigint)`
    : Prisma.empty;
  return Prisma.sql`${SELECT}
        WHERE e.at >= ${start}::timestamptz AND e.at < ${end}::timestamptz ${cursor}
          ${eventInScopeSql(scope)}
        ORDER BY e.at, e.id LIMIT ${batch}`;
}
