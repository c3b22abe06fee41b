import { Prisma } from '../../generated/prisma/client';

/** One audit event as written: every field resolved (actor, request id and source IP included). */
export interface AuditEventValues {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  /** JSON text. */
  data: string;
  /** JSON text, or null. */
  before: string | null;
  after: string | null;
  requestId: string | null;
  sourceIp: string | null;
}

/** Appends `events`, all stamped `at`, in one INSERT … SELECT unnest(…). */
export function insertAuditEvents(at: Date, events: readonly AuditEventValues[]): Prisma.Sql {
  return Prisma.sql`
      INSERT INTO audit_event
        (at, actor_id, action, entity_type, entity_id, data, before, after, request_id, source_ip)
      SELECT ${at}::timestamptz, e.actor_id, e.action, e.entity_type, e.entity_id, e.data,
             e.before, e.after, e.request_id, e.source_ip
      FROM unnest(
        ${events.map((e) => e.actorId)}::uuid[],
        ${events.map((e) => e.action)}::text[],
        ${events.map((e) => e.entityType)}::text[],
        ${events.map((e) => e.entityId)}::text[],
        ${events.map((e) => e.data)}::jsonb[],
        ${events.map((e) => e.before)}::jsonb[],
        ${events.map((e) => e.after)}::jsonb[],
        ${events.map((e) => e.requestId)}::text[],
        ${events.map((e) => e.sourceIp)}::text[]
      ) AS e(actor_id, action, entity_type, entity_id, data, before, after, request_id, source_ip)`;
}
