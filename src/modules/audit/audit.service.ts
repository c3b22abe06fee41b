import { Injectable } from '@nestjs/common';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { insertAuditEvents } from './audit.sql';
import { currentRequestContext } from './request-context';

export interface AuditEntry {
  /**
   * Who did it; null for the system (scheduler, workers, CLI). Left out (undefined), it is the
   * authenticated caller of the current HTTP request, or null outside one.
   */
  actorId?: string | null;
  /** Dotted verb, e.g. `progress.reported`, `person.created`. */
  action: string;
  entityType: string;
  entityId: string;
  /**
   * Facts of the event. Events about a task's requests, reports or notices carry `taskId` here, so
   * that they appear in the task's history (GET /tasks/:id/history).
   */
  data?: object;
  /** State before and after the change, where the event changes a record. */
  before?: object | null;
  after?: object | null;
  /** Normally taken from the request context; given explicitly only where there is none. */
  requestId?: string | null;
  sourceIp?: string | null;
}

/**
 * The audit trail. Callers pass their transaction so that an event is written if and only if the
 * change it describes commits. Times come from the Clock, like every other business instant. The
 * request id, source IP and (unless given) the actor come from the request context.
 *
 * The table is append-only, enforced by a trigger in PostgreSQL (see the migration
 * 20261122140000_workflow_access_audit): nothing here or elsewhere can update or delete a row.
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
    const { at, requestId, sourceIp } = this.stamp();
    const actor = currentRequestContext()?.user?.id ?? null;
    const json = (v: object | null | undefined) => (v == null ? null : JSON.stringify(v));
    await tx.$executeRaw(
      insertAuditEvents(
        at,
        events.map((e) => ({
          actorId: e.actorId === undefined ? actor : e.actorId,
          action: e.action,
          entityType: e.entityType,
          entityId: e.entityId,
          data: JSON.stringify(e.data ?? {}),
          before: json(e.before),
          after: json(e.after),
          requestId: e.requestId ?? requestId,
          sourceIp: e.sourceIp ?? sourceIp,
        })),
      ),
    );
  }

  /**
   * What `record` stamps an event with (the time, and the current request's id and source IP), for
   * a write that records its events inside a statement of its own (the progress report).
   */
  stamp(): { at: Date; requestId: string | null; sourceIp: string | null } {
    const ctx = currentRequestContext();
    return {
      at: this.clock.now(),
      requestId: ctx?.requestId ?? null,
      sourceIp: ctx?.sourceIp ?? null,
    };
  }
}
