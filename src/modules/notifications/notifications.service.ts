import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config.service';
import { Clock } from '../../infra/clock/clock';
import { PrismaService, Tx } from '../../infra/prisma/prisma.service';
import { JobName, JobPayloads, jobIds, QueueName } from '../../infra/queue/job-catalogue';
import type { Channel, DeliveryStatus } from '../../generated/prisma/enums';
import {
  inboxText,
  isDigestVars,
  renderStoredForm,
  type DigestVars,
  type TemplateName,
  type TemplateVars,
} from './templates';

export type { DigestVars, TemplateName, TemplateVars } from './templates';

/**
 * One message to one recipient, for one purpose (the dedupe key), on the channels the recipient
 * chose (or on one channel the caller names).
 */
/** The tasks a message is about: a digest's items, or its one task. */
function taskIdsOf(m: OutgoingMessage): string[] {
  const items = (m.vars as Partial<DigestVars>).items;
  if (Array.isArray(items)) return [...new Set(items.map((i) => i.taskId))];
  return m.taskId ? [m.taskId] : [];
}

export interface OutgoingMessage {
  /**
   * Purpose + recipient, WITHOUT channel, e.g. `digest-<personId>-<wave>`: createDeliveries stores
   * one row per channel under `<dedupeKey>-<CHANNEL>`. When `channel` is given the key is used as
   * is (so existing callers' `…-EMAIL` keys keep their meaning and their rows).
   */
  dedupeKey: string;
  /** Person id; null = nobody to send to (stored as a visible FAILED delivery). */
  recipientId: string | null;
  /**
   * Omitted = the recipient's chosen channels (Person.channels, default EMAIL + INBOX; urgent adds
   * every channel the person can be reached on). Given = exactly this channel, whatever the
   * person's choice, with the dedupe key unchanged.
   */
  channel?: Channel;
  template: TemplateName;
  /** DigestVars for `reminder-digest`, TemplateVars of one task otherwise. */
  vars: TemplateVars | DigestVars;
  /** Null for a digest spanning several tasks. */
  taskId: string | null;
  /**
   * Urgent: sent on the chosen channels plus every channel the person can be reached on (EMAIL if
   * an address, SMS if a phone, INBOX, their department's robots), and never held by notBefore.
   */
  urgent?: boolean;
  /** Quiet hours: the delivery is held until then (its job is delayed, see dispatch). */
  notBefore?: Date;
  /**
   * Why there is no recipient, in Chinese, when the caller knows better than the default
   * (e.g. `督查室尚未设置督办人员`; a leading `无收件人:` is not doubled). Used only when
   * recipientId is null.
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
  urgent: boolean;
  notBefore: Date | null;
  attempts: number;
  lastError: string | null;
  providerResponse: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

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
   * Inside the caller's transaction: renders each message and inserts its Delivery rows, one per
   * channel, in one statement (`INSERT … SELECT unnest(…) ON CONFLICT (dedupe_key) DO NOTHING`).
   *
   * Channels: the one the message names, else the recipient's chosen channels (muted ones skipped),
   * or for an urgent message those plus every channel the person can be reached on. Addresses:
   * EMAIL the person's email, SMS their phone, a robot channel the active robot of that kind of
   * their department (the office's robot for a person without one). INBOX rows are stored SENT at
   * once and never queued. A message with no recipient, an unknown or inactive recipient, no
   * address for a channel, or no robot is stored at once as FAILED with a Chinese `lastError`: a
   * visible failure, never a silent drop. Returns the ids of the rows newly created as PENDING.
   */
  async createDeliveries(tx: Tx, messages: OutgoingMessage[]): Promise<string[]> {
    // The first message per key wins, as the database would decide across calls.
    const seen = new Set<string>();
    const unique = messages.filter((m) => {
      const key = `${m.dedupeKey}\u0000${m.channel ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (unique.length === 0) return [];
    const ctx = { publicUrl: this.config.get('PUBLIC_URL') };
    const rendered = unique.map((m) => renderStoredForm(m.template, m.vars, ctx));
    const missing = unique.map((m) => (m.recipientId ? null : missingReason(m)));
    const now = this.clock.now();
    const smsConfigured = Boolean(this.config.get('SMS_GATEWAY_URL'));

    const rows = await tx.$queryRaw<
      Array<{ id: string; status: DeliveryStatus; dedupe_key: string; last_error: string | null }>
    >`
      WITH input AS (
        SELECT *
        FROM unnest(
          ${unique.map((m) => m.dedupeKey)}::text[],
          ${unique.map((m) => m.recipientId)}::uuid[],
          ${unique.map((m) => m.channel ?? null)}::text[],
          ${unique.map((m) => m.template)}::text[],
          ${rendered.map((r) => r.subject)}::text[],
          ${rendered.map((r) => r.text)}::text[],
          ${rendered.map((r) => inboxText(r.text))}::text[],
          ${rendered.map((r) => r.markdown)}::text[],
          ${rendered.map((r) => JSON.stringify(r.sms))}::text[],
          ${unique.map((m) => m.taskId)}::uuid[],
          ${unique.map((m) => taskIdsOf(m).join(','))}::text[],
          ${missing}::text[],
          ${unique.map((m) => m.urgent === true)}::boolean[],
          ${unique.map((m) => (m.urgent || !m.notBefore ? null : m.notBefore.toISOString()))}::text[]
        ) AS i(dedupe_key, recipient_id, explicit_channel, template, subject, text_body, inbox_body,
               markdown_body, sms_params, task_id, task_ids_csv, missing, urgent, not_before)
      ),
      expanded AS (
        SELECT i.*, p.id AS person_id, p.display_name, p.active, p.department_id,
               NULLIF(btrim(p.email), '') AS email, NULLIF(btrim(p.phone), '') AS phone, c.channel
        FROM input i
        LEFT JOIN person p ON p.id = i.recipient_id
        CROSS JOIN LATERAL (
          SELECT DISTINCT ch AS channel
          FROM unnest(
            CASE
              WHEN i.explicit_channel IS NOT NULL THEN ARRAY[i.explicit_channel]
              -- Nobody to ask: one (failed) row on the default channel.
              WHEN p.id IS NULL OR NOT p.active THEN ARRAY['EMAIL']
              WHEN i.urgent THEN p.channels::text[] || ARRAY['INBOX']
                || CASE WHEN NULLIF(btrim(p.email), '') IS NOT NULL THEN ARRAY['EMAIL'] ELSE '{}'::text[] END
                || CASE WHEN NULLIF(btrim(p.phone), '') IS NOT NULL AND ${smsConfigured}
                        THEN ARRAY['SMS'] ELSE '{}'::text[] END
                || ARRAY(SELECT r.kind::text FROM robot r
                         WHERE r.active AND r.department_id IS NOT DISTINCT FROM p.department_id)
              WHEN cardinality(p.channels) = 0 THEN ARRAY['INBOX']
              ELSE p.channels::text[]
            END
          ) AS ch
        ) c
      ),
      resolved AS (
        SELECT e.*,
          CASE e.channel
            WHEN 'EMAIL' THEN e.email
            WHEN 'SMS' THEN e.phone
            WHEN 'INBOX' THEN NULL
            ELSE rb.id::text
          END AS address,
          CASE
            WHEN e.recipient_id IS NULL THEN e.missing
            WHEN e.person_id IS NULL THEN '收件人不存在:' || e.recipient_id::text
            WHEN NOT e.active THEN '收件人已停用:' || e.display_name
            WHEN e.channel = 'EMAIL' AND e.email IS NULL
              THEN '收件人未设置电子邮箱:' || e.display_name
            WHEN e.channel = 'SMS' AND e.phone IS NULL
              THEN '收件人未设置手机号码:' || e.display_name
            WHEN e.channel = 'SMS' AND NOT ${smsConfigured} THEN '未配置短信网关(SMS_GATEWAY_URL)'
            WHEN e.channel IN ('WECOM', 'DINGTALK', 'FEISHU') AND rb.id IS NULL
              THEN '该部门未配置' || CASE e.channel WHEN 'WECOM' THEN '企业微信'
                                                  WHEN 'DINGTALK' THEN '钉钉' ELSE '飞书' END || '机器人'
          END AS error
        FROM expanded e
        LEFT JOIN LATERAL (
          SELECT r.id FROM robot r
          WHERE r.kind::text = e.channel AND r.active
            AND r.department_id IS NOT DISTINCT FROM e.department_id
          ORDER BY r.created_at
          LIMIT 1
        ) rb ON e.channel IN ('WECOM', 'DINGTALK', 'FEISHU')
      ),
      inserted AS (
        INSERT INTO delivery (dedupe_key, recipient_id, address, channel, template, subject, body,
                              payload, task_id, task_ids, status, urgent, not_before, last_error,
                              created_at, sent_at)
        SELECT
          CASE WHEN explicit_channel IS NULL THEN dedupe_key || '-' || channel ELSE dedupe_key END,
          person_id, address, channel::"Channel", template, subject,
          CASE
            WHEN channel IN ('WECOM', 'DINGTALK', 'FEISHU') THEN markdown_body
            WHEN channel = 'INBOX' THEN inbox_body
            ELSE text_body
          END,
          CASE WHEN channel = 'SMS' THEN sms_params::jsonb END,
          task_id,
          CASE WHEN task_ids_csv = '' THEN '{}'::uuid[] ELSE string_to_array(task_ids_csv, ',')::uuid[] END,
          (CASE
            WHEN error IS NOT NULL THEN 'FAILED'
            WHEN channel = 'INBOX' THEN 'SENT'
            ELSE 'PENDING'
          END)::"DeliveryStatus",
          urgent, not_before::timestamptz, error, ${now}::timestamptz,
          CASE WHEN error IS NULL AND channel = 'INBOX' THEN ${now}::timestamptz END
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
   * double dispatch (or reconciliation racing a dispatch) enqueues once. A delivery held by quiet
   * hours (notBefore) gets a job delayed until then (`clock.realDelayUntil`); the processor checks
   * the hold again, so an early promotion cannot send it early.
   */
  async dispatch(deliveryIds: string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    const attempts = this.config.get('DELIVERY_ATTEMPTS');
    const delay = this.config.get('DELIVERY_BACKOFF_MS');
    // One array parameter, however many ids (an `IN` list would hit the bind-parameter limit).
    const held = await this.prisma.$queryRaw<Array<{ id: string; not_before: Date }>>`
      SELECT id::text, not_before FROM delivery
      WHERE id = ANY(${deliveryIds}::uuid[]) AND not_before IS NOT NULL AND NOT urgent`;
    const holdMs = new Map(held.map((d) => [d.id, this.clock.realDelayUntil(d.not_before)]));
    const data = (deliveryId: string): JobPayloads[JobName.Deliver] => ({ deliveryId });
    await this.queue.addBulk(
      deliveryIds.map((id) => ({
        name: JobName.Deliver,
        data: data(id),
        opts: {
          jobId: jobIds.delivery(id),
          attempts,
          backoff: { type: 'exponential', delay },
          ...(holdMs.get(id) ? { delay: holdMs.get(id) } : {}),
        },
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
      if (!job) continue;
      if (await job.isFailed()) {
        await job.retry('failed', { resetAttemptsMade: true });
      } else if (await job.isCompleted()) {
        // Its job ended without settling the row (e.g. the row was held by a worker that then
        // died): a fresh job under the same id.
        await job.remove();
        await this.dispatch([id]);
      }
    }
  }

  /** The delivery log, newest first: what the supervision office reads to see failures. */
  async listDeliveries(filter: DeliveryLogFilter): Promise<DeliveryLogEntry[]> {
    const rows = await this.prisma.delivery.findMany({
      where: {
        status: filter.status,
        ...(filter.taskId ? { taskIds: { has: filter.taskId } } : {}),
      },
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
      urgent: d.urgent,
      notBefore: d.notBefore,
      attempts: d.attempts,
      lastError: d.lastError,
      providerResponse: d.providerResponse,
      createdAt: d.createdAt,
      sentAt: d.sentAt,
    }));
  }
}

/** `无收件人:<reason>`; the reason defaults to the (first) department having no liaison. */
function missingReason(m: OutgoingMessage): string {
  const department = isDigestVars(m.vars) ? m.vars.items[0]?.departmentName : m.vars.departmentName;
  const reason = m.missingRecipientReason ?? `${department ?? '该部门'}尚未设置联络员`;
  return reason.startsWith('无收件人') ? reason : `无收件人:${reason}`;
}
