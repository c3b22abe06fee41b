import { Injectable } from '@nestjs/common';
import { Clock } from '../../../infra/clock/clock';
import { PrismaService } from '../../../infra/prisma/prisma.service';
import { DeliveryAttachments } from '../delivery-attachments';
import { inboxMessageNotFound } from '../notifications.errors';

export interface InboxEntry {
  id: string;
  template: string;
  subject: string;
  body: string;
  taskId: string | null;
  urgent: boolean;
  createdAt: Date;
  readAt: Date | null;
  documentPath: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The in-app inbox: INBOX deliveries, stored SENT when created (nothing to send), read by their
 * recipient only. A message of somebody else's is answered as not found, not as forbidden.
 */
@Injectable()
export class InboxChannel {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly attachments: DeliveryAttachments,
  ) {}

  async list(personId: string, opts: { unread?: boolean; limit?: number }): Promise<InboxEntry[]> {
    const rows = await this.prisma.delivery.findMany({
      where: {
        recipientId: personId,
        channel: 'INBOX',
        status: 'SENT',
        ...(opts.unread ? { readAt: null } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: opts.limit ?? 50,
      select: {
        id: true,
        template: true,
        subject: true,
        body: true,
        taskId: true,
        urgent: true,
        createdAt: true,
        readAt: true,
        attachment: true,
      },
    });
    return rows.map(({ attachment, ...r }) => ({
      ...r,
      documentPath: this.attachments.pathOf(attachment, r.taskId),
    }));
  }

  async unreadCount(personId: string): Promise<number> {
    return this.prisma.delivery.count({
      where: { recipientId: personId, channel: 'INBOX', status: 'SENT', readAt: null },
    });
  }

  /** Marks one of the person's messages read (again: a no-op); 404 for anybody else's. */
  async markRead(personId: string, deliveryId: string): Promise<void> {
    if (!UUID.test(deliveryId)) throw inboxMessageNotFound();
    const own = { id: deliveryId, recipientId: personId, channel: 'INBOX' as const };
    const exists = await this.prisma.delivery.count({ where: own });
    if (exists === 0) throw inboxMessageNotFound();
    await this.prisma.delivery.updateMany({
      where: { ...own, readAt: null },
      data: { readAt: this.clock.now() },
    });
  }

  async markAllRead(personId: string): Promise<number> {
    const { count } = await this.prisma.delivery.updateMany({
      where: { recipientId: personId, channel: 'INBOX', readAt: null },
      data: { readAt: this.clock.now() },
    });
    return count;
  }
}
