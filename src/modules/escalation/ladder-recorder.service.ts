import { Injectable } from '@nestjs/common';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { AuditEntry, AuditService } from '../audit/audit.service';
import { NotificationsService, OutgoingMessage } from '../notifications/notifications.service';

/** What a use case of the ladder writes in its transaction. */
export interface LadderRecord<T> {
  result: T;
  /** Messages about the steps just recorded. */
  messages: OutgoingMessage[];
  /** One event per step recorded (superseded ones included). */
  audit: AuditEntry[];
}

/**
 * How every step of the ladder is written (the overdue sweep, the lagging sweep, a notice issued
 * by hand): the steps, the deliveries of their messages and their audit events in one
 * transaction; the deliveries are dispatched only once it committed, so that no message goes out
 * about a step that was rolled back.
 */
@Injectable()
export class LadderRecorder {
  constructor(
    private readonly prisma: PrismaService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  async run<T>(
    record: (tx: Tx) => Promise<LadderRecord<T>>,
    options?: { timeout: number },
  ): Promise<{ result: T; deliveryIds: string[] }> {
    const written = await this.prisma.$transaction(async (tx) => {
      const { result, messages, audit } = await record(tx);
      const deliveryIds = await this.notifications.createDeliveries(tx, messages);
      await this.audit.recordMany(tx, audit);
      return { result, deliveryIds };
    }, options);
    await this.notifications.dispatch(written.deliveryIds);
    return written;
  }
}
