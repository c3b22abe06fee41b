import { Prisma } from '../../generated/prisma/client';

/** The distinct targets one counting row keeps (the count itself is exact). */
export const MAX_DENIAL_TARGETS = 20;

/** One refusal, as counted. */
export interface DenialValues {
  /** `person:<id>`, or `ip:<address>` for a caller without a valid token. */
  actorKey: string;
  /** `METHOD /route/:pattern` (the path itself when no route matched). */
  route: string;
  minute: Date;
  at: Date;
  actorId: string | null;
  role: string | null;
  sourceIp: string | null;
  method: string;
  path: string;
  reason: string;
  requestId: string | null;
  entityType: string;
  entityId: string;
  taskId: string | null;
}

/**
 * Counts one refusal: the first of its (actor, route, minute) creates the counting row, the others
 * add one to it (and their target, while fewer than MAX_DENIAL_TARGETS are kept). One statement,
 * safe under any number of concurrent requests and processes.
 */
export function upsertDenial(d: DenialValues): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO access_denial_minute AS m
      (actor_key, route, minute, actor_id, role, source_ip, method, path, reason, request_id,
       entity_type, entity_ids, task_id, count, first_at, last_at)
    VALUES (${d.actorKey}, ${d.route}, ${d.minute}::timestamptz, ${d.actorId}::uuid, ${d.role},
            ${d.sourceIp}, ${d.method}, ${d.path}, ${d.reason}, ${d.requestId}, ${d.entityType},
            ARRAY[${d.entityId}]::text[], ${d.taskId}, 1, ${d.at}::timestamptz, ${d.at}::timestamptz)
    ON CONFLICT (actor_key, route, minute) DO UPDATE SET
      count = m.count + 1,
      last_at = GREATEST(m.last_at, EXCLUDED.last_at),
      entity_ids = CASE
        WHEN EXCLUDED.entity_ids[1] = ANY (m.entity_ids)
          OR cardinality(m.entity_ids) >= ${MAX_DENIAL_TARGETS} THEN m.entity_ids
        ELSE m.entity_ids || EXCLUDED.entity_ids END`;
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * Moves every counting row of a minute before `before` into the audit trail: one `access.denied`
 * event each, stamped with its first refusal, `data.count` the number of refusals. Rows are
 * deleted and inserted in ONE statement, so each minute reaches the trail exactly once even when
 * several processes roll up at the same moment (the second waits on the row locks, then finds
 * nothing). A single target keeps the event on it (a task's refusals stay in the task's history);
 * several make it an event on the route with `data.targets`.
 */
export function rollUpDenials(before: Date): Prisma.Sql {
  return Prisma.sql`
    WITH closed AS (
      DELETE FROM access_denial_minute WHERE minute < ${before}::timestamptz RETURNING *
    ), events AS (
      INSERT INTO audit_event (at, actor_id, action, entity_type, entity_id, data, request_id, source_ip)
      SELECT c.first_at, c.actor_id, 'access.denied',
             CASE WHEN cardinality(c.entity_ids) = 1 THEN c.entity_type ELSE 'route' END,
             CASE WHEN cardinality(c.entity_ids) = 1 THEN c.entity_ids[1] ELSE c.route END,
             jsonb_strip_nulls(jsonb_build_object(
               'method', c.method,
               'path', c.path,
               'route', c.route,
               'role', c.role,
               'reason', c.reason,
               'count', c.count,
               'firstAt', to_char(c.first_at AT TIME ZONE 'UTC', ${Prisma.raw(ISO)}),
               'lastAt', to_char(c.last_at AT TIME ZONE 'UTC', ${Prisma.raw(ISO)}),
               'taskId', CASE WHEN cardinality(c.entity_ids) = 1 THEN c.task_id END,
               'targetType', CASE WHEN cardinality(c.entity_ids) > 1 THEN c.entity_type END,
               'targets', CASE WHEN cardinality(c.entity_ids) > 1 THEN to_jsonb(c.entity_ids) END)),
             c.request_id, c.source_ip
      FROM closed c
      ORDER BY c.first_at, c.actor_key, c.route
      RETURNING 1
    )
    SELECT count(*)::int AS events FROM events`;
}
