import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.service';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { JobName, JobPayloads, jobIds, QueueName } from '../../infra/queue/job-catalogue';
import type { Channel, DeliveryStatus } from '../../generated/prisma/enums';
import { renderTemplate, type TemplateName, type TemplateVars } from './templates';

export type { TemplateName, TemplateVars } from './templates';

/** One message to one recipient on one channel, for one purpose (the dedupe key). */
export interface OutgoingMessage {
  /** Unique purpose + recipient + channel key, e.g. `reminder-<id>-<personId>-EMAIL`. */
  dedupeKey: string;
  /** Person id; null = nobody to send to (stored as a visible FAILED delivery). */
  recipientId: string | null;
  /** Only EMAIL is sent today; other channels are recorded as FAILED until their sender lands. */
  channel: Channel;
  template: TemplateName;
  vars: TemplateVars;
  taskId: string;
  /**
   * Why there is no recipient, in Chinese, when the caller knows better than the default
   * (e.g. `督查室尚未设置督办人员`). Used only when recipientId is null.
   */
  missingRecipientReason?: string;
}

export interface DeliveryLogFilter {
  status?: DeliveryStatus;
  taskId?: string;
  limit?: number;
}

export interface DeliveryLogEntry {
  id: string;
  status: DeliveryStatus;
  channel: Channel;
  template: string;
  subject: string;
  taskId: string | null;
  recipientId: string | null;
  recipientName: string | null;
  address: string | null;
  attempts: number;
  lastError: string | null;
  providerResponse: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** Channels that have a sender; anything else is recorded as a failed delivery. */
const SENDABLE_CHANNELS: readonly Channel[] = ['EMAIL'];
const RECONCILE_BATCH = 1000;

/**
 * The delivery log and its queue. Callers (reminders, escalation) create deliveries inside their
 * own transaction and dispatch them after it commits; PostgreSQL's unique dedupe key, not Redis,
 * is what guarantees a message is created (and so sent) once.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @InjectQueue(QueueName.Deliveries) private readonly queue: Queue,
  ) {}

  /**
   * Inside the caller's transaction: renders each message and inserts one Delivery row per message
   * in one statement (`INSERT … SELECT unnest(…) ON CONFLICT (dedupe_key) DO NOTHING`). A message
   * with no recipient, an unknown or inactive recipient, no address for its channel, or a channel
   * without a sender is stored at once as FAILED with a Chinese `lastError`: a visible failure,
   * never a silent drop. Returns the ids of the rows newly created as PENDING.
   */
  async createDeliveries(tx: Tx, messages: OutgoingMessage[]): Promise<string[]> {
    // The first message per key wins, as the database would decide across calls.
    const seen = new Set<string>();
    const unique = messages.filter((m) => {
      if (seen.has(m.dedupeKey)) return false;
      seen.add(m.dedupeKey);
      return true;
    });
    if (unique.length === 0) return [];
    const ctx = { publicUrl: this.config.get('PUBLIC_URL') };
    const rendered = unique.map((m) => renderTemplate(m.template, m.vars, ctx));
    const missing = unique.map((m) =>
      m.recipientId
        ? null
        : `无收件人:${m.missingRecipientReason ?? `${m.vars.departmentName}尚未设置联络员`}`,
    );

    const rows = await tx.$queryRaw<
      Array<{ id: string; status: DeliveryStatus; dedupe_key: string; last_error: string | null }>
    >`
      WITH input AS (
        SELECT *
        FROM unnest(
          ${unique.map((m) => m.dedupeKey)}::text[],
          ${unique.map((m) => m.recipientId)}::uuid[],
          ${unique.map((m) => m.channel)}::text[],
          ${unique.map((m) => m.template)}::text[],
          ${rendered.map((r) => r.subject)}::text[],
          ${rendered.map((r) => r.text)}::text[],
          ${unique.map((m) => m.taskId)}::uuid[],
          ${missing}::text[]
        ) AS i(dedupe_key, recipient_id, channel, template, subject, body, task_id, missing)
      ),
      resolved AS (
        SELECT i.*, p.id AS person_id, p.display_name,
          CASE WHEN i.channel = 'EMAIL' THEN NULLIF(btrim(p.email), '') END AS address,
          CASE
            WHEN i.recipient_id IS NULL THEN i.missing
            WHEN p.id IS NULL THEN '收件人不存在:' || i.recipient_id::text
            WHEN NOT p.active THEN '收件人已停用:' || p.display_name
            WHEN NOT (i.channel = ANY(${SENDABLE_CHANNELS}::text[]))
              THEN '暂不支持该发送渠道:' || i.channel
            WHEN i.channel = 'EMAIL' AND NULLIF(btrim(p.email), '') IS NULL
              THEN '收件人未设置电子邮箱:' || p.display_name
          END AS error
        FROM input i
        LEFT JOIN person p ON p.id = i.recipient_id
      ),
      inserted AS (
        INSERT INTO delivery (dedupe_key, recipient_id, address, channel, template, subject, body,
                              task_id, status, last_error, created_at)
        SELECT dedupe_key, person_id, address, channel::"Channel", template, subject, body, task_id,
               (CASE WHEN error IS NULL THEN 'PENDING' ELSE 'FAILED' END)::"DeliveryStatus",
               error, ${this.clock.now()}::timestamptz
        FROM resolved
        ON CONFLICT (dedupe_key) DO NOTHING
        RETURNING id, status, dedupe_key, last_error
      )
      SELECT id::text, status, dedupe_key, last_error FROM inserted`;

    for (const r of rows.filter((row) => row.status === 'FAILED')) {
      this.logger.warn(
        { deliveryId: r.id, dedupeKey: r.dedupe_key, reason: r.last_error },
        'delivery failed before sending',
      );
    }
    return rows.filter((r) => r.status === 'PENDING').map((r) => r.id);
  }

