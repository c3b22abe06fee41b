import { Prisma } from '../../generated/prisma/client';
import { taskInScopeSql } from '../auth/access-policy.sql';
import type { Scope } from '../auth/scope';

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
 * One batch of the events in [start, end), in order (at, id), after the keyset `after`; `filter`
 * adds `AND …` conditions on `e` and `p` (audit-search.sql.ts). The whole trail: the auditor's.
 */
export function selectAuditBatch(
  start: Date,
  end: Date,
  after: { at: Date; id: bigint } | null,
  batch: number,
  filter: Prisma.Sql = Prisma.empty,
): Prisma.Sql {
  const cursor: Prisma.Sql = after
    ? Prisma.sql`AND (e.at, e.id) > (${after.at}::timestamptz, ${after.id}::bigint)`
    : Prisma.empty;
  return Prisma.sql`${SELECT}
        WHERE e.at >= ${start}::timestamptz AND e.at < ${end}::timestamptz ${filter} ${cursor}
        ORDER BY e.at, e.id LIMIT ${batch}`;
}
