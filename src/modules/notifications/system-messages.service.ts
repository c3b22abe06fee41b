import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.service';
import { Prisma } from '../../generated/prisma/client';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { EmailChannel } from './channels/email.channel';
import { leaseDelivery, markSent } from './deliveries.sql';
import { insertDeliveries, InsertedDeliveryRow, NewDelivery } from './notifications.sql';
import { inboxText, renderHtml } from './templates';
import { deliveryFailure } from './templates/delivery-failures';

/** A message about the system itself (no task): the watchdog's alarm and its "recovered". */
export interface SystemMessage {
  /** Purpose, unique per message, e.g. `watchdog-<incident>-alarm`; the recipient is appended. */
  key: string;
  template: string;
  subject: string;
  text: string;
}

interface AdministratorRow {
  id: string;
  display_name: string;
  email: string | null;
}

const selectActiveAdministrators = (): Prisma.Sql =>
  Prisma.sql`SELECT id::text, display_name, email FROM person
             WHERE role = 'ADMIN' AND active ORDER BY username`;

/**
 * Messages to the administrators that must go out when no queue worker runs: rows in the delivery
 * log (an EMAIL and an INBOX row per active administrator, dedupe keys `<key>-<person>-<CHANNEL>`),
 * the email sent by the calling process itself (`sendNow`), not by the deliveries queue. The row's
 * lease (as a worker takes it) keeps a concurrent sender, or the queue after a reconcile, from
 * sending it twice; a failed attempt stays PENDING for the next `sendNow` (or a worker), and the
 * last attempt (DELIVERY_ATTEMPTS) marks it FAILED.
 */
@Injectable()
export class SystemMessagesService {
  private readonly logger = new Logger(SystemMessagesService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly email: EmailChannel,
  ) {}

  /** Inside the caller's transaction: the rows for every active administrator; returns the emails to send. */
  async toAdministrators(tx: Tx, m: SystemMessage): Promise<string[]> {
    const admins = await tx.$queryRaw<AdministratorRow[]>(selectActiveAdministrators());
    if (admins.length === 0) {
      this.logger.error({ key: m.key }, 'no active administrator to tell');
      return [];
    }
    const now = this.clock.now();
    const base = { template: m.template, subject: m.subject, payload: null, taskId: null };
    const common = { ...base, taskIds: [], urgent: true, notBefore: null, attachment: null };
    const rows = admins.flatMap((a): NewDelivery[] => {
      const address = a.email?.trim() || null;
      return [
        {
          ...common,
          dedupeKey: `${m.key}-${a.id}-EMAIL`,
          recipientId: a.id,
          address,
          channel: 'EMAIL',
          body: m.text,
          status: address ? 'PENDING' : 'FAILED',
          lastError: address ? null : deliveryFailure.noEmail(a.display_name),
          sentAt: null,
        },
        {
          ...common,
          dedupeKey: `${m.key}-${a.id}-INBOX`,
          recipientId: a.id,
          address: null,
          channel: 'INBOX',
          body: inboxText(m.text),
          status: 'SENT',
          lastError: null,
          sentAt: now,
        },
      ];
    });
    const inserted = await tx.$queryRaw<InsertedDeliveryRow[]>(insertDeliveries(rows, now));
    return inserted.filter((r) => r.status === 'PENDING').map((r) => r.id);
  }

  /** The PENDING rows of these templates that nobody is sending (a sender died, a try failed). */
  async unsent(templates: readonly string[]): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>(Prisma.sql`
      SELECT id::text FROM delivery
      WHERE status = 'PENDING' AND channel = 'EMAIL' AND template = ANY(${templates as string[]}::text[])
        AND (lease_until IS NULL OR lease_until < now())
      ORDER BY created_at LIMIT 100`);
    return rows.map((r) => r.id);
  }

  /** Sends these EMAIL deliveries from this process, one at a time; returns how many went out. */
  async sendNow(deliveryIds: readonly string[]): Promise<number> {
    let sent = 0;
    for (const id of deliveryIds) {
      if (await this.sendOne(id)) sent += 1;
    }
    return sent;
  }

  private async sendOne(id: string): Promise<boolean> {
    const lease = leaseDelivery(id, this.config.get('DELIVERY_LEASE_SECONDS'));
    const [leased] = await this.prisma.$queryRaw<{ id: string }[]>(lease);
    if (!leased) return false;
    const row = await this.prisma.delivery.findUnique({ where: { id } });
    if (!row?.address) return false;
    try {
      const result = await this.email.send({
        deliveryId: id,
        to: row.address,
        subject: row.subject,
        text: row.body,
        html: renderHtml(row.subject, row.body),
      });
      await this.prisma.delivery.updateMany(
        markSent(id, this.clock.now(), result.providerResponse),
      );
      return true;
    } catch (err) {
      const attempt = row.attempts + 1;
      const final = attempt >= this.config.get('DELIVERY_ATTEMPTS');
      const lastError = deliveryFailure.attempt(attempt, (err as Error).message ?? String(err));
      await this.prisma.delivery.updateMany({
        where: { id, status: 'PENDING' },
        data: {
          attempts: { increment: 1 },
          lastError,
          leaseUntil: null,
          ...(final ? { status: 'FAILED' } : {}),
        },
      });
      this.logger.warn({ deliveryId: id, attempt, error: lastError }, 'system message not sent');
      return false;
    }
  }
}
