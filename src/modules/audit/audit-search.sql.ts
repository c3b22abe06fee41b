import { Prisma } from '../../generated/prisma/client';
import type { AuditEventRow } from './audit-trail.sql';

/** What the auditor filters the trail by; every field optional, combined with AND. */
export interface AuditFilter {
  /** [start, end) in UTC instants. */
  start?: Date;
  end?: Date;
  /** A person id, or a username. */
  actor?: string;
  /** Events whose action starts with it (`auth.`, `person.created`). */
  actionPrefix?: string;
  entityType?: string;
  entityId?: string;
  /** Sign-in log: the account signed in with, whether it exists (actor or subject) or not (entity id). */
  username?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A LIKE pattern matching what starts with `prefix`, its wildcards taken literally. */
export const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * The filter as `AND …` conditions on `e` (audit_event) and `p` (the actor's person row); the
 * username of the sign-in log also reads `s` (the person the event is about).
 */
export function filterConditions(f: AuditFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (f.start) parts.push(Prisma.sql`e.at >= ${f.start}::timestamptz`);
  if (f.end) parts.push(Prisma.sql`e.at < ${f.end}::timestamptz`);
  if (f.actor) {
    parts.push(
      UUID.test(f.actor)
        ? Prisma.sql`e.actor_id = ${f.actor}::uuid`
        : Prisma.sql`p.username = ${f.actor}`,
    );
  }
  if (f.actionPrefix) parts.push(Prisma.sql`e.action LIKE ${likePrefix(f.actionPrefix)}`);
  if (f.entityType) parts.push(Prisma.sql`e.entity_type = ${f.entityType}`);
  if (f.entityId) parts.push(Prisma.sql`e.entity_id = ${f.entityId}`);
  if (f.username) {
    parts.push(
      Prisma.sql`(p.username = ${f.username} OR s.username = ${f.username}
                  OR (e.entity_type = 'person' AND e.entity_id = ${f.username}))`,
    );
  }
  return parts.length ? Prisma.sql`AND ${Prisma.join(parts, ' AND ')}` : Prisma.empty;
}

export interface AuditTrailRow extends AuditEventRow {
  subject_id: string | null;
  subject_name: string | null;
  subject_username: string | null;
}

/**
 * One page of the trail, newest first (by the event's number, which only grows), before the event
 * `before`; `limit` + 1 rows are read so that the caller knows whether another page follows.
 */
export function selectAuditPage(f: AuditFilter, before: bigint | null, limit: number): Prisma.Sql {
  const cursor = before ? Prisma.sql`AND e.id < ${before}::bigint` : Prisma.empty;
  return Prisma.sql`
    SELECT e.id, e.at, e.actor_id, p.display_name AS actor_name, p.username AS actor_username,
           e.action, e.entity_type, e.entity_id, e.data, e.before, e.after, e.request_id, e.source_ip,
           s.id AS subject_id, s.display_name AS subject_name, s.username AS subject_username
    FROM audit_event e
    LEFT JOIN person p ON p.id = e.actor_id
    LEFT JOIN person s ON e.entity_type = 'person'
      AND s.id = CASE WHEN e.entity_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                      THEN e.entity_id::uuid END
    WHERE TRUE ${filterConditions(f)} ${cursor}
    ORDER BY e.id DESC
    LIMIT ${limit + 1}`;
}
