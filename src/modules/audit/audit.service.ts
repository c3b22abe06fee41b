import { Injectable } from '@nestjs/common';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';

export interface AuditEntry {
  /** Who did it; null for the system (scheduler, workers, CLI). */
  actorId: string | null;
  /** Dotted verb, e.g. `progress.reported`, `person.created`. */
  action: string;
  entityType: string;
  entityId: string;
  data?: object;
}

/**
 * The audit trail. Callers pass their transaction so that an event is written if and only if the
 * change it describes commits. Times come from the Clock, like every other business instant.
 */
@Injectable()
export class AuditService {
  constructor(private readonly clock: Clock) {}

  async record(tx: Tx | PrismaService, e: AuditEntry): Promise<void> {
    await this.recordMany(tx, [e]);
  }

  /** One INSERT … SELECT unnest(…) for any number of events (bulk paths: import, sweeps). */
  async recordMany(tx: Tx | PrismaService, events: readonly AuditEntry[]): Promise<void> {
    if (events.length === 0) return;
    const at = this.clock.now();
    await tx.$executeRaw`
      INSERT INTO audit_event (at, actor_id, action, entity_type, entity_id, data)
      SELECT ${at}::timestamptz, e.actor_id, e.action, e.entity_type, e.entity_id, e.data
      FROM unnest(
        ${events.map((e) => e.actorId)}::uuid[],
        ${events.map((e) => e.action)}::text[],
        ${events.map((e) => e.entityType)}::text[],
        ${events.map((e) => e.entityId)}::text[],
        ${events.map((e) => JSON.stringify(e.data ?? {}))}::jsonb[]
      ) AS e(actor_id, action, entity_type, entity_id, data)`;
  }
}
