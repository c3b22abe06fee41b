import { Logger } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { AppConfig } from '../../config/app-config.service';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { JobName, JobPayloads, QueueName } from '../../infra/queue/job-catalogue';
import { CatalogueWorkerHost, JobHandlers, QueueWorker } from '../../infra/queue/job-handlers';
import type { Delivery } from '../../generated/prisma/client';
import type { RobotKind } from '../../generated/prisma/enums';
import { leaseDelivery, markSent } from './deliveries.sql';
import { attachmentRefOf, DeliveryAttachments } from './delivery-attachments';
import { deliveryFailure } from './templates/delivery-failures';
import { DingtalkChannel } from './channels/dingtalk.channel';
import { EmailChannel } from './channels/email.channel';
import { FeishuChannel } from './channels/feishu.channel';
import {
  ChannelError,
  type ChannelResult,
  type RobotMessage,
  type RobotTarget,
} from './channels/http-channel';
import { RobotRateLimiter } from './channels/robot-rate-limiter';
import { webhookRefusalText } from './notifications.errors';
import { OutboundGuard, WebhookRefused } from './outbound/outbound-guard';
import { SmsChannel } from './channels/sms.channel';
import { WecomChannel } from './channels/wecom.channel';
import { renderHtml, type SmsParams } from './templates';

type DeliverJob = Job<JobPayloads[JobName.Deliver], unknown, JobName.Deliver>;

/** A failure that retrying cannot fix: the row is marked FAILED at once. */
class PermanentDeliveryError extends Error {}

/** The job must wait (quiet hours, a robot's full window): moved to delayed, no attempt spent. */
class HoldDelivery extends Error {
  constructor(readonly untilMs: number) {
    super('delivery held');
  }
}

/**
 * Sends one Delivery row. The row is the state: a delivery that is no longer PENDING is never sent
 * again, and every outcome is written back with a conditional update (`status = PENDING`). A failed
 * attempt is recorded and rethrown so BullMQ retries with exponential backoff; the last attempt, or
 * a permanent refusal (SMTP 5xx, HTTP 4xx other than 429, a robot refusing the message), marks the
 * row FAILED so the office sees it in the delivery log.
 *
 * Waiting is not failing: a delivery still held by quiet hours, or bound for a robot whose rolling
 * window is full, is moved back to delayed (`job.moveToDelayed` + DelayedError), which spends no
 * attempt, so a burst is queued, never dropped.
 *
 * The worker starts only when WORKERS_ENABLED (an API-only process enqueues but does not send).
 */
@QueueWorker(QueueName.Deliveries, { concurrency: 5 })
export class DeliveriesProcessor extends CatalogueWorkerHost<QueueName.Deliveries> {
  protected readonly logger = new Logger(DeliveriesProcessor.name);

  readonly handlers: JobHandlers<QueueName.Deliveries> = {
    [JobName.Deliver]: (job, token) => this.deliver(job, token),
  };

  constructor(
    private readonly prisma: PrismaService,
    private readonly email: EmailChannel,
    private readonly wecom: WecomChannel,
    private readonly dingtalk: DingtalkChannel,
    private readonly feishu: FeishuChannel,
    private readonly sms: SmsChannel,
    private readonly rateLimiter: RobotRateLimiter,
    private readonly outbound: OutboundGuard,
    private readonly attachments: DeliveryAttachments,
    private readonly clock: Clock,
    protected readonly config: AppConfig,
  ) {
    super();
  }

  private async deliver(job: DeliverJob, token?: string): Promise<void> {
    const { deliveryId } = job.data;
    const delivery = await this.prisma.delivery.findUnique({ where: { id: deliveryId } });
    if (!delivery) {
      this.logger.warn({ deliveryId, jobId: job.id }, 'delivery row not found; job dropped');
      return;
    }
    if (delivery.status !== 'PENDING') {
      this.logger.debug({ deliveryId, status: delivery.status }, 'delivery already settled');
      return;
    }
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;

    const hold =
      delivery.urgent || !delivery.notBefore ? 0 : this.clock.realDelayUntil(delivery.notBefore);
    if (hold > 0) {
      await job.moveToDelayed(Date.now() + hold, token);
      throw new DelayedError();
    }
    // Take the row before sending: a second job for it (Redis lost and rebuilt by reconciliation
    // while this one was sending) finds it held and sends nothing. Only a crash mid-send leaves the
    // lease to expire and the message to be sent again (at least once, never twice otherwise).
    const [leased] = await this.prisma.$queryRaw<{ id: string }[]>(
      leaseDelivery(deliveryId, this.config.get('DELIVERY_LEASE_SECONDS')),
    );
    if (!leased) {
      // Held by another worker, or by one that died mid-send: come back when the lease ends (if
      // the row is still pending then, the message goes out; a live worker will have settled it).
      const row = await this.prisma.delivery.findUnique({
        where: { id: deliveryId },
        select: { status: true, leaseUntil: true },
      });
      if (row?.status === 'PENDING' && row.leaseUntil) {
        this.logger.debug(
          { deliveryId, until: row.leaseUntil },
          'delivery held; waiting for the lease',
        );
        await job.moveToDelayed(row.leaseUntil.getTime() + 1_000, token);
        throw new DelayedError();
      }
      return;
    }

    let result: ChannelResult;
    try {
      result = await this.send(delivery);
    } catch (err) {
      if (err instanceof HoldDelivery) {
        // A robot's rate window is full: wait for it, without an attempt and without the lease.
        await this.prisma.delivery.updateMany({
          where: { id: deliveryId },
          data: { leaseUntil: null },
        });
        await job.moveToDelayed(err.untilMs, token);
        throw new DelayedError();
      }
      const permanent =
        err instanceof PermanentDeliveryError ||
        (err instanceof ChannelError && !err.retryable) ||
        isPermanentSmtpError(err);
      const final = permanent || attempt >= maxAttempts;
      const lastError = deliveryFailure.attempt(attempt, describeError(err));
      await this.prisma.delivery.updateMany({
        where: { id: deliveryId, status: 'PENDING' },
        data: {
          attempts: { increment: 1 },
          lastError,
          leaseUntil: null,
          ...(final ? { status: 'FAILED' } : {}),
        },
      });
      const context = { deliveryId, attempt, maxAttempts, error: lastError };
      if (final) {
        this.logger.error(context, 'delivery failed');
      } else {
        this.logger.warn(context, 'delivery attempt failed; will retry');
      }
      if (permanent) throw new UnrecoverableError(lastError);
      throw err;
    }

    const settled = await this.prisma.delivery.updateMany(
      markSent(deliveryId, this.clock.now(), result.providerResponse),
    );
    if (settled.count === 0) {
      this.logger.warn({ deliveryId }, 'delivery sent but its row had changed meanwhile');
      return;
    }
    this.logger.log({ deliveryId, attempt, channel: delivery.channel }, 'delivery sent');
  }