  /**
   * After the transaction committed: one Deliver job per id, with a deterministic job id so that a
   * double dispatch (or reconciliation racing a dispatch) enqueues once.
   */
  async dispatch(deliveryIds: string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    const attempts = this.config.get('DELIVERY_ATTEMPTS');
    const delay = this.config.get('DELIVERY_BACKOFF_MS');
    const data = (deliveryId: string): JobPayloads[JobName.Deliver] => ({ deliveryId });
    await this.queue.addBulk(
      deliveryIds.map((id) => ({
        name: JobName.Deliver,
        data: data(id),
        opts: { jobId: jobIds.delivery(id), attempts, backoff: { type: 'exponential', delay } },
      })),
    );
  }

  /**
   * Reconciliation after Redis loss (or a crash between commit and dispatch): re-enqueues every
   * PENDING delivery, in batches. Idempotent: a job already queued or retrying keeps its id.
   */
  async reconcilePending(): Promise<number> {
    let count = 0;
    let after: string | undefined;
    for (;;) {
      const batch = await this.prisma.delivery.findMany({
        where: { status: 'PENDING', ...(after ? { id: { gt: after } } : {}) },
        select: { id: true },
        orderBy: { id: 'asc' },
        take: RECONCILE_BATCH,
      });
      if (batch.length === 0) break;
      const ids = batch.map((d) => d.id);
      await this.dispatch(ids);
      await this.retryFailedJobs(ids);
      count += batch.length;
      after = batch[batch.length - 1]!.id;
      if (batch.length < RECONCILE_BATCH) break;
    }
    if (count > 0) this.logger.log({ count }, 'pending deliveries re-enqueued');
    return count;
  }

  /**
   * A row still PENDING whose job ended failed (its last attempt could not even record the failure,
   * e.g. PostgreSQL was down) would block re-adding under the same id: retry that job instead.
   */
  private async retryFailedJobs(deliveryIds: string[]): Promise<void> {
    for (const id of deliveryIds) {
      const job = await this.queue.getJob(jobIds.delivery(id));
      if (job && (await job.isFailed())) await job.retry('failed', { resetAttemptsMade: true });
    }
  }

  /** The delivery log, newest first: what the supervision office reads to see failures. */
  async listDeliveries(filter: DeliveryLogFilter): Promise<DeliveryLogEntry[]> {
    const rows = await this.prisma.delivery.findMany({
      where: { status: filter.status, taskId: filter.taskId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: filter.limit ?? 100,
      include: { recipient: { select: { displayName: true } } },
    });
    return rows.map((d) => ({
      id: d.id,
      status: d.status,
      channel: d.channel,
      template: d.template,
      subject: d.subject,
      taskId: d.taskId,
      recipientId: d.recipientId,
      recipientName: d.recipient?.displayName ?? null,
      address: d.address,
      attempts: d.attempts,
      lastError: d.lastError,
      providerResponse: d.providerResponse,
      createdAt: d.createdAt,
      sentAt: d.sentAt,
    }));
  }
}