  private async send(delivery: Delivery): Promise<ChannelResult> {
    switch (delivery.channel) {
      case 'EMAIL':
        if (!delivery.address) throw new PermanentDeliveryError(deliveryFailure.noEmail());
        return this.email.send({
          deliveryId: delivery.id,
          to: delivery.address,
          subject: delivery.subject,
          text: delivery.body,
          html: renderHtml(delivery.subject, delivery.body),
          attachments: await this.attachmentsOf(delivery),
        });
      case 'SMS':
        if (!delivery.address) throw new PermanentDeliveryError(deliveryFailure.noPhone());
        return this.sms.send(delivery.address, (delivery.payload ?? {}) as unknown as SmsParams);
      case 'WECOM':
      case 'DINGTALK':
      case 'FEISHU':
        return this.sendToRobot(delivery, delivery.channel);
      case 'INBOX':
        // Stored SENT when created; a queued one (by hand) has nothing left to do.
        return { providerResponse: '站内消息' };
      default:
        throw new PermanentDeliveryError(
          deliveryFailure.unsupportedChannel(String(delivery.channel)),
        );
    }
  }

  /**
   * The document the email carries, rendered now from the database (the same file on a retry). A
   * renderer failure is retried like a failed send; a document whose row is gone is a permanent
   * failure, not an email without the file it announces.
   */
  private async attachmentsOf(delivery: Delivery) {
    const ref = attachmentRefOf(delivery.attachment);
    if (!ref) return undefined;
    const file = await this.attachments.render(ref);
    if (!file) throw new PermanentDeliveryError(deliveryFailure.attachmentGone());
    return [file];
  }

  /** The robot is read at send time: a changed webhook or secret applies to what is still queued. */
  private async sendToRobot(delivery: Delivery, kind: RobotKind): Promise<ChannelResult> {
    const robot = delivery.address
      ? await this.prisma.robot.findUnique({ where: { id: delivery.address } })
      : null;
    if (!robot || !robot.active) {
      throw new PermanentDeliveryError(deliveryFailure.robotGone(kind));
    }
    // The outbound policy again (the host list or the rule may have changed since it was saved).
    const lookup = await this.outbound.prepare(robot.webhookUrl, kind).catch((err: unknown) => {
      throw err instanceof WebhookRefused
        ? new PermanentDeliveryError(webhookRefusalText(err.reason))
        : err;
    });
    const wait = await this.rateLimiter.acquire(robot.id, robot.perMinute);
    if (wait > 0) throw new HoldDelivery(Date.now() + wait);
    const target: RobotTarget = { ...robot, lookup };
    const message: RobotMessage = { subject: delivery.subject, markdown: delivery.body };
    if (kind === 'WECOM') return this.wecom.send(target, message);
    if (kind === 'DINGTALK') return this.dingtalk.send(target, message);
    return this.feishu.send(target, message);
  }
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** A 5xx SMTP reply is a refusal that a retry will not change (unknown mailbox, policy). */
function isPermanentSmtpError(err: unknown): boolean {
  const code = (err as SmtpError | undefined)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED']);

/** A reason the office can read, with the server's own words kept for the administrator. */
function describeError(err: unknown): string {
  if (err instanceof PermanentDeliveryError || err instanceof ChannelError) return err.message;
  const e = (err ?? {}) as SmtpError;
  if (typeof e.responseCode === 'number') {
    const kind = e.responseCode >= 500 ? '邮件服务器拒收' : '邮件服务器暂时拒收';
    return `${kind}(${e.responseCode}) ${e.response ?? e.message ?? ''}`.trim();
  }
  if (e.code && CONNECTION_CODES.has(e.code)) {
    return `无法连接邮件服务器(${e.code}) ${e.message ?? ''}`.trim();
  }
  return e.message ?? String(err);
}
